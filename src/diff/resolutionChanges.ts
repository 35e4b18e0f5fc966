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

/** What resolution looks at in a context workspace: its metadata preferences. */
function contextSignature(side: ResolutionSide, context: string): string {
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

/**
 * For every name defined in more than one place (on either side), the
 * definition `resolveStep` selects in each context — the default one (null)
 * and each given workspace — before and after, where it differs: another
 * definition chosen, or a tie between workspaces appeared or went away.
 * Contexts whose inputs (the name's candidates, the context workspace's
 * preferences) are the same on both sides are not resolved again.
 */
export function resolutionChanges(before: ResolutionSide, after: ResolutionSide, contexts: readonly (string | null)[]): ResolutionChange[] {
  const old = candidatesByName(before);
  const now = candidatesByName(after);
  const names = [...new Set([...old.keys(), ...now.keys()])]
    .filter((name) => (old.get(name)?.length ?? 0) > 1 || (now.get(name)?.length ?? 0) > 1)
    .sort(compareCodeUnits);
  const out: ResolutionChange[] = [];
  for (const name of names) {
    const sameCandidates = candidateSignature(old.get(name)) === candidateSignature(now.get(name));
    for (const context of contexts) {
      if (sameCandidates && (context === null || contextSignature(before, context) === contextSignature(after, context))) continue;
      const a = outcome(before.registry.resolveStep(name, { workspace_id: context, resolution_mode: 'automatic' }), before.display);
      const b = outcome(after.registry.resolveStep(name, { workspace_id: context, resolution_mode: 'automatic' }), after.display);
      const kinds: ResolutionChange['kinds'][number][] = [];
      const keyA = selectionKey(a);
      const keyB = selectionKey(b);
      if (keyA !== null && keyB !== null && keyA !== keyB) kinds.push('changed-resolution');
      if (b.ambiguous && (!a.ambiguous || b.tied.some((t) => !a.tied.includes(t)))) kinds.push('ambiguous');
      // A tie that went away is worth a line too; a name that merely appeared or vanished is a step change.
      if (kinds.length || (a.ambiguous && !b.ambiguous && keyA !== null && keyB !== null)) out.push({ name, context, before: a, after: b, kinds });
    }
  }
  return out;
}
