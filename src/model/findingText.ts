import type { Finding } from './finding.js';

/**
 * The text renderer of findings — the one place a {@link Finding} becomes a
 * line of text. The library uses it for `error.message`; the CLI for every
 * line it prints about a problem (with paths shown relative to the working directory).
 */

/** How a renderer shows a file path (default: as stored, absolute). */
export type PathDisplay = (file: string) => string;

/** Format `file:line:col` (only the parts that are known). */
export function formatLocation(loc: { file?: string | null; line?: number | null; column?: number | null }, showPath: PathDisplay = (f) => f): string {
  if (!loc.file) return '';
  let out = showPath(loc.file);
  if (loc.line !== undefined && loc.line !== null) {
    out += `:${loc.line}`;
    if (loc.column !== undefined && loc.column !== null) out += `:${loc.column}`;
  }
  return out;
}

const endsSentence = (text: string): boolean => /[.!?]$/.test(text);

/**
 * `<where>: <what>. Hint: <hint>` — the one-line message of an error
 * (`error.message`), and what follows `cursus: error CODE:` on the CLI.
 * With more findings than this one, says how many more there are.
 */
export function findingMessage(finding: Finding, options: { showPath?: PathDisplay; more?: number } = {}): string {
  const where = formatLocation(finding, options.showPath);
  const what = finding.message;
  const hint = finding.hint ? ` Hint: ${finding.hint}` : '';
  const more = options.more ? ` (and ${options.more} more problem${options.more === 1 ? '' : 's'})` : '';
  return `${where ? `${where}: ` : ''}${what}${endsSentence(what) ? '' : '.'}${hint}${more}`;
}

/**
 * `<where>  <severity> <CODE>  <what> (hint: <hint>)` — one finding as a row
 * of a report (`validate-registry`, `import`). `colorize` styles the parts on a terminal.
 */
export function findingLine(
  finding: Finding,
  options: { showPath?: PathDisplay; colorize?: { severity: (f: Finding, text: string) => string; hint: (text: string) => string } } = {},
): string {
  const where = formatLocation({ file: finding.file, line: finding.line }, options.showPath) || '-';
  const severity = options.colorize ? options.colorize.severity(finding, finding.severity) : finding.severity;
  const hintText = finding.hint ? ` (hint: ${finding.hint})` : '';
  const hint = options.colorize && hintText ? options.colorize.hint(hintText) : hintText;
  return `${where}  ${severity} ${finding.code}  ${finding.message}${hint}`;
}
