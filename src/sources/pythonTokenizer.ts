/**
 * A tokenizer for the part of Python that `workspace_registry.py` files use:
 * names, numbers, strings (every quote style, escapes decoded as Python does),
 * operators, and logical line ends. It never runs anything. Brackets are
 * matched here, so an unbalanced file fails with the position of the bracket.
 */
import { RegistryLoadError } from '../model/errors.js';

/** The hint of every error about a `.py` registry. */
export const PYTHON_REGISTRY_HINT =
  'a .py registry is read, never run: it may hold only literals (dicts, lists, tuples, strings, numbers, True/False/None); fix it here, then convert it to YAML with `cursus registry import <file>`';

/** A 1-based line and column. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** What a token is. `newline` ends a logical line (never emitted inside brackets). */
export type PythonTokenKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'eof';

/** One token, with its position and, for strings and numbers, its decoded value. */
export interface PythonToken extends SourcePosition {
  readonly kind: PythonTokenKind;
  /** The source text of the token (for strings: prefix and quotes included). */
  readonly text: string;
  readonly offset: number;
  /** First token of a logical line that starts with white space (Python: "unexpected indent"). */
  readonly indented: boolean;
  /** Decoded value of a string token. */
  readonly stringValue?: string;
  /** Value of a number token; `int` beyond 2^53 is refused by the parser (it is kept as a bigint here). */
  readonly number?: { readonly kind: 'int' | 'float' | 'imaginary'; readonly value: number; readonly big?: bigint };
}

/** Maps offsets of a text to line and column. */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }

  /** 1-based line and column of `offset`. */
  at(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.#starts[lo] ?? 0) + 1 };
  }
}

/**
 * User text made safe for a one-line message: control characters and the
 * Unicode line/paragraph separators (line breaks to editors and JS) become `\u…` escapes.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Build the load error of a `.py` registry at a position. */
export function pythonRegistryError(file: string, pos: SourcePosition | undefined, what: string, hint: string = PYTHON_REGISTRY_HINT): RegistryLoadError {
  return new RegistryLoadError(what, { file, line: pos?.line, column: pos?.column, hint });
}

const IDENTIFIER = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;
const NUMBER =
  /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][+-]?[0-9](?:_?[0-9])*)?[jJ]?/y;
const OPERATOR = /\*\*=|\/\/=|>>=|<<=|\.\.\.|->|:=|\*\*|\/\/|<<|>>|<=|>=|==|!=|\+=|-=|\*=|\/=|%=|&=|\|=|\^=|@=|[()[\]{},:.;@=+\-*/%&|^~<>]/y;
const STRING_PREFIX = /^(?:[rRuUbBfFtT]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF]|[tT][rR]|[rR][tT])$/;
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
/** Deepest bracket nesting accepted (Python's tokenizer stops at 200 too). */
const MAX_BRACKET_DEPTH = 200;
const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * Split Python source into tokens. `\r\n` and `\r` count as line ends (Python
 * reads source with universal newlines). Throws a `RegistryLoadError` with
 * file, line and column for: an unterminated string, a bad escape, an f-string
 * or bytes literal, a malformed number, a stray character, unbalanced brackets.
 */
export function tokenizePython(source: string, file: string): PythonToken[] {
  const text = source.replace(/\r\n?/g, '\n');
  const lines = new LineIndex(text);
  const error = (offset: number, what: string): RegistryLoadError => pythonRegistryError(file, lines.at(offset), what);
  const tokens: PythonToken[] = [];
  const brackets: { char: string; offset: number }[] = [];
  let lineHasTokens = false;
  let i = 0;

  const push = (kind: PythonTokenKind, start: number, end: number, extra: Partial<PythonToken> = {}) => {
    const pos = lines.at(start);
    const indented = kind !== 'newline' && kind !== 'eof' && brackets.length === 0 && !lineHasTokens && pos.column > 1;
    tokens.push({ kind, text: text.slice(start, end), offset: start, line: pos.line, column: pos.column, indented, ...extra });
    if (kind !== 'newline' && kind !== 'eof') lineHasTokens = true;
  };

  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      if (brackets.length === 0 && lineHasTokens) {
        push('newline', i, i + 1);
        lineHasTokens = false;
      }
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      throw error(i, 'unexpected character after line continuation character `\\`');
    }
    IDENTIFIER.lastIndex = i;
    const word = IDENTIFIER.exec(text)?.[0];
    if (word !== undefined) {
      const after = i + word.length;
      if ((text[after] === '"' || text[after] === "'") && STRING_PREFIX.test(word)) {
        i = readString(i, word, after);
        continue;
      }
      push('name', i, after);
      i = after;
      continue;
    }
    if (c === '"' || c === "'") {
      i = readString(i, '', i);
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i = readNumber(i);
      continue;
    }
    OPERATOR.lastIndex = i;
    const op = OPERATOR.exec(text)?.[0];
    if (op !== undefined) {
      if (op in OPENERS) {
        // Python's own limit; it also keeps the recursive-descent parser far from the stack limit.
        if (brackets.length >= MAX_BRACKET_DEPTH) throw error(i, `too many nested brackets (more than ${MAX_BRACKET_DEPTH})`);
        brackets.push({ char: op, offset: i });
      }
      else if (op === ')' || op === ']' || op === '}') {
        const open = brackets.pop();
        if (!open) throw error(i, `unmatched closing bracket \`${op}\``);
        else if (OPENERS[open.char] !== op) {
          const at = lines.at(open.offset);
          throw error(i, `closing bracket \`${op}\` does not match \`${open.char}\` opened at line ${at.line}, column ${at.column}`);
        }
      }
      push('op', i, i + op.length);
      i += op.length;
      continue;
    }
    const code = text.codePointAt(i) ?? 0;
    const shown = code > 0x20 && code < 0x7f ? JSON.stringify(String.fromCodePoint(code)) : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    throw error(i, `invalid character ${shown} in Python source`);
  }
  const open = brackets[brackets.length - 1];
  if (open) throw error(open.offset, `bracket \`${open.char}\` is never closed`);
  if (lineHasTokens) push('newline', text.length, text.length);
  push('eof', text.length, text.length);
  return tokens;

  function readNumber(start: number): number {
    NUMBER.lastIndex = start;
    const raw = NUMBER.exec(text)?.[0] ?? '';
    const end = start + raw.length;
    if (/[\p{ID_Continue}]/u.test(text[end] ?? '')) throw error(start, `invalid number literal \`${text.slice(start, end + 1)}\``);
    const clean = raw.replace(/_/g, '');
    let number: PythonToken['number'];
    if (/[jJ]$/.test(clean)) number = { kind: 'imaginary', value: Number(clean.slice(0, -1)) };
    else if (/^0[xXoObB]/.test(clean) || /^[0-9]+$/.test(clean)) {
      if (/^0+[1-9]/.test(clean)) throw error(start, `leading zeros in the decimal integer \`${raw}\` are not permitted (Python refuses them; use 0o… for octal)`);
      const big = BigInt(clean.replace(/^0([oObB])/, (_m, p: string) => `0${p.toLowerCase()}`));
      number = { kind: 'int', value: Number(big), big };
    } else number = { kind: 'float', value: Number(clean) };
    push('number', start, end, { number });
    return end;
  }

  /** Read a string literal starting at `start` (its prefix first), decode it, push it; return the offset after it. */
  function readString(start: number, prefix: string, quoteAt: number): number {
    const p = prefix.toLowerCase();
    if (p.includes('f') || p.includes('t')) throw error(start, `${p.includes('f') ? 'f-string' : 't-string'} \`${prefix}…\` is not a literal (it runs code when the module is imported)`);
    if (p.includes('b')) throw error(start, 'bytes literal is not supported: registry values are text (remove the `b` prefix)');
    const raw = p.includes('r');
    const quote = text[quoteAt] as string;
    const triple = text.startsWith(quote.repeat(3), quoteAt);
    const close = triple ? quote.repeat(3) : quote;
    let j = quoteAt + close.length;
    let value = '';
    for (;;) {
      if (j >= text.length || (!triple && text[j] === '\n')) {
        throw error(start, `unterminated ${triple ? 'triple-quoted ' : ''}string literal`);
      }
      if (text.startsWith(close, j)) break;
      const ch = text[j] as string;
      if (ch !== '\\') {
        value += ch;
        j++;
        continue;
      }
      if (raw) {
        // A raw string keeps the backslash and the next character (which cannot end the string).
        if (j + 1 >= text.length) throw error(start, 'unterminated string literal');
        value += ch + (text[j + 1] as string);
        j += 2;
        continue;
      }
      const decoded = decodeEscape(j);
      value += decoded.value;
      j = decoded.end;
    }
    const end = j + close.length;
    push('string', start, end, { stringValue: value });
    return end;
  }

  /** Decode the escape sequence at `at` (a backslash) the way Python decodes `str` literals. */
  function decodeEscape(at: number): { value: string; end: number } {
    const next = text[at + 1] ?? '';
    if (next === '\n') return { value: '', end: at + 2 };
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) return { value: simple, end: at + 2 };
    if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(text.slice(at + 1, at + 4))?.[0] ?? next;
      return { value: String.fromCharCode(parseInt(digits, 8)), end: at + 1 + digits.length };
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLength) {
      const digits = text.slice(at + 2, at + 2 + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(digits)) throw error(at, `truncated \\${next} escape: \\${next} needs exactly ${hexLength} hex digits`);
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) throw error(at, `illegal Unicode character in \\U escape (\\U${digits})`);
      return { value: String.fromCodePoint(code), end: at + 2 + hexLength };
    }
    if (next === 'N') throw error(at, '\\N{…} escapes (Unicode character names) are not supported: write the character itself or use \\uXXXX');
    // Python keeps an unknown escape as it is (with a SyntaxWarning).
    return { value: '\\', end: at + 1 };
  }
}
