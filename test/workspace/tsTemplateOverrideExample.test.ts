/**
 * The TS template's commented override example is TypeScript: uncommented into
 * `STEP_OVERRIDES: {}`, the module loads and the override is served (issue 12
 * item 14; it used to be YAML syntax inside a `.ts` file).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HybridRegistryManager } from '../../src/index.js';
import { runCliInProcess } from '../helpers/runCli.js';
import { makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';

describe('TS registry template: the commented override example', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
    mkdirSync(join(tmp.dir, 'ws'));
  });
  afterEach(() => tmp.cleanup());

  it('uncommented into STEP_OVERRIDES, it loads and overrides XGBoostTraining in the workspace', async () => {
    const run = await runCliInProcess(['--workspaces-root', 'ws', 'registry', 'init-workspace', 'tess', '--format', 'ts'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    const file = join(tmp.dir, 'ws', registryPath('tess', 'ts'));
    const text = readFileSync(file, 'utf8');
    const example = text.split('\n').filter((l) => l.startsWith('//   ')).map((l) => l.slice(5));
    expect(example[0]).toBe('XGBoostTraining: {');
    expect(example.at(-1)).toBe('},');
    expect(text).toContain('  STEP_OVERRIDES: {},');
    writeFileSync(file, text.replace('  STEP_OVERRIDES: {},', `  STEP_OVERRIDES: {\n${example.map((l) => `    ${l}`).join('\n')}\n  },`));

    const manager = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, 'ws'), cwd: tmp.dir, env: {} });
    expect(manager.getDiagnostics().filter((d) => d.severity === 'error')).toEqual([]);
    const def = manager.getStepDefinition('XGBoostTraining', 'tess');
    expect(def?.config_class).toBe('MyXGBoostTrainingConfig');
    expect(def?.registry_type).toBe('override');
    expect(def?.priority).toBe(80);
  });
});
