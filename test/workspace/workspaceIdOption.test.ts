/**
 * The workspace argument is `workspaceId` in the TS API (issue 12.18);
 * `developerId`, its old name, still works in the exported option objects
 * (`initWorkspace`, `setupDeveloper`, templates). The file format keeps
 * `WORKSPACE_METADATA.developer_id`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { RegistryError } from '../../src/model/errors.js';
import { initWorkspace } from '../../src/workspace/initWorkspace.js';
import { renderRegistryTemplate } from '../../src/workspace/registryTemplates.js';
import { setupDeveloper } from '../../src/workspace/setupDeveloper.js';
import { EXAMPLES_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';

let t: TempDir;
let root: string;
beforeEach(() => {
  t = makeTempDir('cursus-wsid-');
  root = join(t.dir, 'ws');
  mkdirSync(root);
});
afterEach(() => t.cleanup());

const NOW = new Date('2026-01-02T03:04:05Z');

describe('workspaceId, and developerId as its deprecated alias', () => {
  it('initWorkspace: both names write the same file for the same workspace', () => {
    const a = initWorkspace({ workspaceId: 'dana', workspacesRoot: root, cwd: t.dir, now: NOW });
    const b = initWorkspace({ developerId: 'erin', workspacesRoot: root, cwd: t.dir, now: NOW });
    expect(a.workspaceId).toBe('dana');
    expect(b.workspaceId).toBe('erin');
    expect(a.registryFile).toBe(join(root, 'dana', 'src', 'cursus_dev', 'registry', 'workspace_registry.yaml'));
    expect(b.registryFile).toBe(join(root, 'erin', 'src', 'cursus_dev', 'registry', 'workspace_registry.yaml'));
    // The file format keeps developer_id.
    expect(readFileSync(a.registryFile, 'utf8')).toContain('  developer_id: "dana"\n');
    expect(readFileSync(b.registryFile, 'utf8').replaceAll('erin', 'dana').replaceAll('Erin', 'Dana')).toBe(readFileSync(a.registryFile, 'utf8'));
  });

  it('setupDeveloper: both names work', () => {
    expect(setupDeveloper({ workspaceId: 'fay', workspacesRoot: root, cwd: t.dir }).workspaceDir).toBe(join(root, 'fay'));
    expect(setupDeveloper({ developerId: 'gus', workspacesRoot: root, cwd: t.dir }).workspaceDir).toBe(join(root, 'gus'));
  });

  it('both names, disagreeing: INVALID_WORKSPACE_ID, nothing written', () => {
    let thrown: unknown;
    try {
      initWorkspace({ workspaceId: 'dana', developerId: 'erin', workspacesRoot: root, cwd: t.dir });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RegistryError);
    expect((thrown as RegistryError).code).toBe('INVALID_WORKSPACE_ID');
    expect((thrown as RegistryError).detail).toBe(`Invalid workspace id "dana": workspaceId and its deprecated alias developerId disagree ('erin'); pass workspaceId only`);
    expect(() => readFileSync(join(root, 'dana', 'src', 'cursus_dev', 'registry', 'workspace_registry.yaml'))).toThrow();
    // Agreeing values are fine.
    expect(initWorkspace({ workspaceId: 'dana', developerId: 'dana', workspacesRoot: root, cwd: t.dir }).workspaceId).toBe('dana');
  });

  it('renderRegistryTemplate: the same text from either name', () => {
    const common = { template: 'standard', format: 'ts', schemaRef: '../schema.json' } as const;
    const text = renderRegistryTemplate({ workspaceId: 'hal', ...common });
    expect(renderRegistryTemplate({ developerId: 'hal', ...common })).toBe(text);
    expect(text).toContain("    developer_id: 'hal',\n");
  });
});

describe('public names (12.18)', () => {
  it('getGlobalBuilderRegistry is the builder registry; getGlobalRegistry is its deprecated alias; validateRegistry is exported', () => {
    expect(api.getGlobalRegistry).toBe(api.getGlobalBuilderRegistry);
    expect(api.getGlobalBuilderRegistry()).toBeInstanceOf(api.StepBuilderRegistry);
    expect(typeof api.validateRegistry).toBe('function');
    expect(typeof api.getGlobalRegistryManager).toBe('function');
  });
});

describe('query and builder options: workspaceId, and workspace as its deprecated alias', () => {
  it('listStepRecords / resolveStepRecord / validateRegistryRecord / exportViewText answer the same for both names', () => {
    const registry = new api.HybridRegistryManager({ workspacesRoot: EXAMPLES_ROOT, cwd: t.dir, env: {} });
    const byId = api.listStepRecords(registry, { workspaceId: 'alice' });
    expect((byId.XGBoostTraining as { config_class: string }).config_class).toBe('AliceXGBoostTrainingConfig');
    expect(api.listStepRecords(registry, { workspace: 'alice' })).toEqual(byId);
    // workspaceId wins over the old name; null is the core view.
    expect((api.listStepRecords(registry, { workspaceId: null, workspace: 'alice' }).XGBoostTraining as { config_class: string }).config_class).toBe('XGBoostTrainingConfig');
    expect(api.resolveStepRecord(registry, 'XGBoostTraining', { workspaceId: 'alice' }).selected_definition?.workspace_id).toBe('alice');
    expect(api.resolveStepRecord(registry, 'XGBoostTraining', { workspace: 'alice' }).selected_definition?.workspace_id).toBe('alice');
    expect(api.validateRegistryRecord(registry, { workspaceId: 'alice' }).workspace_id).toBe('alice');
    expect(api.validateRegistryRecord(registry, { workspace: 'alice' }).workspace_id).toBe('alice');
    const text = api.exportViewText(registry, { workspaceId: 'alice', format: 'json', version: '0' });
    expect(text).toContain('AliceXGBoostTrainingConfig');
    expect(api.exportViewText(registry, { workspace: 'alice', format: 'json', version: '0' })).toBe(text);
  });

  it('registerBuilder { workspaceId } registers for that workspace; unregisterBuilder { workspace } (old name) removes it', () => {
    class AliceBuilder extends api.StepBuilderBase {
      createStep(): unknown {
        return null;
      }
    }
    const builders = new api.StepBuilderRegistry();
    builders.registerBuilder('XGBoostTraining', AliceBuilder, { workspaceId: 'alice' });
    expect(builders.listRegistrations().map((r) => [r.step, r.workspace_id])).toContainEqual(['XGBoostTraining', 'alice']);
    expect(builders.unregisterBuilder('XGBoostTraining', { workspace: 'alice' })).toBe(true);
    expect(builders.unregisterBuilder('XGBoostTraining', { workspaceId: 'alice' })).toBe(false);
  });
});
