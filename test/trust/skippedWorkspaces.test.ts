/**
 * Trust (issue 11, class 13): a workspace that fails to load never silently
 * drops out of a cross-workspace answer. The result lists it, the explanation
 * says so, the CLI warns, and `--mode strict` refuses to answer (exit 1).
 */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HybridRegistryManager, IncompleteResolutionError } from '../../src/index.js';
import { EXAMPLES_ROOT, makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';
import { runMain } from '../helpers/mainCapture.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

/** A copy of the example workspaces with bob's JSON registry broken on line 3. */
function brokenBob(): { t: TempDir; root: string; bobFile: string } {
  temp = makeTempDir('cursus-skipped-');
  const root = join(temp.dir, 'ws');
  cpSync(EXAMPLES_ROOT, root, { recursive: true });
  const bobFile = join(root, registryPath('bob', 'json'));
  writeFileSync(bobFile, '{\n  "LOCAL_STEPS": {\n    "Oops": nope\n  }\n}\n');
  return { t: temp, root, bobFile };
}

const cli = (args: string[], cwd: string) => runMain(args, { cwd });

describe('resolution with a broken workspace', () => {
  it('the library result lists the skipped workspace and explains it', () => {
    const { t, root, bobFile } = brokenBob();
    const registry = new HybridRegistryManager({ workspacesRoot: root, cwd: t.dir });
    const result = registry.resolveStep('XGBoostTraining');
    expect(result.resolved).toBe(true);
    expect(result.skipped_workspaces).toHaveLength(1);
    expect(result.skipped_workspaces[0]).toMatchObject({ workspace_id: 'bob', code: 'REGISTRY_LOAD_ERROR', file: bobFile });
    expect(result.skipped_workspaces[0]?.line).toBeGreaterThan(0);
    expect(result.explanation[0]).toMatch(/^workspace 'bob' could not take part: it failed to load \(REGISTRY_LOAD_ERROR: JSON syntax error/);
    expect(registry.getSkippedWorkspaces().map((s) => s.workspace_id)).toEqual(['bob']);
  });

  it('strict mode throws IncompleteResolutionError naming the workspace', () => {
    const { t, root } = brokenBob();
    const registry = new HybridRegistryManager({ workspacesRoot: root, cwd: t.dir });
    let error: unknown;
    try {
      registry.resolveStep('XGBoostTraining', { resolution_mode: 'strict' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IncompleteResolutionError);
    expect((error as IncompleteResolutionError).code).toBe('INCOMPLETE_RESOLUTION');
    expect((error as IncompleteResolutionError).skippedWorkspaces).toEqual(['bob']);
  });

  it('a healthy registry resolves strictly with no skipped workspaces', () => {
    temp = makeTempDir('cursus-skipped-');
    const registry = new HybridRegistryManager({ workspacesRoot: EXAMPLES_ROOT, cwd: temp.dir });
    expect(registry.resolveStep('XGBoostTraining', { resolution_mode: 'strict' }).skipped_workspaces).toEqual([]);
  });

  it('CLI: automatic mode warns on stderr and lists it in --format json; strict exits 1', async () => {
    const { t, root } = brokenBob();
    const auto = await cli(['registry', 'resolve-step', 'XGBoostTraining', '--workspaces-root', root, '--explain'], t.dir);
    expect(auto.code).toBe(0);
    expect(auto.stderr).toContain("warning: workspace 'bob' failed to load and took no part in resolving 'XGBoostTraining'");
    expect(auto.stdout).toContain("- workspace 'bob' could not take part: it failed to load");
    const json = await cli(['registry', 'resolve-step', 'XGBoostTraining', '--workspaces-root', root, '--format', 'json'], t.dir);
    expect(JSON.parse(json.stdout).skipped_workspaces.map((s: { workspace_id: string }) => s.workspace_id)).toEqual(['bob']);
    const strict = await cli(['registry', 'resolve-step', 'XGBoostTraining', '--workspaces-root', root, '--mode', 'strict'], t.dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("INCOMPLETE_RESOLUTION: Step 'XGBoostTraining' cannot be resolved strictly: workspace 'bob' failed to load and could not take part");
  });
});
