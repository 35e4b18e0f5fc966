import { AmbiguousStepError, IncompleteResolutionError, formatLocation } from '../model/errors.js';
import type { StepDefinition } from '../model/stepDefinition.js';

/** How the CLI/library handles a tie between workspaces. */
export type ResolutionMode = 'automatic' | 'strict' | 'interactive';
/** The strategy that settled a resolution. */
export type ResolutionStrategy = 'no_conflict' | 'workspace_priority' | 'framework_match' | 'environment_match' | 'priority_based';

/** What a caller may say about the resolution (SPEC §4.2). Data keeps snake_case, like the files. */
export interface ResolutionContext {
  /** The workspace asking; `undefined` follows the current context, `null` means none. */
  workspace_id?: string | null;
  /** Preferred framework; when absent, the context workspace's `preferred_frameworks` apply. */
  preferred_framework?: string | null;
  /** Environment tags; when absent, the context workspace's `environment_preferences` apply. */
  environment_tags?: readonly string[];
  /** `strict` turns a tie between workspaces into an `AmbiguousStepError`. Default `automatic`. */
  resolution_mode?: ResolutionMode;
}

/** The context actually used, after defaults from the workspace metadata. */
export interface EffectiveResolutionContext {
  readonly workspace_id: string | null;
  /** Frameworks in order of preference (the caller's one, or the workspace metadata's list). */
  readonly preferred_frameworks: readonly string[];
  readonly frameworks_from: 'caller' | 'workspace_metadata' | null;
  readonly environment_tags: readonly string[];
  readonly environment_from: 'caller' | 'workspace_metadata' | null;
  readonly resolution_mode: ResolutionMode;
}

/** A workspace that failed to load and so could not take part in a resolution. */
export interface SkippedWorkspace {
  readonly workspace_id: string;
  /** The load error's code, e.g. `REGISTRY_LOAD_ERROR`. */
  readonly code: string;
  /** Why it failed, one line, without location. */
  readonly reason: string;
  readonly file: string | null;
  readonly line: number | null;
}

/** The outcome of {@link resolveCandidates}. */
export interface StepResolutionResult {
  readonly step_name: string;
  readonly resolved: boolean;
  readonly selected_definition: StepDefinition | null;
  readonly resolution_strategy: ResolutionStrategy | null;
  /** One-line summary of the decision. */
  readonly reason: string;
  /** True when the choice was a tie between workspaces settled by id order. */
  readonly ambiguous: boolean;
  /** The tied candidates, in tie-break order, when `ambiguous` (else empty). */
  readonly tied_definitions: readonly StepDefinition[];
  /** Every candidate considered (core first, then by workspace id). */
  readonly conflicting_definitions: readonly StepDefinition[];
  /** One line per decision, including why each losing candidate lost. */
  readonly explanation: readonly string[];
  /** Close names when the step is unknown. */
  readonly suggestions: readonly string[];
  readonly context: EffectiveResolutionContext;
  /**
   * Workspaces that failed to load and took no part: the answer may differ once
   * they are fixed. Never empty silently — `strict` mode refuses to answer.
   */
  readonly skipped_workspaces: readonly SkippedWorkspace[];
}

/** `core`, or `workspace 'alice' (STEP_OVERRIDES)`. */
export function describeCandidate(def: StepDefinition): string {
  if (def.workspace_id === null) return 'core';
  return `workspace '${def.workspace_id}' (${def.registry_type === 'override' ? 'STEP_OVERRIDES' : 'LOCAL_STEPS'})`;
}

/** Core first, then workspace id in code-unit order — the same everywhere. */
export function compareCandidates(a: StepDefinition, b: StepDefinition): number {
  if (a.workspace_id === b.workspace_id) return 0;
  if (a.workspace_id === null) return -1;
  if (b.workspace_id === null) return 1;
  return a.workspace_id < b.workspace_id ? -1 : 1;
}

const list = (items: readonly string[]) => (items.length ? `[${items.join(', ')}]` : '[]');

/**
 * Choose among the definitions of one step name (SPEC §4.2):
 * none → unresolved; one → `no_conflict`; the context workspace's own →
 * `workspace_priority`; then progressive narrowing by framework and environment
 * (each filter applied only if it keeps at least one candidate); then lowest
 * priority, ties to core, then workspace id. Pure: no I/O, no caching.
 *
 * Workspaces that failed to load are listed in the result and the explanation;
 * in `strict` mode they make the resolution fail.
 *
 * @throws AmbiguousStepError in `strict` mode when workspaces tie.
 * @throws IncompleteResolutionError in `strict` mode when a workspace failed to load.
 */
export function resolveCandidates(
  stepName: string,
  candidates: readonly StepDefinition[],
  context: EffectiveResolutionContext,
  suggestions: () => readonly string[],
  skipped: readonly SkippedWorkspace[] = [],
): StepResolutionResult {
  if (skipped.length && context.resolution_mode === 'strict') {
    throw new IncompleteResolutionError(
      stepName,
      skipped.map((s) => s.workspace_id),
    );
  }
  const explanation: string[] = [];
  for (const s of skipped) {
    const where = formatLocation({ file: s.file ?? undefined, line: s.line ?? undefined });
    explanation.push(`workspace '${s.workspace_id}' could not take part: it failed to load (${s.code}: ${s.reason}${where ? ` at ${where}` : ''})`);
  }
  const done = (
    selected: StepDefinition | null,
    strategy: ResolutionStrategy | null,
    reason: string,
    ambiguous = false,
    suggested: readonly string[] = [],
    tied: readonly StepDefinition[] = [],
  ): StepResolutionResult =>
    Object.freeze({
      step_name: stepName,
      resolved: selected !== null,
      selected_definition: selected,
      resolution_strategy: strategy,
      reason,
      ambiguous,
      tied_definitions: Object.freeze([...tied]),
      conflicting_definitions: candidates,
      explanation: Object.freeze(explanation),
      suggestions: Object.freeze([...suggested]),
      context,
      skipped_workspaces: skipped,
    });

  if (candidates.length === 0) {
    const close = suggestions();
    const reason = `Step '${stepName}' is not defined in core or any workspace${close.length ? ` — did you mean ${close.map((s) => `'${s}'`).join(', ')}?` : ''}`;
    explanation.push(reason);
    return done(null, null, reason, false, close);
  }
  explanation.push(`${candidates.length} candidate${candidates.length > 1 ? 's' : ''}: ${candidates.map(describeCandidate).join(', ')}`);
  const only = candidates[0];
  if (candidates.length === 1 && only) {
    explanation.push(`chose ${describeCandidate(only)}: the only definition (no_conflict)`);
    return done(only, 'no_conflict', `Only ${describeCandidate(only)} defines '${stepName}'`);
  }

  const ws = context.workspace_id;
  if (ws !== null) {
    const own = candidates.find((d) => d.workspace_id === ws);
    if (own) {
      for (const d of candidates) if (d !== own) explanation.push(`${describeCandidate(d)} lost: the context workspace '${ws}' has its own definition`);
      explanation.push(`chose ${describeCandidate(own)}: it is the context workspace (workspace_priority)`);
      return done(own, 'workspace_priority', `Selected from the context workspace '${ws}'`);
    }
    explanation.push(`context workspace '${ws}' does not define '${stepName}'`);
  }

  let remaining: readonly StepDefinition[] = candidates;
  if (context.preferred_frameworks.length) {
    const from = context.frameworks_from === 'workspace_metadata' ? ` (from ${ws}'s preferred_frameworks)` : '';
    let applied = false;
    for (const framework of context.preferred_frameworks) {
      const matching = remaining.filter((d) => d.framework === framework);
      if (matching.length === 0) continue;
      applied = true;
      for (const d of remaining) {
        if (!matching.includes(d)) explanation.push(`${describeCandidate(d)} lost: framework ${d.framework ?? 'none'} is not ${framework}${from}`);
      }
      remaining = matching;
      if (remaining.length === 1 && remaining[0]) {
        explanation.push(`chose ${describeCandidate(remaining[0])}: the only candidate with framework ${framework} (framework_match)`);
        return done(remaining[0], 'framework_match', `Selected by framework '${framework}'${from}`);
      }
      explanation.push(`framework ${framework}${from} kept ${remaining.length} candidates`);
      break;
    }
    if (!applied) explanation.push(`framework filter ${list(context.preferred_frameworks)}${from} matched no candidate: not applied`);
  }

  if (context.environment_tags.length) {
    const from = context.environment_from === 'workspace_metadata' ? ` (from ${ws}'s environment_preferences)` : '';
    const wanted = new Set(context.environment_tags);
    const matching = remaining.filter((d) => d.environment_tags.length === 0 || d.environment_tags.some((t) => wanted.has(t)));
    if (matching.length === 0) {
      explanation.push(`environment filter ${list(context.environment_tags)}${from} matched no candidate: not applied`);
    } else if (matching.length === remaining.length) {
      explanation.push(`environment filter ${list(context.environment_tags)}${from} kept all ${remaining.length} candidates`);
    } else {
      for (const d of remaining) {
        if (!matching.includes(d)) explanation.push(`${describeCandidate(d)} lost: environment tags ${list(d.environment_tags)} do not meet ${list(context.environment_tags)}${from}`);
      }
      remaining = matching;
      if (remaining.length === 1 && remaining[0]) {
        explanation.push(`chose ${describeCandidate(remaining[0])}: the only candidate for environment ${list(context.environment_tags)} (environment_match)`);
        return done(remaining[0], 'environment_match', `Selected by environment ${list(context.environment_tags)}${from}`);
      }
      explanation.push(`environment filter kept ${remaining.length} candidates`);
    }
  }

  const best = Math.min(...remaining.map((d) => d.priority));
  const tied = remaining.filter((d) => d.priority === best).sort(compareCandidates);
  for (const d of remaining) if (d.priority !== best) explanation.push(`${describeCandidate(d)} lost: priority ${d.priority} > ${best}`);
  const chosen = tied[0] as StepDefinition;
  const ambiguous = tied.length > 1 && chosen.workspace_id !== null;
  for (const d of tied.slice(1)) {
    explanation.push(
      chosen.workspace_id === null
        ? `${describeCandidate(d)} lost: tie at priority ${best}, core wins ties`
        : `${describeCandidate(d)} lost: tie at priority ${best}, '${chosen.workspace_id}' sorts before '${d.workspace_id}'`,
    );
  }
  if (ambiguous && context.resolution_mode === 'strict') {
    throw new AmbiguousStepError(stepName, tied.map((d) => d.workspace_id ?? 'core'), best);
  }
  explanation.push(`chose ${describeCandidate(chosen)}: lowest priority ${best}${ambiguous ? ' (ambiguous: a tie between workspaces, settled by workspace id)' : ''} (priority_based)`);
  return done(
    chosen,
    'priority_based',
    ambiguous ? `Ambiguous: ${tied.map((d) => d.workspace_id).join(', ')} tie at priority ${best}; chose '${chosen.workspace_id}' by workspace id order` : `Selected by priority ${best}`,
    ambiguous,
    [],
    ambiguous ? tied : [],
  );
}
