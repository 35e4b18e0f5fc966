import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import type { StepResolutionResult } from '../engine/stepResolver.js';
import type { StepDefinition } from '../model/stepDefinition.js';
import { compareCodeUnits } from '../model/codeUnitOrder.js';
import { definitionRef, type PathDisplay } from './definitionChanges.js';
import type { ResolutionChange, ResolutionOutcome } from './diffReport.js';

/** One loaded side of a resolution comparison. */
export interface ResolutionSide {
  readonly registry: HybridRegistryManager;
  readonly display: PathDisplay;
  /** Ids of the workspaces that loaded on this side. */
  readonly loaded: ReadonlySet<string>;
}

/** Step name → every definition of it on one side (core, then each loaded workspace's own). */
function candidatesByName(side: ResolutionSide): Map<string, StepDefinition[]> {
  const out = new Map<string, StepDefinition[]>();
  const add = (def: StepDefinition): void => {
    const list = out.get(def.name);
    if (list) list.push(def);
    else out.set(def.name, [def]);
  };
  for (const def of side.registry.getCoreDefinitions().values()) add(def);
  for (const id of side.loaded) for (const def of side.registry.getLocalOnlyDefinitions(id).values()) add(def);
  return out;
}

/** What resolution looks at in a candidate list: who defines it, where, and the fields the rules read. */
function candidateSignature(defs: readonly StepDefinition[] | undefined): string {
  return JSON.stringify((defs ?? []).map((d) => [d.workspace_id, d.registry_type, d.priority, d.framework, d.environment_tags]));
}

/** Whether a context workspace brings preferences of its own (then it may resolve unlike the default context). */
function hasPreferences(side: ResolutionSide, context: string): boolean {
  const meta = side.registry.getWorkspaceMetadata(context);
  return (meta.preferred_frameworks?.length ?? 0) > 0 || (meta.environment_preferences?.length ?? 0) > 0;
}

function preferenceSignature(side: ResolutionSide, context: string): string {
  const meta = side.registry.getWorkspaceMetadata(context);
  return JSON.stringify([meta.preferred_frameworks ?? [], meta.environment_preferences ?? []]);
}

function outcome(result: StepResolutionResult, display: PathDisplay): ResolutionOutcome {
  const selected = result.selected_definition;
  return {
    resolved: result.resolved,
    selected: selected ? definitionRef(selected, display) : null,
    strategy: result.resolution_strategy,
    ambiguous: result.ambiguous,
    tied: result.tied_definitions.map((d) => d.workspace_id ?? 'core'),
    rule: result.explanation[result.explanation.length - 1] ?? result.reason,
  };
}

const selectionKey = (o: ResolutionOutcome): string | null => (o.selected ? `${o.selected.workspace_id ?? ''}\0${o.selected.registry_type}` : null);

/** The kinds of a before → after pair, or null when it is not worth a line. */
function changeKinds(a: ResolutionOutcome, b: ResolutionOutcome): ResolutionChange['kinds'] | null {
  const kinds: ResolutionChange['kinds'][number][] = [];
  const keyA = selectionKey(a);
  const keyB = selectionKey(b);
  if (keyA !== null && keyB !== null && keyA !== keyB) kinds.push('changed-resolution');
  if (b.ambiguous && (!a.ambiguous || b.tied.some((t) => !a.tied.includes(t)))) kinds.push('ambiguous');
  // A tie that went away is worth a line too; a name that merely appeared or vanished is a step change.
  if (kinds.length || (a.ambiguous && !b.ambiguous && keyA !== null && keyB !== null)) return kinds;
  return null;
}

/**
 * For every name defined in more than one place (on either side), the
 * definition `resolveStep` selects in the default context (null) and in each
 * given workspace context, before and after, where it differs: another
 * definition chosen, or a tie between workspaces appeared or went away.
 *
 * Only contexts that can differ are resolved. A workspace that defines the
 * name on both sides (in the same section) always chooses its own. A workspace
 * that defines it on neither side and sets no preferences resolves exactly like
 * the default context: it is listed in that entry's `like_default`, not
 * repeated. A workspace whose preferences and the name's candidates are the
 * same on both sides cannot change.
 */
export function resolutionChanges(before: ResolutionSide, after: ResolutionSide, contexts: readonly string[]): ResolutionChange[] {
  const old = candidatesByName(before);
  const now = candidatesByName(after);
  const names = [...new Set([...old.keys(), ...now.keys()])]
    .filter((name) => (old.get(name)?.length ?? 0) > 1 || (now.get(name)?.length ?? 0) > 1)
    .sort(compareCodeUnits);
  const preferring = new Set(contexts.filter((c) => hasPreferences(before, c) || hasPreferences(after, c)));
  const resolve = (side: ResolutionSide, name: string, context: string | null) =>
    outcome(side.registry.resolveStep(name, { workspace_id: context, resolution_mode: 'automatic' }), side.display);
  const out: ResolutionChange[] = [];
  for (const name of names) {
    const oldDefs = old.get(name) ?? [];
    const nowDefs = now.get(name) ?? [];
    const sameCandidates = candidateSignature(oldDefs) === candidateSignature(nowDefs);
    const definer = (defs: readonly StepDefinition[], ws: string) => defs.find((d) => d.workspace_id === ws)?.registry_type;
    const likeDefault: string[] = [];
    const special: string[] = [];
    for (const c of contexts) {
      const a = definer(oldDefs, c);
      const b = definer(nowDefs, c);
      if (a !== undefined && a === b) continue;
      if (a === undefined && b === undefined && !preferring.has(c)) likeDefault.push(c);
      else if (!sameCandidates || a !== b || preferenceSignature(before, c) !== preferenceSignature(after, c)) special.push(c);
    }
    if (!sameCandidates) {
      const a = resolve(before, name, null);
      const b = resolve(after, name, null);
      const kinds = changeKinds(a, b);
      if (kinds) out.push({ name, context: null, like_default: likeDefault, before: a, after: b, kinds });
    }
    for (const context of special) {
      const a = resolve(before, name, context);
      const b = resolve(after, name, context);
      const kinds = changeKinds(a, b);
      if (kinds) out.push({ name, context, like_default: [], before: a, after: b, kinds });
    }
  }
  return out;
}
