import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { HybridRegistryManager } from '../../src/engine/hybridRegistryManager.js';
import { getStepRecord, listConflictRecords, listStepRecords, resolveStepRecord } from '../../src/index.js';
import { EXAMPLES_ROOT } from '../helpers/tempRegistry.js';
import { registryErrorOf } from '../helpers/registryErrorOf.js';

const registry = new HybridRegistryManager({ workspacesRoot: EXAMPLES_ROOT, env: {} });
const ALICE_FILE = join(EXAMPLES_ROOT, 'alice', 'src', 'cursus_dev', 'registry', 'workspace_registry.yaml');

describe('query layer: steps', () => {
  it("listStepRecords: alice's view keyed by sorted name, export fields + registry_type, workspace_id, source", () => {
    const steps = listStepRecords(registry, { workspace: 'alice' });
    expect(Object.keys(steps)).toEqual([
      'Base', 'BatchTransform', 'CradleDataLoading', 'CurrencyConversion', 'DummyTraining', 'FeatureDriftCheck', 'HyperparameterPrep', 'ModelCalibration', 'ModelEvaluation', 'ModelTraining',
      'Package', 'Payload', 'PyTorchModel', 'PyTorchTraining', 'Registration', 'RiskTableMapping', 'TabularPreprocessing', 'XGBoostModel', 'XGBoostModelEval', 'XGBoostTraining',
    ]);
    expect(steps.XGBoostTraining).toEqual({
      config_class: 'AliceXGBoostTrainingConfig',
      builder_step_name: 'AliceXGBoostTrainingStepBuilder',
      spec_type: 'XGBoostTraining',
      sagemaker_step_type: 'Training',
      description: 'XGBoost training with early stopping on a custom metric',
      priority: 80,
      framework: 'xgboost',
      environment_tags: ['development'],
      registry_type: 'override',
      workspace_id: 'alice',
      source: { file: ALICE_FILE, line: 40 },
    });
    expect(steps.Base?.registry_type).toBe('core');
    expect(steps.Base?.workspace_id).toBeNull();
  });

  it('listStepRecords: core view has 17 steps; withSource false drops source', () => {
    const core = listStepRecords(registry, { workspace: null, withSource: false });
    expect(Object.keys(core)).toHaveLength(17);
    expect(core.XGBoostTraining?.config_class).toBe('XGBoostTrainingConfig');
    expect(core.XGBoostTraining).not.toHaveProperty('source');
  });

  it('listStepRecords: an unknown workspace is UNKNOWN_WORKSPACE with the known ids and the closest one', () => {
    const error = registryErrorOf(() => listStepRecords(registry, { workspace: 'alicee' }));
    expect(error.code).toBe('UNKNOWN_WORKSPACE');
    expect(error.message).toBe("Unknown workspace 'alicee' (known: alice, bob, carol) — did you mean 'alice'? Hint: workspaces are the directories under the workspaces root (its location is a setting)");
  });

  it('getStepRecord: the definition in a view, the core one it shadows, nobody else', () => {
    const record = getStepRecord(registry, 'XGBoostTraining', 'alice');
    expect(record.view).toBe('alice');
    expect(record.definition).toMatchObject({ name: 'XGBoostTraining', config_class: 'AliceXGBoostTrainingConfig', registry_type: 'override', workspace_id: 'alice', source: { file: ALICE_FILE, line: 40 } });
    expect(record.shadows).toMatchObject({ config_class: 'XGBoostTrainingConfig', registry_type: 'core', workspace_id: null });
    expect(record.also_defined_by).toEqual([]);
  });

  it('getStepRecord: a local step lists the other workspaces that define it', () => {
    const record = getStepRecord(registry, 'ModelTraining', 'bob');
    expect(record.definition).toMatchObject({ config_class: 'BobModelTrainingConfig', workspace_id: 'bob', registry_type: 'workspace' });
    expect(record.shadows).toBeNull();
    expect(record.also_defined_by.map((d) => d.workspace_id)).toEqual(['alice', 'carol']);
  });

  it('getStepRecord: an unknown name is UNKNOWN_STEP with the closest name', () => {
    const error = registryErrorOf(() => getStepRecord(registry, 'XGBoostTrainin', 'alice'));
    expect(error.code).toBe('UNKNOWN_STEP');
    expect(error.findings[0]?.suggestions).toEqual(['XGBoostTraining']);
    expect(error.message).toContain("did you mean 'XGBoostTraining'?");
  });

  it('listConflictRecords: every shared name with its candidates, by workspace id; filtered by workspace', () => {
    const all = listConflictRecords(registry);
    expect(Object.fromEntries(Object.entries(all).map(([name, defs]) => [name, defs.map((d) => `${String(d.workspace_id)}:${String(d.config_class)}`)]))).toEqual({
      DataValidation: ['bob:StrictDataValidationConfig', 'carol:RelaxedDataValidationConfig'],
      ModelEvaluation: ['alice:AliceModelEvaluationConfig', 'bob:BobModelEvaluationConfig'],
      ModelTraining: ['alice:AliceModelTrainingConfig', 'bob:BobModelTrainingConfig', 'carol:CarolModelTrainingConfig'],
    });
    expect(Object.keys(listConflictRecords(registry, 'carol'))).toEqual(['DataValidation', 'ModelTraining']);
  });

  it('resolveStepRecord: ModelTraining with framework tensorflow → bob by framework_match, with the explanation', () => {
    const record = resolveStepRecord(registry, 'ModelTraining', { workspace: null, framework: 'tensorflow' });
    expect(record.resolved).toBe(true);
    expect(record.resolution_strategy).toBe('framework_match');
    expect(record.chosen_by).toBe('framework_match');
    expect(record.selected_definition).toMatchObject({ workspace_id: 'bob', config_class: 'BobModelTrainingConfig' });
    expect(record.ambiguous).toBe(false);
    expect(record.conflicting_definitions.map((d) => d.workspace_id)).toEqual(['alice', 'bob', 'carol']);
    expect(record.skipped_workspaces).toEqual([]);
    expect(record.explanation).toEqual([
      "3 candidates: workspace 'alice' (LOCAL_STEPS), workspace 'bob' (LOCAL_STEPS), workspace 'carol' (LOCAL_STEPS)",
      "workspace 'alice' (LOCAL_STEPS) lost: framework pytorch is not tensorflow",
      "workspace 'carol' (LOCAL_STEPS) lost: framework xgboost is not tensorflow",
      "chose workspace 'bob' (LOCAL_STEPS): the only candidate with framework tensorflow (framework_match)",
    ]);
  });

  it('resolveStepRecord: an ambiguous tie names the tied workspaces; strict mode throws AMBIGUOUS_STEP', () => {
    const record = resolveStepRecord(registry, 'DataValidation', { workspace: null });
    expect(record.ambiguous).toBe(true);
    expect(record.tied_definitions).toEqual(['bob', 'carol']);
    expect(registryErrorOf(() => resolveStepRecord(registry, 'DataValidation', { workspace: null, mode: 'strict' })).code).toBe('AMBIGUOUS_STEP');
  });

  it('resolveStepRecord: an unknown name does not resolve, selected_definition null, suggestions given', () => {
    const record = resolveStepRecord(registry, 'ModelTrainin', { workspace: null });
    expect(record.resolved).toBe(false);
    expect(record.selected_definition).toBeNull();
    expect(record).not.toHaveProperty('chosen_by');
    expect(record.suggestions[0]).toBe('ModelTraining');
  });
});
