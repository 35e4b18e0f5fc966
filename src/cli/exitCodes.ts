import type { RegistryError, RegistryErrorCode } from '../model/errors.js';
import type { CliIO } from './output.js';

/** Exit code: success. */
export const EXIT_OK = 0;
/** Exit code: a check failed or a step did not resolve. */
export const EXIT_CHECK_FAILED = 1;
/** Exit code: usage or load error. */
export const EXIT_USAGE = 2;

/** Errors that mean "the answer is no" rather than "the call was wrong". */
const CHECK_FAILURES: ReadonlySet<RegistryErrorCode> = new Set(['UNKNOWN_STEP', 'AMBIGUOUS_STEP', 'INCOMPLETE_RESOLUTION']);

/** Print a registry error as one line on stderr and map it to an exit code. */
export function reportError(io: CliIO, error: RegistryError): number {
  io.stderr(`cursus: ${io.colors.red('error')} ${error.code}: ${error.message}\n`);
  return CHECK_FAILURES.has(error.code) ? EXIT_CHECK_FAILED : EXIT_USAGE;
}
