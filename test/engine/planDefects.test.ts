/**
 * One test per defect of the Python plan listed in SPEC §10 (1–9), each
 * showing the defect is absent here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import {
  HybridRegistryManager,
  RegistryLoadError,
  STEP_NAMES,
  clearWorkspaceContext,
  configureRegistry,
  getConfigClassName,
  getWorkspaceContext,
  resetRegistry,
  setWorkspaceContext,
  withWorkspaceContext,
} from '../../src/index.js';
import { EXAMPLES_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

describe('SPEC §10 defects of the plan are absent', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
    mkdirSync(join(tmp.dir, 'ws'));
    configureRegistry({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
  });
  afterEach(() => {
    clearWorkspaceContext();
    resetRegistry();
    tmp.cleanup();
  });

  it('1. conflict listing keeps the first definition of each conflicting name', () => {
    const registry = new HybridRegistryManager({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
    // The plan dropped alice's (the first discovered) definition.
    expect(registry.getStepConflicts().ModelTraining?.map((d) => d.workspace_id)).toEqual(['alice', 'bob', 'carol']);
    expect(registry.getStepConflicts().ModelEvaluation).toHaveLength(2);
  });

  it('2. STEP_NAMES follows the context instead of being computed once at import', () => {
    expect(STEP_NAMES.XGBoostTraining?.config_class).toBe('XGBoostTrainingConfig');
    withWorkspaceContext('alice', () => {
      expect(STEP_NAMES.XGBoostTraining?.config_class).toBe('AliceXGBoostTrainingConfig');
      expect('FeatureDriftCheck' in STEP_NAMES).toBe(true);
    });
    expect('FeatureDriftCheck' in STEP_NAMES).toBe(false);
  });

  it('3. concurrent tasks in different workspaces do not bleed into each other', async () => {
    const seen = await Promise.all(
      ['alice', 'bob', 'carol', 'alice', 'bob'].map((ws, i) =>
        withWorkspaceContext(ws, async () => {
          await sleep(5 * (5 - i));
          const first = getWorkspaceContext();
          await sleep(i);
          return [first, getWorkspaceContext(), getConfigClassName('XGBoostTraining')];
        }),
      ),
    );
    expect(seen).toEqual([
      ['alice', 'alice', 'AliceXGBoostTrainingConfig'],
      ['bob', 'bob', 'XGBoostTrainingConfig'],
      ['carol', 'carol', 'XGBoostTrainingConfig'],
      ['alice', 'alice', 'AliceXGBoostTrainingConfig'],
      ['bob', 'bob', 'XGBoostTrainingConfig'],
    ]);
  });

  it('4. framework and environment filters narrow even when several candidates match', () => {
    for (const [ws, framework, env, priority] of [
      ['a1', 'xgboost', 'prod', 10],
      ['a2', 'xgboost', 'dev', 20],
      ['a3', 'pytorch', 'dev', 1],
    ] as const) {
      tmp.write(join('ws', registryPath(ws)), `LOCAL_STEPS:\n${stepYaml('Train', { framework, environment_tags: [env], priority })}`);
    }
    const registry = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, 'ws'), cwd: tmp.dir, env: {} });
    // Two candidates use xgboost: the plan skipped the filter and a3 (priority 1) won.
    const r = registry.resolveStep('Train', { workspace_id: null, preferred_framework: 'xgboost', environment_tags: ['dev'] });
    expect(r.selected_definition?.workspace_id).toBe('a2');
    expect(r.resolution_strategy).toBe('environment_match');
  });

  it('5. priority ties are settled by workspace id in code-unit order, not discovery order', () => {
    for (const ws of ['beta', 'Alpha', 'alpha']) tmp.write(join('ws', registryPath(ws)), `LOCAL_STEPS:\n${stepYaml('Train', { priority: 5 })}`);
    const registry = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, 'ws'), cwd: tmp.dir, env: {} });
    const r = registry.resolveStep('Train', { workspace_id: null });
    expect(r.selected_definition?.workspace_id).toBe('Alpha');
    expect(r.ambiguous).toBe(true);
    expect(r.conflicting_definitions.map((d) => d.workspace_id)).toEqual(['Alpha', 'alpha', 'beta']);
  });

  it('6. a broken workspace file is a recorded error and its lookups raise, instead of silently losing overrides', () => {
    tmp.write(join('ws', registryPath('broken')), `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { framwork: 'xgboost' })}`);
    const registry = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, 'ws'), cwd: tmp.dir, env: {} });
    expect(registry.getDiagnostics().filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['STEP_DEFINITION_INVALID']);
    expect(() => registry.getStepDefinition('XGBoostTraining', 'broken')).toThrow(/unknown field — did you mean `framework`\?/);
  });

  it('7. a workspace lookup never falls back to other workspaces, and a lookup without one never returns a workspace definition', () => {
    const registry = new HybridRegistryManager({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
    expect(registry.getStepDefinition('DataValidation', 'alice')).toBeUndefined();
    expect(registry.getStepDefinition('ModelTraining', null)).toBeUndefined();
    expect(registry.getStepDefinition('XGBoostTraining', null)?.workspace_id).toBeNull();
    expect(() => registry.getStepDefinition('XGBoostTraining', 'nobody')).toThrow(/Unknown workspace 'nobody'/);
  });

  it('8. restoring the outer context does not test its truthiness', () => {
    setWorkspaceContext(null); // explicit "no workspace" (falsy)
    withWorkspaceContext('alice', () => expect(getWorkspaceContext()).toBe('alice'));
    expect(getWorkspaceContext()).toBeNull();
    setWorkspaceContext('bob');
    expect(() =>
      withWorkspaceContext('alice', () => {
        throw new RegistryLoadError('boom');
      }),
    ).toThrow('boom');
    expect(getWorkspaceContext()).toBe('bob');
  });

  it('9. lookups do not rebuild the step dictionary', () => {
    const registry = new HybridRegistryManager({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
    expect(registry.createLegacyStepNamesDict('alice')).toBe(registry.createLegacyStepNamesDict('alice'));
    expect(registry.getAllStepDefinitions('bob')).toBe(registry.getAllStepDefinitions('bob'));
    expect(registry.getStepConflicts()).toBe(registry.getStepConflicts());
    expect(registry.getView('carol').configStepRegistry).toBe(registry.getView('carol').configStepRegistry);
    expect(registry.getStepDefinition('XGBoostTraining', 'alice')).toBe(registry.getStepDefinition('XGBoostTraining', 'alice'));
  });
});
