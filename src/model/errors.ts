/**
 * Error classes of the registry. Every error has a stable `code`, structured
 * location fields, and a one-line `message` of the form
 * `<where>: <what>. Hint: <hint>` — formatted here and nowhere else.
 */

/** The stable codes of {@link RegistryError} (SPEC §6). */
export type RegistryErrorCode =
  | 'REGISTRY_LOAD_ERROR'
  | 'STEP_DEFINITION_INVALID'
  | 'UNKNOWN_STEP'
  | 'UNKNOWN_WORKSPACE'
  | 'AMBIGUOUS_STEP'
  | 'WORKSPACE_EXISTS'
  | 'INVALID_WORKSPACE_ID'
  | 'PIPELINE_INVALID'
  | 'INCOMPLETE_RESOLUTION';

/** Where a problem is: a file and, where the format has lines, line and column (1-based). */
export interface SourceLocation {
  /** Absolute path of the file. */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
}

/** Structured details shared by all registry errors. */
export interface RegistryErrorDetails {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly step?: string;
  readonly field?: string;
  readonly workspaceId?: string;
  readonly hint?: string;
  readonly cause?: unknown;
}

/** Collapse whitespace runs (incl. newlines) so a message stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ').trim();
}

/** Format `file:line:col` (only the parts that are known). */
export function formatLocation(loc: { file?: string; line?: number; column?: number }): string {
  if (!loc.file) return '';
  let out = loc.file;
  if (loc.line !== undefined) {
    out += `:${loc.line}`;
    if (loc.column !== undefined) out += `:${loc.column}`;
  }
  return out;
}

/**
 * Base class of every error this package throws on purpose.
 *
 * @example
 * try { getConfigClassName('Nope'); }
 * catch (e) { if (e instanceof RegistryError) console.error(e.code, e.message); }
 */
export class RegistryError extends Error {
  /** Stable machine-readable code. */
  readonly code: RegistryErrorCode;
  /** What went wrong, without location or hint. */
  readonly detail: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly step: string | undefined;
  readonly field: string | undefined;
  readonly workspaceId: string | undefined;
  readonly hint: string | undefined;

  constructor(code: RegistryErrorCode, detail: string, details: RegistryErrorDetails = {}) {
    const where = formatLocation(details);
    const hint = details.hint ? ` Hint: ${oneLine(details.hint)}` : '';
    const what = oneLine(detail);
    super(`${where ? `${where}: ` : ''}${what}${/[.!?]$/.test(what) ? '' : '.'}${hint}`, {
      cause: details.cause,
    });
    this.name = new.target.name;
    this.code = code;
    this.detail = what;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.step = details.step;
    this.field = details.field;
    this.workspaceId = details.workspaceId;
    this.hint = details.hint;
  }

  /**
   * Record the workspace this error belongs to, when the code that threw it
   * (a file parser) did not know. Returns the error, for `throw e.inWorkspace(id)`.
   */
  inWorkspace(workspaceId: string): this {
    if (this.workspaceId === undefined) (this as { workspaceId: string | undefined }).workspaceId = workspaceId;
    return this;
  }

  /** Plain data for JSON output. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      file: this.file ?? null,
      line: this.line ?? null,
      column: this.column ?? null,
      step: this.step ?? null,
      field: this.field ?? null,
      workspace_id: this.workspaceId ?? null,
      hint: this.hint ?? null,
    };
  }
}

/** A registry file could not be read or parsed (`REGISTRY_LOAD_ERROR`). */
export class RegistryLoadError extends RegistryError {
  constructor(detail: string, details: RegistryErrorDetails = {}) {
    super('REGISTRY_LOAD_ERROR', detail, details);
  }
}

/** A step definition breaks the schema (`STEP_DEFINITION_INVALID`). */
export class StepDefinitionInvalidError extends RegistryError {
  constructor(detail: string, details: RegistryErrorDetails = {}) {
    super('STEP_DEFINITION_INVALID', detail, details);
  }
}

/** A step name is not defined in the view asked about (`UNKNOWN_STEP`). */
export class UnknownStepError extends RegistryError {
  /** The closest known names, best first. */
  readonly suggestions: readonly string[];

  constructor(stepName: string, suggestions: readonly string[], details: RegistryErrorDetails & { what?: string } = {}) {
    const scope = details.workspaceId ? ` in workspace '${details.workspaceId}'` : ' in the core registry';
    const didYouMean = suggestions.length ? ` — did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : '';
    super('UNKNOWN_STEP', `${details.what ?? `Unknown step name: ${stepName}`}${scope}${didYouMean}`, {
      hint: 'run `cursus registry list-steps` to see the names this view knows',
      ...details,
      step: stepName,
    });
    this.suggestions = suggestions;
  }
}

/** A workspace id that is not loaded (`UNKNOWN_WORKSPACE`). */
export class UnknownWorkspaceError extends RegistryError {
  /** The ids that are known. */
  readonly knownIds: readonly string[];

  constructor(workspaceId: string, knownIds: readonly string[], suggestion: string | undefined, details: RegistryErrorDetails = {}) {
    const known = knownIds.length ? `known: ${knownIds.join(', ')}` : 'no workspaces are loaded';
    const didYouMean = suggestion ? ` — did you mean '${suggestion}'?` : '';
    super('UNKNOWN_WORKSPACE', `Unknown workspace '${workspaceId}' (${known})${didYouMean}`, {
      hint: 'workspaces are the directories under the workspaces root; check --workspaces-root / CURSUS_WORKSPACES_ROOT',
      ...details,
      workspaceId,
    });
    this.knownIds = knownIds;
  }
}

/** Resolution ended in a tie between workspaces in `strict` mode (`AMBIGUOUS_STEP`). */
export class AmbiguousStepError extends RegistryError {
  /** `workspace_id` of each tied candidate, in tie-break order. */
  readonly candidates: readonly string[];

  constructor(stepName: string, candidates: readonly string[], priority: number) {
    super('AMBIGUOUS_STEP', `Step '${stepName}' is ambiguous: workspaces ${candidates.join(', ')} tie at priority ${priority}`, {
      step: stepName,
      hint: 'pass a workspace, framework or environment, or give one definition a lower priority',
    });
    this.candidates = candidates;
  }
}

/** A workspace or registry file already exists (`WORKSPACE_EXISTS`). */
export class WorkspaceExistsError extends RegistryError {
  constructor(detail: string, details: RegistryErrorDetails = {}) {
    super('WORKSPACE_EXISTS', detail, { hint: 'pass --force to replace it (a timestamped backup is kept)', ...details });
  }
}

/** A workspace id that breaks `^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$` (`INVALID_WORKSPACE_ID`). */
export class InvalidWorkspaceIdError extends RegistryError {
  constructor(workspaceId: string, reason: string, details: RegistryErrorDetails = {}) {
    super('INVALID_WORKSPACE_ID', `Invalid workspace id ${JSON.stringify(workspaceId)}: ${reason}`, {
      hint: 'use 1–64 characters: letters, digits, `_`, `.`, `-`, starting with a letter or digit',
      ...details,
    });
  }
}

/**
 * A pipeline (a spec file or `PipelineAssembler` calls) is not well-formed: a
 * duplicate or unknown node, a cycle, or a spec-file field that breaks the
 * schema (`PIPELINE_INVALID`).
 */
export class PipelineInvalidError extends RegistryError {
  constructor(detail: string, details: RegistryErrorDetails = {}) {
    super('PIPELINE_INVALID', detail, details);
  }
}

/**
 * A strict resolution could not be trusted because one or more workspaces
 * failed to load and so took no part in it (`INCOMPLETE_RESOLUTION`): the
 * broken files may define the step, so no answer is given.
 */
export class IncompleteResolutionError extends RegistryError {
  /** Ids of the workspaces that could not take part, in id order. */
  readonly skippedWorkspaces: readonly string[];

  constructor(stepName: string, skippedWorkspaces: readonly string[], details: RegistryErrorDetails = {}) {
    const n = skippedWorkspaces.length;
    super(
      'INCOMPLETE_RESOLUTION',
      `Step '${stepName}' cannot be resolved strictly: ${n === 1 ? 'workspace' : 'workspaces'} ${skippedWorkspaces.map((w) => `'${w}'`).join(', ')} failed to load and could not take part`,
      { step: stepName, hint: 'fix the workspace registry files that fail to load (validating the registry shows why), then resolve again', ...details },
    );
    this.skippedWorkspaces = skippedWorkspaces;
  }
}
