/**
 * A builder answers from the step registry its StepBuilderRegistry was given,
 * not from the global one; the global builder registry's name says what it is
 * (the old name stays as a deprecated alias); validateRegistry is public.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BasePipelineConfig,
  HybridRegistryManager,
  StepBuilderBase,
  StepBuilderRegistry,
  configureRegistry,
  getGlobalBuilderRegistry,
  getGlobalRegistry,
  resetGlobalBuilderRegistry,
  resetRegistry,
  validateRegistry,
} from '../../src/packageEntry.js';
import { makeTempDir, type TempDir } from '../helpers/tempRegistry.js';

class XGBoostTrainingConfig extends BasePipelineConfig {}
class TrainingBuilder extends StepBuilderBase<XGBoostTrainingConfig> {
  createStep(): unknown {
    return { name: this.stepName, builder: this.STEP_NAMES[this.stepName ?? ''] };
  }
}

describe('StepBuilderBase answers from its StepBuilderRegistry’s step registry', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => {
    resetRegistry();
    resetGlobalBuilderRegistry();
    tmp.cleanup();
  });

  it('createBuilder passes the given registry: its core answers, not the global one’s', () => {
    // The given registry's core names XGBoostTraining's builder differently from the bundled core.
    const core = tmp.write(
      'core.yaml',
      'XGBoostTraining:\n  config_class: XGBoostTrainingConfig\n  builder_step_name: CustomXGBoostStepBuilder\n  spec_type: XGBoostTraining\n  sagemaker_step_type: Training\n  description: custom core\n',
    );
    tmp.write('ws/.keep', '');
    const mine = new HybridRegistryManager({ coreRegistry: core, workspacesRoot: `${tmp.dir}/ws`, cwd: tmp.dir, env: {} });
    // The global registry is another one: the bundled core (XGBoostTrainingStepBuilder).
    configureRegistry({ workspacesRoot: `${tmp.dir}/ws`, cwd: tmp.dir, env: {} });
    const builders = new StepBuilderRegistry({ registry: mine });
    builders.registerBuilder('XGBoostTraining', TrainingBuilder);

    const built = builders.createBuilder(new XGBoostTrainingConfig());
    expect(built).toBeInstanceOf(TrainingBuilder);
    expect(built.stepName).toBe('XGBoostTraining');
    expect(built.createStep()).toEqual({ name: 'XGBoostTraining', builder: 'CustomXGBoostStepBuilder' });
    // A builder made directly, without a registry, still reads the global one.
    expect(new TrainingBuilder(new XGBoostTrainingConfig()).createStep()).toEqual({ name: 'XGBoostTraining', builder: 'XGBoostTrainingStepBuilder' });
    // And the option is honoured when given by hand.
    expect(new TrainingBuilder(new XGBoostTrainingConfig(), { registry: mine }).STEP_NAMES.XGBoostTraining).toBe('CustomXGBoostStepBuilder');
  });

  it('getGlobalBuilderRegistry is the builder registry; getGlobalRegistry is its deprecated alias', () => {
    expect(getGlobalBuilderRegistry()).toBeInstanceOf(StepBuilderRegistry);
    expect(getGlobalRegistry()).toBe(getGlobalBuilderRegistry());
  });

  it('validateRegistry is exported and reports an error of a workspace file', () => {
    tmp.write('ws/bad/src/cursus_dev/registry/workspace_registry.yaml', 'LOCAL_STEPS:\n  Bad:\n    config_class: BadConfig\n    framwork: x\n');
    const report = validateRegistry(new HybridRegistryManager({ workspacesRoot: `${tmp.dir}/ws`, cwd: tmp.dir, env: {} }));
    expect(report.ok).toBe(false);
    expect(report.errors).toBeGreaterThan(0);
    expect(report.diagnostics.some((d) => d.severity === 'error' && d.workspace_id === 'bad')).toBe(true);
  });
});

describe('the README builder snippet, as written', () => {
  afterEach(() => {
    resetRegistry();
    resetGlobalBuilderRegistry();
  });

  it('discoverBuilders, then createBuilder(alice config): her builder, stepName and STEP_NAMES', async () => {
    const { EXAMPLES_ROOT } = await import('../helpers/tempRegistry.js');
    configureRegistry({ workspacesRoot: EXAMPLES_ROOT, env: {} });
    class AliceXGBoostTrainingConfig extends BasePipelineConfig {
      num_round = 100;
    }
    expect(BasePipelineConfig.getStepRegistry('alice').AliceXGBoostTrainingConfig).toBe('XGBoostTraining');
    const builders = getGlobalBuilderRegistry();
    const config = new AliceXGBoostTrainingConfig({ workspace_id: 'alice' });
    expect(() => builders.getBuilderForConfig(config)).toThrow(/No step builder/);
    builders.discoverBuilders();
    const builder = builders.createBuilder(config);
    expect(builder.constructor.name).toBe('AliceXGBoostTrainingStepBuilder');
    expect(builder.stepName).toBe('XGBoostTraining');
    expect(builder.STEP_NAMES.XGBoostTraining).toBe('AliceXGBoostTrainingStepBuilder');
  });
});
