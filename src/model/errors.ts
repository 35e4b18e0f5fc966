import { makeFinding, type Finding } from './finding.js';
import { findingToJson, type FindingJson } from './findingJson.js';
import { findingMessage } from './findingText.js';

/**
 * Error classes of the registry. Every error has a stable `code` and carries
 * its problems as {@link Finding}s; its one-line `message`
 * (`<where>: <what>. Hint: <hint>`) is rendered by `findingText.ts`.
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
  | 'INCOMPLETE_RESOLUTION'
  | 'WORKSPACE_LOCKED'
  | 'WORKSPACES_ROOT_MISSING';

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
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly step?: string | undefined;
  readonly field?: string | undefined;
  readonly workspaceId?: string | undefined;
  readonly hint?: string | undefined;
  /** Names that were probably meant, best first. */
  readonly suggestions?: readonly string[] | undefined;
  /** Further problems found in the same run (a file with several broken steps). */
  readonly more?: readonly Finding[] | undefined;
  readonly cause?: unknown;
}

export { formatLocation } from './findingText.js';
export { oneLine } from './finding.js';

/**
 * Base class of every error this package throws on purpose. It carries its
 * problems as data ({@link RegistryError.findings}); `message` is the first
 * finding rendered by the one text renderer, plus "(and N more problems)".
 *
 * @example
 * try { getConfigClassName('Nope'); }
 * catch (e) { if (e instanceof RegistryError) console.error(e.code, e.findings.length, e.message); }
 */
export class RegistryError extends Error {
  /** Stable machine-readable code (that of the first finding). */
  readonly code: RegistryErrorCode;
  #findings: readonly Finding[];

  constructor(code: RegistryErrorCode, detail: string, details: RegistryErrorDetails = {}) {
    const first = makeFinding({
      severity: 'error',
      code,
      message: detail,
      file: details.file,
      line: details.line,
      column: details.column,
      step: details.step,
      field: details.field,
      workspace_id: details.workspaceId,
      hint: details.hint,
      suggestions: details.suggestions,
    });
    const findings = Object.freeze([first, ...(details.more ?? [])]);
    super(findingMessage(first, { more: findings.length - 1 }), { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.#findings = findings;
  }

  /** Every problem this error stands for, the first one first (at least one). */
  get findings(): readonly Finding[] {
    return this.#findings;
  }

  /** The first (main) finding. */
  get finding(): Finding {
    return this.#findings[0] as Finding;
  }

  /** What went wrong, without location or hint. */
  get detail(): string {
    return this.finding.message;
  }
  /** Absolute path of the file concerned, when there is one. */
  get file(): string | undefined {
    return this.finding.file ?? undefined;
  }
  /** 1-based line, when known. */
  get line(): number | undefined {
    return this.finding.line ?? undefined;
  }
  /** 1-based column, when known. */
  get column(): number | undefined {
    return this.finding.column ?? undefined;
  }
  /** The step concerned, when there is one. */
  get step(): string | undefined {
    return this.finding.step ?? undefined;
  }
  /** The field concerned, when there is one. */
  get field(): string | undefined {
    return this.finding.field ?? undefined;
  }
  /** The workspace concerned, when known. */
  get workspaceId(): string | undefined {
    return this.finding.workspace_id ?? undefined;
  }
  /** How to fix it. */
  get hint(): string | undefined {
    return this.finding.hint ?? undefined;
  }
  /** The closest known names, best first ("did you mean"). */
  get suggestions(): readonly string[] {
    return this.finding.suggestions;
  }

  /**
   * Record the workspace this error belongs to, when the code that threw it
   * (a file parser) did not know. Returns the error, for `throw e.inWorkspace(id)`.
   */
  inWorkspace(workspaceId: string): this {
    this.#findings = Object.freeze(this.#findings.map((f) => (f.workspace_id === null ? makeFinding({ ...f, workspace_id: workspaceId }) : f)));
    return this;
  }

  /** The first finding as plain data (the JSON renderer's shape). */
  toJSON(): FindingJson {
    return findingToJson(this.finding);
  }
}

/**
 * The error that stands for `findings` (all errors found in one file, say):
 * a {@link StepDefinitionInvalidError} when the first is a schema problem, a
 * {@link PipelineInvalidError} when it is a pipeline-spec problem, else a
 * {@link RegistryLoadError}.
 */
export function errorOfFindings(findings: readonly Finding[], cause?: unknown): RegistryError {
  const [first, ...more] = findings;
  if (!first) throw new TypeError('errorOfFindings needs at least one finding');
  const details: RegistryErrorDetails = {
    file: first.file ?? undefined,
    line: first.line ?? undefined,
    column: first.column ?? undefined,
    step: first.step ?? undefined,
    field: first.field ?? undefined,
    workspaceId: first.workspace_id ?? undefined,
    hint: first.hint ?? undefined,
    suggestions: first.suggestions,
    more,
    cause,
  };
  if (first.code === 'STEP_DEFINITION_INVALID') return new StepDefinitionInvalidError(first.message, details);
  if (first.code === 'PIPELINE_INVALID') return new PipelineInvalidError(first.message, details);
  return new RegistryLoadError(first.message, details);
}

/** The findings of a thrown value: an error's own, or one `INTERNAL_ERROR` finding for anything else. */
export function findingsOf(error: unknown): readonly Finding[] {
  if (error instanceof RegistryError) return error.findings;
  return [makeFinding({ severity: 'error', code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) })];
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

/**
 * Hints the errors give by default, in words that do not depend on the front
 * end. A front end may replace a default hint with its own (the CLI names its flags).
 */
export const DEFAULT_HINTS = Object.freeze({
  UNKNOWN_STEP: 'list the step names of this view to see what it knows',
  UNKNOWN_WORKSPACE: 'workspaces are the directories under the workspaces root (its location is a setting)',
  WORKSPACE_EXISTS: 'replace it explicitly (force); a timestamped backup is kept',
  WORKSPACES_ROOT_MISSING: 'check the setting for a typo, or ask for the root to be created (createRoot: true)',
} as const);

/** A step name is not defined in the view asked about (`UNKNOWN_STEP`). */
export class UnknownStepError extends RegistryError {
  constructor(stepName: string, suggestions: readonly string[], details: RegistryErrorDetails & { what?: string } = {}) {
    const scope = details.workspaceId ? ` in workspace '${details.workspaceId}'` : ' in the core registry';
    const didYouMean = suggestions.length ? ` — did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : '';
    super('UNKNOWN_STEP', `${details.what ?? `Unknown step name: ${stepName}`}${scope}${didYouMean}`, {
      hint: DEFAULT_HINTS.UNKNOWN_STEP,
      ...details,
      step: stepName,
      suggestions,
    });
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
      hint: DEFAULT_HINTS.UNKNOWN_WORKSPACE,
      suggestions: suggestion ? [suggestion] : [],
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
    super('WORKSPACE_EXISTS', detail, { hint: DEFAULT_HINTS.WORKSPACE_EXISTS, ...details });
  }
}

/**
 * A command that creates a workspace was pointed at a workspaces root that does
 * not exist, by an explicit setting (`WORKSPACES_ROOT_MISSING`, exit 2): a
 * mistyped path is refused rather than created. Nothing was written.
 */
export class WorkspacesRootMissingError extends RegistryError {
  /** The missing root (absolute). */
  readonly root: string;
  /** Where the setting came from: the flag or option, the variable's name, or `file:line` of the config file. */
  readonly settingSource: string;

  constructor(root: string, settingSource: string, suggestions: readonly string[] = []) {
    const didYouMean = suggestions.length ? ` — did you mean ${suggestions.join(', ')}?` : '';
    super('WORKSPACES_ROOT_MISSING', `workspaces root ${root} does not exist (set by ${settingSource})${didYouMean}`, {
      hint: DEFAULT_HINTS.WORKSPACES_ROOT_MISSING,
      suggestions,
    });
    this.root = root;
    this.settingSource = settingSource;
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

/** Who holds a workspace lock, as its lock file records it. */
export interface WorkspaceLockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly created: string;
}

/**
 * Another process is writing into the workspace and still held its lock after
 * the wait (`WORKSPACE_LOCKED`, exit 2). Retrying later is safe.
 */
export class WorkspaceLockedError extends RegistryError {
  /** The lock file. */
  readonly lockFile: string;
  /** Its holder, when the lock file could be read. */
  readonly holder: WorkspaceLockHolder | null;

  constructor(lockFile: string, holder: WorkspaceLockHolder | null, workspaceId?: string) {
    const who = holder ? `pid ${holder.pid} on ${holder.hostname}${holder.created ? `, since ${holder.created}` : ''}` : 'an unknown process';
    super('WORKSPACE_LOCKED', `${workspaceId ? `workspace '${workspaceId}'` : 'the workspace'} is locked by another cursus process (${who})`, {
      file: lockFile,
      workspaceId,
      hint: `retry when it has finished; if no such process runs any more, delete ${lockFile}`,
    });
    this.lockFile = lockFile;
    this.holder = holder;
  }
}
