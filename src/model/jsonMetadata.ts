/**
 * The `metadata` field of a step: free JSON a team attaches to a step (owner,
 * ticket, …). It is data only: copied into null-prototype objects (so a key
 * such as `__proto__` or `constructor` stays a key), frozen, bounded in depth
 * and size, and never merged into any other record.
 */

/** A JSON value as the registry keeps it (objects have a null prototype and are frozen). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
/** A JSON object as the registry keeps it. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** Bounds of one step's `metadata`. */
export interface MetadataLimits {
  /** Deepest nesting of objects and lists, the metadata object itself being level 1. */
  readonly maxDepth: number;
  /** Most values (objects, lists, scalars) in total. */
  readonly maxValues: number;
  /** Most characters of keys and strings in total. */
  readonly maxTextLength: number;
}

/** The default bounds: 32 levels, 10,000 values, 65,536 characters of text. */
export const METADATA_LIMITS: MetadataLimits = Object.freeze({ maxDepth: 32, maxValues: 10_000, maxTextLength: 65_536 });

/** Why a value is not acceptable metadata: what, and where inside it (keys and list indexes). */
export interface MetadataProblem {
  readonly message: string;
  readonly path: readonly (string | number)[];
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return `number ${String(value)}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object' || value === null) return typeof value;
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `a ${name}` : 'an object';
}

/** Own entries of a mapping (a plain or null-prototype object, or a Map with string keys); undefined for anything else. */
function mappingEntriesOf(value: object): [string, unknown][] | undefined {
  if (value instanceof Map) {
    const entries: [string, unknown][] = [];
    for (const [k, v] of value) {
      if (typeof k !== 'string') return undefined;
      entries.push([k, v]);
    }
    return entries;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  return Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]]);
}

function describePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '';
  const part = (p: string | number): string => (typeof p === 'number' ? `[${p}]` : JSON.stringify(p));
  const shown = path.length > 6 ? [...path.slice(0, 3).map(part), '…', ...path.slice(-2).map(part)] : path.map(part);
  return ` at ${shown.join('.')}`;
}

interface Work {
  readonly value: unknown;
  readonly depth: number;
  readonly path: readonly (string | number)[];
  readonly store: (copy: JsonValue) => void;
}

/**
 * Check `input` is a JSON object within `limits` and return a deep, frozen,
 * null-prototype copy of it — or the first problem. Iterative (no recursion),
 * so a value nested 10,000 levels deep is refused, never a stack overflow.
 *
 * @example
 * copyJsonObject(JSON.parse('{"owner": "maria", "__proto__": {"x": 1}}')); // ok; `__proto__` is a key of the copy
 * copyJsonObject('maria'); // { ok: false, problem: { message: 'expected a mapping (JSON object), got string', path: [] } }
 */
export function copyJsonObject(input: unknown, limits: MetadataLimits = METADATA_LIMITS): { ok: true; value: JsonObject } | { ok: false; problem: MetadataProblem } {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || !mappingEntriesOf(input)) {
    return { ok: false, problem: { message: `expected a mapping (JSON object), got ${Array.isArray(input) ? 'a list' : kindOf(input)}`, path: [] } };
  }
  let root: JsonValue = null;
  const stack: Work[] = [{ value: input, depth: 1, path: [], store: (copy) => (root = copy) }];
  const containers: object[] = [];
  let values = 0;
  let text = 0;
  for (let work = stack.pop(); work; work = stack.pop()) {
    const { value, depth, path } = work;
    if (++values > limits.maxValues) return { ok: false, problem: { message: `has more than ${limits.maxValues} values`, path: [] } };
    if (typeof value === 'string') {
      text += value.length;
      if (text > limits.maxTextLength) return { ok: false, problem: { message: `holds more than ${limits.maxTextLength} characters of text`, path: [] } };
      work.store(value);
      continue;
    }
    if (value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      work.store(value);
      continue;
    }
    if (typeof value !== 'object') return { ok: false, problem: { message: `${kindOf(value)} is not a JSON value${describePath(path)}`, path } };
    if (depth > limits.maxDepth) return { ok: false, problem: { message: `is nested more than ${limits.maxDepth} levels deep${describePath(path)}`, path } };
    if (Array.isArray(value)) {
      const copy: JsonValue[] = new Array<JsonValue>(value.length).fill(null);
      containers.push(copy);
      work.store(copy);
      // Pushed in reverse so items are visited in order (only the first problem is reported).
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, path: [...path, i], store: (c) => (copy[i] = c) });
      continue;
    }
    const entries = mappingEntriesOf(value);
    if (!entries) return { ok: false, problem: { message: `${kindOf(value)} is not a JSON value${describePath(path)}`, path } };
    // Null prototype: `__proto__`, `constructor` … are ordinary own keys here.
    const copy = Object.create(null) as Record<string, JsonValue>;
    containers.push(copy);
    work.store(copy);
    for (const [key] of entries) {
      text += key.length;
      copy[key] = null;
    }
    if (text > limits.maxTextLength) return { ok: false, problem: { message: `holds more than ${limits.maxTextLength} characters of text`, path: [] } };
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      stack.push({ value: child, depth: depth + 1, path: [...path, key], store: (c) => (copy[key] = c) });
    }
  }
  for (const container of containers) Object.freeze(container);
  return { ok: true, value: root as unknown as JsonObject };
}

/** An empty, frozen metadata object. */
export function emptyJsonObject(): JsonObject {
  return EMPTY_JSON_OBJECT;
}

/** Shared by every step without metadata (it is frozen): one object instead of one per step. */
const EMPTY_JSON_OBJECT: JsonObject = Object.freeze(Object.create(null) as JsonObject);
