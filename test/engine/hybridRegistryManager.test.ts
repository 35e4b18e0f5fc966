import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUNDLED_CORE_REGISTRY,
  HybridRegistryManager,
  RegistryLoadError,
  UnknownStepError,
  UnknownWorkspaceError,
  resolveLocations,
  withWorkspaceContext,
} from '../../src/index.js';
import { CORE_64, EXAMPLES_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

const ALICE_FILE = join(EXAMPLES_ROOT, registryPath('alice', 'yaml'));
const BOB_FILE = join(EXAMPLES_ROOT, registryPath('bob', 'json'));
const CAROL_FILE = join(EXAMPLES_ROOT, registryPath('carol', 'ts'));

describe('HybridRegistryManager on the example workspaces', () => {
  let tmp: TempDir;
  let registry: HybridRegistryManager;
  beforeEach(() => {
    tmp = makeTempDir();
    registry = new HybridRegistryManager({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
  });
  afterEach(() => tmp.cleanup());

  it('loads core, three workspaces in id order, and no errors', () => {
    expect(registry.getWorkspaceIds()).toEqual(['alice', 'bob', 'carol']);
    expect(registry.getAllStepDefinitions(null).size).toBe(17);
    expect(registry.getDiagnostics().filter((d) => d.severity === 'error')).toEqual([]);
    expect(registry.locations.coreRegistry).toBe(BUNDLED_CORE_REGISTRY);
    expect(registry.locations.workspacesRootOrigin).toBe('option');
  });

  it('builds each view as core, then LOCAL_STEPS, then STEP_OVERRIDES', () => {
    const alice = registry.getAllStepDefinitions('alice');
    expect(alice.size).toBe(17 + 3);
    expect(alice.get('XGBoostTraining')).toMatchObject({
      config_class: 'AliceXGBoostTrainingConfig',
      registry_type: 'override',
      workspace_id: 'alice',
      priority: 80,
      framework: 'xgboost',
      environment_tags: ['development'],
      source: { file: ALICE_FILE, line: 40 },
    });
    expect(alice.get('FeatureDriftCheck')?.registry_type).toBe('workspace');
    expect(alice.get('PyTorchTraining')?.registry_type).toBe('core');
    expect(registry.getStepDefinition('TabularPreprocessing', 'bob')?.source).toEqual({ file: BOB_FILE, line: 35 });
    expect(registry.getStepDefinition('PyTorchTraining', 'carol')?.source).toEqual({ file: CAROL_FILE, line: 29 });
  });

  it('isolates workspaces: a local step of alice is invisible to bob and to core', () => {
    expect(registry.getStepDefinition('FeatureDriftCheck', 'alice')?.workspace_id).toBe('alice');
    expect(registry.getStepDefinition('FeatureDriftCheck', 'bob')).toBeUndefined();
    expect(registry.getStepDefinition('FeatureDriftCheck', null)).toBeUndefined();
    expect(registry.getStepDefinition('XGBoostTraining', 'bob')?.config_class).toBe('XGBoostTrainingConfig');
    expect(registry.getStepDefinition('TabularPreprocessing', 'alice')?.config_class).toBe('TabularPreprocessingConfig');
  });

  it('requireStepDefinition raises UnknownStepError with suggestions from the view', () => {
    expect(() => registry.requireStepDefinition('FeatureDriftChek', 'alice')).toThrow(UnknownStepError);
    expect(() => registry.requireStepDefinition('FeatureDriftChek', 'alice')).toThrow(
      "Unknown step name: FeatureDriftChek in workspace 'alice' — did you mean 'FeatureDriftCheck'?",
    );
  });

  it('an unknown workspace is an UnknownWorkspaceError listing ids and the closest one, never a fallback to core', () => {
    let error: unknown;
    try {
      registry.getStepDefinition('XGBoostTraining', 'alcie');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownWorkspaceError);
    expect((error as UnknownWorkspaceError).knownIds).toEqual(['alice', 'bob', 'carol']);
    expect((error as Error).message).toContain("Unknown workspace 'alcie' (known: alice, bob, carol) — did you mean 'alice'?");
  });

  it('getLocalOnlyDefinitions: only what the workspace defines', () => {
    expect([...registry.getLocalOnlyDefinitions('alice').keys()]).toEqual(['FeatureDriftCheck', 'ModelTraining', 'ModelEvaluation', 'XGBoostTraining']);
    expect([...registry.getLocalOnlyDefinitions('carol').keys()]).toEqual(['ModelTraining', 'DataValidation', 'PyTorchTraining']);
  });

  it('conflicts list every definition of each name defined by two or more workspaces', () => {
    const conflicts = registry.getStepConflicts();
    expect(Object.keys(conflicts)).toEqual(['DataValidation', 'ModelEvaluation', 'ModelTraining']);
    expect(conflicts.ModelTraining?.map((d) => d.workspace_id)).toEqual(['alice', 'bob', 'carol']);
    expect(conflicts.DataValidation?.map((d) => d.config_class)).toEqual(['StrictDataValidationConfig', 'RelaxedDataValidationConfig']);
    expect(Object.isFrozen(conflicts)).toBe(true);
  });

  it('core overrides per workspace', () => {
    expect({ ...registry.getCoreOverrides() }).toEqual({ alice: ['XGBoostTraining'], bob: ['TabularPreprocessing'], carol: ['PyTorchTraining'] });
  });

  it('workspace metadata is validated and returned', () => {
    expect(registry.getWorkspaceMetadata('bob')).toEqual({
      developer_id: 'bob',
      version: '2.1.0',
      description: 'Production data pipelines',
      preferred_frameworks: ['tensorflow'],
      environment_preferences: ['production'],
      conflict_tolerance: 'low',
    });
  });

  it('settles the example conflicts by framework, by environment and by priority', () => {
    const byFramework = registry.resolveStep('ModelTraining', { workspace_id: null, preferred_framework: 'tensorflow' });
    expect([byFramework.selected_definition?.workspace_id, byFramework.resolution_strategy]).toEqual(['bob', 'framework_match']);
    const byEnvironment = registry.resolveStep('DataValidation', { workspace_id: null, environment_tags: ['development'] });
    expect([byEnvironment.selected_definition?.workspace_id, byEnvironment.resolution_strategy]).toEqual(['carol', 'environment_match']);
    const byPriority = registry.resolveStep('ModelTraining', { workspace_id: null });
    expect([byPriority.selected_definition?.workspace_id, byPriority.resolution_strategy, byPriority.ambiguous]).toEqual(['carol', 'priority_based', false]);
    expect(byPriority.explanation).toEqual([
      "3 candidates: workspace 'alice' (LOCAL_STEPS), workspace 'bob' (LOCAL_STEPS), workspace 'carol' (LOCAL_STEPS)",
      "workspace 'alice' (LOCAL_STEPS) lost: priority 90 > 70",
      "workspace 'bob' (LOCAL_STEPS) lost: priority 90 > 70",
      "chose workspace 'carol' (LOCAL_STEPS): lowest priority 70 (priority_based)",
    ]);
    const tie = registry.resolveStep('DataValidation', { workspace_id: null });
    expect([tie.selected_definition?.workspace_id, tie.ambiguous]).toEqual(['bob', true]);
    expect(() => registry.resolveStep('DataValidation', { workspace_id: null, resolution_mode: 'strict' })).toThrow(/AMBIGUOUS|ambiguous/);
  });

  it('the context workspace wins for its own definitions; the async context is the default workspace', () => {
    expect(registry.resolveStep('ModelTraining', { workspace_id: 'alice' }).selected_definition?.config_class).toBe('AliceModelTrainingConfig');
    const inBob = withWorkspaceContext('bob', () => registry.resolveStep('ModelTraining'));
    expect([inBob.selected_definition?.workspace_id, inBob.resolution_strategy]).toEqual(['bob', 'workspace_priority']);
    expect(registry.getStepDefinitionWithResolution('XGBoostTraining', { workspace_id: 'carol' })?.config_class).toBe('AliceXGBoostTrainingConfig');
  });

  it('caches results per (name, context) and returns the same object', () => {
    const a = registry.resolveStep('ModelTraining', { workspace_id: null, preferred_framework: 'pytorch' });
    const b = registry.resolveStep('ModelTraining', { workspace_id: null, preferred_framework: 'pytorch' });
    const c = registry.resolveStep('ModelTraining', { workspace_id: null, preferred_framework: 'xgboost' });
    expect(b).toBe(a);
    expect(c.selected_definition?.workspace_id).toBe('carol');
  });

  it('the cache answers by value: a context object mutated between calls gets the new answer', () => {
    const ctx: { workspace_id: null; preferred_framework: string; environment_tags: string[] } = { workspace_id: null, preferred_framework: 'pytorch', environment_tags: [] };
    expect(registry.resolveStep('ModelTraining', ctx).selected_definition?.workspace_id).toBe('alice');
    ctx.preferred_framework = 'tensorflow';
    expect(registry.resolveStep('ModelTraining', ctx).selected_definition?.workspace_id).toBe('bob');
    const tags = ['production'];
    const env = { workspace_id: null, environment_tags: tags };
    expect(registry.resolveStep('DataValidation', env).selected_definition?.workspace_id).toBe('bob');
    tags[0] = 'development';
    expect(registry.resolveStep('DataValidation', env).selected_definition?.workspace_id).toBe('carol');
  });

  it('an unknown name does not resolve and suggests close names', () => {
    const r = registry.resolveStep('ModelTrainng', { workspace_id: null });
    expect(r.resolved).toBe(false);
    expect(r.suggestions).toContain('ModelTraining');
  });
});

describe('HybridRegistryManager with temporary workspaces', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
    mkdirSync(join(tmp.dir, 'ws'));
  });
  afterEach(() => tmp.cleanup());

  const root = () => join(tmp.dir, 'ws');

  it("applies the context workspace's preferred_frameworks and environment_preferences when the caller gives none", () => {
    tmp.write(join('ws', registryPath('alice')), `LOCAL_STEPS:\n${stepYaml('Train', { framework: 'pytorch', environment_tags: ['prod'] })}`);
    tmp.write(join('ws', registryPath('bob')), `LOCAL_STEPS:\n${stepYaml('Train', { framework: 'tensorflow', environment_tags: ['dev'] })}`);
    tmp.write(join('ws', registryPath('dave')), 'WORKSPACE_METADATA:\n  preferred_frameworks: [jax, tensorflow]\n  environment_preferences: [prod]\n');
    const registry = new HybridRegistryManager({ workspacesRoot: root(), cwd: tmp.dir, env: {} });
    const r = registry.resolveStep('Train', { workspace_id: 'dave' });
    expect(r.selected_definition?.workspace_id).toBe('bob');
    expect(r.resolution_strategy).toBe('framework_match');
    expect(r.reason).toBe("Selected by framework 'tensorflow' (from dave's preferred_frameworks)");
    const withCaller = registry.resolveStep('Train', { workspace_id: 'dave', preferred_framework: 'none-such' });
    // The caller's framework matches nothing; the metadata's environment then picks alice.
    expect(withCaller.selected_definition?.workspace_id).toBe('alice');
    expect(withCaller.resolution_strategy).toBe('environment_match');
  });

  it('a broken workspace is a diagnostic, others load, and a lookup in it raises its load error', () => {
    tmp.write(join('ws', registryPath('good')), `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: 'GoodConfig', sagemaker_step_type: 'Training' })}`);
    tmp.write(join('ws', registryPath('broken')), `STEP_OVERRIDES:\n  XGBoostTraining:\n    config_class: [unclosed\n`);
    const registry = new HybridRegistryManager({ workspacesRoot: root(), cwd: tmp.dir, env: {} });
    expect(registry.getWorkspaces().map((w) => [w.id, w.status])).toEqual([
      ['broken', 'failed'],
      ['good', 'loaded'],
    ]);
    expect(registry.getStepDefinition('XGBoostTraining', 'good')?.config_class).toBe('GoodConfig');
    const diag = registry.getDiagnostics().find((d) => d.workspace_id === 'broken');
    expect(diag).toMatchObject({ severity: 'error', code: 'REGISTRY_LOAD_ERROR', file: join(root(), registryPath('broken')), line: 4 });
    expect(() => registry.getStepDefinition('XGBoostTraining', 'broken')).toThrow(RegistryLoadError);
    expect(() => registry.resolveStep('XGBoostTraining', { workspace_id: 'broken' })).toThrow(RegistryLoadError);
  });

  it('reload() re-reads files, rebuilds views and drops the resolve cache', () => {
    const file = tmp.write(join('ws', registryPath('alice')), `LOCAL_STEPS:\n${stepYaml('Train', { priority: 10 })}`);
    tmp.write(join('ws', registryPath('bob')), `LOCAL_STEPS:\n${stepYaml('Train', { priority: 20 })}`);
    const registry = new HybridRegistryManager({ workspacesRoot: root(), cwd: tmp.dir, env: {} });
    const before = registry.resolveStep('Train', { workspace_id: null });
    const legacyBefore = registry.createLegacyStepNamesDict('alice');
    expect(before.selected_definition?.workspace_id).toBe('alice');
    writeFileSync(file, `LOCAL_STEPS:\n${stepYaml('Train', { priority: 30 })}`);
    expect(registry.resolveStep('Train', { workspace_id: null })).toBe(before);
    registry.reload();
    expect(registry.resolveStep('Train', { workspace_id: null }).selected_definition?.workspace_id).toBe('bob');
    expect(registry.createLegacyStepNamesDict('alice')).not.toBe(legacyBefore);
  });

  it('reload() with a broken core throws and keeps serving the previous load', () => {
    const core = tmp.write('core.yaml', readFileSync(BUNDLED_CORE_REGISTRY, 'utf8'));
    const registry = new HybridRegistryManager({ coreRegistry: core, workspacesRoot: root(), cwd: tmp.dir, env: {} });
    writeFileSync(core, 'Base: [broken\n');
    expect(() => registry.reload()).toThrow(RegistryLoadError);
    expect(registry.getStepDefinition('XGBoostTraining', null)?.config_class).toBe('XGBoostTrainingConfig');
  });

  it('loads the real 64-step core with zero errors', () => {
    const registry = new HybridRegistryManager({ coreRegistry: CORE_64, workspacesRoot: root(), cwd: tmp.dir, env: {} });
    const expected = JSON.parse(readFileSync(CORE_64, 'utf8')) as Record<string, Record<string, string>>;
    expect(registry.getAllStepDefinitions(null).size).toBe(64);
    expect(registry.getDiagnostics().filter((d) => d.severity === 'error')).toEqual([]);
    expect({ ...registry.createLegacyStepNamesDict(null) }).toEqual(expected);
  });

  it('reads a core under a STEP_NAMES key', () => {
    const core = tmp.write('core.json', JSON.stringify({ STEP_NAMES: { Only: { config_class: 'OnlyConfig', builder_step_name: 'OnlyStepBuilder', spec_type: 'Only', sagemaker_step_type: 'Processing', description: 'one' } } }));
    const registry = new HybridRegistryManager({ coreRegistry: core, workspacesRoot: root(), cwd: tmp.dir, env: {} });
    expect([...registry.getAllStepDefinitions(null).keys()]).toEqual(['Only']);
    expect(registry.getStepDefinition('Only', null)?.source).toEqual({ file: core, line: 1 });
  });

  it('inside one context, a reload and a second registry are each answered right (the per-context memo is per load)', () => {
    const file = tmp.write(join('ws', registryPath('alice')), `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: 'A1Config', sagemaker_step_type: 'Training' })}`);
    const other = join(tmp.dir, 'ws2');
    tmp.write(join('ws2', registryPath('alice')), `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: 'OtherConfig', sagemaker_step_type: 'Training' })}`);
    const first = new HybridRegistryManager({ workspacesRoot: root(), cwd: tmp.dir, env: {} });
    const second = new HybridRegistryManager({ workspacesRoot: other, cwd: tmp.dir, env: {} });
    withWorkspaceContext('alice', () => {
      expect(first.getStepDefinition('XGBoostTraining')?.config_class).toBe('A1Config');
      expect(second.getStepDefinition('XGBoostTraining')?.config_class).toBe('OtherConfig');
      expect(first.getStepDefinition('XGBoostTraining')?.config_class).toBe('A1Config');
      writeFileSync(file, `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: 'A2Config', sagemaker_step_type: 'Training' })}`);
      first.reload();
      expect(first.getStepDefinition('XGBoostTraining')?.config_class).toBe('A2Config');
    });
  });

  it('CURSUS_WORKSPACE_ID is the default workspace when no context is set', () => {
    tmp.write(join('ws', registryPath('alice')), `LOCAL_STEPS:\n${stepYaml('Mine')}`);
    const registry = new HybridRegistryManager({ workspacesRoot: root(), cwd: tmp.dir, env: { CURSUS_WORKSPACE_ID: 'alice' } });
    expect(registry.getStepDefinition('Mine')?.workspace_id).toBe('alice');
    expect(withWorkspaceContext(null, () => registry.getStepDefinition('Mine'))).toBeUndefined();
    expect(registry.getStepDefinition('Mine', null)).toBeUndefined();
  });

  it('warns about LOCAL_STEPS shadowing core and STEP_OVERRIDES that override nothing', () => {
    tmp.write(join('ws', registryPath('alice')), `LOCAL_STEPS:\n${stepYaml('Package')}STEP_OVERRIDES:\n${stepYaml('Nothing')}`);
    const registry = new HybridRegistryManager({ workspacesRoot: root(), cwd: tmp.dir, env: {} });
    const codes = registry.getDiagnostics().filter((d) => d.workspace_id === 'alice').map((d) => [d.code, d.step, d.line]);
    expect(codes).toContainEqual(['SHADOWS_CORE', 'Package', 2]);
    expect(codes).toContainEqual(['OVERRIDES_NOTHING', 'Nothing', 9]);
    // It still shadows.
    expect(registry.getStepDefinition('Package', 'alice')?.workspace_id).toBe('alice');
  });

  it('property: resolution results do not depend on the order workspaces were created on disk', () => {
    const workspace = fc.record({
      id: fc.constantFrom('alice', 'Bob', 'carol', 'd.e', 'x-1', 'zed_9', 'AA'),
      priority: fc.integer({ min: 1, max: 3 }),
      framework: fc.constantFrom(undefined, 'xgboost', 'pytorch'),
      env: fc.subarray(['dev', 'prod']),
      override: fc.boolean(),
    });
    let run = 0;
    fc.assert(
      fc.property(fc.uniqueArray(workspace, { selector: (w) => w.id, minLength: 2, maxLength: 5 }), (specs) => {
        run++;
        const answers: string[] = [];
        for (const order of [specs, [...specs].reverse()]) {
          const dir = join(`run${run}-${answers.length}`);
          for (const s of order) {
            const section = s.override ? 'STEP_OVERRIDES' : 'LOCAL_STEPS';
            const name = s.override ? 'XGBoostTraining' : 'Shared';
            tmp.write(join(dir, registryPath(s.id)), `${section}:\n${stepYaml(name, { priority: s.priority, framework: s.framework, environment_tags: s.env, sagemaker_step_type: 'Training' })}`);
          }
          const registry = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, dir), cwd: tmp.dir, env: {} });
          const summary = [];
          for (const name of ['Shared', 'XGBoostTraining']) {
            for (const context of [{}, { preferred_framework: 'xgboost' }, { environment_tags: ['prod'] }, { workspace_id: specs[0]?.id }]) {
              const r = registry.resolveStep(name, { workspace_id: null, ...context });
              summary.push(`${name}:${r.selected_definition?.workspace_id}:${r.resolution_strategy}:${r.ambiguous}`);
            }
          }
          summary.push(JSON.stringify(Object.entries(registry.getStepConflicts()).map(([n, d]) => [n, d.map((x) => x.workspace_id)])));
          answers.push(summary.join('|'));
        }
        expect(answers[1]).toBe(answers[0]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('resolveLocations (SPEC §3.3 precedence)', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('flag > env > project config > default', () => {
    tmp.write('cursus.config.yaml', 'coreRegistry: cfg/core.yaml\nworkspacesRoot: cfg/ws\n');
    const env = { CURSUS_CORE_REGISTRY: 'env/core.yaml', CURSUS_WORKSPACES_ROOT: 'env/ws' };
    expect(resolveLocations({ cwd: tmp.dir, env, coreRegistry: 'flag.yaml' })).toMatchObject({
      coreRegistry: join(tmp.dir, 'flag.yaml'),
      coreRegistryOrigin: 'option',
      workspacesRoot: join(tmp.dir, 'env/ws'),
      workspacesRootOrigin: 'env',
    });
    expect(resolveLocations({ cwd: tmp.dir, env: {} })).toMatchObject({
      coreRegistry: join(tmp.dir, 'cfg/core.yaml'),
      coreRegistryOrigin: 'config',
      workspacesRoot: join(tmp.dir, 'cfg/ws'),
      configFile: join(tmp.dir, 'cursus.config.yaml'),
    });
  });

  it('defaults: the bundled core and developer_workspaces/developers under the working directory', () => {
    expect(resolveLocations({ cwd: tmp.dir, env: {} })).toMatchObject({
      coreRegistry: BUNDLED_CORE_REGISTRY,
      coreRegistryOrigin: 'default',
      workspacesRoot: join(tmp.dir, 'developer_workspaces', 'developers'),
      workspacesRootOrigin: 'default',
      configFile: null,
      projectConfig: null,
    });
  });

  it('an unknown config key is an error naming the file, line and closest key', () => {
    tmp.write('cursus.config.json', '{\n  "workspaceRoot": "x"\n}\n');
    expect(() => resolveLocations({ cwd: tmp.dir, env: {} })).toThrow(/cursus\.config\.json:2:3: unknown key 'workspaceRoot' — did you mean 'workspacesRoot'\?/);
  });

  it('an explicitly configured workspaces root that does not exist is a load error; the default one is not', () => {
    expect(() => new HybridRegistryManager({ cwd: tmp.dir, env: {}, workspacesRoot: 'missing' })).toThrow(/workspaces root does not exist/);
    expect(new HybridRegistryManager({ cwd: tmp.dir, env: {} }).getWorkspaceIds()).toEqual([]);
  });
});
