import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HybridRegistryManager, RegistryHealthMonitor, type RegistryWatcher, type ReloadEvent, type WatchErrorEvent } from '../../src/index.js';
import { EXAMPLES_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { runCliInProcess } from '../helpers/runCli.js';

const override = (cls: string) => `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: cls, sagemaker_step_type: 'Training' })}`;

describe('RegistryHealthMonitor and `cursus registry health`', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('the examples are healthy: core, three workspaces, three conflicting names, counters', async () => {
    const registry = new HybridRegistryManager({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
    registry.getStepDefinition('XGBoostTraining', 'alice');
    registry.resolveStep('ModelTraining', { workspace_id: null });
    registry.resolveStep('ModelTraining', { workspace_id: null });
    const report = new RegistryHealthMonitor(registry).checkRegistryHealth();
    expect(report.status).toBe('healthy');
    expect(report.core).toMatchObject({ status: 'healthy', steps: 17 });
    expect(report.workspaces.map((w) => [w.workspace_id, w.status, w.local_steps, w.step_overrides])).toEqual([
      ['alice', 'healthy', 3, 1],
      ['bob', 'healthy', 3, 1],
      ['carol', 'healthy', 2, 1],
    ]);
    expect(report.conflicts).toEqual({ count: 3, names: ['DataValidation', 'ModelEvaluation', 'ModelTraining'] });
    expect(report.metrics.registry_access_count).toBe(1);
    expect(report.metrics.conflict_resolution_count).toBe(2);
    expect(report.problems).toEqual([]);
  });

  it('a failed workspace makes it unhealthy, with the reason and file:line', async () => {
    const root = join(tmp.dir, 'ws');
    tmp.write(join('ws', registryPath('good')), override('GoodConfig'));
    const bad = tmp.write(join('ws', registryPath('bad')), `STEP_OVERRIDES:\n  XGBoostTraining:\n    config_class: [oops\n`);
    const report = new RegistryHealthMonitor(new HybridRegistryManager({ workspacesRoot: root, cwd: tmp.dir, env: {} })).checkRegistryHealth();
    expect(report.status).toBe('unhealthy');
    const failed = report.workspaces.find((w) => w.workspace_id === 'bad');
    expect(failed).toMatchObject({ status: 'failed', file: bad, line: 4 });
    expect(failed?.reason).toContain('YAML syntax error');
    expect(report.problems).toHaveLength(1);
  });

  it('CLI: exit 0 healthy, 1 unhealthy (also for a broken core), json report', async () => {
    const healthy = await runCliInProcess(['--workspaces-root', EXAMPLES_ROOT, 'registry', 'health', '--format', 'json'], { cwd: tmp.dir });
    expect(healthy.code).toBe(0);
    const json = JSON.parse(healthy.stdout) as { status: string; workspaces: unknown[]; flags: object };
    expect(json.status).toBe('healthy');
    expect(json.workspaces).toHaveLength(3);
    tmp.write(join('ws', registryPath('bad')), 'LOCAL_STEPS: [\n');
    const unhealthy = await runCliInProcess(['--workspaces-root', join(tmp.dir, 'ws'), 'registry', 'health'], { cwd: tmp.dir });
    expect(unhealthy.code).toBe(1);
    expect(unhealthy.stdout.split('\n')[0]).toMatch(/^unhealthy: core \S*core\/step_names\.yaml \(17 steps\), 1 workspace, 0 conflicting names$/);
    expect(unhealthy.stdout).toContain("- workspace 'bad' failed to load: ");
    const brokenCore = tmp.write('core.yaml', 'Base: [\n');
    const noCore = await runCliInProcess(['--core-registry', brokenCore, '--workspaces-root', join(tmp.dir, 'ws'), 'registry', 'health'], { cwd: tmp.dir });
    expect(noCore.code).toBe(1);
    expect(noCore.stdout).toMatch(/^unhealthy: the core registry cannot be loaded: .*core\.yaml:2:1: YAML syntax error/);
  });
});

describe('manager.watch()', () => {
  let tmp: TempDir;
  let root: string;
  let registry: HybridRegistryManager;
  let watcher: RegistryWatcher | undefined;
  const reloads: ReloadEvent[] = [];
  const errors: WatchErrorEvent[] = [];

  const nextReload = (): Promise<ReloadEvent> => new Promise((resolve) => watcher?.once('reload', resolve));

  beforeEach(async () => {
    tmp = makeTempDir();
    root = join(tmp.dir, 'ws');
    tmp.write(join('ws', registryPath('a')), override('A1Config'));
    tmp.write(join('ws', registryPath('b')), override('B1Config'));
    registry = new HybridRegistryManager({ workspacesRoot: root, cwd: tmp.dir, env: {} });
    reloads.length = 0;
    errors.length = 0;
    watcher = await registry.watch({ debounceMs: 30 });
    watcher.on('reload', (e) => reloads.push(e));
    watcher.on('error', (e) => errors.push(e));
  });
  afterEach(async () => {
    await watcher?.close();
    tmp.cleanup();
  });

  const file = (id: string) => join(root, registryPath(id));

  it('reloads only the changed workspace and drops the resolve cache', async () => {
    const before = registry.resolveStep('XGBoostTraining', { workspace_id: 'a' });
    const bView = registry.getView('b');
    const reloaded = nextReload();
    writeFileSync(file('a'), override('A2Config'));
    const event = await reloaded;
    expect(event.changed).toEqual(['a']);
    expect(event.reloaded).toEqual(['a']);
    expect(registry.getStepDefinition('XGBoostTraining', 'a')?.config_class).toBe('A2Config');
    expect(registry.resolveStep('XGBoostTraining', { workspace_id: 'a' })).not.toBe(before);
    // b was not re-read: the same loaded definitions are served.
    expect(registry.getView('b').definitions.get('XGBoostTraining')).toBe(bView.definitions.get('XGBoostTraining'));
  });

  it('a broken edit keeps the last good version, emits error, and a fix recovers', async () => {
    let reloaded = nextReload();
    writeFileSync(file('a'), 'STEP_OVERRIDES:\n  XGBoostTraining: [broken\n');
    let event = await reloaded;
    expect(event.stale.map((s) => s.workspace_id)).toEqual(['a']);
    expect(registry.getStepDefinition('XGBoostTraining', 'a')?.config_class).toBe('A1Config');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ workspace_id: 'a', serving_last_good: true });
    expect(errors[0]?.error.message).toContain(`${file('a')}:`);
    expect(registry.getStaleWorkspaces().map((s) => s.workspace_id)).toEqual(['a']);
    expect(new RegistryHealthMonitor(registry).checkRegistryHealth().status).toBe('degraded');
    expect(registry.getStepDefinition('XGBoostTraining', 'b')?.config_class).toBe('B1Config');
    reloaded = nextReload();
    writeFileSync(file('a'), override('A3Config'));
    event = await reloaded;
    expect(event.stale).toEqual([]);
    expect(registry.getStepDefinition('XGBoostTraining', 'a')?.config_class).toBe('A3Config');
    expect(registry.getStaleWorkspaces()).toEqual([]);
    expect(new RegistryHealthMonitor(registry).checkRegistryHealth().status).toBe('healthy');
  });

  it('picks up added and removed workspaces', async () => {
    let reloaded = nextReload();
    mkdirSync(join(root, 'c', 'src', 'cursus_dev', 'registry'), { recursive: true });
    writeFileSync(file('c'), override('C1Config'));
    let event = await reloaded;
    expect(event.added).toEqual(['c']);
    expect(registry.getStepDefinition('XGBoostTraining', 'c')?.config_class).toBe('C1Config');
    reloaded = nextReload();
    rmSync(join(root, 'b'), { recursive: true, force: true });
    event = await reloaded;
    expect(event.removed).toEqual(['b']);
    expect(registry.getWorkspaceIds()).toEqual(['a', 'c']);
    expect(() => registry.getView('b')).toThrow(/Unknown workspace 'b'/);
  });
});
