/** Words shared by the text and markdown renderings of a registry diff. */
import type { ConflictCandidate, DefinitionRef, DiffKind, RegistryDiff, ResolutionOutcome } from './diffReport.js';
import { DIFF_KINDS } from './diffReport.js';

const NOUNS: Readonly<Record<DiffKind, [string, string]>> = {
  'new-conflict': ['new conflict', 'new conflicts'],
  ambiguous: ['new ambiguous resolution', 'new ambiguous resolutions'],
  'changed-resolution': ['changed resolution', 'changed resolutions'],
  'removed-step': ['removed step', 'removed steps'],
  broken: ['broken file', 'broken files'],
  'added-step': ['added step', 'added steps'],
  'changed-step': ['changed step', 'changed steps'],
  'added-workspace': ['added workspace', 'added workspaces'],
  'removed-workspace': ['removed workspace', 'removed workspaces'],
  'removed-conflict': ['resolved conflict', 'resolved conflicts'],
  'changed-conflict': ['changed conflict', 'changed conflicts'],
};

/** `2 changed resolutions`, … — one phrase per kind present, in {@link DIFF_KINDS} order. */
export function summaryPhrases(diff: RegistryDiff): string[] {
  return DIFF_KINDS.filter((k) => diff.counts[k] > 0).map((k) => {
    const n = diff.counts[k];
    const [one, many] = NOUNS[k];
    return `${n} ${n === 1 ? one : many}`;
  });
}

/** `core`, `alice (LOCAL_STEPS)`, `alice (STEP_OVERRIDES)`. */
export function refLabel(ref: Pick<DefinitionRef, 'workspace_id' | 'registry_type'>): string {
  if (ref.workspace_id === null || ref.registry_type === 'core') return 'core';
  return `${ref.workspace_id} (${ref.registry_type === 'override' ? 'STEP_OVERRIDES' : 'LOCAL_STEPS'})`;
}

/** `file:line` of a definition. */
export function refOrigin(ref: Pick<DefinitionRef, 'file' | 'line'>): string {
  return ref.line === null ? ref.file : `${ref.file}:${ref.line}`;
}

/** A field value as written in a file: strings bare, lists in brackets, null as `null`. */
export function fieldValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fieldValue).join(', ')}]`;
  if (value === null || value === undefined) return 'null';
  return String(value);
}

/** `alice 90 pytorch [development]` — what resolution looks at in a conflict candidate. */
export function candidateLabel(c: ConflictCandidate): string {
  const extras = [`priority ${c.priority}`, ...(c.framework ? [c.framework] : []), ...(c.environment_tags.length ? [`[${c.environment_tags.join(', ')}]`] : [])];
  return `${c.workspace_id}${c.registry_type === 'override' ? ' (override)' : ''}: ${extras.join(', ')}`;
}

/** What a resolution chose: `alice (LOCAL_STEPS)`, `unresolved`, with `, ambiguous` when tied. */
export function outcomeLabel(o: ResolutionOutcome): string {
  if (!o.selected) return 'not defined';
  return `${refLabel(o.selected)}${o.ambiguous ? `, ambiguous: tie of ${o.tied.join(', ')}` : ''}`;
}

/** `default context`, `default context (and workspaces dave, erin like it)`, or `workspace alice`. */
export function contextLabel(context: string | null, likeDefault: readonly string[] = [], shown = 3): string {
  if (context !== null) return `workspace ${context}`;
  if (likeDefault.length === 0) return 'default context';
  const names = likeDefault.slice(0, shown).join(', ');
  const more = likeDefault.length > shown ? ` and ${likeDefault.length - shown} more` : '';
  return `default context (and workspace${likeDefault.length === 1 ? '' : 's'} ${names}${more} like it)`;
}
