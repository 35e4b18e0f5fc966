/**
 * Trust (issue 11, classes 15 and 16): a workspace directory with an invalid
 * name, or a registry file where discovery does not read it, is never skipped
 * in silence — every listing warns, health is degraded, and asking for such a
 * workspace says what is wrong.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HybridRegistryManager, InvalidWorkspaceIdError, RegistryHealthMonitor } from '../../src/index.js';
import { makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { runMain } from '../helpers/mainCapture.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

function setup(): { t: TempDir; root: string } {
  temp = makeTempDir('cursus-discovery-');
  const root = join(temp.dir, 'ws');
  temp.write(join('ws', registryPath('good')), `LOCAL_STEPS:\n${stepYaml('GoodStep')}`);
  return { t: temp, root };
}

const cli = (args: string[], cwd: string) => runMain(args, { cwd });

describe('directories with invalid workspace names', () => {
  it('list-steps warns about each, with the id rule; health is degraded', async () => {
    const { t, root } = setup();
    mkdirSync(join(root, 'John Smith'));
    mkdirSync(join(root, '-frank'));
    const run = await cli(['registry', 'list-steps', '--workspaces-root', root], t.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: skipped directory "-frank": not a valid workspace id');
    expect(run.stderr).toContain('warning: skipped directory "John Smith": not a valid workspace id');
    const health = new RegistryHealthMonitor(new HybridRegistryManager({ workspacesRoot: root, cwd: t.dir })).checkRegistryHealth();
    expect(health.status).toBe('degraded');
    expect(health.problems.filter((p) => p.includes('not a valid workspace id'))).toHaveLength(2);
  });

  it('--workspace "John Smith" says the directory exists but its name is not a valid id', async () => {
    const { t, root } = setup();
    mkdirSync(join(root, 'John Smith'));
    const registry = new HybridRegistryManager({ workspacesRoot: root, cwd: t.dir });
    expect(() => registry.getView('John Smith')).toThrow(InvalidWorkspaceIdError);
    const run = await cli(['registry', 'list-steps', '--workspaces-root', root, '--workspace', 'John Smith'], t.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('INVALID_WORKSPACE_ID');
    expect(run.stderr).toContain('the directory exists under the workspaces root, but its name is not a valid workspace id');
  });
});

describe('registry files where discovery does not read them', () => {
  const misplaced = [
    join('dana', 'src', 'cursus_dev', 'registry', 'workspace-registry.yaml'),
    join('dana', 'src', 'registry', 'workspace_registry.yaml'),
    join('dana', 'workspace_registry.json'),
  ];
  for (const rel of misplaced) {
    it(`${rel}: a warning with "did you mean", and health is degraded`, async () => {
      const { t, root } = setup();
      t.write(join('ws', rel), `LOCAL_STEPS:\n${stepYaml('DanaStep')}`);
      const registry = new HybridRegistryManager({ workspacesRoot: root, cwd: t.dir });
      const warning = registry.getDiagnostics().find((d) => d.code === 'MISPLACED_REGISTRY');
      expect(warning?.workspace_id).toBe('dana');
      expect(warning?.file).toBe(join(root, rel));
      expect(warning?.message).toContain('did you mean src/cursus_dev/registry/workspace_registry.yaml?');
      expect(new RegistryHealthMonitor(registry).checkRegistryHealth().status).toBe('degraded');
      const run = await cli(['registry', 'list-steps', '--workspaces-root', root], t.dir);
      expect(run.stderr).toContain(`looks like a workspace registry but is not read: workspace 'dana'`);
    });
  }

  it('a workspace with its registry in the right place gets no such warning', () => {
    const { t, root } = setup();
    const registry = new HybridRegistryManager({ workspacesRoot: root, cwd: t.dir });
    expect(registry.getDiagnostics().filter((d) => d.code === 'MISPLACED_REGISTRY')).toEqual([]);
    expect(new RegistryHealthMonitor(registry).checkRegistryHealth().status).toBe('healthy');
  });
});
