import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/output.js';

/** What one in-process CLI run printed, and its exit code. */
export interface MainRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run `cursus <args>` in this process through `main()`, capturing stdout and
 * stderr (no colour, not a terminal unless `io.isTTY` says so).
 */
export async function runMain(args: readonly string[], io: Partial<CliIO> & { cwd: string }): Promise<MainRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'cursus', ...args], {
    isTTY: false,
    isInteractive: false,
    env: {},
    ...io,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}
