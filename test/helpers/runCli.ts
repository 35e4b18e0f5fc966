import { spawnSync } from 'node:child_process';
import { runMain } from './mainCapture.js';
import { CLI } from './tempRegistry.js';

/** What a CLI run produced. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where and how a CLI run happens. */
export interface CliRunOptions {
  /** Working directory of the run. */
  readonly cwd: string;
  /**
   * Environment variables on top of `NO_COLOR=1`. In-process runs see only
   * these (never the test process's environment); real processes get the test
   * process's environment without its `CURSUS_*` variables, plus these.
   */
  readonly env?: Record<string, string | undefined>;
  /** Whether stdout is a terminal (in-process only; default false). */
  readonly isTTY?: boolean;
  /** Terminal width (in-process only; used when `isTTY`). */
  readonly columns?: number;
}

/**
 * Run `cursus <args>` in this process through `main()` on the current source,
 * with captured stdout and stderr and an injected cwd and environment — the
 * default way to test the CLI (fast: no process start, no build).
 */
export async function runCliInProcess(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  return runMain(args, {
    cwd: options.cwd,
    env: { NO_COLOR: '1', ...options.env },
    isTTY: options.isTTY ?? false,
    columns: options.columns,
  });
}

/**
 * Run the real `bin/cursus.js` as a child process, as a user would (no colour,
 * no TTY). For what needs a process: exit codes of the real binary, signals,
 * pipes, concurrency. The test run bundles the CLI from the current source
 * first (test/globalSetup.ts), so this never tests a stale build.
 */
export function runCliProcess(args: readonly string[], options: CliRunOptions): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const key of Object.keys(env)) if (key.startsWith('CURSUS_') && !(options.env && key in options.env)) delete env[key];
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** @deprecated Spawns a process: use {@link runCliInProcess}, or {@link runCliProcess} when a real process is needed. */
export const runCli = runCliProcess;
