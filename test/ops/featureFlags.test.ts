import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  HybridRegistryManager,
  RegistryHealthMonitor,
  RegistryLoadError,
  UnknownWorkspaceError,
  resolveFeatureFlags,
  withWorkspaceContext,
} from '../../src/index.js';
import { makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { runCliInProcess } from '../helpers/runCli.js';

describe('feature flags (SPEC §9)', () => {
  let tmp: TempDir;
  let root: string;
  beforeEach(async () => {
    tmp = makeTempDir();
    root = join(tmp.dir, 'ws');
    mkdirSync(root);
    tmp.write(join('ws', registryPath('alice')), `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: 'AliceConfig', sagemaker_step_type: 'Training' })}LOCAL_STEPS:\n${stepYaml('Mine')}`);
    tmp.write(join('ws', registryPath('broken')), `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { framwork: 'x' })}`);
  });
  afterEach(() => tmp.cleanup());

  const manager = (env: Record<string, string> = {}, extra: object = {}) => new HybridRegistryManager({ workspacesRoot: root, cwd: tmp.dir, env, ...extra });

  it('defaults: hybrid on, context on, strict fallback, code registries allowed', async () => {
    expect(manager().flags).toEqual({ hybridRegistry: true, workspaceContext: true, registryFallback: 'strict', allowCodeRegistries: true });
  });

  it('precedence: option > environment > project config > default', async () => {
    const config = { hybridRegistry: false, workspaceContext: false, registryFallback: 'core_only' as const, allowCodeRegistries: false };
    expect(resolveFeatureFlags(undefined, {}, config)).toEqual(config);
    expect(resolveFeatureFlags(undefined, { CURSUS_HYBRID_REGISTRY: 'on', CURSUS_REGISTRY_FALLBACK: 'strict' }, config)).toMatchObject({ hybridRegistry: true, registryFallback: 'strict', workspaceContext: false });
    expect(resolveFeatureFlags({ hybridRegistry: false }, { CURSUS_HYBRID_REGISTRY: 'on' }, null).hybridRegistry).toBe(false);
    tmp.write('cursus.config.json', JSON.stringify({ workspacesRoot: 'ws', registryFallback: 'core_only' }));
    expect(new HybridRegistryManager({ cwd: tmp.dir, env: {} }).flags.registryFallback).toBe('core_only');
  });

  it('a malformed switch is an error naming the variable, not a silent default', async () => {
    expect(() => manager({ CURSUS_HYBRID_REGISTRY: 'maybe' })).toThrow(RegistryLoadError);
    expect(() => manager({ CURSUS_HYBRID_REGISTRY: 'maybe' })).toThrow(/CURSUS_HYBRID_REGISTRY="maybe" is not a switch/);
    expect(() => manager({ CURSUS_REGISTRY_FALLBACK: 'loose' })).toThrow(/CURSUS_REGISTRY_FALLBACK="loose" is not a fallback mode\. Hint: use strict or core_only/);
  });

  it('hybrid off: core only — an explicit workspace is refused, a context is ignored, nothing is discovered', async () => {
    const registry = manager({ CURSUS_HYBRID_REGISTRY: 'off', CURSUS_WORKSPACE_ID: 'alice' });
    expect(registry.getWorkspaceIds()).toEqual([]);
    expect(registry.getStepDefinition('XGBoostTraining')?.config_class).toBe('XGBoostTrainingConfig');
    expect(withWorkspaceContext('alice', () => registry.getStepDefinition('XGBoostTraining')?.config_class)).toBe('XGBoostTrainingConfig');
    expect(() => registry.getStepDefinition('XGBoostTraining', 'alice')).toThrow(UnknownWorkspaceError);
    expect(() => registry.getStepDefinition('XGBoostTraining', 'alice')).toThrow(/Hint: the hybrid registry is disabled \(CURSUS_HYBRID_REGISTRY=off/);
    expect(registry.getDiagnostics().filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('context off: the async context and CURSUS_WORKSPACE_ID are ignored, explicit ids still work', () => {
    const registry = manager({ CURSUS_WORKSPACE_CONTEXT: 'false', CURSUS_WORKSPACE_ID: 'alice' });
    expect(registry.getStepDefinition('Mine')).toBeUndefined();
    expect(withWorkspaceContext('alice', () => registry.getStepDefinition('Mine'))).toBeUndefined();
    expect(registry.getStepDefinition('Mine', 'alice')?.workspace_id).toBe('alice');
  });

  it('fallback strict: a lookup in a broken workspace raises its load error', async () => {
    const registry = manager();
    expect(() => registry.getStepDefinition('XGBoostTraining', 'broken')).toThrow(/did you mean `framework`/);
    expect(new RegistryHealthMonitor(registry).checkRegistryHealth().status).toBe('unhealthy');
  });

  it('fallback core_only: a broken workspace is served from core, and why is recorded in events and health', async () => {
    const registry = manager({ CURSUS_REGISTRY_FALLBACK: 'core_only' });
    expect(registry.getStepDefinition('XGBoostTraining', 'broken')?.config_class).toBe('XGBoostTrainingConfig');
    expect(registry.getStepDefinition('XGBoostTraining', 'alice')?.config_class).toBe('AliceConfig');
    const events = registry.getFallbackEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ workspace_id: 'broken' });
    expect(events[0]?.reason).toContain('`framwork`: unknown field');
    const health = new RegistryHealthMonitor(registry).checkRegistryHealth();
    expect(health.status).toBe('degraded');
    expect(health.metrics.fallbacks).toBe(1);
    expect(health.problems).toEqual([expect.stringContaining("workspace 'broken' failed to load (served from core)")]);
  });

  it('fallback core_only: an unreadable workspaces root serves core and records why', async () => {
    const registry = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, 'missing'), cwd: tmp.dir, env: { CURSUS_REGISTRY_FALLBACK: 'core_only' } });
    expect(registry.getWorkspaceIds()).toEqual([]);
    expect(registry.getRootFailure()?.message).toContain('workspaces root does not exist');
    expect(registry.getDiagnostics().find((d) => d.severity === 'error')?.message).toBe('workspaces root does not exist — serving the core registry only (CURSUS_REGISTRY_FALLBACK=core_only)');
    expect(new RegistryHealthMonitor(registry).checkRegistryHealth().status).toBe('degraded');
    // Strict: the same root is a load error.
    expect(() => new HybridRegistryManager({ workspacesRoot: join(tmp.dir, 'missing'), cwd: tmp.dir, env: {} })).toThrow(/workspaces root does not exist/);
  });

  it('code registries can be disabled: a .ts registry is refused with a clear error and never runs', async () => {
    const marker = join(tmp.dir, 'ran.txt');
    tmp.write(join('ws', registryPath('coder', 'ts')), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');\nexport const LOCAL_STEPS = {};\n`);
    const registry = manager({ CURSUS_ALLOW_CODE_REGISTRIES: 'false' });
    expect(() => registry.getView('coder')).toThrow(/code registries are disabled \(CURSUS_ALLOW_CODE_REGISTRIES=false \/ allowCodeRegistries: false\): this registry file would run code when loaded, so it was not loaded\. Hint: convert it to workspace_registry\.yaml/);
    expect(() => registry.getView('coder')).toThrow(expect.objectContaining({ code: 'REGISTRY_LOAD_ERROR', workspaceId: 'coder' }));
    expect(existsSync(marker)).toBe(false);
    // Allowed (the default), it runs.
    manager().getView('coder');
    expect(existsSync(marker)).toBe(true);
  });

  it('the file size limit comes from options or the project config and applies to every format', async () => {
    tmp.write(join('ws', registryPath('big')), `LOCAL_STEPS:\n${stepYaml('Big', { description: 'x'.repeat(5000) })}`);
    expect(() => manager({}, { maxFileBytes: 1000 }).getView('big')).toThrow(/file is \d+ bytes, more than the limit of 1000/);
    tmp.write('cursus.config.yaml', 'workspacesRoot: ws\nmaxFileBytes: 2000\n');
    expect(() => new HybridRegistryManager({ cwd: tmp.dir, env: {} }).getView('big')).toThrow(/more than the limit of 2000/);
    tmp.write(join('ws', registryPath('bigts', 'ts')), `export const LOCAL_STEPS = {};\n// ${'y'.repeat(3000)}\n`);
    expect(() => new HybridRegistryManager({ cwd: tmp.dir, env: {} }).getView('bigts')).toThrow(/more than the limit of 2000/);
  });

  it('CLI: flags from the environment apply to commands', async () => {
    const off = await runCliInProcess(['--workspaces-root', root, 'registry', 'list-steps', '--workspace', 'alice'], { cwd: tmp.dir, env: { CURSUS_HYBRID_REGISTRY: 'off' } });
    expect(off.code).toBe(2);
    expect(off.stderr).toContain("cursus: error UNKNOWN_WORKSPACE: Unknown workspace 'alice' (no workspaces are loaded). Hint: the hybrid registry is disabled");
    const fallback = await runCliInProcess(['--workspaces-root', root, 'registry', 'list-steps', '--workspace', 'broken', '--format', 'json'], { cwd: tmp.dir, env: { CURSUS_REGISTRY_FALLBACK: 'core_only' } });
    expect(fallback.code).toBe(0);
    expect((JSON.parse(fallback.stdout) as Record<string, { config_class: string }>).XGBoostTraining?.config_class).toBe('XGBoostTrainingConfig');
  });
});
