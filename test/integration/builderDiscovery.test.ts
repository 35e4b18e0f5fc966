import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BasePipelineConfig,
  configureRegistry,
  getGlobalRegistry,
  listBuilderModules,
  RegistryLoadError,
  resetGlobalBuilderRegistry,
  resetRegistry,
  StepBuilderBase,
  StepBuilderRegistry,
  UnknownStepError,
  withWorkspaceContext,
  WORKSPACE_BUILDERS_DIR,
} from '../../src/packageEntry.js';
import { EXAMPLES_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

/** A builder module as a workspace developer writes it: TypeScript, a decorator, imports from the package. */
function tsBuilderModule(className: string, step: string): string {
  return [
    "import { StepBuilderBase, registerBuilder } from 'cursus-registry';",
    '',
    `@registerBuilder('${step}')`,
    `export class ${className} extends StepBuilderBase {`,
    '  createStep(): Record<string, unknown> {',
    `    return { builder: '${className}', workspace: this.workspaceId };`,
    '  }',
    '}',
    '(globalThis as Record<string, unknown>).__cursusBuilderBase = StepBuilderBase;',
    '',
  ].join('\n');
}

/** The same in plain JavaScript, with the function form. */
function jsBuilderModule(className: string, step: string): string {
  return [
    "import { StepBuilderBase, registerGlobalBuilder } from 'cursus-registry';",
    `export class ${className} extends StepBuilderBase { createStep() { return '${className}'; } }`,
    `registerGlobalBuilder('${step}', ${className});`,
    '',
  ].join('\n');
}

const WS_REGISTRY = `LOCAL_STEPS:\n${stepYaml('FraudFeatures')}STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: 'DanXGBoostTrainingConfig', builder_step_name: 'DanXGBoostTrainingStepBuilder', sagemaker_step_type: 'Training' })}`;

describe('discoverBuilders: core builders and workspace builder modules (SPEC §8)', () => {
  let tmp: TempDir;
  let root: string;
  const builders = (ws: string, file: string) => join('workspaces', ws, WORKSPACE_BUILDERS_DIR, file);

  beforeEach(() => {
    tmp = makeTempDir();
    root = join(tmp.dir, 'workspaces');
    tmp.write(join('workspaces', registryPath('dan')), WS_REGISTRY);
    tmp.write(join('workspaces', registryPath('erin')), `LOCAL_STEPS:\n${stepYaml('ErinCheck')}`);
    tmp.write(join('core_builders', 'xgboost_training.ts'), tsBuilderModule('XGBoostTrainingStepBuilder', 'XGBoostTraining'));
    tmp.write(join('core_builders', 'tabular_preprocessing.mjs'), jsBuilderModule('TabularPreprocessingStepBuilder', 'TabularPreprocessing'));
    tmp.write(builders('dan', 'builder_xgboost_training_step.ts'), tsBuilderModule('DanXGBoostTrainingStepBuilder', 'XGBoostTraining'));
    tmp.write(builders('dan', 'builder_fraud_features_step.js'), jsBuilderModule('FraudFeaturesStepBuilder', 'FraudFeatures'));
    configureRegistry({ workspacesRoot: root, cwd: tmp.dir, env: {} });
  });
  afterEach(() => {
    resetGlobalBuilderRegistry();
    resetRegistry();
    tmp.cleanup();
    delete (globalThis as Record<string, unknown>).__cursusBuilderBase;
  });

  it('loads core modules, then each workspace; a workspace builder overrides core in that workspace only', () => {
    const registry = new StepBuilderRegistry({ coreBuildersDir: join(tmp.dir, 'core_builders') });
    const report = registry.discoverBuilders();
    expect(report.modules).toEqual([
      join(tmp.dir, 'core_builders', 'tabular_preprocessing.mjs'),
      join(tmp.dir, 'core_builders', 'xgboost_training.ts'),
      join(tmp.dir, builders('dan', 'builder_fraud_features_step.js')),
      join(tmp.dir, builders('dan', 'builder_xgboost_training_step.ts')),
    ]);
    expect(report.registrations.map((r) => [r.workspace_id, r.step, r.builder.name])).toEqual([
      [null, 'TabularPreprocessing', 'TabularPreprocessingStepBuilder'],
      [null, 'XGBoostTraining', 'XGBoostTrainingStepBuilder'],
      ['dan', 'FraudFeatures', 'FraudFeaturesStepBuilder'],
      ['dan', 'XGBoostTraining', 'DanXGBoostTrainingStepBuilder'],
    ]);
    expect(report.warnings).toEqual([]);

    expect(registry.getBuilderForStepType('XGBoostTraining', 'dan').name).toBe('DanXGBoostTrainingStepBuilder');
    expect(registry.getBuilderForStepType('XGBoostTraining', 'erin').name).toBe('XGBoostTrainingStepBuilder');
    expect(registry.getBuilderForStepType('XGBoostTraining', null).name).toBe('XGBoostTrainingStepBuilder');
    expect(registry.getBuilderForStepType('TabularPreprocessing', 'dan').name).toBe('TabularPreprocessingStepBuilder');
    expect(registry.isStepTypeSupported('FraudFeatures', 'erin')).toBe(false);

    class DanXGBoostTrainingConfig extends BasePipelineConfig {}
    const Builder = registry.getBuilderForConfig(new DanXGBoostTrainingConfig({ workspace_id: 'dan' }));
    expect(Builder.name).toBe('DanXGBoostTrainingStepBuilder');
    expect(new Builder(new DanXGBoostTrainingConfig({ workspace_id: 'dan' })).createStep()).toEqual({ builder: 'DanXGBoostTrainingStepBuilder', workspace: 'dan' });
    // The discovering registry got the registrations, not the global one.
    expect(getGlobalRegistry().listRegistrations()).toEqual([]);
  });

  it("`cursus-registry` in a builder module is the host's own instance, not a second copy", () => {
    getGlobalRegistry().discoverBuilders({ coreBuildersDir: join(tmp.dir, 'core_builders') });
    expect((globalThis as Record<string, unknown>).__cursusBuilderBase).toBe(StepBuilderBase);
    const Builder = getGlobalRegistry().getBuilderForStepType('XGBoostTraining', 'dan');
    expect(Builder.prototype).toBeInstanceOf(StepBuilderBase);
    withWorkspaceContext('dan', () => expect(getGlobalRegistry().getBuilderForStepType('FraudFeatures').name).toBe('FraudFeaturesStepBuilder'));
  });

  it('no core builders directory: only workspace modules; `workspaces` narrows the discovery', () => {
    const registry = new StepBuilderRegistry();
    expect(registry.discoverBuilders({ workspaces: ['erin'] }).modules).toEqual([]);
    expect(registry.discoverBuilders().registrations.map((r) => r.builder.name)).toEqual(['FraudFeaturesStepBuilder', 'DanXGBoostTrainingStepBuilder']);
    expect(registry.getBuilderMap(null).size).toBe(0);
  });

  it('a module registering a step its view does not know is an UnknownStepError naming the module file', () => {
    const file = tmp.write(builders('erin', 'builder_fraud_features_step.ts'), tsBuilderModule('FraudFeaturesStepBuilder', 'FraudFeatures'));
    const registry = new StepBuilderRegistry();
    expect(() => registry.discoverBuilders()).toThrow(UnknownStepError);
    expect(() => registry.discoverBuilders()).toThrow(
      `${file}: Unknown step name: FraudFeatures (registered by builder FraudFeaturesStepBuilder) in workspace 'erin'. Hint: register the builder under a step name of that view, or add 'FraudFeatures' to the workspace registry's LOCAL_STEPS`,
    );
    try {
      registry.discoverBuilders();
    } catch (error) {
      expect((error as UnknownStepError).file).toBe(file);
      expect((error as UnknownStepError).workspaceId).toBe('erin');
    }
  });

  it('a core module registering an unknown step names the file and suggests close names', () => {
    const file = tmp.write(join('core_builders', 'typo.ts'), tsBuilderModule('XGBoostTrainStepBuilder', 'XGBoostTrainin'));
    expect(() => new StepBuilderRegistry({ coreBuildersDir: join(tmp.dir, 'core_builders') }).discoverBuilders()).toThrow(
      `${file}: Unknown step name: XGBoostTrainin (registered by builder XGBoostTrainStepBuilder) in the core registry — did you mean 'XGBoostTraining'? Hint: register the builder under a step name of that view, or add 'XGBoostTrainin' to the core registry`,
    );
  });

  it('a module that throws on import is a RegistryLoadError with file and line', () => {
    const file = tmp.write(builders('erin', 'broken.ts'), "import { StepBuilderBase } from 'cursus-registry';\nconst n: number = 1;\nthrow new Error('boom ' + n);\n");
    const registry = new StepBuilderRegistry();
    let error: unknown;
    try {
      registry.discoverBuilders();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegistryLoadError);
    expect((error as RegistryLoadError).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3(:\\d+)?: failed to import the builder module: boom 1\\. Hint: fix the error`));
    expect((error as RegistryLoadError).workspaceId).toBe('erin');
  });

  it('all or nothing: a failing discovery keeps the previous registrations; a new one replaces them and sees edits', () => {
    const registry = new StepBuilderRegistry();
    registry.discoverBuilders();
    expect(registry.getBuilderForStepType('FraudFeatures', 'dan').name).toBe('FraudFeaturesStepBuilder');

    tmp.write(builders('erin', 'bad.ts'), tsBuilderModule('NopeStepBuilder', 'Nope'));
    expect(() => registry.discoverBuilders()).toThrow(UnknownStepError);
    expect(registry.getBuilderForStepType('FraudFeatures', 'dan').name).toBe('FraudFeaturesStepBuilder');

    tmp.write(builders('erin', 'bad.ts'), tsBuilderModule('ErinCheckStepBuilder', 'ErinCheck'));
    tmp.write(builders('dan', 'builder_fraud_features_step.js'), jsBuilderModule('FraudFeaturesV2StepBuilder', 'FraudFeatures'));
    const report = registry.discoverBuilders();
    expect(report.warnings).toEqual([
      `${join(tmp.dir, builders('dan', 'builder_fraud_features_step.js'))}: builder FraudFeaturesV2StepBuilder is registered for 'FraudFeatures', whose builder_step_name in workspace 'dan' is FraudFeaturesStepBuilder`,
    ]);
    expect(registry.getBuilderForStepType('FraudFeatures', 'dan').name).toBe('FraudFeaturesV2StepBuilder');
    expect(registry.getBuilderForStepType('ErinCheck', 'erin').name).toBe('ErinCheckStepBuilder');
  });

  it('refuses a module that registers into another workspace, or one step twice', () => {
    const file = tmp.write(
      builders('erin', 'sneaky.ts'),
      "import { StepBuilderBase, registerBuilder } from 'cursus-registry';\n@registerBuilder('XGBoostTraining', { workspace: 'dan' })\nexport class SneakyStepBuilder extends StepBuilderBase { createStep() { return 1; } }\n",
    );
    expect(() => new StepBuilderRegistry().discoverBuilders()).toThrow(
      `${file}: builder module of workspace 'erin' registers SneakyStepBuilder for workspace 'dan'. Hint: a workspace's builder modules register builders for that workspace only: drop the \`workspaceId\` (or \`workspace\`) option`,
    );
    tmp.write(builders('erin', 'sneaky.ts'), tsBuilderModule('ErinCheckStepBuilder', 'ErinCheck'));
    const second = tmp.write(builders('erin', 'twice.ts'), tsBuilderModule('OtherErinCheckStepBuilder', 'ErinCheck'));
    expect(() => new StepBuilderRegistry().discoverBuilders()).toThrow(
      `${second}: step 'ErinCheck' gets a second builder (OtherErinCheckStepBuilder; ErinCheckStepBuilder was registered by ${join(tmp.dir, builders('erin', 'sneaky.ts'))}). Hint: register one builder per step and workspace`,
    );
  });

  it('lists modules by name, skipping helpers (_x, .x), declarations and tests; helpers can still be imported', () => {
    tmp.write(builders('erin', '_shared.ts'), "export const STEP = 'ErinCheck';\n");
    tmp.write(builders('erin', 'index.d.ts'), 'export {};\n');
    tmp.write(builders('erin', 'erin.test.ts'), 'throw new Error("not a builder");\n');
    tmp.write(builders('erin', 'notes.md'), '# notes\n');
    tmp.write(
      builders('erin', 'erin_check.ts'),
      "import { StepBuilderBase, registerGlobalBuilder } from 'cursus-registry';\nimport { STEP } from './_shared';\nclass ErinCheckStepBuilder extends StepBuilderBase { createStep() { return STEP; } }\nregisterGlobalBuilder(STEP, ErinCheckStepBuilder);\n",
    );
    expect(listBuilderModules(join(root, 'erin', WORKSPACE_BUILDERS_DIR))).toEqual([join(root, 'erin', WORKSPACE_BUILDERS_DIR, 'erin_check.ts')]);
    expect(listBuilderModules(join(tmp.dir, 'missing'))).toEqual([]);
    const registry = new StepBuilderRegistry();
    registry.discoverBuilders({ workspaces: ['erin'] });
    expect(registry.getBuilderForStepType('ErinCheck', 'erin').name).toBe('ErinCheckStepBuilder');
  });

  it('a workspace with builder modules whose registry fails to load raises its load error', () => {
    tmp.write(join('workspaces', registryPath('erin')), 'LOCAL_STEPS:\n  ErinCheck: [oops\n');
    tmp.write(builders('erin', 'erin_check.ts'), tsBuilderModule('ErinCheckStepBuilder', 'ErinCheck'));
    configureRegistry({ workspacesRoot: root, cwd: tmp.dir, env: {} });
    expect(() => new StepBuilderRegistry().discoverBuilders()).toThrow(RegistryLoadError);
    expect(() => new StepBuilderRegistry().discoverBuilders()).toThrow(join(root, registryPath('erin')));
  });
});

describe('the example builder module (examples/workspaces/alice)', () => {
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

  it("registers alice's XGBoostTraining builder for alice only, and builds from her config", () => {
    const report = getGlobalRegistry().discoverBuilders();
    expect(report.modules).toEqual([join(EXAMPLES_ROOT, 'alice', WORKSPACE_BUILDERS_DIR, 'builder_xgboost_training_step.ts')]);
    expect(report.warnings).toEqual([]);
    expect(getGlobalRegistry().isStepTypeSupported('XGBoostTraining', 'bob')).toBe(false);

    class AliceXGBoostTrainingConfig extends BasePipelineConfig {
      num_round = 300;
      early_stopping_metric = 'custom_auc';
    }
    const config = new AliceXGBoostTrainingConfig({ workspace_id: 'alice' });
    const Builder = getGlobalRegistry().getBuilderForConfig(config);
    expect(Builder.name).toBe('AliceXGBoostTrainingStepBuilder');
    const builder = new Builder(config);
    expect(builder.STEP_NAMES.XGBoostTraining).toBe('AliceXGBoostTrainingStepBuilder');
    expect(builder.createStep()).toEqual({ step: 'XGBoostTraining', type: 'Training', num_round: 300, early_stopping_metric: 'custom_auc' });
  });
});
