/**
 * Trust (issue 11, classes 14 and 17) under `watch()`: a registry replaced by a
 * dangling link or a directory is an `error` event with the last good version
 * kept — never a silent switch to core; after bursts of workspace directory
 * renames the served workspaces equal the disk and later edits are seen.
 */
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HybridRegistryManager, type RegistryWatcher, type WatchErrorEvent } from '../../src/index.js';
import { EXAMPLES_ROOT, makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';

let temp: TempDir | undefined;
let watcher: RegistryWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  temp?.cleanup();
  temp = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Wait until `check` holds (polling), at most `limitMs`; returns whether it held. */
async function until(check: () => boolean, limitMs = 5000): Promise<boolean> {
  for (let waited = 0; waited < limitMs; waited += 25) {
    if (check()) return true;
    await sleep(25);
  }
  return check();
}

async function watched(): Promise<{ root: string; registry: HybridRegistryManager; errors: WatchErrorEvent[] }> {
  temp = makeTempDir('cursus-watch-trust-');
  const root = join(temp.dir, 'ws');
  cpSync(EXAMPLES_ROOT, root, { recursive: true });
  const registry = new HybridRegistryManager({ workspacesRoot: root, cwd: temp.dir });
  watcher = await registry.watch({ debounceMs: 30 });
  const errors: WatchErrorEvent[] = [];
  watcher.on('error', (e) => errors.push(e));
  return { root, registry, errors };
}

const aliceConfig = (registry: HybridRegistryManager) => registry.getStepDefinition('XGBoostTraining', 'alice')?.config_class;

describe('a registry replaced by something unreadable under watch()', () => {
  const replacements: [string, (file: string, dir: string) => void, RegExp][] = [
    ['a dangling symbolic link', (file, dir) => symlinkSync(join(dir, 'nowhere.yaml'), file), /dangling symbolic link/],
    ['a directory', (file) => mkdirSync(file), /is a directory, not a regular file/],
  ];
  for (const [what, replace, message] of replacements) {
    it(`${what}: an error event, and alice keeps her last good definitions`, async () => {
      const { root, registry, errors } = await watched();
      expect(aliceConfig(registry)).toBe('AliceXGBoostTrainingConfig');
      const file = join(root, registryPath('alice'));
      rmSync(file);
      replace(file, temp!.dir);
      expect(await until(() => errors.some((e) => e.workspace_id === 'alice'))).toBe(true);
      const event = errors.find((e) => e.workspace_id === 'alice')!;
      expect(event.serving_last_good).toBe(true);
      expect(event.error.message).toMatch(message);
      expect(aliceConfig(registry)).toBe('AliceXGBoostTrainingConfig');
      expect(registry.getStaleWorkspaces().map((s) => s.workspace_id)).toEqual(['alice']);
    });
  }
});

describe('bursts of workspace directory renames', () => {
  for (let round = 0; round < 4; round++) {
    const steps = 2 * (3 + round) + (round % 2);
    it(`burst ${round} (${steps} renames): the served workspaces equal the disk and a later edit is seen`, async () => {
      const { root, registry } = await watched();
      const delays = [0, 0, 1, 30, 60, 90];
      let current = 'alice';
      for (let i = 0; i < steps; i++) {
        const next = current === 'alice' ? 'alice2' : 'alice';
        renameSync(join(root, current), join(root, next));
        current = next;
        const d = delays[(i + round) % delays.length] ?? 0;
        if (d) await sleep(d);
      }
      const expected = [current, 'bob', 'carol'].sort();
      expect(await until(() => JSON.stringify(registry.getWorkspaceIds()) === JSON.stringify(expected))).toBe(true);
      await sleep(500);
      // An edit made after the burst is seen (the watcher watches what is on disk now).
      const file = join(root, registryPath(current));
      writeFileSync(file, readFileSync(file, 'utf8').replace('config_class: AliceXGBoostTrainingConfig', 'config_class: EditedConfig'));
      expect(await until(() => registry.getStepDefinition('XGBoostTraining', current)?.config_class === 'EditedConfig', 3000)).toBe(true);
    });
  }
});
