import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { HybridRegistryManager, diffRegistries, parseDiffKinds, RegistryLoadError, UnknownWorkspaceError } from '../../src/index.js';
import { closestMatch } from '../../src/model/closestMatch.js';
import { makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

const temps: TempDir[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.cleanup();
});

/** A project directory with workspaces under `ws/` (via cursus.config.json), each given as registry YAML. */
function project(workspaces: Record<string, string>): TempDir {
  const t = makeTempDir('cursus-diff-unit-');
  temps.push(t);
  t.write('cursus.config.json', '{ "workspacesRoot": "ws" }\n');
  for (const [id, text] of Object.entries(workspaces)) t.write(`ws/${registryPath(id)}`, text);
  return t;
}
const load = (t: TempDir) => new HybridRegistryManager({ cwd: t.dir, env: {} });
const local = (...steps: string[]) => `LOCAL_STEPS:\n${steps.join('')}`;

describe('diffRegistries', () => {
  it('two identical registries: no kinds, every count 0, one empty view per workspace', () => {
    const a = project({ alice: local(stepYaml('Solo')) });
    const b = project({ alice: local(stepYaml('Solo')) });
    const diff = diffRegistries(load(a), load(b));
    expect(diff.kinds).toEqual([]);
    expect(Object.values(diff.counts).every((n) => n === 0)).toBe(true);
    expect(diff.views).toEqual([
      { view: null, added: [], removed: [], changed: [] },
      { view: 'alice', added: [], removed: [], changed: [] },
    ]);
    expect(diff.before).toEqual({ label: 'before', loaded: true, workspaces: ['alice'], steps_in_core: 17 });
  });

  it('a moved line alone is no change; a changed list field is old → new', () => {
    const a = project({ alice: local(stepYaml('Solo', { environment_tags: ['dev'] })) });
    const b = project({ alice: `# a comment moves every line\n\n${local(stepYaml('Solo', { environment_tags: ['dev'] }))}` });
    expect(diffRegistries(load(a), load(b)).kinds).toEqual([]);
    const c = project({ alice: local(stepYaml('Solo', { environment_tags: ['dev', 'gpu'] })) });
    const diff = diffRegistries(load(a), load(c), { roots: { before: a.dir, after: c.dir } });
    expect(diff.views[1]?.changed).toEqual([
      {
        name: 'Solo',
        before: { registry_type: 'workspace', workspace_id: 'alice', file: 'ws/alice/src/cursus_dev/registry/workspace_registry.yaml', line: 2 },
        after: { registry_type: 'workspace', workspace_id: 'alice', file: 'ws/alice/src/cursus_dev/registry/workspace_registry.yaml', line: 2 },
        fields: [{ field: 'environment_tags', before: ['dev'], after: ['dev', 'gpu'] }],
        inherited: false,
      },
    ]);
  });

  it('a core change shows in the core view and, marked inherited, in each workspace view; counted once', () => {
    const a = project({ alice: local(stepYaml('Solo')) });
    const b = project({ alice: local(stepYaml('Solo')) });
    b.write('core.yaml', 'Base:\n  config_class: BasePipelineConfig\n  builder_step_name: StepBuilderBase\n  spec_type: Base\n  sagemaker_step_type: Base\n  description: Base\n');
    const before = new HybridRegistryManager({ cwd: a.dir, coreRegistry: b.write('core-a.yaml', 'Base:\n  config_class: BasePipelineConfig\n  builder_step_name: StepBuilderBase\n  spec_type: Base\n  sagemaker_step_type: Base\n  description: Base\nGone:\n  config_class: GoneConfig\n  builder_step_name: GoneStepBuilder\n  spec_type: Gone\n  sagemaker_step_type: Processing\n  description: Gone\n'), env: {} });
    const after = new HybridRegistryManager({ cwd: b.dir, coreRegistry: `${b.dir}/core.yaml`, env: {} });
    const diff = diffRegistries(before, after);
    expect(diff.views.map((v) => [v.view, v.removed.map((e) => [e.name, e.inherited])])).toEqual([
      [null, [['Gone', false]]],
      ['alice', [['Gone', true]]],
    ]);
    expect(diff.counts['removed-step']).toBe(1);
    expect(diff.kinds).toEqual(['removed-step']);
  });

  it('a side that did not load is a broken finding; nothing else is compared', () => {
    const a = project({ alice: local(stepYaml('Solo')) });
    const error = new RegistryLoadError('core registry is not a mapping', { file: `${a.dir}/core.yaml`, line: 1 });
    const diff = diffRegistries(load(a), { loadError: error }, { roots: { after: a.dir } });
    expect(diff.after.loaded).toBe(false);
    expect(diff.views).toEqual([]);
    expect(diff.kinds).toEqual(['broken']);
    expect(diff.broken).toEqual([
      { side: 'after', new: true, code: 'REGISTRY_LOAD_ERROR', message: 'core registry is not a mapping', file: 'core.yaml', line: 1, column: null, workspace_id: null, step: null },
    ]);
  });

  it('a workspace broken on the head side: broken (new), its view not compared, its steps gone from resolution', () => {
    const a = project({ alice: local(stepYaml('Shared', { priority: 10 })), bob: local(stepYaml('Shared', { priority: 20 })) });
    const b = project({ alice: 'LOCAL_STEPS:\n  Shared: {config_class: X\n', bob: local(stepYaml('Shared', { priority: 20 })) });
    const diff = diffRegistries(load(a), load(b), { roots: { before: a.dir, after: b.dir } });
    expect(diff.kinds).toEqual(['changed-resolution', 'broken', 'removed-conflict']);
    expect(diff.views.map((v) => v.view)).toEqual([null, 'bob']);
    expect(diff.broken.map((x) => [x.side, x.new, x.file, x.workspace_id])).toEqual([['after', true, 'ws/alice/src/cursus_dev/registry/workspace_registry.yaml', 'alice']]);
    expect(diff.resolutions.map((r) => [r.context, r.before.selected?.workspace_id, r.after.selected?.workspace_id])).toEqual([[null, 'alice', 'bob']]);
  });

  it('resolution follows a context workspace\'s preferred_frameworks, and only changed contexts are listed', () => {
    const defs = (fw: string) => ({
      alice: local(stepYaml('Train', { framework: 'pytorch', priority: 50 })),
      bob: local(stepYaml('Train', { framework: 'xgboost', priority: 60 })),
      carol: `${local(stepYaml('Other'))}WORKSPACE_METADATA:\n  preferred_frameworks: [${fw}]\n`,
    });
    const diff = diffRegistries(load(project(defs('pytorch'))), load(project(defs('xgboost'))));
    expect(diff.kinds).toEqual(['changed-resolution']);
    expect(diff.resolutions).toHaveLength(1);
    expect(diff.resolutions[0]).toMatchObject({ name: 'Train', context: 'carol', before: { selected: { workspace_id: 'alice' }, strategy: 'framework_match' }, after: { selected: { workspace_id: 'bob' }, strategy: 'framework_match' } });
    expect(diff.resolutions[0]?.after.rule).toBe("chose workspace 'bob' (LOCAL_STEPS): the only candidate with framework xgboost (framework_match)");
  });

  it('workspaces option: only those views and contexts; unknown on both sides is UnknownWorkspaceError', () => {
    const a = project({ alice: local(stepYaml('A')), bob: local(stepYaml('B')) });
    const diff = diffRegistries(load(a), load(a), { workspaces: ['bob'] });
    expect(diff.views.map((v) => v.view)).toEqual([null, 'bob']);
    expect(() => diffRegistries(load(a), load(a), { workspaces: ['bobb'] })).toThrow(UnknownWorkspaceError);
  });
});

describe('parseDiffKinds', () => {
  it('reads a comma list in canonical order, "all", and reports unknown kinds with the closest one', () => {
    const suggest = (k: string, known: readonly string[]) => closestMatch(k, known);
    expect(parseDiffKinds('broken, new-conflict,,', suggest)).toEqual({ kinds: ['new-conflict', 'broken'], unknown: [] });
    expect(parseDiffKinds('all', suggest).kinds).toHaveLength(11);
    expect(parseDiffKinds('removed-steps', suggest).unknown).toEqual([{ kind: 'removed-steps', suggestion: 'removed-step' }]);
  });
});

describe('cursus registry diff DIR DIR', () => {
  it('compares two directories, each loaded as a project (its cursus.config, its workspaces)', async () => {
    const a = project({ alice: local(stepYaml('A')) });
    const b = project({ alice: local(stepYaml('A'), stepYaml('B')), bob: local(stepYaml('A')) });
    let stdout = '';
    let stderr = '';
    const code = await main(['node', 'cursus', 'registry', 'diff', '.', b.dir, '--fail-on', 'new-conflict'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: a.dir, isTTY: false });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        `Registry diff: . → ${b.dir}`,
        '1 new conflict, 1 new ambiguous resolution, 1 added step, 1 added workspace',
        '',
        'View of workspace alice',
        '  + B  alice (LOCAL_STEPS)  ws/alice/src/cursus_dev/registry/workspace_registry.yaml:8',
        '',
        'Workspaces',
        '  + bob  (1 local step, 0 overrides)',
        '',
        'Conflicts (names defined by two or more workspaces)',
        '  + A: alice: priority 100; bob: priority 100',
        '',
        'Resolution changes',
        '  A in the default context: alice (LOCAL_STEPS) → alice (LOCAL_STEPS), ambiguous: tie of alice, bob  [ambiguous]',
        "      before: chose workspace 'alice' (LOCAL_STEPS): the only definition (no_conflict)",
        "      after:  chose workspace 'alice' (LOCAL_STEPS): lowest priority 100 (ambiguous: a tie between workspaces, settled by workspace id) (priority_based)",
        'fail: the change contains new-conflict (--fail-on)',
        '',
      ].join('\n'),
    );
  });
});
