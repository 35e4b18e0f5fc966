/**
 * The shape of a registry diff (`diffRegistries`, `cursus registry diff --format json`):
 * plain, JSON-ready data. File paths are relative to each side's root (with `/`)
 * when the caller gave one, else absolute.
 */
import type { Finding } from '../model/finding.js';
import type { RegistryType } from '../model/stepDefinition.js';
import type { ResolutionStrategy } from '../engine/stepResolver.js';

/**
 * The kinds of change a diff can contain. `--fail-on` accepts every kind; the
 * first five are the ones a CI gate usually wants.
 */
export const DIFF_KINDS = [
  'new-conflict',
  'ambiguous',
  'changed-resolution',
  'removed-step',
  'broken',
  'added-step',
  'changed-step',
  'added-workspace',
  'removed-workspace',
  'removed-conflict',
  'changed-conflict',
] as const;
/** One kind of change (see {@link DIFF_KINDS}). */
export type DiffKind = (typeof DIFF_KINDS)[number];

/** What each kind means, for `--help` and the README. */
export const DIFF_KIND_MEANINGS: Readonly<Record<DiffKind, string>> = Object.freeze({
  'new-conflict': 'a name became defined by two or more workspaces, or a conflict gained a workspace',
  ambiguous: 'a resolution became a tie between workspaces (settled only by workspace id order)',
  'changed-resolution': 'a name that resolved before resolves to another definition now, in the default context or a workspace context',
  'removed-step': 'a view (core or a workspace) lost a step, or a removed workspace took LOCAL_STEPS with it',
  broken: 'a registry file (or the core, or the project config) fails to load on the head side, and did not fail the same way on the base side',
  'added-step': 'a view gained a step',
  'changed-step': 'a step of a view changed a field (config class, priority, …) or its origin',
  'added-workspace': 'a workspace appeared',
  'removed-workspace': 'a workspace disappeared',
  'removed-conflict': 'a name stopped being defined by two or more workspaces',
  'changed-conflict': 'the candidates of a conflict changed (workspace, section, priority, framework or environment tags)',
});

/** A definition as a diff shows it: where it comes from. */
export interface DefinitionRef {
  readonly registry_type: RegistryType;
  /** Null for core. */
  readonly workspace_id: string | null;
  readonly file: string;
  readonly line: number | null;
}

/** A step that a view gained or lost. */
export interface StepEntry {
  readonly name: string;
  readonly definition: DefinitionRef;
  /** True in a workspace view when the definition is core's: the change is the core view's, inherited. */
  readonly inherited: boolean;
}

/** One field of a step, old → new (values as in the files: strings, numbers, null, string lists). */
export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** A step present in a view on both sides whose fields or origin changed. */
export interface StepChange {
  readonly name: string;
  readonly before: DefinitionRef;
  readonly after: DefinitionRef;
  /** Changed fields in the order of the step schema (`registry_type` and `workspace_id` included when the origin moved). */
  readonly fields: readonly FieldChange[];
  /** True in a workspace view when both sides are core's definitions: the change is the core view's, inherited. */
  readonly inherited: boolean;
}

/** How one view (core, or a workspace present and loaded on both sides) changed. */
export interface ViewDiff {
  /** Null for the core view, else the workspace id. */
  readonly view: string | null;
  readonly added: readonly StepEntry[];
  readonly removed: readonly StepEntry[];
  readonly changed: readonly StepChange[];
}

/** A workspace that appeared or disappeared. */
export interface WorkspaceEntryChange {
  readonly workspace_id: string;
  readonly registry_file: string | null;
  readonly status: 'loaded' | 'failed';
  readonly local_steps: readonly string[];
  readonly step_overrides: readonly string[];
}

/** One definition of a conflicting name, with what resolution looks at. */
export interface ConflictCandidate {
  readonly workspace_id: string;
  readonly registry_type: RegistryType;
  readonly priority: number;
  readonly framework: string | null;
  readonly environment_tags: readonly string[];
  readonly file: string;
  readonly line: number | null;
}

/** A name defined by two or more workspaces on at least one side: its candidates before and after. */
export interface ConflictChange {
  readonly name: string;
  /** Empty when the conflict is new. */
  readonly before: readonly ConflictCandidate[];
  /** Empty when the conflict is gone. */
  readonly after: readonly ConflictCandidate[];
}

/** What `resolveStep` chose for a name in one context, on one side. */
export interface ResolutionOutcome {
  readonly resolved: boolean;
  readonly selected: DefinitionRef | null;
  readonly strategy: ResolutionStrategy | null;
  readonly ambiguous: boolean;
  /** The tied candidates (`core` or workspace ids) when ambiguous. */
  readonly tied: readonly string[];
  /** The deciding line of the resolver's explanation (`chose … (strategy)`), or why it did not resolve. */
  readonly rule: string;
}

/** A name defined in more than one place whose resolution changed in a context. */
export interface ResolutionChange {
  readonly name: string;
  /** Null for the default context (no workspace), else the context workspace. */
  readonly context: string | null;
  /**
   * With the default context: the workspace contexts that resolve exactly like
   * it (they define the name on neither side and set no preferences), so the
   * same change holds for them. Empty for a workspace context.
   */
  readonly like_default: readonly string[];
  readonly before: ResolutionOutcome;
  readonly after: ResolutionOutcome;
  /** `changed-resolution` (another definition is chosen) and/or `ambiguous` (a new tie). */
  readonly kinds: readonly ('changed-resolution' | 'ambiguous')[];
}

/**
 * A file that failed to load on one side: the error's finding (its file shown
 * relative to the side's root), where, and whether the change brought or fixed it.
 */
export interface BrokenFile extends Pick<Finding, 'code' | 'message' | 'file' | 'line' | 'column' | 'workspace_id' | 'step'> {
  readonly side: 'before' | 'after';
  /** On the after side: whether the base side did not fail the same way. On the before side: whether the head side fixed it. */
  readonly new: boolean;
}

/** One side of the diff as loaded. */
export interface DiffSideSummary {
  /** What the side is: a revision (`main (1a2b3c4)`), `working tree`, or a directory. */
  readonly label: string;
  /** Whether the registry (its core and project config) loaded; false when only the load error is known. */
  readonly loaded: boolean;
  readonly workspaces: readonly string[];
  readonly steps_in_core: number;
}

/** Everything that changed between two registries. */
export interface RegistryDiff {
  readonly before: DiffSideSummary;
  readonly after: DiffSideSummary;
  /** The kinds this diff contains, in {@link DIFF_KINDS} order. */
  readonly kinds: readonly DiffKind[];
  /** Number of entries of each kind (0 for absent kinds). */
  readonly counts: Readonly<Record<DiffKind, number>>;
  /** The core view first, then each workspace loaded on both sides, by id. */
  readonly views: readonly ViewDiff[];
  readonly workspaces: { readonly added: readonly WorkspaceEntryChange[]; readonly removed: readonly WorkspaceEntryChange[] };
  readonly conflicts: { readonly added: readonly ConflictChange[]; readonly removed: readonly ConflictChange[]; readonly changed: readonly ConflictChange[] };
  readonly resolutions: readonly ResolutionChange[];
  readonly broken: readonly BrokenFile[];
}

/** Result of {@link parseDiffKinds}: the kinds understood, and each unknown one with the closest known kind. */
export interface ParsedDiffKinds {
  readonly kinds: readonly DiffKind[];
  readonly unknown: readonly { readonly kind: string; readonly suggestion: DiffKind | undefined }[];
}

/**
 * Parse a comma-separated list of kinds (`--fail-on new-conflict,broken`).
 * Blank items are ignored; `all` means every kind.
 */
export function parseDiffKinds(list: string, suggest: (kind: string, known: readonly string[]) => string | undefined): ParsedDiffKinds {
  const kinds = new Set<DiffKind>();
  const unknown: { kind: string; suggestion: DiffKind | undefined }[] = [];
  for (const raw of list.split(',')) {
    const kind = raw.trim().toLowerCase();
    if (!kind) continue;
    if (kind === 'all') DIFF_KINDS.forEach((k) => kinds.add(k));
    else if ((DIFF_KINDS as readonly string[]).includes(kind)) kinds.add(kind as DiffKind);
    else unknown.push({ kind: raw.trim(), suggestion: suggest(kind, DIFF_KINDS) as DiffKind | undefined });
  }
  return { kinds: DIFF_KINDS.filter((k) => kinds.has(k)), unknown };
}
