import { RegistryLoadError } from '../model/errors.js';
import type { PositionLookup } from '../model/stepDefinitionValidation.js';
import type { TextPosition } from './yamlPositions.js';

/** Deepest nesting of objects and arrays a data file may have (JSON and YAML alike). */
export const MAX_NESTING_DEPTH = 100;

interface Container {
  readonly object: boolean;
  /** Path id of this container: `\0seg\0seg…` (the root is ''). */
  readonly id: string;
  /** Keys seen so far (objects), for the duplicate check. */
  readonly keys: Set<string> | null;
  /** Whether the next string in this object is a key. */
  expectKey: boolean;
  /** The current key (objects) or item index (arrays). */
  current: string;
  index: number;
}

const id = (path: readonly (string | number)[]): string => {
  let out = '';
  for (const segment of path) out += `\0${segment}`;
  return out;
};

/**
 * One linear pass over a JSON text that `JSON.parse` accepted: where every
 * key and array item is (1-based line and column), duplicate keys (which
 * `JSON.parse` silently drops) and nesting deeper than {@link MAX_NESTING_DEPTH}
 * are refused with their position. Returns the position lookup.
 */
export function scanJsonPositions(file: string, text: string): PositionLookup {
  const positions = new Map<string, TextPosition>();
  const stack: Container[] = [];
  let first: TextPosition | undefined;
  let line = 1;
  let lineStart = 0;
  const at = (offset: number): TextPosition => ({ line, column: offset - lineStart + 1 });
  /** Record where a value starts when it is an array item. */
  const valueAt = (offset: number): TextPosition => {
    const pos = at(offset);
    first ??= pos;
    const top = stack[stack.length - 1];
    if (top && !top.object) positions.set(`${top.id}\0${top.index}`, pos);
    return pos;
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = ++i;
      continue;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0d) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === 0x7b || c === 0x5b) {
      valueAt(i);
      if (stack.length >= MAX_NESTING_DEPTH) {
        const pos = at(i);
        throw new RegistryLoadError(`nesting exceeds the nesting limit of ${MAX_NESTING_DEPTH} levels`, {
          file,
          ...pos,
          hint: `a registry file nests a few levels; at most ${MAX_NESTING_DEPTH} objects or arrays deep are read`,
        });
      }
      const childId = top ? `${top.id}\0${top.object ? top.current : top.index}` : '';
      stack.push({ object: c === 0x7b, id: childId, keys: c === 0x7b ? new Set() : null, expectKey: c === 0x7b, current: '', index: 0 });
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
    } else if (c === 0x2c) {
      if (top?.object) top.expectKey = true;
      else if (top) top.index++;
      i++;
    } else if (c === 0x3a) {
      if (top) top.expectKey = false;
      i++;
    } else if (c === 0x22) {
      let end = text.indexOf('"', i + 1);
      let escaped = false;
      for (;;) {
        let slashes = 0;
        for (let k = end - 1; text.charCodeAt(k) === 0x5c; k--) slashes++;
        if (slashes % 2 === 1) escaped = true;
        else break;
        end = text.indexOf('"', end + 1);
      }
      if (top?.object && top.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = escaped || raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        const pos = at(i);
        if (top.keys?.has(key)) {
          throw new RegistryLoadError(`duplicate key '${key}'`, { file, ...pos, hint: 'each key may appear once per object; JSON parsers would silently keep only the last one' });
        }
        top.keys?.add(key);
        top.current = key;
        first ??= pos;
        positions.set(`${top.id}\0${key}`, pos);
      } else {
        valueAt(i);
      }
      i = end + 1;
    } else {
      // A number, true, false or null: up to the next delimiter.
      valueAt(i);
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
        i++;
      }
    }
  }
  return (path) => (path.length === 0 ? first : positions.get(id(path)));
}
