import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearWorkspaceContext,
  configureRegistry,
  getCanonicalNameFromFileName,
  JOB_TYPE_SUFFIXES,
  mapFileNameToStepName,
  nameSimilarity,
  RegistryError,
  resetRegistry,
  UnknownStepError,
  validateFileName,
  withWorkspaceContext,
} from '../../src/index.js';
import { EXAMPLES_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';
import { useGlobalExampleRegistry } from '../helpers/globalExampleRegistry.js';

/** Map against a fixed list of names (isKnown = membership). */
function map(fileName: string, names: readonly string[]) {
  const known = new Set(names);
  return mapFileNameToStepName(fileName, names, (n) => known.has(n));
}

const NAMES = [
  'XGBoostTraining',
  'PyTorchTraining',
  'TabularPreprocessing',
  'XGBoostModelEval',
  'RiskTableMapping',
  'CradleDataLoading',
  'Registration',
  'GraphStormGNNTraining',
];

describe('mapFileNameToStepName: the five strategies', () => {
  it('exports the plan job-type suffixes', () => {
    expect([...JOB_TYPE_SUFFIXES]).toEqual(['training', 'validation', 'testing', 'calibration']);
  });

  it('1. PascalCase of the whole name', () => {
    expect(map('risk_table_mapping', NAMES)).toEqual({ stepName: 'RiskTableMapping', strategy: 'pascal_case', tried: ['RiskTableMapping'] });
    expect(map('cradle_data_loading', NAMES)).toMatchObject({ stepName: 'CradleDataLoading', strategy: 'pascal_case' });
    expect(map('registration', NAMES)).toMatchObject({ stepName: 'Registration', strategy: 'pascal_case' });
    // Python's str.capitalize lowercases the rest of each part.
    expect(map('RISK_TABLE_MAPPING', NAMES)).toMatchObject({ stepName: 'RiskTableMapping', strategy: 'pascal_case' });
  });

  it('2. job-type suffix removed', () => {
    expect(map('tabular_preprocessing_training', NAMES)).toEqual({
      stepName: 'TabularPreprocessing',
      strategy: 'job_type_suffix',
      tried: ['TabularPreprocessingTraining', 'TabularPreprocessing'],
    });
    for (const suffix of ['validation', 'testing', 'calibration']) {
      expect(map(`risk_table_mapping_${suffix}`, NAMES), suffix).toMatchObject({ stepName: 'RiskTableMapping', strategy: 'job_type_suffix' });
    }
    // Not a job-type suffix: no suffix removal (falls through to fuzzy).
    expect(map('risk_table_mapping_inference', NAMES).strategy).not.toBe('job_type_suffix');
  });

  it('3. abbreviations expanded', () => {
    expect(map('xgb_training', NAMES)).toEqual({
      stepName: 'XGBoostTraining',
      strategy: 'abbreviation',
      tried: ['XgbTraining', 'Xgb', 'XGBoostTraining'],
    });
    // `training` is a job-type suffix, yet xgboost_training is a real step: never stripped to "XGBoost".
    expect(map('xgboost_training', NAMES)).toMatchObject({ stepName: 'XGBoostTraining', strategy: 'abbreviation' });
    expect(map('pytorch_training', NAMES)).toMatchObject({ stepName: 'PyTorchTraining', strategy: 'abbreviation' });
    expect(map('tabular_preprocess', NAMES)).toMatchObject({ stepName: 'TabularPreprocessing', strategy: 'abbreviation' });
    // `mims` expands to nothing.
    expect(map('mims_registration', NAMES)).toMatchObject({ stepName: 'Registration', strategy: 'abbreviation' });
    // Expanded, then job-type suffix removed.
    expect(map('xgb_model_eval_testing', NAMES)).toMatchObject({ stepName: 'XGBoostModelEval', strategy: 'abbreviation' });
  });

  it('4. compound names reordered', () => {
    expect(map('model_evaluation_xgb', NAMES)).toEqual({
      stepName: 'XGBoostModelEval',
      strategy: 'compound',
      tried: ['ModelEvaluationXgb', 'ModelEvaluationXGBoost', 'XGBoostModelEval'],
    });
    // The second ordering (first, second, last) with `evaluation` → `Eval`.
    expect(map('model_evaluation_xgb', ['ModelEvalXGBoost'])).toMatchObject({ stepName: 'ModelEvalXGBoost', strategy: 'compound' });
    // Fewer than three parts: no compound strategy.
    expect(map('evaluation_xgb', ['XGBoostEval']).strategy).not.toBe('compound');
  });

  it('5. fuzzy matching at score ≥ 0.8', () => {
    expect(map('risk_table', NAMES)).toMatchObject({ stepName: 'RiskTableMapping', strategy: 'fuzzy' }); // 0.9
    expect(map('graphstorm_gnn_training', NAMES)).toMatchObject({ stepName: 'GraphStormGNNTraining', strategy: 'fuzzy' }); // 1.0
    expect(map('data_cradle', NAMES)).toMatchObject({ stepName: 'CradleDataLoading', strategy: 'fuzzy' }); // 0.85
    expect(map('cradle_data_loading_zzz_load', NAMES)).toMatchObject({ stepName: 'CradleDataLoading', strategy: 'fuzzy' }); // 0.8
    // Below the threshold: nothing.
    expect(map('cradle_zzz', NAMES)).toMatchObject({ stepName: null, strategy: null }); // 0.35
  });

  it('fuzzy: the best score wins; on a tie the first name in list order', () => {
    expect(map('model', ['PyTorchModel', 'XGBoostModel']).stepName).toBe('PyTorchModel');
    expect(map('model', ['XGBoostModel', 'PyTorchModel']).stepName).toBe('XGBoostModel');
    // 0.85 (all parts) beats an earlier 0.8 (4 of 5 parts).
    expect(map('aa_bb_cc_dd_ee', ['AaBbCcDdXx', 'EeDdCcBbAa']).stepName).toBe('EeDdCcBbAa');
  });

  it('an unmappable name gives no step and lists what was tried', () => {
    expect(map('foo_bar', NAMES)).toEqual({ stepName: null, strategy: null, tried: ['FooBar', 'FooBar'] });
    expect(map('', NAMES)).toMatchObject({ stepName: null, strategy: null });
  });
});

describe('nameSimilarity (the plan score)', () => {
  it('scores exactly as the plan', () => {
    expect(nameSimilarity('xgboost_training', 'XGBoostTraining')).toBe(1);
    expect(nameSimilarity('risk_table', 'RiskTableMapping')).toBe(0.9);
    expect(nameSimilarity('data_cradle', 'CradleDataLoading')).toBe(0.85);
    expect(nameSimilarity('cradle_data_loading_zzz_load', 'CradleDataLoading')).toBe(0.8);
    expect(nameSimilarity('cradle_zzz', 'CradleDataLoading')).toBeCloseTo(0.35, 10);
    expect(nameSimilarity('foo', 'Bar')).toBe(0);
    expect(nameSimilarity('', 'Bar')).toBe(0);
  });
});

describe('getCanonicalNameFromFileName / validateFileName (via the registry)', () => {
  useGlobalExampleRegistry('cursus-filename-');

  it('each strategy reaches the bundled core', () => {
    expect(getCanonicalNameFromFileName('risk_table_mapping')).toBe('RiskTableMapping');
    expect(getCanonicalNameFromFileName('tabular_preprocessing_training')).toBe('TabularPreprocessing');
    expect(getCanonicalNameFromFileName('xgb_training')).toBe('XGBoostTraining');
    expect(getCanonicalNameFromFileName('xgboost_training')).toBe('XGBoostTraining');
    expect(getCanonicalNameFromFileName('model_evaluation_xgb')).toBe('XGBoostModelEval');
    expect(getCanonicalNameFromFileName('risk_table')).toBe('RiskTableMapping');
    expect(getCanonicalNameFromFileName('mims_registration')).toBe('Registration');
  });

  it('an unmappable name throws UNKNOWN_STEP; validateFileName is false', () => {
    for (const name of ['foo_bar', 'feature_drift_check', '']) {
      let error: unknown;
      try {
        getCanonicalNameFromFileName(name);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(UnknownStepError);
      expect(error).toBeInstanceOf(RegistryError);
      expect((error as UnknownStepError).code).toBe('UNKNOWN_STEP');
      expect((error as UnknownStepError).message).not.toMatch(/[\r\n]/);
      expect(validateFileName(name), name).toBe(false);
    }
    let error: UnknownStepError | undefined;
    try {
      getCanonicalNameFromFileName('foo_bar');
    } catch (e) {
      error = e as UnknownStepError;
    }
    expect(error?.message).toContain("'foo_bar'");
  });

  it('follows the workspace context', () => {
    expect(validateFileName('feature_drift_check')).toBe(false);
    expect(withWorkspaceContext('alice', () => getCanonicalNameFromFileName('feature_drift_check'))).toBe('FeatureDriftCheck');
    expect(withWorkspaceContext('alice', () => validateFileName('feature_drift_check_training'))).toBe(true);
    expect(withWorkspaceContext('bob', () => validateFileName('feature_drift_check'))).toBe(false);
    expect(withWorkspaceContext('bob', () => getCanonicalNameFromFileName('data_validation'))).toBe('DataValidation');
    expect(validateFileName('data_validation')).toBe(false);
  });
});
