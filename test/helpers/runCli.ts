import { spawnSync } from 'node:child_process';
import { CLI } from './tempRegistry.js';

/** What a CLI run produced. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built `cursus` CLI as a child process, as a user would (no colour, no TTY). */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const key of ['CURSUS_WORKSPACE_ID', 'CURSUS_WORKSPACES_ROOT', 'CURSUS_CORE_REGISTRY']) if (!(options.env && key in options.env)) delete env[key];
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
