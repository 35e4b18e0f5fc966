import { CommanderError } from 'commander';
import { findingsOf, RegistryError } from '../model/errors.js';
import { EXIT_OK, EXIT_USAGE, reportError, reportFindings } from './exitCodes.js';
import { colorsFor, type CliIO } from './output.js';
import { buildProgram } from './program.js';
import { terminalSafe } from './terminalText.js';

export { EXIT_CHECK_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from './exitCodes.js';

let pipesGuarded = false;

/** `cursus … | head`: the reader went away; stop quietly instead of crashing on EPIPE. Installed once per process (tests call `main` many times). */
function guardBrokenPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
}

/**
 * Run the CLI with `argv` (as `process.argv`) and return the exit code.
 * Errors print one line on stderr, without a stack trace.
 */
export async function main(argv: readonly string[], overrides: Partial<CliIO> = {}): Promise<number> {
  guardBrokenPipes();
  const env = overrides.env ?? process.env;
  const noColor = argv.includes('--no-color') || Boolean(env.NO_COLOR);
  const isTTY = overrides.isTTY ?? Boolean(process.stdout.isTTY);
  const io: CliIO = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY,
    isInteractive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    colors: colorsFor(isTTY && !noColor),
    cwd: process.cwd(),
    columns: isTTY ? process.stdout.columns : undefined,
    jsonOutput: asksForJson(argv),
    workspaceFromEnv: namesWorkspace(argv) ? undefined : env.CURSUS_WORKSPACE_ID?.trim() || undefined,
    env,
    ...overrides,
  };
  // Every byte written passes the terminal-safety filter (registry strings may hold control characters).
  const colorOn = io.colors.isColorSupported;
  const guarded: CliIO = { ...io, stdout: (t) => io.stdout(terminalSafe(t, colorOn)), stderr: (t) => io.stderr(terminalSafe(t, colorOn)) };
  return run(argv, guarded);
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; other commander errors are usage errors, already printed.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof RegistryError) return reportError(io, error);
    reportFindings(io, findingsOf(error));
    // The stack is for bug reports: on its own lines, after the one-line error.
    if (error instanceof Error && error.stack) io.stderr(`${error.stack.split('\n').slice(1).join('\n')}\n`);
    return EXIT_USAGE;
  }
}

/** `--format json` (or `--format=json`) anywhere on the command line. */
function asksForJson(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));
}

/** Whether the command line names a workspace itself (`-w`, `--workspace`). */
function namesWorkspace(argv: readonly string[]): boolean {
  return argv.some((a) => a === '-w' || a === '--workspace' || a.startsWith('--workspace=') || (a.startsWith('-w') && !a.startsWith('--')));
}
