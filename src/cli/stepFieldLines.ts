import { STEP_FIELDS, STEP_FIELD_NAMES, type StepDefinition, type StepFieldName } from '../model/stepDefinition.js';

/** The fields a text printout shows by default: every stored field except the loader-set ones (shown as "from"). */
export const PRINTED_FIELDS: readonly StepFieldName[] = STEP_FIELD_NAMES.filter((f) => STEP_FIELDS[f].role !== 'loader');

/** A field value as one line of text: lists comma-separated, `metadata` as compact JSON, empty as `-`. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.join(', ') || '-';
  if (typeof value === 'object') return Object.keys(value).length ? JSON.stringify(value) : '-';
  return String(value);
}

/**
 * `  field:   value` lines of a definition, labels padded to `width`
 * (default: the longest field name printed, plus colon and two spaces).
 */
export function stepFieldLines(def: StepDefinition, fields: readonly StepFieldName[] = PRINTED_FIELDS, width = Math.max(...PRINTED_FIELDS.map((f) => f.length)) + 3): string[] {
  return fields.map((f) => `  ${`${f}:`.padEnd(width)}${fieldText(def[f])}`);
}
