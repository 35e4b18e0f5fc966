/**
 * Trust (issue 11, class 2): concurrent writers of one workspace. Real
 * parallel processes of the built CLI take the per-workspace lock
 * (`<workspace>/.cursus.lock`): afterwards exactly one registry file exists
 * and it loads, no run crashes, and a loser fails with one line naming the
 * lock file and its owner.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readWorkspaceRegistry } from '../../src/index.js';
import { CLI, REPO_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function spawnCli(cwd: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    for (const key of Object.keys(env)) if (key.startsWith('CURSUS_')) delete env[key];
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function cli(args: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'cursus', ...args], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, isTTY: false, isInteractive: false });
  return { code, stdout, stderr };
}

const registryDir = (root: string, id: string) => join(root, id, 'src', 'cursus_dev', 'registry');
const registryFiles = (root: string, id: string) => readdirSync(registryDir(root, id)).filter((n) => /^workspace_registry\.(yaml|yml|json|ts|mts|js|mjs|py)$/.test(n));

/** A run either succeeded or lost the lock / found the workspace taken, with one clean error line. */
function expectCleanOutcome(run: Run): void {
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  if (run.code === 0) return;
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^cursus: error (WORKSPACE_LOCKED|WORKSPACE_EXISTS): [^\n]*\n$/);
}

describe('class 2: concurrent writers (real parallel processes)', () => {
  beforeAll(() => {
    expect(existsSync(join(REPO_ROOT, 'dist', 'bundle', 'cli.mjs')), 'the CLI is not built: run `npm run build`').toBe(true);
  });

  it('9 concurrent init-workspace dana --force with mixed formats leave exactly one registry file, and it loads (2 rounds)', async () => {
    temp = makeTempDir('cursus-concurrent-');
    const t = temp;
    const root = join(t.dir, 'ws');
    mkdirSync(root);
    const formats = ['yaml', 'json', 'ts'];
    for (let round = 0; round < 2; round++) {
      const runs = await Promise.all(
        Array.from({ length: 9 }, (_, i) => spawnCli(t.dir, ['--workspaces-root', root, 'registry', 'init-workspace', 'dana', '--force', '--format', formats[(i + round) % 3] as string])),
      );
      for (const run of runs) expectCleanOutcome(run);
      expect(runs.some((r) => r.code === 0)).toBe(true);
      const files = registryFiles(root, 'dana');
      expect(files, `round ${round}`).toHaveLength(1);
      expect(readWorkspaceRegistry(join(registryDir(root, 'dana'), files[0] as string), 'dana').metadata.developer_id).toBe('dana');
      expect(existsSync(join(root, 'dana', '.cursus.lock'))).toBe(false);
      expect(readdirSync(registryDir(root, 'dana')).filter((n) => n.includes('.cursus-tmp-'))).toEqual([]);
    }
  }, 60_000);

  it('two concurrent init-workspace u1 (new id, different formats, no --force): exactly one says created, one registry file', async () => {
    temp = makeTempDir('cursus-concurrent-');
    const t = temp;
    const root = join(t.dir, 'ws');
    mkdirSync(root);
    const runs = await Promise.all(['yaml', 'json', 'ts', 'yaml'].map((f) => spawnCli(t.dir, ['--workspaces-root', root, 'registry', 'init-workspace', 'u1', '--format', f])));
    for (const run of runs) expectCleanOutcome(run);
    expect(runs.filter((r) => r.code === 0)).toHaveLength(1);
    expect(runs.filter((r) => r.stdout.includes('created'))).toHaveLength(1);
    expect(registryFiles(root, 'u1')).toHaveLength(1);
  }, 60_000);
});

describe('class 2: the lock file', () => {
  it('a lock held by a live process makes a writer fail after a short wait: exit 2, one line naming the lock file and the pid; nothing written', async () => {
    temp = makeTempDir('cursus-lock-');
    const root = join(temp.dir, 'ws');
    mkdirSync(root);
    expect((await cli(['--workspaces-root', root, 'registry', 'init-workspace', 'dana'], temp.dir)).code).toBe(0);
    const lock = join(root, 'dana', '.cursus.lock');
    // This test process is alive: its lock is not stale.
    writeFileSync(lock, `${JSON.stringify({ pid: process.pid, hostname: hostname(), created: new Date().toISOString(), token: 'x' })}\n`);
    const before = readdirSync(registryDir(root, 'dana'));
    const run = await cli(['--workspaces-root', root, 'registry', 'init-workspace', 'dana', '--force', '--template', 'minimal'], temp.dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toContain(`cursus: error WORKSPACE_LOCKED: ${lock}: workspace 'dana' is locked by another cursus process (pid ${process.pid} on ${hostname()}`);
    expect(readdirSync(registryDir(root, 'dana'))).toEqual(before);
    expect(existsSync(lock)).toBe(true);
  });

  it('a lock left by a dead process is stale: it is taken over, and removed when the command ends (also after an error)', async () => {
    temp = makeTempDir('cursus-lock-');
    const root = join(temp.dir, 'ws');
    mkdirSync(root);
    expect((await cli(['--workspaces-root', root, 'registry', 'init-workspace', 'dana'], temp.dir)).code).toBe(0);
    const lock = join(root, 'dana', '.cursus.lock');
    writeFileSync(lock, `${JSON.stringify({ pid: 4_194_305, hostname: hostname(), created: '2020-01-01T00:00:00.000Z', token: 'dead' })}\n`);
    const ok = await cli(['--workspaces-root', root, 'registry', 'init-workspace', 'dana', '--force'], temp.dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
    const refused = await cli(['--workspaces-root', root, 'registry', 'init-workspace', 'dana'], temp.dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^cursus: error WORKSPACE_EXISTS: /);
    expect(existsSync(lock)).toBe(false);
  });
});
