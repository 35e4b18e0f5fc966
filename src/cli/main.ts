import { CommanderError } from 'commander';
import { RegistryError } from '../model/errors.js';
import { EXIT_OK, EXIT_USAGE, reportError } from './exitCodes.js';
import { colorsFor, type CliIO } from './output.js';
import { buildProgram } from './program.js';

export { EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE } from './exitCodes.js';

/**
 * Run the CLI with `argv` (as `process.argv`) and return the exit code.
 * Errors print one line on stderr, without a stack trace.
 */
export async function main(argv: readonly string[], overrides: Partial<CliIO> = {}): Promise<number> {
  // `cursus … | head`: the reader went away; stop quietly instead of crashing on EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  const noColor = argv.includes('--no-color') || Boolean(process.env.NO_COLOR);
  const isTTY = overrides.isTTY ?? Boolean(process.stdout.isTTY);
  const io: CliIO = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY,
    isInteractive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    colors: colorsFor(isTTY && !noColor),
    cwd: process.cwd(),
    ...overrides,
  };
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
    io.stderr(`cursus: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_USAGE;
  }
}
