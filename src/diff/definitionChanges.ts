import { definitionToJSON, type StepDefinition } from '../model/stepDefinition.js';
import type { DefinitionRef, FieldChange } from './diffReport.js';

/** Maps an absolute file path to how the diff shows it (relative to a side's root). */
export type PathDisplay = (file: string) => string;

/** Fields that are provenance, not content: never compared. */
const NOT_COMPARED = new Set(['name', 'source']);

/** Where a definition comes from, as a diff shows it. */
export function definitionRef(def: StepDefinition, display: PathDisplay): DefinitionRef {
  return { registry_type: def.registry_type, workspace_id: def.workspace_id, file: display(def.source.file), line: def.source.line };
}

/** Order-sensitive structural equality of JSON-ready field values. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * The fields that differ between two definitions of one name, in schema order
 * (every field of the definition's JSON form except its name and source, so
 * fields added to the schema are compared too). Empty when only the file or
 * line moved.
 */
export function fieldChanges(before: StepDefinition, after: StepDefinition): readonly FieldChange[] {
  if (before === after) return NO_CHANGES;
  // Core definitions appear in every workspace view: compare each pair once.
  let byAfter = memo.get(before);
  const known = byAfter?.get(after);
  if (known) return known;
  const changes = Object.freeze(compareFields(before, after));
  if (!byAfter) memo.set(before, (byAfter = new WeakMap()));
  byAfter.set(after, changes);
  return changes;
}

const NO_CHANGES: readonly FieldChange[] = Object.freeze([]);
const memo = new WeakMap<StepDefinition, WeakMap<StepDefinition, readonly FieldChange[]>>();

function compareFields(before: StepDefinition, after: StepDefinition): FieldChange[] {
  const a = definitionToJSON(before);
  const b = definitionToJSON(after);
  const fields = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
  const out: FieldChange[] = [];
  for (const field of fields) {
    if (NOT_COMPARED.has(field)) continue;
    const old = a[field] ?? null;
    const now = b[field] ?? null;
    if (!sameValue(old, now)) out.push({ field, before: old, after: now });
  }
  return out;
}
