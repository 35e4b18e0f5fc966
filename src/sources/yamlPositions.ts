import type { State } from 'js-yaml';
import type { PositionLookup } from '../model/stepDefinitionValidation.js';

/** 1-based line and column. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** What the parser told us about one node while it was open. */
interface Frame {
  readonly start: TextPosition;
  /** Whether the node opened on a blank (a value after `: `), which a key never does. */
  readonly openedOnBlank: boolean;
  /** Keys read directly in this node (when it turns out to be a mapping): key → where the key is written. */
  keys: Map<string, TextPosition> | null;
  /** Other direct children in order (the items, when it turns out to be a sequence). */
  items: TextPosition[] | null;
  /** The last key read in this node: the path to where the parser is. */
  lastKey: string | null;
}

/**
 * Records where every key and sequence item of a YAML (or JSON) text is, from
 * js-yaml's own position events (`listener`: a node opens at the parser's
 * position, closes with its result) — one pass, linear in the file size, no
 * search over the text. A scalar node that the parser leaves right before a
 * `:` is a mapping key; containers are indexed by their parsed value, so a
 * path is located by walking the parsed value and the index together.
 */
export class YamlPositionRecorder {
  readonly #stack: Frame[] = [];
  readonly #containers = new Map<object, Frame>();
  #root: Frame | null = null;
  #lastScalar: { start: TextPosition; text: string; parent: Frame | undefined } | null = null;

  /** The listener to pass to `js-yaml`'s `load`. */
  readonly listener = (event: 'open' | 'close', state: State): void => {
    if (event === 'open') {
      const c = state.input.charCodeAt(state.position);
      this.#stack.push({
        start: { line: state.line + 1, column: state.position - state.lineStart + 1 },
        openedOnBlank: c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d,
        keys: null,
        items: null,
        lastKey: null,
      });
      return;
    }
    const frame = this.#stack.pop();
    if (!frame) return;
    const parent = this.#stack[this.#stack.length - 1];
    const result: unknown = state.result;
    if (state.kind === 'scalar') {
      if (typeof result === 'string') this.#lastScalar = { start: frame.start, text: result, parent };
      if (parent && !frame.openedOnBlank && isKeyEnd(state.input, state.position)) {
        const key = String(result);
        parent.keys ??= new Map();
        if (!parent.keys.has(key)) parent.keys.set(key, frame.start);
        parent.lastKey = key;
        return;
      }
    } else if ((state.kind === 'mapping' || state.kind === 'sequence') && result !== null && typeof result === 'object' && !this.#containers.has(result)) {
      this.#containers.set(result, frame);
    }
    if (parent && (state.kind !== null || result !== null)) (parent.items ??= []).push(frame.start);
    if (!parent) this.#root ??= frame;
  };

  /** A position lookup over `value`, the result of the parse this recorder listened to. */
  locateIn(value: unknown): PositionLookup {
    return (path) => {
      let node: unknown = value;
      let frame = this.#containerOf(node);
      if (path.length === 0) {
        const first = frame?.keys?.values().next().value ?? frame?.items?.[0] ?? this.#root?.start;
        return first;
      }
      for (let i = 0; i < path.length; i++) {
        if (!frame) return undefined;
        const segment = path[i] as string | number;
        const pos = typeof segment === 'number' ? frame.items?.[segment] : frame.keys?.get(segment);
        if (i === path.length - 1 || pos === undefined) return pos;
        node = childOf(node, segment);
        frame = this.#containerOf(node);
      }
      return undefined;
    };
  }

  /** The keys leading to where the parser was when it stopped (for a syntax error: the step and field). */
  pathAtStop(): string[] {
    return this.#stack.map((f) => f.lastKey).filter((k): k is string => k !== null);
  }

  /**
   * The last scalar the parser read — for a key missing its colon, that key:
   * where it starts, its text, and the keys leading to the mapping it is in.
   */
  lastScalar(): { start: TextPosition; text: string; pathToParent: string[] } | null {
    const last = this.#lastScalar;
    if (!last) return null;
    const below = last.parent ? this.#stack.indexOf(last.parent) : -1;
    const frames = below >= 0 ? this.#stack.slice(0, below) : this.#stack;
    return { start: last.start, text: last.text, pathToParent: frames.map((f) => f.lastKey).filter((k): k is string => k !== null) };
  }

  #containerOf(node: unknown): Frame | undefined {
    return node !== null && typeof node === 'object' ? this.#containers.get(node) : undefined;
  }
}

/** Whether the parser stopped right before a mapping indicator (`:` after optional blanks). */
function isKeyEnd(input: string, position: number): boolean {
  let i = position;
  let c = input.charCodeAt(i);
  while (c === 0x20 || c === 0x09) c = input.charCodeAt(++i);
  return c === 0x3a;
}

function childOf(node: unknown, segment: string | number): unknown {
  if (node instanceof Map) return node.get(segment);
  if (node !== null && typeof node === 'object') return Object.prototype.hasOwnProperty.call(node, segment) ? (node as Record<string | number, unknown>)[segment] : undefined;
  return undefined;
}
