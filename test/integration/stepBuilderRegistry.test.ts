import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BasePipelineConfig,
  clearWorkspaceContext,
  configureRegistry,
  extractJobType,
  getGlobalRegistry,
  listGlobalStepTypes,
  registerBuilder,
  registerGlobalBuilder,
  resetGlobalBuilderRegistry,
  resetRegistry,
  StepBuilderBase,
  StepBuilderRegistry,
  UnknownStepError,
  UnknownWorkspaceError,
  withWorkspaceContext,
  type AnyStepBuilderClass,
} from '../../src/packageEntry.js';
import { EXAMPLES_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';

// Fixture configs and builders: this package ships no real SageMaker builders.
class XGBoostTrainingConfig extends BasePipelineConfig {}
class AliceXGBoostTrainingConfig extends BasePipelineConfig {}
class CradleDataLoadingConfig extends BasePipelineConfig {
  constructor(readonly job_type?: string) {
    super();
  }
}
class TabularPreprocessingConfig extends BasePipelineConfig {
  job_type = 'calibration';
}
class PackageConfig extends BasePipelineConfig {}
class CradleDataLoadConfig extends BasePipelineConfig {}

abstract class FixtureBuilder extends StepBuilderBase {
  createStep(): unknown {
    return this.constructor.name;
  }
}
class XGBoostTrainingStepBuilder extends FixtureBuilder {}
class AliceXGBoostTrainingStepBuilder extends FixtureBuilder {}
class CradleDataLoadingStepBuilder extends FixtureBuilder {}
class CradleDataLoadingCalibrationBuilder extends FixtureBuilder {}
class TabularPreprocessingStepBuilder extends FixtureBuilder {}
class TabularPreprocessingCalibrationBuilder extends FixtureBuilder {}
class PackageStepBuilder extends FixtureBuilder {}

describe('StepBuilderRegistry (SPEC §8)', () => {
  let tmp: TempDir;
  let builders: StepBuilderRegistry;
  beforeEach(() => {
    tmp = makeTempDir();
    configureRegistry({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
    builders = new StepBuilderRegistry();
    builders.registerBuilder('XGBoostTraining', XGBoostTrainingStepBuilder);
    builders.registerBuilder('XGBoostTraining', AliceXGBoostTrainingStepBuilder, { workspace: 'alice' });
    builders.registerBuilder('CradleDataLoading', CradleDataLoadingStepBuilder);
    builders.registerBuilder('TabularPreprocessing', TabularPreprocessingStepBuilder);
    builders.registerBuilder('MIMSPackaging', PackageStepBuilder);
  });
  afterEach(() => {
    clearWorkspaceContext();
    resetGlobalBuilderRegistry();
    resetRegistry();
    tmp.cleanup();
  });

  it("lookup per workspace: alice gets her override, bob and core get core's builder", () => {
    expect(builders.getBuilderForConfig(new AliceXGBoostTrainingConfig({ workspace_id: 'alice' }))).toBe(AliceXGBoostTrainingStepBuilder);
    // alice's view maps her config class; the core class name falls back to the step name there.
    expect(builders.getBuilderForConfig(new XGBoostTrainingConfig({ workspace_id: 'alice' }))).toBe(AliceXGBoostTrainingStepBuilder);
    expect(builders.getBuilderForConfig(new XGBoostTrainingConfig({ workspace_id: 'bob' }))).toBe(XGBoostTrainingStepBuilder);
    expect(builders.getBuilderForConfig(new XGBoostTrainingConfig())).toBe(XGBoostTrainingStepBuilder);
    expect(builders.getBuilderMap(null).get('XGBoostTraining')).toBe(XGBoostTrainingStepBuilder);
    expect(builders.getBuilderMap('alice').get('XGBoostTraining')).toBe(AliceXGBoostTrainingStepBuilder);
    expect(builders.getBuilderMap('carol').get('XGBoostTraining')).toBe(XGBoostTrainingStepBuilder);
  });

  it('the config workspace beats the context, the context beats core', () => {
    withWorkspaceContext('alice', () => {
      expect(builders.getBuilderForConfig(new XGBoostTrainingConfig())).toBe(AliceXGBoostTrainingStepBuilder);
      expect(builders.getBuilderForConfig(new XGBoostTrainingConfig({ workspace_id: 'bob' }))).toBe(XGBoostTrainingStepBuilder);
      expect(builders.getBuilderForStepType('XGBoostTraining')).toBe(AliceXGBoostTrainingStepBuilder);
    });
    expect(builders.getBuilderForStepType('XGBoostTraining')).toBe(XGBoostTrainingStepBuilder);
  });

  it('job types: config.job_type or the node name suffix picks a Step_jobtype builder, else the step builder', () => {
    expect(extractJobType('CradleDataLoading_training')).toEqual(['CradleDataLoading', 'training']);
    expect(extractJobType('XGBoostTraining')).toEqual(['XGBoostTraining', undefined]);
    expect(extractJobType('Cradle_Data_training')).toEqual(['Cradle_Data_training', undefined]);

    for (const suffix of ['training', 'calibration', 'validation', 'testing']) {
      expect(builders.getBuilderForConfig(new CradleDataLoadingConfig(), `CradleDataLoading_${suffix}`)).toBe(CradleDataLoadingStepBuilder);
      expect(builders.getBuilderForStepType(`CradleDataLoading_${suffix}`)).toBe(CradleDataLoadingStepBuilder);
    }
    builders.registerBuilder('CradleDataLoading_calibration', CradleDataLoadingCalibrationBuilder);
    builders.registerBuilder('TabularPreprocessing_calibration', TabularPreprocessingCalibrationBuilder);
    // From the node name (the node name itself is a registered step type here) …
    expect(builders.getBuilderForConfig(new CradleDataLoadingConfig(), 'CradleDataLoading_calibration')).toBe(CradleDataLoadingCalibrationBuilder);
    // … from an arbitrary node name's suffix …
    expect(builders.getBuilderForConfig(new CradleDataLoadingConfig(), 'data_calibration')).toBe(CradleDataLoadingCalibrationBuilder);
    expect(builders.getBuilderForConfig(new CradleDataLoadingConfig(), 'data_testing')).toBe(CradleDataLoadingStepBuilder);
    // … and from config.job_type, which beats the node name.
    expect(builders.getBuilderForConfig(new CradleDataLoadingConfig('calibration'), 'data_training')).toBe(CradleDataLoadingCalibrationBuilder);
    expect(builders.getBuilderForConfig(new TabularPreprocessingConfig())).toBe(TabularPreprocessingCalibrationBuilder);
    expect(builders.isStepTypeSupported('TabularPreprocessing_validation')).toBe(true);
    expect(builders.isStepTypeSupported('XGBoostModelEval_validation')).toBe(false);
  });

  it('legacy aliases and the config-name fallback of the Python registry', () => {
    expect(builders.getBuilderMap().get('Package')).toBe(PackageStepBuilder);
    expect(builders.getBuilderForStepType('MIMSPackaging')).toBe(PackageStepBuilder);
    expect(builders.getBuilderForConfig(new PackageConfig())).toBe(PackageStepBuilder);
    expect(builders.getBuilderForConfig(new CradleDataLoadConfig())).toBe(CradleDataLoadingStepBuilder);
    expect(builders.listSupportedStepTypes()).toEqual([
      'CradleDataLoading', 'MIMSPackaging', 'MIMSPayload', 'ModelRegistration', 'Package', 'PytorchModel', 'PytorchTraining', 'TabularPreprocessing', 'XGBoostTraining',
    ]);
  });

  it('no builder: UnknownStepError naming the config class, step type, workspace and closest names', () => {
    class XGBoostModelEvalConfig extends BasePipelineConfig {}
    expect(() => builders.getBuilderForConfig(new XGBoostModelEvalConfig({ workspace_id: 'bob' }))).toThrow(UnknownStepError);
    expect(() => builders.getBuilderForConfig(new XGBoostModelEvalConfig({ workspace_id: 'bob' }))).toThrow(
      "No step builder for config class XGBoostModelEvalConfig (step type 'XGBoostModelEval') in workspace 'bob'. Hint: register one with registerBuilder('XGBoostModelEval', …) or in a builder module",
    );
    expect(() => builders.getBuilderForStepType('XGBoostTrainin')).toThrow(
      "No step builder registered for step type 'XGBoostTrainin' in the core registry — did you mean 'XGBoostTraining'? Hint: register one with registerBuilder('XGBoostTrainin', …) or in a builder module",
    );
    expect(() => new StepBuilderRegistry().getBuilderForStepType('Package')).toThrow(
      "No step builder registered for step type 'Package' in the core registry. Hint: no builders are registered: run discoverBuilders() or registerBuilder(…) first",
    );
    expect(() => builders.getBuilderForConfig(new XGBoostTrainingConfig({ workspace_id: 'dave' }))).toThrow(UnknownWorkspaceError);
  });

  it('code registrations beat discovered ones; unregister and re-register', () => {
    class OtherXGBoost extends FixtureBuilder {}
    builders.registerBuilder('XGBoostTraining', OtherXGBoost);
    expect(builders.getBuilderForStepType('XGBoostTraining', null)).toBe(OtherXGBoost);
    expect(builders.getBuilderForStepType('XGBoostTraining', 'alice')).toBe(AliceXGBoostTrainingStepBuilder);
    expect(builders.unregisterBuilder('XGBoostTraining', { workspace: 'alice' })).toBe(true);
    expect(builders.unregisterBuilder('XGBoostTraining', { workspace: 'alice' })).toBe(false);
    expect(builders.getBuilderForStepType('XGBoostTraining', 'alice')).toBe(OtherXGBoost);
    expect(builders.listRegistrations().map((r) => [r.workspace_id, r.step, r.builder.name, r.source])).toEqual([
      [null, 'CradleDataLoading', 'CradleDataLoadingStepBuilder', null],
      [null, 'Package', 'PackageStepBuilder', null],
      [null, 'TabularPreprocessing', 'TabularPreprocessingStepBuilder', null],
      [null, 'XGBoostTraining', 'OtherXGBoost', null],
    ]);
  });

  it('refuses classes that do not extend StepBuilderBase, and invalid workspace ids', () => {
    class NotABuilder {}
    expect(() => builders.registerBuilder('XGBoostTraining', NotABuilder as unknown as AnyStepBuilderClass)).toThrow(
      new TypeError("registerBuilder('XGBoostTraining'): class NotABuilder does not extend StepBuilderBase"),
    );
    expect(() => builders.registerBuilder('XGBoostTraining', XGBoostTrainingStepBuilder, { workspace: '../alice' })).toThrow('Invalid workspace id "../alice"');
  });
});

/**
 * Vitest's transform leaves decorators to the runtime, which Node 20 lacks:
 * compile the snippet with TypeScript itself — standard decorators, as
 * `tsc` emits them for this project's tsconfig (no experimentalDecorators).
 */
function defineDecorated(body: string): AnyStepBuilderClass[] {
  const source = `export function define(registerBuilder, FixtureBuilder) {\n${body}\n}`;
  const { outputText } = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } });
  expect(outputText).toContain('__esDecorate');
  const exports: { define?: (reg: typeof registerBuilder, base: typeof FixtureBuilder) => AnyStepBuilderClass[] } = {};
  new Function('exports', outputText)(exports);
  return exports.define?.(registerBuilder, FixtureBuilder) ?? [];
}

describe('global builder registry and the decorator form', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
    configureRegistry({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
  });
  afterEach(() => {
    resetGlobalBuilderRegistry();
    resetRegistry();
    tmp.cleanup();
  });

  it('@registerBuilder(name) registers a class in the global registry (standard decorators, as tsc emits them)', () => {
    const [DecoratedXGBoost, DecoratedAliceXGBoost] = defineDecorated(`
      @registerBuilder('XGBoostTraining')
      class DecoratedXGBoost extends FixtureBuilder {}
      @registerBuilder('XGBoostTraining', { workspace: 'alice' })
      class DecoratedAliceXGBoost extends FixtureBuilder {}
      return [DecoratedXGBoost, DecoratedAliceXGBoost];
    `);
    expect(DecoratedXGBoost?.name).toBe('DecoratedXGBoost');
    expect(getGlobalRegistry().getBuilderForConfig(new XGBoostTrainingConfig())).toBe(DecoratedXGBoost);
    expect(getGlobalRegistry().getBuilderForConfig(new AliceXGBoostTrainingConfig({ workspace_id: 'alice' }))).toBe(DecoratedAliceXGBoost);
    expect(getGlobalRegistry()).toBe(getGlobalRegistry());
  });

  it('@registerBuilder() without a name finds the step whose builder_step_name is the class name', () => {
    const [PyTorch, CarolPyTorch, Fancy] = defineDecorated(`
      @registerBuilder()
      class PyTorchTrainingStepBuilder extends FixtureBuilder {}
      @registerBuilder(undefined, { workspace: 'carol' })
      class CarolPyTorchTrainingStepBuilder extends FixtureBuilder {}
      @registerBuilder()
      class FancyThingStepBuilder extends FixtureBuilder {}
      return [PyTorchTrainingStepBuilder, CarolPyTorchTrainingStepBuilder, FancyThingStepBuilder];
    `);
    expect(getGlobalRegistry().getBuilderForStepType('PyTorchTraining', null)).toBe(PyTorch);
    expect(getGlobalRegistry().getBuilderForStepType('PyTorchTraining', 'carol')).toBe(CarolPyTorch);
    // Not in the view: the Python fallback strips `StepBuilder`.
    expect(getGlobalRegistry().getBuilderForStepType('FancyThing', null)).toBe(Fancy);
  });

  it('the decorator also works in the legacy (experimentalDecorators) form and refuses non-class targets', () => {
    class LegacyXGBoost extends FixtureBuilder {}
    registerBuilder('XGBoostTraining')(LegacyXGBoost);
    expect(getGlobalRegistry().getBuilderForStepType('XGBoostTraining', null)).toBe(LegacyXGBoost);
    expect(() => registerBuilder('XGBoostTraining')(LegacyXGBoost, { kind: 'method' } as unknown as ClassDecoratorContext<typeof LegacyXGBoost>)).toThrow(
      '@registerBuilder decorates classes only',
    );
  });

  it('registerGlobalBuilder and listGlobalStepTypes follow the context', () => {
    registerGlobalBuilder('XGBoostTraining', XGBoostTrainingStepBuilder);
    registerGlobalBuilder('ModelEvaluation', XGBoostTrainingStepBuilder, { workspace: 'bob' });
    expect(listGlobalStepTypes()).toEqual(['MIMSPackaging', 'MIMSPayload', 'ModelRegistration', 'PytorchModel', 'PytorchTraining', 'XGBoostTraining']);
    withWorkspaceContext('bob', () => expect(listGlobalStepTypes()).toContain('ModelEvaluation'));
    resetGlobalBuilderRegistry();
    expect(listGlobalStepTypes()).not.toContain('XGBoostTraining');
  });
});
