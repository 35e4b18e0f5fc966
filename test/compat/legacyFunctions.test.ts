import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearWorkspaceContext,
  configureRegistry,
  getAllSagemakerStepTypes,
  getAllStepNames,
  getBuilderStepName,
  getBuilderStepNames,
  getCanonicalNameFromFileName,
  getConfigClassName,
  getConfigStepRegistry,
  getGlobalRegistryManager,
  getSagemakerStepType,
  getSagemakerStepTypeMapping,
  getSpecStepType,
  getSpecStepTypes,
  getSpecStepTypeWithJobType,
  getStepDescription,
  getStepNameFromSpecType,
  getStepNames,
  getStepsBySagemakerType,
  getWorkspaceContext,
  listAllStepInfo,
  RegistryError,
  resetRegistry,
  setWorkspaceContext,
  UnknownStepError,
  UnknownWorkspaceError,
  validateFileName,
  validateSagemakerStepType,
  validateSpecType,
  validateStepName,
  withWorkspaceContext,
} from '../../src/index.js';
import { CORE_64, EXAMPLES_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';

/** The 17 steps of core/step_names.yaml, in file order (SPEC §3.1). */
const CORE_ORDER = [
  'Base',
  'CradleDataLoading',
  'TabularPreprocessing',
  'CurrencyConversion',
  'RiskTableMapping',
  'HyperparameterPrep',
  'XGBoostTraining',
  'PyTorchTraining',
  'DummyTraining',
  'XGBoostModelEval',
  'ModelCalibration',
  'XGBoostModel',
  'PyTorchModel',
  'Package',
  'Payload',
  'Registration',
  'BatchTransform',
];

interface LegacyRow {
  config_class: string;
  builder_step_name: string;
  spec_type: string;
  sagemaker_step_type: string;
  description: string;
}

const CORE_64_ROWS = JSON.parse(readFileSync(CORE_64, 'utf8')) as Record<string, LegacyRow>;
const INTERFACES_DIR = resolve(CORE_64, '..', 'cursus_step_interfaces');

let tmp: TempDir;

function configureExamples(env: Record<string, string | undefined> = {}): void {
  configureRegistry({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env });
}

beforeEach(() => {
  tmp = makeTempDir('cursus-legacy-');
  clearWorkspaceContext();
  configureExamples();
});

afterEach(() => {
  resetRegistry();
  clearWorkspaceContext();
  tmp.cleanup();
});

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('legacy functions on the bundled core (no context)', () => {
  it('getStepNames: 17 keys in core file order, exact XGBoostTraining record', () => {
    const names = getStepNames();
    expect(Object.keys(names)).toEqual(CORE_ORDER);
    expect(names.XGBoostTraining).toEqual({
      config_class: 'XGBoostTrainingConfig',
      builder_step_name: 'XGBoostTrainingStepBuilder',
      spec_type: 'XGBoostTraining',
      sagemaker_step_type: 'Training',
      description: 'XGBoost model training step',
    });
    expect(names.Base).toEqual({
      config_class: 'BasePipelineConfig',
      builder_step_name: 'StepBuilderBase',
      spec_type: 'Base',
      sagemaker_step_type: 'Base',
      description: 'Base pipeline configuration',
    });
    // Provenance and hybrid fields are not part of the legacy record.
    expect(Object.keys(names.XGBoostTraining ?? {}).sort()).toEqual(
      ['builder_step_name', 'config_class', 'description', 'sagemaker_step_type', 'spec_type'],
    );
    expect(Object.isFrozen(names)).toBe(true);
    expect(Object.isFrozen(names.XGBoostTraining)).toBe(true);
    // Null-prototype: a step name can never be an Object.prototype member.
    expect('toString' in names).toBe(false);
  });

  it('every bundled core record equals its row in cursus_core_64.json (SPEC §3.1)', () => {
    const names = getStepNames();
    for (const step of CORE_ORDER) expect(names[step], step).toEqual(CORE_64_ROWS[step]);
  });

  it('getBuilderStepNames', () => {
    const builders = getBuilderStepNames();
    expect(Object.keys(builders)).toEqual(CORE_ORDER);
    expect(builders.XGBoostTraining).toBe('XGBoostTrainingStepBuilder');
    expect(builders.Base).toBe('StepBuilderBase');
    expect(builders.XGBoostModel).toBe('XGBoostModelStepBuilder');
    expect(builders.Registration).toBe('RegistrationStepBuilder');
  });

  it('getConfigStepRegistry maps config class → step name', () => {
    const registry = getConfigStepRegistry();
    expect(Object.keys(registry)).toHaveLength(17);
    expect(registry.XGBoostModelStepConfig).toBe('XGBoostModel');
    expect(registry.BasePipelineConfig).toBe('Base');
    expect(registry.XGBoostTrainingConfig).toBe('XGBoostTraining');
    expect(registry.BatchTransformStepConfig).toBe('BatchTransform');
    expect(registry.PyTorchModelStepConfig).toBe('PyTorchModel');
    expect('XGBoostTraining' in registry).toBe(false);
  });

  it('getSpecStepTypes', () => {
    const specs = getSpecStepTypes();
    expect(Object.keys(specs)).toEqual(CORE_ORDER);
    for (const step of CORE_ORDER) expect(specs[step]).toBe(step);
  });

  it('getConfigClassName / getBuilderStepName / getSpecStepType / getSagemakerStepType / getStepDescription', () => {
    expect(getConfigClassName('XGBoostTraining')).toBe('XGBoostTrainingConfig');
    expect(getConfigClassName('Base')).toBe('BasePipelineConfig');
    expect(getConfigClassName('XGBoostModel')).toBe('XGBoostModelStepConfig');
    expect(getBuilderStepName('XGBoostTraining')).toBe('XGBoostTrainingStepBuilder');
    expect(getBuilderStepName('Base')).toBe('StepBuilderBase');
    expect(getSpecStepType('XGBoostTraining')).toBe('XGBoostTraining');
    expect(getSpecStepType('CradleDataLoading')).toBe('CradleDataLoading');
    expect(getSagemakerStepType('Registration')).toBe('MimsModelRegistrationProcessing');
    expect(getSagemakerStepType('XGBoostTraining')).toBe('Training');
    expect(getSagemakerStepType('HyperparameterPrep')).toBe('Lambda');
    expect(getSagemakerStepType('BatchTransform')).toBe('Transform');
    expect(getStepDescription('XGBoostTraining')).toBe('XGBoost model training step');
    expect(getStepDescription('ModelCalibration')).toBe('Calibrates model prediction scores to accurate probabilities');
  });

  it('getSpecStepTypeWithJobType capitalizes like Python str.capitalize', () => {
    expect(getSpecStepTypeWithJobType('XGBoostTraining', 'training')).toBe('XGBoostTraining_Training');
    expect(getSpecStepTypeWithJobType('XGBoostTraining', 'TRAINING')).toBe('XGBoostTraining_Training');
    expect(getSpecStepTypeWithJobType('TabularPreprocessing', 'calibration')).toBe('TabularPreprocessing_Calibration');
    expect(getSpecStepTypeWithJobType('XGBoostTraining', undefined)).toBe('XGBoostTraining');
    expect(getSpecStepTypeWithJobType('XGBoostTraining')).toBe('XGBoostTraining');
    expect(getSpecStepTypeWithJobType('XGBoostTraining', null)).toBe('XGBoostTraining');
    expect(getSpecStepTypeWithJobType('XGBoostTraining', '')).toBe('XGBoostTraining');
    expect(() => getSpecStepTypeWithJobType('Nope', 'training')).toThrow(UnknownStepError);
  });

  it('getStepNameFromSpecType strips a _Suffix and returns unknown input unchanged', () => {
    expect(getStepNameFromSpecType('XGBoostTraining_Training')).toBe('XGBoostTraining');
    expect(getStepNameFromSpecType('XGBoostTraining')).toBe('XGBoostTraining');
    expect(getStepNameFromSpecType('TabularPreprocessing_Calibration')).toBe('TabularPreprocessing');
    expect(getStepNameFromSpecType('Nope')).toBe('Nope');
    expect(getStepNameFromSpecType('Nope_Training')).toBe('Nope_Training');
  });

  it('getAllStepNames returns the exact order of core/step_names.yaml (a fresh array)', () => {
    const names = getAllStepNames();
    expect(names).toEqual(CORE_ORDER);
    names.push('Mutated');
    expect(getAllStepNames()).toEqual(CORE_ORDER);
  });

  it('validateStepName / validateSpecType', () => {
    expect(validateStepName('XGBoostTraining')).toBe(true);
    expect(validateStepName('XGBoostTrainin')).toBe(false);
    expect(validateStepName('FeatureDriftCheck')).toBe(false);
    expect(validateStepName('toString')).toBe(false);
    expect(validateSpecType('XGBoostTraining')).toBe(true);
    expect(validateSpecType('XGBoostTraining_Training')).toBe(true);
    expect(validateSpecType('Nope')).toBe(false);
    expect(validateSpecType('Nope_Training')).toBe(false);
  });

  it('listAllStepInfo equals getStepNames', () => {
    expect(listAllStepInfo()).toEqual(getStepNames());
    expect(Object.keys(listAllStepInfo())).toEqual(CORE_ORDER);
  });

  it('getStepsBySagemakerType', () => {
    expect(getStepsBySagemakerType('Training')).toEqual(['XGBoostTraining', 'PyTorchTraining']);
    expect(getStepsBySagemakerType('CreateModel')).toEqual(['XGBoostModel', 'PyTorchModel']);
    expect(getStepsBySagemakerType('Processing')).toEqual([
      'TabularPreprocessing',
      'CurrencyConversion',
      'RiskTableMapping',
      'DummyTraining',
      'XGBoostModelEval',
      'ModelCalibration',
      'Package',
      'Payload',
    ]);
    expect(getStepsBySagemakerType('Nope')).toEqual([]);
  });

  it('getAllSagemakerStepTypes is the sorted exact list', () => {
    expect(getAllSagemakerStepTypes()).toEqual([
      'Base',
      'CradleDataLoading',
      'CreateModel',
      'Lambda',
      'MimsModelRegistrationProcessing',
      'Processing',
      'Training',
      'Transform',
    ]);
  });

  it('validateSagemakerStepType', () => {
    expect(validateSagemakerStepType('Lambda')).toBe(true);
    expect(validateSagemakerStepType('Training')).toBe(true);
    expect(validateSagemakerStepType('MimsModelRegistrationProcessing')).toBe(true);
    expect(validateSagemakerStepType('Nope')).toBe(false);
    expect(validateSagemakerStepType('training')).toBe(false);
    expect(validateSagemakerStepType('toString')).toBe(false);
  });

  it('getSagemakerStepTypeMapping (a copy: mutating it changes nothing)', () => {
    const mapping = getSagemakerStepTypeMapping();
    expect(mapping).toEqual({
      Base: ['Base'],
      CradleDataLoading: ['CradleDataLoading'],
      Processing: [
        'TabularPreprocessing',
        'CurrencyConversion',
        'RiskTableMapping',
        'DummyTraining',
        'XGBoostModelEval',
        'ModelCalibration',
        'Package',
        'Payload',
      ],
      Lambda: ['HyperparameterPrep'],
      Training: ['XGBoostTraining', 'PyTorchTraining'],
      CreateModel: ['XGBoostModel', 'PyTorchModel'],
      MimsModelRegistrationProcessing: ['Registration'],
      Transform: ['BatchTransform'],
    });
    mapping.Training?.push('Mutated');
    expect(getSagemakerStepTypeMapping().Training).toEqual(['XGBoostTraining', 'PyTorchTraining']);
    expect(getStepsBySagemakerType('Training')).toEqual(['XGBoostTraining', 'PyTorchTraining']);
  });

  it('getCanonicalNameFromFileName / validateFileName', () => {
    expect(getCanonicalNameFromFileName('xgboost_training')).toBe('XGBoostTraining');
    expect(getCanonicalNameFromFileName('tabular_preprocessing')).toBe('TabularPreprocessing');
    expect(getCanonicalNameFromFileName('model_evaluation_xgb')).toBe('XGBoostModelEval');
    expect(validateFileName('xgboost_training')).toBe(true);
    expect(validateFileName('risk_table_mapping')).toBe(true);
    expect(validateFileName('feature_drift_check')).toBe(false);
    expect(() => getCanonicalNameFromFileName('feature_drift_check')).toThrow(UnknownStepError);
  });

  it('an unknown step throws UnknownStepError with the closest name on one line', () => {
    const lookups: ((name: string) => unknown)[] = [
      getConfigClassName,
      getBuilderStepName,
      getSpecStepType,
      getSagemakerStepType,
      getStepDescription,
      (name) => getSpecStepTypeWithJobType(name, 'training'),
    ];
    for (const lookup of lookups) {
      const error = thrown(() => lookup('XGBoostTrainin'));
      expect(error).toBeInstanceOf(UnknownStepError);
      expect(error).toBeInstanceOf(RegistryError);
      const e = error as UnknownStepError;
      expect(e.code).toBe('UNKNOWN_STEP');
      expect(e.message).toContain('Unknown step name: XGBoostTrainin');
      expect(e.message).toContain('XGBoostTraining');
      expect(e.message).not.toMatch(/[\r\n]/);
      expect(e.suggestions[0]).toBe('XGBoostTraining');
    }
  });

  it('works lazily without configureRegistry (defaults)', () => {
    resetRegistry();
    // The repository root has no project-level core override: bundled core answers.
    expect(getConfigClassName('XGBoostTraining')).toBe('XGBoostTrainingConfig');
    expect(getGlobalRegistryManager()).toBe(getGlobalRegistryManager());
    expect(getAllStepNames()).toEqual(CORE_ORDER);
  });
});

describe('legacy functions inside a workspace context', () => {
  it("setWorkspaceContext('alice'): alice's override and local steps, bob's override invisible", () => {
    setWorkspaceContext('alice');
    expect(getConfigClassName('XGBoostTraining')).toBe('AliceXGBoostTrainingConfig');
    expect(getBuilderStepName('XGBoostTraining')).toBe('AliceXGBoostTrainingStepBuilder');
    expect(getStepDescription('XGBoostTraining')).toBe('XGBoost training with early stopping on a custom metric');
    expect(getStepNames().XGBoostTraining).toEqual({
      config_class: 'AliceXGBoostTrainingConfig',
      builder_step_name: 'AliceXGBoostTrainingStepBuilder',
      spec_type: 'XGBoostTraining',
      sagemaker_step_type: 'Training',
      description: 'XGBoost training with early stopping on a custom metric',
    });
    // Local step.
    expect(validateStepName('FeatureDriftCheck')).toBe(true);
    expect(getConfigClassName('FeatureDriftCheck')).toBe('FeatureDriftCheckConfig');
    expect(getSagemakerStepType('FeatureDriftCheck')).toBe('Processing');
    expect(getAllStepNames()).toEqual([...CORE_ORDER, 'FeatureDriftCheck', 'ModelTraining', 'ModelEvaluation']);
    expect(getConfigClassName('ModelTraining')).toBe('AliceModelTrainingConfig');
    // Isolation: bob's override and bob/carol-only steps do not leak into alice.
    expect(getConfigClassName('TabularPreprocessing')).toBe('TabularPreprocessingConfig');
    expect(getConfigClassName('PyTorchTraining')).toBe('PyTorchTrainingConfig');
    expect(validateStepName('DataValidation')).toBe(false);
    // Derived indexes follow the context.
    expect(getConfigStepRegistry().AliceXGBoostTrainingConfig).toBe('XGBoostTraining');
    expect('XGBoostTrainingConfig' in getConfigStepRegistry()).toBe(false);
    expect(getBuilderStepNames().XGBoostTraining).toBe('AliceXGBoostTrainingStepBuilder');
    expect(getSpecStepTypes().FeatureDriftCheck).toBe('FeatureDriftCheck');
    expect(getStepNameFromSpecType('FeatureDriftCheck_Training')).toBe('FeatureDriftCheck');
    expect(validateSpecType('FeatureDriftCheck')).toBe(true);
    expect(getSpecStepTypeWithJobType('FeatureDriftCheck', 'testing')).toBe('FeatureDriftCheck_Testing');
    expect(getStepsBySagemakerType('Processing')).toEqual([
      'TabularPreprocessing',
      'CurrencyConversion',
      'RiskTableMapping',
      'DummyTraining',
      'XGBoostModelEval',
      'ModelCalibration',
      'Package',
      'Payload',
      'FeatureDriftCheck',
      'ModelEvaluation',
    ]);
    expect(getSagemakerStepTypeMapping().Training).toEqual(['XGBoostTraining', 'PyTorchTraining', 'ModelTraining']);
    expect(getAllSagemakerStepTypes()).toEqual([
      'Base',
      'CradleDataLoading',
      'CreateModel',
      'Lambda',
      'MimsModelRegistrationProcessing',
      'Processing',
      'Training',
      'Transform',
    ]);
    expect(listAllStepInfo()).toEqual(getStepNames());
    expect(getCanonicalNameFromFileName('feature_drift_check')).toBe('FeatureDriftCheck');
    expect(validateFileName('feature_drift_check')).toBe(true);
    // An unknown step names the workspace it was looked up in.
    const e = thrown(() => getConfigClassName('DataValidation')) as UnknownStepError;
    expect(e).toBeInstanceOf(UnknownStepError);
    expect(e.message).toContain('Unknown step name: DataValidation');
    expect(e.message).toContain('alice');

    clearWorkspaceContext();
    // Core view unaffected afterwards.
    expect(getConfigClassName('XGBoostTraining')).toBe('XGBoostTrainingConfig');
    expect(validateStepName('FeatureDriftCheck')).toBe(false);
    expect(getAllStepNames()).toEqual(CORE_ORDER);
  });

  it('withWorkspaceContext gives each workspace its own answers, and core after', () => {
    expect(withWorkspaceContext('alice', () => getConfigClassName('XGBoostTraining'))).toBe('AliceXGBoostTrainingConfig');
    expect(withWorkspaceContext('bob', () => getConfigClassName('XGBoostTraining'))).toBe('XGBoostTrainingConfig');
    expect(withWorkspaceContext('bob', () => getConfigClassName('TabularPreprocessing'))).toBe('BobTabularPreprocessingConfig');
    expect(withWorkspaceContext('alice', () => getConfigClassName('TabularPreprocessing'))).toBe('TabularPreprocessingConfig');
    expect(withWorkspaceContext('carol', () => getConfigClassName('PyTorchTraining'))).toBe('CarolPyTorchTrainingConfig');
    expect(withWorkspaceContext('carol', () => getConfigClassName('XGBoostTraining'))).toBe('XGBoostTrainingConfig');
    expect(withWorkspaceContext('bob', () => getAllStepNames())).toEqual([...CORE_ORDER, 'ModelTraining', 'DataValidation', 'ModelEvaluation']);
    expect(withWorkspaceContext('carol', () => getAllStepNames())).toEqual([...CORE_ORDER, 'ModelTraining', 'DataValidation']);
    expect(withWorkspaceContext('bob', () => validateStepName('FeatureDriftCheck'))).toBe(false);
    expect(withWorkspaceContext('bob', () => getConfigClassName('DataValidation'))).toBe('StrictDataValidationConfig');
    expect(withWorkspaceContext('carol', () => getConfigClassName('DataValidation'))).toBe('RelaxedDataValidationConfig');
    expect(withWorkspaceContext(null, () => getConfigClassName('XGBoostTraining'))).toBe('XGBoostTrainingConfig');
    // Core is unaffected by all of that.
    expect(getWorkspaceContext()).toBeUndefined();
    expect(getConfigClassName('XGBoostTraining')).toBe('XGBoostTrainingConfig');
    expect(getConfigClassName('TabularPreprocessing')).toBe('TabularPreprocessingConfig');
    expect(getConfigClassName('PyTorchTraining')).toBe('PyTorchTrainingConfig');
    expect(getStepNames().XGBoostTraining?.config_class).toBe('XGBoostTrainingConfig');
  });

  it('a context naming an unknown workspace is UnknownWorkspaceError, never a silent core fallback', () => {
    const error = thrown(() => withWorkspaceContext('alicee', () => getConfigClassName('XGBoostTraining')));
    expect(error).toBeInstanceOf(UnknownWorkspaceError);
    expect((error as UnknownWorkspaceError).code).toBe('UNKNOWN_WORKSPACE');
    expect((error as UnknownWorkspaceError).message).toContain('alice');
    expect((error as UnknownWorkspaceError).message).not.toMatch(/[\r\n]/);
    setWorkspaceContext('zed');
    for (const call of [() => getStepNames(), () => getAllStepNames(), () => validateStepName('Base'), () => getCanonicalNameFromFileName('xgboost_training')]) {
      const e = thrown(call) as UnknownWorkspaceError;
      expect(e).toBeInstanceOf(UnknownWorkspaceError);
      expect(e.code).toBe('UNKNOWN_WORKSPACE');
    }
  });
});

describe('environment precedence (SPEC §4.4)', () => {
  it('CURSUS_WORKSPACE_ID answers no-context calls; an async context beats it; null means core', async () => {
    configureExamples({ CURSUS_WORKSPACE_ID: 'bob' });
    expect(getWorkspaceContext()).toBeUndefined();
    expect(getConfigClassName('TabularPreprocessing')).toBe('BobTabularPreprocessingConfig');
    expect(validateStepName('DataValidation')).toBe(true);

    const inAlice = await withWorkspaceContext('alice', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return [getConfigClassName('TabularPreprocessing'), getConfigClassName('XGBoostTraining')];
    });
    expect(inAlice).toEqual(['TabularPreprocessingConfig', 'AliceXGBoostTrainingConfig']);

    expect(withWorkspaceContext(null, () => getConfigClassName('TabularPreprocessing'))).toBe('TabularPreprocessingConfig');
    expect(withWorkspaceContext(null, () => getAllStepNames())).toEqual(CORE_ORDER);

    setWorkspaceContext('carol');
    expect(getConfigClassName('TabularPreprocessing')).toBe('TabularPreprocessingConfig');
    expect(getConfigClassName('PyTorchTraining')).toBe('CarolPyTorchTrainingConfig');
    clearWorkspaceContext();
    // Back to the environment's workspace.
    expect(getConfigClassName('TabularPreprocessing')).toBe('BobTabularPreprocessingConfig');
  });

  it('an unknown CURSUS_WORKSPACE_ID is an UnknownWorkspaceError, not core', () => {
    configureExamples({ CURSUS_WORKSPACE_ID: 'nobody' });
    const e = thrown(() => getConfigClassName('XGBoostTraining')) as UnknownWorkspaceError;
    expect(e).toBeInstanceOf(UnknownWorkspaceError);
    expect(e.code).toBe('UNKNOWN_WORKSPACE');
    // A context still beats the environment.
    expect(withWorkspaceContext(null, () => getConfigClassName('XGBoostTraining'))).toBe('XGBoostTrainingConfig');
  });
});

describe('parity on the real 64-step core', () => {
  let emptyRoot: TempDir;

  beforeEach(() => {
    emptyRoot = makeTempDir('cursus-empty-ws-');
    configureRegistry({ coreRegistry: CORE_64, workspacesRoot: emptyRoot.dir, cwd: tmp.dir, env: {} });
  });

  afterEach(() => {
    emptyRoot.cleanup();
  });

  it('loads all 64 steps in file order with no error diagnostics', () => {
    expect(getAllStepNames()).toEqual(Object.keys(CORE_64_ROWS));
    expect(getAllStepNames()).toHaveLength(64);
    expect(getGlobalRegistryManager().getDiagnostics().filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('every step answers exactly the JSON values', () => {
    let checked = 0;
    for (const [step, row] of Object.entries(CORE_64_ROWS)) {
      expect(getConfigClassName(step), step).toBe(row.config_class);
      expect(getBuilderStepName(step), step).toBe(row.builder_step_name);
      expect(getSpecStepType(step), step).toBe(row.spec_type);
      expect(getSagemakerStepType(step), step).toBe(row.sagemaker_step_type);
      expect(getStepDescription(step), step).toBe(row.description);
      expect(getStepNames()[step], step).toEqual(row);
      checked++;
    }
    expect(checked).toBe(64);
    const types = [...new Set(Object.values(CORE_64_ROWS).map((r) => r.sagemaker_step_type))].sort();
    expect(getAllSagemakerStepTypes()).toEqual(types);
    expect(types).toHaveLength(10);
    for (const type of types) expect(validateSagemakerStepType(type), type).toBe(true);
  });

  it('maps the well-known file names', () => {
    const expected: Record<string, string> = {
      xgboost_training: 'XGBoostTraining',
      tabular_preprocessing: 'TabularPreprocessing',
      pytorch_model_eval: 'PyTorchModelEval',
      xgboost_model_eval: 'XGBoostModelEval',
      model_calibration: 'ModelCalibration',
      batch_transform: 'BatchTransform',
      currency_conversion: 'CurrencyConversion',
      risk_table_mapping: 'RiskTableMapping',
      dummy_training: 'DummyTraining',
      cradle_data_loading: 'CradleDataLoading',
    };
    for (const [file, step] of Object.entries(expected)) {
      expect(getCanonicalNameFromFileName(file), file).toBe(step);
      expect(validateFileName(file), file).toBe(true);
    }
  });

  it('maps every interface file name x_y.step.yaml to its step_type (all 61)', () => {
    const files = readdirSync(INTERFACES_DIR).filter((f) => f.endsWith('.step.yaml')).sort();
    expect(files).toHaveLength(61);
    const mismatches: { file: string; expected: string; got: string }[] = [];
    let correct = 0;
    for (const file of files) {
      const stepType = /^step_type:\s*(\S+)\s*$/m.exec(readFileSync(join(INTERFACES_DIR, file), 'utf8'))?.[1];
      expect(stepType, file).toBeDefined();
      const base = file.slice(0, -'.step.yaml'.length);
      let got: string;
      try {
        got = getCanonicalNameFromFileName(base);
      } catch (error) {
        got = `throws ${(error as RegistryError).code}`;
      }
      if (got === stepType) correct++;
      else mismatches.push({ file: base, expected: stepType ?? '', got });
    }
    // Measured: all 61 interface file names map to their step_type.
    expect(mismatches).toEqual([]);
    expect(correct).toBe(61);
  });
});
