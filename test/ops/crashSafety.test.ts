/**
 * Crash safety of the writing commands (issue 6, "Crash safety"; SPEC §7: "All
 * writes are atomic (temp file + rename); no command leaves a half-written file").
 *
 * `cursus registry init-workspace w --force` and `cursus developer
 * setup-developer w2 --copy-from w --force` run as child processes and are
 * SIGKILLed after a random delay (0–150 ms, seeded): 30 runs in `npm test`,
 * 100 under `npm run test:stress`. After
 * every kill:
 * - every registry file under the root is exactly the old or exactly the new
 *   content — never torn, never empty — and so is every README and every backup;
 * - a workspace never has two registry files;
 * - the registry loads with no error.
 * After a later successful run, no temp file (`.<file>.cursus-tmp-<pid>-<hex>`,
 * the writer's own naming) is left anywhere under the root: the writer removes
 * the temp files of dead writers — and nothing else (a user's `<file>.<digits>` stays).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { HybridRegistryManager } from '../../src/index.js';
import { CLI, REPO_ROOT, makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';
import { prng } from '../../bench/workload.js';
import { stressSize } from '../helpers/stress.js';

const SEED = Number(process.env.CRASH_SEED ?? 6);
const INIT_RUNS = stressSize(20, 60);
const SETUP_RUNS = stressSize(10, 40);
const MAX_DELAY_MS = 150;
/** A successful run after this many kills, so the cleanup of dead writers' temp files is checked along the way. */
const SUCCESS_EVERY = 10;


interface Outcome {
  readonly killed: boolean;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of Object.keys(env)) if (key.startsWith('CURSUS_')) delete env[key];
  return env;
}

/** Run the CLI; SIGKILL it after `killAfterMs` (never, when undefined). */
function runCli(cwd: string, args: readonly string[], killAfterMs?: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: cliEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, signal, stderr });
    });
  });
}

/** Every file under `dir`, as paths relative to `dir`. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

const REGISTRY_FILE = /(^|\/)workspace_registry\.(yaml|yml|json|ts|mts|js|mjs|py)$/;
/** The writer's temp files: `.<file>.cursus-tmp-<pid>-<hex>`. */
const TEMP_FILE = /(^|\/)\.[^/]+\.cursus-tmp-\d+-[0-9a-f]+$/;
/** A pid above Linux's largest pid_max (2^22): no process has it. */
const DEAD_PID = 4_194_305;
const BACKUP_FILE = /\.bak-\d{8}T\d{9}Z(-\d+)?$/;

describe('crash safety: SIGKILL at random moments never leaves a torn file', () => {
  let tmp: TempDir;
  let root: string;
  const random = prng(SEED);
  const stats = {
    runs: 0,
    killed: 0,
    /** Killed after the new content was in place (the rename had happened). */
    killedAfterWrite: 0,
    completed: 0,
    backupChecks: 0,
    backupFiles: 0,
    tempFilesSeenAfterKills: 0,
    tempFilesOfKillsRemovedBySuccessfulRuns: 0,
    plantedTempFilesRemoved: 0,
  };
  const delays: number[] = [];

  beforeAll(() => {
    expect(existsSync(join(REPO_ROOT, 'dist', 'bundle', 'cli.mjs')), 'the CLI bundle is missing (test/globalSetup.ts builds it)').toBe(true);
    tmp = makeTempDir('cursus-crash-');
    root = join(tmp.dir, 'workspaces');
    mkdirSync(root); // a missing root named by --workspaces-root is refused
  });
  afterAll(() => {
    console.log(`crash safety: ${JSON.stringify(stats)}; delays (ms) min ${Math.min(...delays)} max ${Math.max(...delays)}`);
    tmp.cleanup();
  });

  const args = (...rest: string[]) => ['--workspaces-root', root, ...rest];
  const initArgs = (template: 'standard' | 'minimal') => args('registry', 'init-workspace', 'w', '--force', '--template', template);
  const setupArgs = () => args('developer', 'setup-developer', 'w2', '--copy-from', 'w', '--force');

  /** Run to completion; it must succeed. */
  async function succeed(argv: readonly string[]): Promise<void> {
    const r = await runCli(tmp.dir, argv);
    expect(r.code, `cursus ${argv.join(' ')} failed: ${r.stderr}`).toBe(0);
  }

  /** The registry files of a workspace (temp files and backups excluded). */
  function registryFiles(ws: string): string[] {
    return listFiles(join(root, ws)).filter((f) => REGISTRY_FILE.test(f));
  }

  function tempFiles(): string[] {
    return listFiles(root).filter((f) => TEMP_FILE.test(f));
  }

  /**
   * The state after a run: each workspace has exactly one registry file whose
   * content is one of `allowed`; every backup is a complete known content; the
   * registry loads with no error.
   */
  function checkState(allowed: Record<string, readonly string[]>, backupsAllowed: Record<string, readonly string[]>, what: string): void {
    for (const [ws, contents] of Object.entries(allowed)) {
      const files = registryFiles(ws);
      expect(files, `${what}: registry files of ${ws}`).toHaveLength(1);
      const content = readFileSync(join(root, ws, files[0] as string), 'utf8');
      expect(content.length, `${what}: ${ws}'s registry is empty`).toBeGreaterThan(0);
      expect(contents.includes(content), `${what}: ${ws}'s registry is neither the old nor the new content:\n${content}`).toBe(true);
    }
    for (const file of listFiles(root).filter((f) => BACKUP_FILE.test(f))) {
      const base = file.replace(BACKUP_FILE, '');
      const known = backupsAllowed[base];
      expect(known, `${what}: unexpected backup ${file}`).toBeDefined();
      const content = readFileSync(join(root, file), 'utf8');
      expect((known as readonly string[]).includes(content), `${what}: backup ${file} is not a complete earlier version (${content.length} bytes)`).toBe(true);
      stats.backupChecks++;
    }
    const manager = new HybridRegistryManager({ workspacesRoot: root, cwd: tmp.dir, env: {} });
    expect(manager.getDiagnostics().filter((d) => d.severity === 'error').map((d) => d.message), `${what}: load errors`).toEqual([]);
  }

  /** Plant a temp file of a writer that died long ago next to `file`; a successful write of `file` must remove it. */
  function plantDeadWritersTempFile(file: string): string {
    const temp = join(dirname(file), `.${basename(file)}.cursus-tmp-${DEAD_PID}-${Math.floor(random() * 2 ** 48).toString(16).padStart(12, '0')}`);
    writeFileSync(temp, 'LOCAL_STEPS: {\n');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(temp, past, past);
    return temp;
  }

  it(`init-workspace --force, ${INIT_RUNS} runs killed at random, then setup-developer --copy-from --force, ${SETUP_RUNS} runs`, async () => {
    // The contents a run may leave: the two templates (init), their copies and the README (setup).
    await succeed(initArgs('minimal'));
    const wFile = join(root, registryPath('w'));
    const MINIMAL = readFileSync(wFile, 'utf8');
    await succeed(initArgs('standard'));
    const STANDARD = readFileSync(wFile, 'utf8');
    expect(STANDARD).not.toBe(MINIMAL);
    await succeed(setupArgs());
    const w2File = join(root, registryPath('w2'));
    const COPY_OF_STANDARD = readFileSync(w2File, 'utf8');
    const README = readFileSync(join(root, 'w2', 'README.md'), 'utf8');
    writeFileSync(wFile, MINIMAL);
    await succeed(setupArgs());
    const COPY_OF_MINIMAL = readFileSync(w2File, 'utf8');
    expect(new Set([MINIMAL, STANDARD, COPY_OF_MINIMAL, COPY_OF_STANDARD]).size).toBe(4);
    expect(COPY_OF_STANDARD).toContain('developer_id: "w2"');
    writeFileSync(wFile, STANDARD);

    const backupsAllowed = {
      [registryPath('w')]: [MINIMAL, STANDARD],
      [registryPath('w2')]: [COPY_OF_MINIMAL, COPY_OF_STANDARD],
      [join('w2', 'README.md')]: [README],
    };

    // Phase 1: init-workspace, alternating the template so old and new differ.
    for (let i = 0; i < INIT_RUNS; i++) {
      const template = i % 2 === 0 ? 'minimal' : 'standard';
      const before = readFileSync(wFile, 'utf8');
      const after = template === 'minimal' ? MINIMAL : STANDARD;
      const delay = Math.floor(random() * (MAX_DELAY_MS + 1));
      delays.push(delay);
      const r = await runCli(tmp.dir, initArgs(template), delay);
      stats.runs++;
      if (r.killed) stats.killed++;
      else {
        stats.completed++;
        expect(r.code, `run ${i} completed but failed: ${r.stderr}`).toBe(0);
      }
      checkState({ w: r.killed ? [before, after] : [after], w2: [COPY_OF_MINIMAL] }, backupsAllowed, `init run ${i} (killed after ${delay} ms: ${r.killed})`);
      if (r.killed && readFileSync(wFile, 'utf8') === after) stats.killedAfterWrite++;
      stats.tempFilesSeenAfterKills += tempFiles().length;
      if ((i + 1) % SUCCESS_EVERY === 0) {
        const left = tempFiles().filter((f) => f.startsWith('w/'));
        const planted = plantDeadWritersTempFile(wFile);
        await succeed(initArgs(template));
        stats.tempFilesOfKillsRemovedBySuccessfulRuns += left.length;
        expect(existsSync(planted), 'a dead writer’s temp file survived a successful write').toBe(false);
        stats.plantedTempFilesRemoved++;
        expect(tempFiles().filter((f) => f.startsWith('w/')), `after a successful init-workspace (run ${i})`).toEqual([]);
        expect(readFileSync(wFile, 'utf8')).toBe(after);
      }
    }

    // Phase 2: setup-developer --copy-from w, with w alternating so the copy differs.
    for (let i = 0; i < SETUP_RUNS; i++) {
      const source = i % 2 === 0 ? STANDARD : MINIMAL;
      writeFileSync(wFile, source);
      const before = readFileSync(w2File, 'utf8');
      const after = source === STANDARD ? COPY_OF_STANDARD : COPY_OF_MINIMAL;
      const delay = Math.floor(random() * (MAX_DELAY_MS + 1));
      delays.push(delay);
      const r = await runCli(tmp.dir, setupArgs(), delay);
      stats.runs++;
      if (r.killed) stats.killed++;
      else {
        stats.completed++;
        expect(r.code, `setup run ${i} completed but failed: ${r.stderr}`).toBe(0);
      }
      checkState({ w: [source], w2: r.killed ? [before, after] : [after] }, backupsAllowed, `setup run ${i} (killed after ${delay} ms: ${r.killed})`);
      if (r.killed && before !== after && readFileSync(w2File, 'utf8') === after) stats.killedAfterWrite++;
      expect(readFileSync(join(root, 'w2', 'README.md'), 'utf8'), `setup run ${i}: README`).toBe(README);
      stats.tempFilesSeenAfterKills += tempFiles().length;
      if ((i + 1) % SUCCESS_EVERY === 0) {
        const left = tempFiles().filter((f) => f.startsWith('w2/'));
        const planted = [plantDeadWritersTempFile(w2File), plantDeadWritersTempFile(join(root, 'w2', 'README.md'))];
        await succeed(setupArgs());
        stats.tempFilesOfKillsRemovedBySuccessfulRuns += left.length;
        for (const p of planted) expect(existsSync(p), `${p} survived a successful setup-developer`).toBe(false);
        stats.plantedTempFilesRemoved += planted.length;
        expect(tempFiles().filter((f) => f.startsWith('w2/')), `after a successful setup-developer (run ${i})`).toEqual([]);
        expect(readFileSync(w2File, 'utf8')).toBe(after);
      }
    }

    // Finally one more successful run of each: no temp file anywhere under the root.
    await succeed(initArgs('standard'));
    await succeed(setupArgs());
    expect(tempFiles()).toEqual([]);
    expect(stats.runs).toBe(INIT_RUNS + SETUP_RUNS);
    // The delays really did interrupt runs (else the test proves nothing); and some ran to the end.
    expect(stats.killed).toBeGreaterThan(0);
    // Every backup listed is an earlier complete version (checked above); --force kept some.
    stats.backupFiles = listFiles(root).filter((f) => BACKUP_FILE.test(f)).length;
    expect(stats.backupFiles).toBeGreaterThan(0);
    // A live writer's temp file (its pid runs: this test's) is never removed, nor a user's `<file>.<digits>`.
    const fresh = join(dirname(wFile), `.${basename(wFile)}.cursus-tmp-${process.pid}-0123456789ab`);
    writeFileSync(fresh, 'in progress');
    const users = `${wFile}.424242`;
    writeFileSync(users, 'mine');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(users, past, past);
    await succeed(initArgs('minimal'));
    expect(existsSync(fresh)).toBe(true);
    expect(statSync(fresh).size).toBe('in progress'.length);
    expect(readFileSync(users, 'utf8')).toBe('mine');
  }, 180_000);
});
