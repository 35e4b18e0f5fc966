/**
 * One copy of each repeated value a load keeps: step definitions repeat the
 * same SageMaker types, frameworks and tag lists thousands of times, and
 * strings cut from a parsed file (V8 "sliced strings") would otherwise keep the
 * whole file text alive. Tables are bounded (cleared when full), so a
 * long-running process that reloads often does not grow them without limit.
 */

/** Entries per table before it starts over. */
const MAX_ENTRIES = 100_000;
/** V8 copies shorter substrings instead of slicing them. */
const SLICE_MIN_LENGTH = 13;

const strings = new Map<string, string>();
const lists = new Map<string, readonly string[]>();
const EMPTY_LIST: readonly string[] = Object.freeze([]);

/**
 * A copy of `value` that does not keep a parsed file's text alive, shared
 * with every equal short string interned before. Short strings (SageMaker
 * types, frameworks, tags) repeat across thousands of definitions and V8 copies
 * them out of the text anyway, so they go through the table; longer ones
 * (descriptions, class names) are nearly all distinct, so they are only
 * copied flat — hashing each into a table cost more than it saved (~7% of a
 * 1000-workspace load).
 */
export function internString(value: string): string {
  // Concatenation then slicing builds a fresh flat string: the original's parent text is no longer referenced.
  if (value.length >= SLICE_MIN_LENGTH) return ` ${value}`.slice(1);
  let shared = strings.get(value);
  if (shared === undefined) {
    if (strings.size >= MAX_ENTRIES) strings.clear();
    shared = value;
    strings.set(shared, shared);
  }
  return shared;
}

/** A frozen list equal to `values`, shared with every equal list of strings interned before. */
export function internList(values: readonly unknown[]): readonly unknown[] {
  if (values.length === 0) return EMPTY_LIST;
  if (!values.every((v) => typeof v === 'string')) return Object.freeze([...values]);
  const key = (values as readonly string[]).join('\u0000');
  let shared = lists.get(key);
  if (shared === undefined) {
    if (lists.size >= MAX_ENTRIES) lists.clear();
    shared = Object.freeze((values as readonly string[]).map(internString));
    lists.set(internString(key), shared);
  }
  return shared;
}
