/**
 * Ctrl-C in `validate-registry --watch` (the only command with `--watch`;
 * `serve` watches by default and has its own signal test in
 * test/serve/serveProcess.test.ts): the real process exits 130 and leaves
 * nothing running (issue 12.11).
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

/** Whether any process of the process group `pgid` still exists. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

describe('validate-registry --watch (real process)', () => {
  it('prints its validation, then on SIGINT exits 130 with nothing left running', async () => {
    const t = makeTempDir('cursus-watch-int-');
    temp = t;
    t.write(`ws/${registryPath('alice')}`, `LOCAL_STEPS:\n${stepYaml('AliceStep')}`);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    for (const key of Object.keys(env)) if (key.startsWith('CURSUS_')) delete env[key];
    // Its own process group, so "nothing left running" covers any child it might start.
    const child = spawn(process.execPath, [CLI, '--workspaces-root', 'ws', 'registry', 'validate-registry', '--watch'], { cwd: t.dir, env, detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    try {
      // The watching line comes after the first validation: by then the handlers are in place.
      await new Promise<void>((resolve, reject) => {
        child.stderr.setEncoding('utf8').on('data', (s: string) => {
          stderr += s;
          if (stderr.includes('Ctrl-C to stop\n')) resolve();
        });
        child.on('exit', () => reject(new Error(`exited before watching: ${stderr}`)));
      });
      expect(stdout).toBe("✓ valid: core (17 steps) and 1 workspace — 0 errors, 0 warnings\n");
      expect(stderr).toBe('cursus: watching ws and the core registry; Ctrl-C to stop\n');
      child.kill('SIGINT');
      const { code, signal } = await exited;
      expect(signal).toBeNull();
      expect(code).toBe(130);
      expect(groupAlive(child.pid as number)).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
