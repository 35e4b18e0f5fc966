import { relative, isAbsolute } from 'node:path';
import pc from 'picocolors';
import type { Finding } from '../model/finding.js';
import { findingLine } from '../model/findingText.js';
import { terminalText } from './terminalText.js';

/** Colour functions; identity when colour is off. */
export type Colors = ReturnType<typeof pc.createColors>;

/** Where and how the CLI writes: injected so tests and `main()` share one path. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (tables vs. plain aligned text). */
  readonly isTTY: boolean;
  /** Whether the user can be asked questions (stdin and stdout are terminals). */
  readonly isInteractive: boolean;
  readonly colors: Colors;
  readonly cwd: string;
  /** Terminal width in columns, when stdout is a terminal (tables fit it). */
  readonly columns?: number | undefined;
  /** `--format json` was asked: failures are also written to stdout as `{"error": finding}`. */
  readonly jsonOutput?: boolean | undefined;
  /** The workspace id taken from `CURSUS_WORKSPACE_ID` when no `--workspace` was given (to name the variable in errors). */
  readonly workspaceFromEnv?: string | undefined;
  /** Environment the settings are read from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Colour only on a terminal, and never with `--no-color` or `NO_COLOR`. */
export function colorsFor(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(file: string | null | undefined, cwd: string): string {
  if (!file) return '';
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** `file:line` for display. */
export function displayOrigin(file: string | null | undefined, line: number | null | undefined, cwd: string): string {
  const path = displayPath(file, cwd);
  return line ? `${path}:${line}` : path;
}

/** JSON with object keys sorted at every level, so output is byte-stable. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      // Null prototype: a `__proto__` key is plain data, kept in the output.
      const out: Record<string, unknown> = Object.create(null);
      for (const key of Object.keys(v).sort()) out[key] = sort((v as Record<string, unknown>)[key]);
      return out;
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** Fallback terminal width when stdout is a terminal that does not say its width. */
const DEFAULT_COLUMNS = 80;
/** Narrowest a column is squeezed to (room for a few characters and `…`). */
const MIN_COLUMN = 6;

/**
 * Column widths (content only) that fit `available` characters: the widest
 * column gives up one character at a time until the total fits or every
 * column is at {@link MIN_COLUMN}.
 */
export function fitColumnWidths(natural: readonly number[], available: number): number[] {
  const widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > available) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if ((widths[i] ?? 0) > (widths[widest] ?? 0)) widest = i;
    if ((widths[widest] ?? 0) <= MIN_COLUMN) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total--;
  }
  return widths;
}

/** `text` cut to `width` characters, ending in `…` when cut. */
export function truncateCell(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * Render rows as a boxed table that fits the terminal width (long cells cut
 * with `…`, no rule between rows), or as plain aligned columns when piped
 * (easy to grep and diff). cli-table3 is loaded only when a table is drawn.
 */
export async function renderTable(io: CliIO, head: readonly string[], dataRows: readonly (readonly string[])[]): Promise<string> {
  // Cells hold registry strings: one cell stays on one line, whatever it contains.
  const rows = dataRows.map((row) => row.map(terminalText));
  if (io.isTTY) {
    const { default: Table } = await import('cli-table3');
    const natural = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    // Each column costs its content, one space of padding on each side and one border.
    const available = (io.columns ?? DEFAULT_COLUMNS) - (3 * head.length + 1);
    const widths = fitColumnWidths(natural, available);
    const noRowRules = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
    const table = new Table({
      head: head.map((h, i) => io.colors.bold(truncateCell(h, widths[i] ?? h.length))),
      colWidths: widths.map((w) => w + 2),
      wordWrap: false,
      chars: noRowRules,
      style: { head: [], border: [] },
    });
    for (const row of rows) table.push(row.map((cell, i) => truncateCell(cell, widths[i] ?? cell.length)));
    return `${table.toString()}\n`;
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}


/** `core`, or the registry type with its workspace, e.g. `override (alice)`. */
export function originLabel(def: { workspace_id: string | null; registry_type: string }): string {
  return def.workspace_id === null ? 'core' : `${def.registry_type} (${def.workspace_id})`;
}

/** One finding as a report row (`validate-registry`, `import`): paths relative to the working directory, coloured on a terminal. */
export function findingRow(io: CliIO, finding: Finding): string {
  const c = io.colors;
  return findingLine(finding, {
    showPath: (file) => displayPath(file, io.cwd),
    colorize: { severity: (f, text) => (f.severity === 'error' ? c.red(text) : c.yellow(text)), hint: (text) => c.dim(text) },
  });
}
