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

/**
 * Render rows as a boxed table on a terminal, or as plain aligned columns when
 * piped (easy to grep and diff). cli-table3 is loaded only when a table is drawn.
 */
export async function renderTable(io: CliIO, head: readonly string[], dataRows: readonly (readonly string[])[]): Promise<string> {
  // Cells hold registry strings: one cell stays on one line, whatever it contains.
  const rows = dataRows.map((row) => row.map(terminalText));
  if (io.isTTY) {
    const { default: Table } = await import('cli-table3');
    const table = new Table({ head: head.map((h) => io.colors.bold(h)), style: { head: [], border: [] } });
    for (const row of rows) table.push([...row]);
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
