import { isAbsolute, relative, sep } from 'node:path';
import type { HybridRegistryManager, WorkspaceSummary } from '../engine/hybridRegistryManager.js';
import { closestMatch } from '../model/closestMatch.js';
import { compareCodeUnits } from '../model/codeUnitOrder.js';
import { diagnosticsFromError, type Diagnostic } from '../model/diagnostics.js';
import { UnknownWorkspaceError, type RegistryError } from '../model/errors.js';
import type { StepDefinition } from '../model/stepDefinition.js';
import { definitionRef, fieldChanges, type PathDisplay } from './definitionChanges.js';
import {
  DIFF_KINDS,
  type BrokenFile,
  type ConflictCandidate,
  type ConflictChange,
  type DiffKind,
  type DiffSideSummary,
  type RegistryDiff,
  type StepChange,
  type StepEntry,
  type ViewDiff,
  type WorkspaceEntryChange,
} from './diffReport.js';
import { resolutionChanges, type ResolutionSide } from './resolutionChanges.js';

/** A side whose registry could not be loaded at all (broken core or project config): only its error is known. */
export interface RegistryLoadFailure {
  readonly loadError: RegistryError;
}

/** What {@link diffRegistries} compares: a loaded manager, or the error that stopped loading one. */
export type DiffInput = HybridRegistryManager | RegistryLoadFailure;

/** Options of {@link diffRegistries}. */
export interface DiffOptions {
  /** Only these workspace views and resolution contexts (default: every workspace). Unknown on both sides: `UnknownWorkspaceError`. */
  readonly workspaces?: readonly string[];
  /** How each side is named in the report (default `before` / `after`). */
  readonly labels?: { readonly before?: string; readonly after?: string };
  /** Directories file paths are shown relative to, per side (e.g. the repository, or a revision's checkout). */
  readonly roots?: { readonly before?: string; readonly after?: string };
}

interface Side {
  readonly summary: DiffSideSummary;
  readonly display: PathDisplay;
  readonly root: string | undefined;
  readonly registry: HybridRegistryManager | null;
  readonly loadError: RegistryError | null;
  readonly workspaces: ReadonlyMap<string, WorkspaceSummary>;
}

function pathDisplay(root: string | undefined): PathDisplay {
  if (root === undefined) return (file) => file;
  return (file) => {
    const rel = relative(root, file);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
  };
}

function isFailure(input: DiffInput): input is RegistryLoadFailure {
  return (input as RegistryLoadFailure).loadError !== undefined;
}

function prepare(input: DiffInput, label: string, root: string | undefined): Side {
  const display = pathDisplay(root);
  if (isFailure(input)) {
    return { summary: { label, loaded: false, workspaces: [], steps_in_core: 0 }, display, root, registry: null, loadError: input.loadError, workspaces: new Map() };
  }
  const workspaces = new Map(input.getWorkspaces().map((ws) => [ws.id, ws] as const));
  return {
    summary: { label, loaded: true, workspaces: [...workspaces.keys()], steps_in_core: input.getCoreDefinitions().size },
    display,
    root,
    registry: input,
    loadError: null,
    workspaces,
  };
}

const sortedNames = (names: Iterable<string>): string[] => [...names].sort(compareCodeUnits);

function viewDiff(view: string | null, old: ReadonlyMap<string, StepDefinition>, now: ReadonlyMap<string, StepDefinition>, before: Side, after: Side): ViewDiff {
  const added: StepEntry[] = [];
  const removed: StepEntry[] = [];
  const changed: StepChange[] = [];
  const fromCore = (...defs: StepDefinition[]) => view !== null && defs.every((d) => d.workspace_id === null);
  for (const name of sortedNames(new Set([...old.keys(), ...now.keys()]))) {
    const a = old.get(name);
    const b = now.get(name);
    if (a && b) {
      const fields = fieldChanges(a, b);
      if (fields.length) changed.push({ name, before: definitionRef(a, before.display), after: definitionRef(b, after.display), fields, inherited: fromCore(a, b) });
    } else if (b) added.push({ name, definition: definitionRef(b, after.display), inherited: fromCore(b) });
    else if (a) removed.push({ name, definition: definitionRef(a, before.display), inherited: fromCore(a) });
  }
  return { view, added, removed, changed };
}

function workspaceEntry(ws: WorkspaceSummary, display: PathDisplay): WorkspaceEntryChange {
  return {
    workspace_id: ws.id,
    registry_file: ws.registry_file === null ? null : display(ws.registry_file),
    status: ws.status,
    local_steps: sortedNames(ws.local_steps),
    step_overrides: sortedNames(ws.step_overrides),
  };
}

function conflictCandidates(defs: readonly StepDefinition[] | undefined, display: PathDisplay): ConflictCandidate[] {
  return (defs ?? []).map((d) => ({
    workspace_id: d.workspace_id ?? 'core',
    registry_type: d.registry_type,
    priority: d.priority,
    framework: d.framework,
    environment_tags: [...d.environment_tags],
    file: display(d.source.file),
    line: d.source.line,
  }));
}

const candidateKey = (c: ConflictCandidate) => JSON.stringify([c.workspace_id, c.registry_type, c.priority, c.framework, c.environment_tags]);

function conflictChanges(before: Side, after: Side): RegistryDiff['conflicts'] {
  const old = (before.registry as HybridRegistryManager).getStepConflicts();
  const now = (after.registry as HybridRegistryManager).getStepConflicts();
  const added: ConflictChange[] = [];
  const removed: ConflictChange[] = [];
  const changed: ConflictChange[] = [];
  for (const name of sortedNames(new Set([...Object.keys(old), ...Object.keys(now)]))) {
    const entry = { name, before: conflictCandidates(old[name], before.display), after: conflictCandidates(now[name], after.display) };
    if (entry.before.length === 0) added.push(entry);
    else if (entry.after.length === 0) removed.push(entry);
    else if (entry.before.map(candidateKey).join('\n') !== entry.after.map(candidateKey).join('\n')) changed.push(entry);
  }
  return { added, removed, changed };
}

/** Error findings of a side: its load error, or the error diagnostics of its load. */
function errorsOf(side: Side): Diagnostic[] {
  if (side.loadError) return diagnosticsFromError(side.loadError).filter((d) => d.severity === 'error');
  return (side.registry as HybridRegistryManager).getDiagnostics().filter((d) => d.severity === 'error');
}

function brokenFiles(before: Side, after: Side): BrokenFile[] {
  const shown = (side: Side, d: Diagnostic) => {
    const file = d.file === null ? null : side.display(d.file);
    // Messages may quote the path they were read from (a revision's temporary checkout): show it as the report does.
    const message = side.root ? d.message.split(`${side.root}${sep}`).join('') : d.message;
    return { code: d.code, message, file, line: d.line, column: d.column, workspace_id: d.workspace_id, step: d.step };
  };
  const key = (b: ReturnType<typeof shown>) => JSON.stringify([b.file, b.code, b.message, b.workspace_id, b.step]);
  const old = errorsOf(before).map((d) => shown(before, d));
  const now = errorsOf(after).map((d) => shown(after, d));
  const oldKeys = new Set(old.map(key));
  const nowKeys = new Set(now.map(key));
  return [
    ...old.map((b) => ({ side: 'before' as const, ...b, new: !nowKeys.has(key(b)) })),
    ...now.map((b) => ({ side: 'after' as const, ...b, new: !oldKeys.has(key(b)) })),
  ];
}

function countKinds(diff: Omit<RegistryDiff, 'kinds' | 'counts'>, afterFailed: boolean): Record<DiffKind, number> {
  const counts = Object.fromEntries(DIFF_KINDS.map((k) => [k, 0])) as Record<DiffKind, number>;
  for (const view of diff.views) {
    counts['added-step'] += view.added.filter((e) => !e.inherited).length;
    counts['removed-step'] += view.removed.filter((e) => !e.inherited).length;
    counts['changed-step'] += view.changed.filter((e) => !e.inherited).length;
  }
  counts['removed-step'] += diff.workspaces.removed.filter((ws) => ws.local_steps.length > 0).length;
  counts['added-workspace'] = diff.workspaces.added.length;
  counts['removed-workspace'] = diff.workspaces.removed.length;
  counts['new-conflict'] =
    diff.conflicts.added.length + diff.conflicts.changed.filter((c) => c.after.some((a) => !c.before.some((b) => b.workspace_id === a.workspace_id))).length;
  counts['removed-conflict'] = diff.conflicts.removed.length;
  counts['changed-conflict'] = diff.conflicts.changed.length;
  counts['changed-resolution'] = diff.resolutions.filter((r) => r.kinds.includes('changed-resolution')).length;
  counts.ambiguous = diff.resolutions.filter((r) => r.kinds.includes('ambiguous')).length;
  counts.broken = diff.broken.filter((b) => b.side === 'after' && (b.new || afterFailed)).length;
  return counts;
}

/**
 * What changed between two registries — for review and as a CI gate: per view
 * (core, and each workspace loaded on both sides) the steps added, removed and
 * changed field by field; workspaces added and removed; conflicts added,
 * removed and changed; for every name defined in more than one place, the
 * resolution in the default context and each workspace context where it
 * changed, with the resolver's deciding rule; and broken files on either side.
 * Reads every workspace of both managers; never throws for a broken workspace
 * (it is a `broken` entry).
 *
 * @example
 * const diff = diffRegistries(new HybridRegistryManager({ cwd: 'old' }), new HybridRegistryManager({ cwd: 'new' }));
 * if (diff.kinds.includes('new-conflict')) process.exitCode = 1;
 */
export function diffRegistries(before: DiffInput, after: DiffInput, options: DiffOptions = {}): RegistryDiff {
  const a = prepare(before, options.labels?.before ?? 'before', options.roots?.before);
  const b = prepare(after, options.labels?.after ?? 'after', options.roots?.after);
  const known = new Set([...a.workspaces.keys(), ...b.workspaces.keys()]);
  for (const id of options.workspaces ?? []) {
    if (!known.has(id)) throw new UnknownWorkspaceError(id, sortedNames(known), closestMatch(id, known));
  }
  const selected = options.workspaces ? new Set(options.workspaces) : known;
  const loadedOn = (side: Side) => new Set([...side.workspaces.values()].filter((ws) => ws.status === 'loaded').map((ws) => ws.id));
  let body: Omit<RegistryDiff, 'kinds' | 'counts'>;
  if (a.registry && b.registry) {
    const loadedA = loadedOn(a);
    const loadedB = loadedOn(b);
    const common = sortedNames([...loadedA].filter((id) => loadedB.has(id) && selected.has(id)));
    const views = [viewDiff(null, a.registry.getAllStepDefinitions(null), b.registry.getAllStepDefinitions(null), a, b)];
    for (const id of common) views.push(viewDiff(id, a.registry.getAllStepDefinitions(id), b.registry.getAllStepDefinitions(id), a, b));
    const only = (x: Side, y: Side) => [...x.workspaces.values()].filter((ws) => !y.workspaces.has(ws.id)).map((ws) => workspaceEntry(ws, x.display));
    const sideA: ResolutionSide = { registry: a.registry, display: a.display, loaded: loadedA };
    const sideB: ResolutionSide = { registry: b.registry, display: b.display, loaded: loadedB };
    body = {
      before: a.summary,
      after: b.summary,
      views,
      workspaces: { added: only(b, a), removed: only(a, b) },
      conflicts: conflictChanges(a, b),
      resolutions: resolutionChanges(sideA, sideB, common),
      broken: brokenFiles(a, b),
    };
  } else {
    // One side did not load at all: nothing to compare but what broke.
    body = { before: a.summary, after: b.summary, views: [], workspaces: { added: [], removed: [] }, conflicts: { added: [], removed: [], changed: [] }, resolutions: [], broken: brokenFiles(a, b) };
  }
  const counts = countKinds(body, b.registry === null);
  return { ...body, kinds: DIFF_KINDS.filter((k) => counts[k] > 0), counts };
}
