import type { PositionLookup } from '../model/stepDefinitionValidation.js';

/** 1-based line and column of `offset` in `text`, given the offsets where lines start. */
function positionAt(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
}

/**
 * Find where keys are written in a code registry's text (a TS/JS object
 * literal, which no parser here reads; YAML and JSON positions come from their
 * parsers — see yamlPositions.ts and jsonPositions.ts): each path
 * segment is searched as `key:` (optionally quoted; `=` too, for `export const
 * LOCAL_STEPS =`) after the previous segment, skipping comments. Siblings are
 * usually in file order, so each search starts after the last sibling found,
 * which keeps locating every step of a large file linear.
 */
export function createKeyLocator(text: string): PositionLookup {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  /** parent path → offset just after the last child found under it. */
  const resume = new Map<string, number>();
  const found = new Map<string, number>();

  /** Where a comment starts on each line (by line index; Infinity when none), computed once per line. */
  const commentStarts = new Map<number, number>();
  const commentStartOfLine = (index: number): number => {
    const cached = commentStarts.get(index);
    if (cached !== undefined) return cached;
    const start = lineStarts[index] ?? 0;
    const end = lineStarts[index + 1] ?? text.length;
    let at = Infinity;
    let i = start;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text[i] === '*') at = i;
    for (let k = start; k < end && at === Infinity; k++) {
      const c = text[k];
      if (c === '/' && text[k + 1] === '/') at = k;
      else if (c === '#' && (k === start || text[k - 1] === ' ' || text[k - 1] === '\t')) at = k;
    }
    commentStarts.set(index, at);
    return at;
  };
  const inComment = (offset: number): boolean => commentStartOfLine(positionAt(lineStarts, offset).line - 1) < offset;
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  /** Is there a key `key` (optionally quoted) at `at`, followed by `:` or `=`? Returns where the key token starts. */
  const keyAt = (key: string, at: number): number | undefined => {
    let begin = at;
    const quote = text[at - 1];
    let end = at + key.length;
    if (quote === '"' || quote === "'" || quote === '`') {
      if (text[end] !== quote) return undefined;
      begin = at - 1;
      end++;
    }
    const before = text[begin - 1];
    if (begin > 0 && !isSpace(before) && before !== '{' && before !== ',') return undefined;
    while (text[end] === ' ' || text[end] === '\t') end++;
    return text[end] === ':' || text[end] === '=' ? begin : undefined;
  };
  // Plain string search (no per-key RegExp: compiling one per step dominated load time).
  const search = (key: string, from: number, until: number): number | undefined => {
    for (let at = text.indexOf(key, from); at !== -1 && at < until; at = text.indexOf(key, at + 1)) {
      const begin = keyAt(key, at);
      if (begin !== undefined && !inComment(begin)) return begin;
    }
    return undefined;
  };
  const offsetOf = (path: readonly (string | number)[]): number | undefined => {
    if (path.length === 0) {
      const m = /^[ \t]*[^\s#/]/m.exec(text);
      return m ? m.index + (m[0].length - 1) : undefined;
    }
    const id = path.map(String).join('\u0000');
    const cached = found.get(id);
    if (cached !== undefined) return cached;
    const parentPath = path.slice(0, -1);
    const parentId = parentPath.map(String).join('\u0000');
    const parentOffset = parentPath.length ? offsetOf(parentPath) : 0;
    if (parentOffset === undefined) return undefined;
    const key = String(path[path.length - 1]);
    const start = parentPath.length ? parentOffset + 1 : 0;
    const last = resume.get(parentId);
    const at = (last !== undefined ? search(key, last, text.length) : undefined) ?? search(key, start, last ?? text.length);
    if (at === undefined) return undefined;
    resume.set(parentId, Math.max(last ?? 0, at + key.length));
    found.set(id, at);
    return at;
  };
  return (path) => {
    const offset = offsetOf(path);
    return offset === undefined ? undefined : positionAt(lineStarts, offset);
  };
}
