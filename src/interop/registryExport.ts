/**
 * Export the `STEP_NAMES` dictionary of a view for Python consumers: JSON,
 * YAML, or a Python module `STEP_NAMES = {...}` that Python imports as is.
 * Each row has the five legacy fields, then every other field not at its
 * default (`job_types`, `metadata`, … — see `toExportRecord`). Step order is the
 * view's (core order, then the workspace's additions); fields are in schema
 * order. Output is deterministic (no timestamps).
 */
import { commentText } from './commentText.js';
import { PYTHON_SYNTAX, pythonString, writeLiteral, type PlainValue } from './literalWriter.js';
import { toYaml } from './registryRendering.js';

/** One exported row: field name → value, as `toExportRecord` gives it. */
export type ExportRow = Readonly<Record<string, unknown>>;

/** Formats of `cursus registry export`. */
export const EXPORT_FORMATS = ['json', 'yaml', 'python'] as const;
/** A format of `cursus registry export`. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What the exported view is, for the header of YAML and Python output. */
export interface ExportDescription {
  /** The workspace of the view, or null for the core view. */
  readonly workspaceId: string | null;
  /** The core registry file, as the user would write it. */
  readonly coreRegistry: string;
  /** Package version, e.g. `0.1.0`. */
  readonly version: string;
}

function headerLines(about: ExportDescription, count: number): string[] {
  const view = about.workspaceId === null ? 'the core view' : `the view of workspace '${about.workspaceId}' (core + its LOCAL_STEPS + STEP_OVERRIDES)`;
  return [
    `STEP_NAMES of ${view}: ${count} step${count === 1 ? '' : 's'}.`,
    `Exported by \`cursus registry export\` (cursus-registry ${about.version}); core registry: ${about.coreRegistry}.`,
    'Generated file: edit the registry, not this file.',
  ];
}

/**
 * Render `STEP_NAMES` (step name → legacy record, in view order).
 *
 * @example
 * renderStepNamesExport(new Map([['Base', base]]), 'python', { workspaceId: null, coreRegistry: 'core/step_names.yaml', version: '0.1.0' });
 * // '"""STEP_NAMES of the core view: 1 step. …"""\n\nfrom typing import Any, Dict\n\nSTEP_NAMES: Dict[str, Dict[str, Any]] = {\n    "Base": {…},\n}\n'
 */
export function renderStepNamesExport(stepNames: ReadonlyMap<string, ExportRow>, format: ExportFormat, about: ExportDescription): string {
  const data: Record<string, PlainValue> = {};
  for (const [name, row] of stepNames) data[name] = row as PlainValue;
  switch (format) {
    case 'json':
      return `${JSON.stringify(data, null, 2)}\n`;
    case 'yaml':
      return toYaml(data, headerLines(about, stepNames.size));
    case 'python': {
      // Header lines as a docstring; pythonString escapes quotes, backslashes and control characters a path could hold.
      const doc = headerLines(about, stepNames.size).map((l) => pythonString(commentText(l)).slice(1, -1));
      return [
        `"""${doc.join('\n')}\n"""`,
        '',
        'from typing import Any, Dict',
        '',
        `STEP_NAMES: Dict[str, Dict[str, Any]] = ${writeLiteral(data, PYTHON_SYNTAX)}`,
        '',
        `__all__ = ["STEP_NAMES"]`,
        '',
      ].join('\n');
    }
  }
}
