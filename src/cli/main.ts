import { Command, CommanderError } from 'commander';
import { RegistryError } from '../model/errors.js';
import { registerListSteps } from './commands/listSteps.js';
import { colorsFor, type CliIO } from './output.js';

/** Exit codes (SPEC §7). */
export const EXIT_OK = 0;
/** A check failed or a step did not resolve. */
export const EXIT_CHECK_FAILED = 1;
/** Usage or load error. */
export const EXIT_USAGE = 2;

const VERSION = '0.1.0';

/** Build the `cursus` program. Commands report their exit code through `setExit`. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const run = async (action: () => Promise<number>): Promise<void> => {
    setExit(await action());
  };
  const program = new Command('cursus')
    .description('Hybrid, workspace-aware registry of ML-pipeline step definitions')
    .version(VERSION, '-V, --version')
    .option('--workspaces-root <dir>', 'workspaces root (default: developer_workspaces/developers; env CURSUS_WORKSPACES_ROOT)')
    .option('--core-registry <file>', 'core registry file, YAML or JSON (default: the bundled 17-step core; env CURSUS_CORE_REGISTRY)')
    .option('--no-color', 'plain output without colour (also NO_COLOR)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const registry = program.command('registry').description('Inspect and validate the step registry');
  registry.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerListSteps(registry, io, run);
  for (const cmd of registry.commands) cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}

/**
 * Run the CLI with `argv` (as `process.argv`) and return the exit code.
 * Errors print one line on stderr, without a stack trace.
 */
export async function main(argv: readonly string[], overrides: Partial<CliIO> = {}): Promise<number> {
  const noColor = argv.includes('--no-color') || 'NO_COLOR' in process.env;
  const isTTY = overrides.isTTY ?? Boolean(process.stdout.isTTY);
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY,
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
      // Help and version exit 0; every other commander error is a usage error already printed.
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof RegistryError) {
      io.stderr(`cursus: ${io.colors.red('error')} ${error.code}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`cursus: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_USAGE;
  }
}
