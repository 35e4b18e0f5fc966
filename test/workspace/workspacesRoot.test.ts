/**
 * `init-workspace` / `setup-developer` never create a missing workspaces root
 * silently (issue 12.11): a root named by the flag, the environment or the
 * config file is refused (WORKSPACES_ROOT_MISSING, exit 2, nothing written)
 * unless `--create-root`; the built-in default is created with a line saying so.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkspacesRootMissingError } from '../../src/model/errors.js';
import { initWorkspace } from '../../src/workspace/initWorkspace.js';
import { setupDeveloper } from '../../src/workspace/setupDeveloper.js';
import { tree } from '../helpers/fileTree.js';
import { runMain } from '../helpers/mainCapture.js';
import { makeTempDir, type TempDir } from '../helpers/tempRegistry.js';

let t: TempDir;
beforeEach(() => {
  t = makeTempDir('cursus-root-');
  // The real root, next to which the typo lands.
  mkdirSync(join(t.dir, 'developer_workspaces', 'developers'), { recursive: true });
});
afterEach(() => t.cleanup());

const cursus = (args: string[], env: Record<string, string> = {}) => runMain(args, { cwd: t.dir, env });
const HINT = 'Hint: check the setting for a typo, or pass --create-root to create it';

describe('a missing workspaces root named explicitly is refused, nothing written', () => {
  it('--workspaces-root with a typo: one line naming the path, the flag and the close sibling; exit 2', async () => {
    const before = tree(t.dir);
    const run = await cursus(['--workspaces-root', 'developer_workspace/developers', 'registry', 'init-workspace', 'erin']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `cursus: error WORKSPACES_ROOT_MISSING: workspaces root ${t.dir}/developer_workspace/developers does not exist (set by --workspaces-root) — did you mean ${t.dir}/developer_workspaces/developers? ${HINT}\n`,
    );
    expect(tree(t.dir)).toEqual(before);
  });

  it('from CURSUS_WORKSPACES_ROOT (setup-developer): names the variable; no close sibling, no suggestion', async () => {
    const before = tree(t.dir);
    const run = await cursus(['developer', 'setup-developer', 'erin'], { CURSUS_WORKSPACES_ROOT: 'elsewhere/ws' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `cursus: error WORKSPACES_ROOT_MISSING: workspaces root ${t.dir}/elsewhere/ws does not exist (set by the environment variable CURSUS_WORKSPACES_ROOT). ${HINT}\n`,
    );
    expect(tree(t.dir)).toEqual(before);
  });

  it('from cursus.config.json: names the config file and line', async () => {
    writeFileSync(join(t.dir, 'cursus.config.json'), '{\n  "workspacesRoot": "developer_workspaces/developer"\n}\n');
    const before = tree(t.dir);
    const run = await cursus(['registry', 'init-workspace', 'erin', '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `cursus: error WORKSPACES_ROOT_MISSING: workspaces root ${t.dir}/developer_workspaces/developer does not exist (set by the config file cursus.config.json:2) — did you mean ${t.dir}/developer_workspaces/developers? ${HINT}\n`,
    );
    expect(tree(t.dir)).toEqual(before);
  });
});

describe('created only when asked, or when it is the default — and said so', () => {
  it('--create-root creates the named root and prints it', async () => {
    const run = await cursus(['--workspaces-root', 'teams/ws', 'registry', 'init-workspace', 'erin', '--create-root']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'Created workspaces root teams/ws (it did not exist)',
      'created teams/ws/erin/src/cursus_dev/registry/workspace_registry.yaml (standard, yaml)',
    ]);
    expect(tree(join(t.dir, 'teams'))).toEqual(['ws/', 'ws/erin/', 'ws/erin/src/', 'ws/erin/src/cursus_dev/', 'ws/erin/src/cursus_dev/registry/', 'ws/erin/src/cursus_dev/registry/workspace_registry.yaml']);
  });

  it('setup-developer --create-root: the line, then the workspace', async () => {
    const run = await cursus(['--workspaces-root', 'teams/ws', 'developer', 'setup-developer', 'erin', '--create-root']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['Created workspaces root teams/ws (it did not exist)', "created workspace 'erin' at teams/ws/erin"]);
  });

  it('the built-in default root is created with the line; an existing root prints no such line', async () => {
    const scratch = join(t.dir, 'scratch');
    mkdirSync(scratch);
    const first = await runMain(['registry', 'init-workspace', 'dana'], { cwd: scratch, env: {} });
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')[0]).toBe('Created workspaces root developer_workspaces/developers (it did not exist)');
    const second = await runMain(['developer', 'setup-developer', 'erin'], { cwd: scratch, env: {} });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('Created workspaces root');
    expect(tree(join(scratch, 'developer_workspaces', 'developers')).filter((p) => /^[a-z]+\/$/.test(p))).toEqual(['dana/', 'erin/']);
  });
});

describe('library: createRoot', () => {
  it('initWorkspace without createRoot throws WorkspacesRootMissingError (data: root, source, suggestion); nothing written', () => {
    const before = tree(t.dir);
    let thrown: unknown;
    try {
      initWorkspace({ workspaceId: 'erin', workspacesRoot: 'developer_workspace/developers', cwd: t.dir });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WorkspacesRootMissingError);
    const error = thrown as WorkspacesRootMissingError;
    expect(error.code).toBe('WORKSPACES_ROOT_MISSING');
    expect(error.root).toBe(join(t.dir, 'developer_workspace', 'developers'));
    expect(error.settingSource).toBe('option workspacesRoot');
    expect(error.suggestions).toEqual([join(t.dir, 'developer_workspaces', 'developers')]);
    expect(error.hint).toBe('check the setting for a typo, or ask for the root to be created (createRoot: true)');
    expect(tree(t.dir)).toEqual(before);
  });

  it('createRoot: true creates it and reports createdRoot; an existing root gives createdRoot null', () => {
    const made = setupDeveloper({ workspaceId: 'erin', workspacesRoot: 'new/root', cwd: t.dir, createRoot: true });
    expect(made.createdRoot).toBe(join(t.dir, 'new', 'root'));
    const again = initWorkspace({ workspaceId: 'fay', workspacesRoot: 'new/root', cwd: t.dir });
    expect(again.createdRoot).toBeNull();
    expect(again.registryFile).toBe(join(t.dir, 'new', 'root', 'fay', 'src', 'cursus_dev', 'registry', 'workspace_registry.yaml'));
  });
});
