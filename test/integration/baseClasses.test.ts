import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BasePipelineConfig,
  clearWorkspaceContext,
  configureRegistry,
  getGlobalRegistryManager,
  resetRegistry,
  setWorkspaceContext,
  StepBuilderBase,
  UnknownWorkspaceError,
  withWorkspaceContext,
} from '../../src/index.js';
import { EXAMPLES_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';

class XGBoostTrainingConfig extends BasePipelineConfig {
  num_round = 100;
}

class XGBoostTrainingStepBuilder extends StepBuilderBase<XGBoostTrainingConfig> {
  createStep(): unknown {
    return { step: this.stepName };
  }
}

describe('BasePipelineConfig and StepBuilderBase (SPEC §8, precedence of §4.4)', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
    configureRegistry({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
  });
  afterEach(() => {
    clearWorkspaceContext();
    resetRegistry();
    tmp.cleanup();
  });

  it('getStepRegistry: config class → step name of the workspace asked for, core by default', () => {
    const core = BasePipelineConfig.getStepRegistry();
    expect(core.XGBoostTrainingConfig).toBe('XGBoostTraining');
    expect(core.AliceXGBoostTrainingConfig).toBeUndefined();
    expect(core.BasePipelineConfig).toBe('Base');
    const alice = BasePipelineConfig.getStepRegistry('alice');
    expect(alice.AliceXGBoostTrainingConfig).toBe('XGBoostTraining');
    expect(alice.XGBoostTrainingConfig).toBeUndefined();
    expect(alice.AliceModelEvaluationConfig).toBe('ModelEvaluation');
    expect(BasePipelineConfig.getStepRegistry('bob').BobTabularPreprocessingConfig).toBe('TabularPreprocessing');
    expect(BasePipelineConfig.getStepRegistry(null)).toBe(core);
  });

  it('getStepRegistry follows the context on every call — no class-level cache (SPEC §10.2)', () => {
    expect(BasePipelineConfig.getStepRegistry().AliceXGBoostTrainingConfig).toBeUndefined();
    withWorkspaceContext('alice', () => {
      expect(BasePipelineConfig.getStepRegistry().AliceXGBoostTrainingConfig).toBe('XGBoostTraining');
      expect(XGBoostTrainingConfig.getStepRegistry().AliceXGBoostTrainingConfig).toBe('XGBoostTraining');
    });
    expect(BasePipelineConfig.getStepRegistry().AliceXGBoostTrainingConfig).toBeUndefined();
    // The view's prebuilt dictionary: the same frozen object each time, never a rebuild.
    expect(BasePipelineConfig.getStepRegistry('alice')).toBe(getGlobalRegistryManager().getView('alice').configStepRegistry);
    expect(Object.isFrozen(BasePipelineConfig.getStepRegistry('alice'))).toBe(true);
  });

  it('getStepName / getConfigClassName fall back to their input, as in Python', () => {
    expect(BasePipelineConfig.getStepName('XGBoostTrainingConfig')).toBe('XGBoostTraining');
    expect(BasePipelineConfig.getStepName('AliceXGBoostTrainingConfig')).toBe('AliceXGBoostTrainingConfig');
    expect(BasePipelineConfig.getStepName('AliceXGBoostTrainingConfig', 'alice')).toBe('XGBoostTraining');
    expect(BasePipelineConfig.getConfigClassName('XGBoostTraining')).toBe('XGBoostTrainingConfig');
    expect(BasePipelineConfig.getConfigClassName('XGBoostTraining', 'alice')).toBe('AliceXGBoostTrainingConfig');
    expect(BasePipelineConfig.getConfigClassName('NoSuchStep')).toBe('NoSuchStep');
  });

  it('a config carries an optional workspace_id (null by default) and serialises it', () => {
    expect(new XGBoostTrainingConfig().workspace_id).toBeNull();
    const config = new XGBoostTrainingConfig({ workspace_id: 'alice' });
    expect(JSON.parse(JSON.stringify(config))).toEqual({ workspace_id: 'alice', num_round: 100 });
  });

  it('STEP_NAMES precedence: explicit > config.workspace_id > context > env > core', () => {
    const plain = new XGBoostTrainingStepBuilder(new XGBoostTrainingConfig());
    const fromConfig = new XGBoostTrainingStepBuilder(new XGBoostTrainingConfig({ workspace_id: 'alice' }));
    const explicit = new XGBoostTrainingStepBuilder(new XGBoostTrainingConfig({ workspace_id: 'alice' }), { workspaceId: 'bob' });
    const pinnedCore = new XGBoostTrainingStepBuilder(new XGBoostTrainingConfig({ workspace_id: 'alice' }), { workspaceId: null });

    expect(plain.STEP_NAMES.XGBoostTraining).toBe('XGBoostTrainingStepBuilder');
    expect(plain.workspaceId).toBeNull();
    expect(fromConfig.STEP_NAMES.XGBoostTraining).toBe('AliceXGBoostTrainingStepBuilder');
    expect(explicit.workspaceId).toBe('bob');
    expect(explicit.STEP_NAMES.TabularPreprocessing).toBe('BobTabularPreprocessingStepBuilder');
    expect(explicit.STEP_NAMES.XGBoostTraining).toBe('XGBoostTrainingStepBuilder');
    expect(pinnedCore.STEP_NAMES.ModelEvaluation).toBeUndefined();

    withWorkspaceContext('carol', () => {
      expect(plain.workspaceId).toBe('carol');
      expect(plain.STEP_NAMES.PyTorchTraining).toBe('CarolPyTorchTrainingStepBuilder');
      expect(fromConfig.workspaceId).toBe('alice'); // the config beats the context
      expect(explicit.workspaceId).toBe('bob');
    });
    // Lazy and live: the same builder answers for the context of each access.
    expect(plain.STEP_NAMES.PyTorchTraining).toBe('PyTorchTrainingStepBuilder');
  });

  it('STEP_NAMES falls back to CURSUS_WORKSPACE_ID, below the context', () => {
    configureRegistry({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: { CURSUS_WORKSPACE_ID: 'bob' } });
    const builder = new XGBoostTrainingStepBuilder(new XGBoostTrainingConfig());
    expect(builder.workspaceId).toBe('bob');
    expect(builder.STEP_NAMES.ModelEvaluation).toBe('BobModelEvaluationStepBuilder');
    setWorkspaceContext('alice');
    expect(builder.STEP_NAMES.ModelEvaluation).toBe('AliceModelEvaluationStepBuilder');
    setWorkspaceContext(null); // an explicit "core" context beats the env
    expect(builder.STEP_NAMES.ModelEvaluation).toBeUndefined();
  });

  it('stepName: the config class mapped in the builder workspace; an unknown workspace is an error', () => {
    expect(new XGBoostTrainingStepBuilder(new XGBoostTrainingConfig()).stepName).toBe('XGBoostTraining');
    expect(new XGBoostTrainingStepBuilder(new XGBoostTrainingConfig({ workspace_id: 'alice' })).stepName).toBeUndefined();
    const lost = new XGBoostTrainingStepBuilder(new XGBoostTrainingConfig({ workspace_id: 'alicia' }));
    expect(() => lost.STEP_NAMES).toThrow(UnknownWorkspaceError);
    expect(() => lost.STEP_NAMES).toThrow("Unknown workspace 'alicia' (known: alice, bob, carol) — did you mean 'alice'?");
  });
});
