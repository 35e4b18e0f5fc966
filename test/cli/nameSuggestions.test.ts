/**
 * Diagnostics follow-ups (issue 12, item 4): a step only workspaces define, a
 * STEP_OVERRIDES name that overrides nothing, and a directory as core registry
 * each say what is wrong and what was meant.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HybridRegistryManager } from '../../src/index.js';
import { runMain } from '../helpers/mainCapture.js';
import { EXAMPLES_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

describe('suggestions where a name is wrong', () => {
  it('show-step of a step only workspaces define names those workspaces', async () => {
    temp = makeTempDir('cursus-suggest-');
    const root = join(temp.dir, 'ws');
    for (const ws of ['dana', 'erin']) temp.write(join('ws', registryPath(ws)), `LOCAL_STEPS:\n${stepYaml('FraudFeatureEngineering')}`);
    const run = await runMain(['registry', 'show-step', 'FraudFeatureEngineering', '--workspaces-root', root], { cwd: temp.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Unknown step name: FraudFeatureEngineering — it is defined only in workspaces 'dana', 'erin', not in the core registry");
    expect(run.stderr).toContain("look it up in the view of one of those workspaces (workspace 'dana')");
  });

  it('an unknown step defined nowhere still gets the closest names', async () => {
    temp = makeTempDir('cursus-suggest-');
    const run = await runMain(['registry', 'show-step', 'XGBoostTrainnig', '--workspaces-root', EXAMPLES_ROOT], { cwd: temp.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("did you mean 'XGBoostTraining'");
  });

  it('STEP_OVERRIDES of a misspelt core name: did you mean', () => {
    temp = makeTempDir('cursus-suggest-');
    const root = join(temp.dir, 'ws');
    temp.write(join('ws', registryPath('dana')), `STEP_OVERRIDES:\n${stepYaml('XGBoostTrainnig')}`);
    const registry = new HybridRegistryManager({ workspacesRoot: root, cwd: temp.dir });
    const warning = registry.getDiagnostics().find((d) => d.code === 'OVERRIDES_NOTHING');
    expect(warning?.message).toBe("STEP_OVERRIDES 'XGBoostTrainnig' overrides nothing: there is no core step of that name — did you mean 'XGBoostTraining'?");
    expect(warning?.suggestions).toEqual(['XGBoostTraining']);
  });

  it('--core-registry pointing at a directory says it is a directory', async () => {
    temp = makeTempDir('cursus-suggest-');
    const run = await runMain(['registry', 'list-steps', '--core-registry', temp.dir], { cwd: temp.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${temp.dir}: is a directory, not a regular file`);
  });
});
