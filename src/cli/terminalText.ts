/**
 * Terminal safety: text from registry files (descriptions, names, file names)
 * must never act on the terminal. Control characters are shown as escapes —
 * `\u001b`, `\r`, `\u0085` … — which are also valid escapes inside JSON strings,
 * so the same filter can sit on every byte the CLI writes without changing
 * what JSON output means.
 */

/** C0 controls but LF and TAB, DEL, C1 controls, line/paragraph separators, bidi overrides and isolates. */
const UNSAFE_IN_STREAM = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Everything unsafe in the stream, plus LF and TAB: a value printed inside a line must stay on that line. */
const UNSAFE_IN_FIELD = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** SGR colour sequences (what picocolors writes): the only escape sequences the CLI itself emits. */
const SGR = /\u001b\[[0-9;]*m/y;

function escapeChar(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A data value for a human-readable line: every control character (newlines
 * included) shown as an escape, so a description cannot start a forged line,
 * move the cursor, ring the bell or reorder text.
 *
 * @example terminalText('ok\n✓ valid') // 'ok\\n✓ valid'
 */
export function terminalText(value: string): string {
  UNSAFE_IN_FIELD.lastIndex = 0;
  return UNSAFE_IN_FIELD.test(value) ? value.replace(UNSAFE_IN_FIELD, escapeChar) : value;
}

/**
 * Filter a chunk about to be written to the terminal: control characters
 * other than newline and tab become escapes; with `allowColor`, SGR colour
 * sequences pass (the CLI's own colours), every other escape sequence is
 * neutralised.
 */
export function terminalSafe(chunk: string, allowColor: boolean): string {
  UNSAFE_IN_STREAM.lastIndex = 0;
  if (!UNSAFE_IN_STREAM.test(chunk)) return chunk;
  UNSAFE_IN_STREAM.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = UNSAFE_IN_STREAM.exec(chunk); m; m = UNSAFE_IN_STREAM.exec(chunk)) {
    const at = m.index;
    if (allowColor && chunk.charCodeAt(at) === 0x1b) {
      SGR.lastIndex = at;
      if (SGR.test(chunk)) {
        UNSAFE_IN_STREAM.lastIndex = SGR.lastIndex;
        continue;
      }
    }
    out += chunk.slice(last, at) + escapeChar(m[0]);
    last = at + 1;
  }
  return out + chunk.slice(last);
}
