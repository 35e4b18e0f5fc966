/**
 * Text placed in a comment of a generated file (`//` or `#` line comments,
 * block comments), made unable to leave the comment: a file name or id that
 * holds a line terminator would otherwise end the comment and turn the rest
 * of its text into code or data.
 */

/**
 * Every character that ends a line in some language a generated file is read
 * as — `\n`, `\r` (YAML, Python, TS), U+2028/U+2029 (JS/TS line terminators),
 * U+0085 (YAML 1.1 and some editors) — and every other C0/C1 control character
 * and DEL, which terminals and editors may act on.
 */
const UNSAFE_IN_COMMENT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` as one line safe inside a comment: line terminators and control
 * characters become visible escapes (`\n`, `\r`, `\t`, `\u2028`, …), and `*​/`
 * becomes `*\/` so a block comment cannot be closed either.
 *
 * @example
 * commentText('a.py\nprocess.exit(1)'); // 'a.py\\nprocess.exit(1)'
 */
export function commentText(text: string): string {
  return text
    .replace(UNSAFE_IN_COMMENT, (ch) => NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replaceAll('*/', '*\\/');
}
