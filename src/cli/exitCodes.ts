import { DEFAULT_HINTS, type RegistryError, type RegistryErrorCode } from '../model/errors.js';
import { makeFinding, type Finding } from '../model/finding.js';
import { failureToJson } from '../model/findingJson.js';
import { findingMessage } from '../model/findingText.js';
import { stableJson, type CliIO } from './output.js';

/** Exit code: success. */
export const EXIT_OK = 0;
/** Exit code: a check failed or a step did not resolve. */
export const EXIT_CHECK_FAILED = 1;
/** Exit code: usage or load error. */
export const EXIT_USAGE = 2;
/** Exit code: interrupted by Ctrl-C (SIGINT), as shells report it (128 + 2). */
export const EXIT_INTERRUPTED = 130;

/** Errors that mean "the answer is no" rather than "the call was wrong". */
const CHECK_FAILURES: ReadonlySet<string> = new Set<RegistryErrorCode | string>(['UNKNOWN_STEP', 'AMBIGUOUS_STEP', 'INCOMPLETE_RESOLUTION']);

/** The exit code a failure with this code ends in. */
export function exitCodeFor(code: string): number {
  return CHECK_FAILURES.has(code) ? EXIT_CHECK_FAILED : EXIT_USAGE;
}

/**
 * The CLI's words for a finding: where the library's hint is its default,
 * name the flag or variable that fixes it (the library never names CLI flags).
 */
export function cliFinding(finding: Finding, io: CliIO): Finding {
  let hint = finding.hint;
  if (finding.code === 'UNKNOWN_STEP' && hint === DEFAULT_HINTS.UNKNOWN_STEP) {
    hint = 'run `cursus registry list-steps` to see the names this view knows';
  } else if (finding.code === 'UNKNOWN_WORKSPACE' && hint === DEFAULT_HINTS.UNKNOWN_WORKSPACE) {
    const fromEnv = io.workspaceFromEnv !== undefined && io.workspaceFromEnv === finding.workspace_id;
    hint = fromEnv
      ? `the workspace id '${finding.workspace_id}' comes from the environment variable CURSUS_WORKSPACE_ID; set it to a known id or unset it`
      : 'workspaces are the directories under the workspaces root; check --workspaces-root / CURSUS_WORKSPACES_ROOT';
  } else if (finding.code === 'WORKSPACE_EXISTS' && hint === DEFAULT_HINTS.WORKSPACE_EXISTS) {
    hint = 'pass --force to replace it (a timestamped backup is kept)';
  } else if (finding.code === 'WORKSPACES_ROOT_MISSING' && hint === DEFAULT_HINTS.WORKSPACES_ROOT_MISSING) {
    hint = 'check the setting for a typo, or pass --create-root to create it';
  }
  return hint === finding.hint ? finding : makeFinding({ ...finding, hint });
}

/**
 * Report failure findings: one `cursus: error CODE: …` line each on stderr,
 * and — with `--format json` — `{"error": finding}` on stdout. Returns the exit code.
 */
export function reportFindings(io: CliIO, findings: readonly Finding[]): number {
  const shown = findings.map((f) => cliFinding(f, io));
  if (io.jsonOutput) io.stdout(stableJson(failureToJson(shown)));
  for (const f of shown) io.stderr(`cursus: ${io.colors.red('error')} ${f.code}: ${findingMessage(f)}\n`);
  return exitCodeFor(shown[0]?.code ?? '');
}

/** Print a registry error (every finding it carries) and map it to an exit code. */
export function reportError(io: CliIO, error: RegistryError): number {
  return reportFindings(io, error.findings);
}
