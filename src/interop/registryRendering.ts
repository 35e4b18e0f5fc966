/**
 * Render registry data as file text: a workspace registry (YAML, JSON or
 * TypeScript, in the shapes `init-workspace` writes) and a core registry in
 * the legacy `STEP_NAMES` shape (YAML or JSON). Pure functions: no I/O.
 */
import { LEGACY_FIELDS, type LegacyStepRecord } from '../model/stepDefinition.js';
import { TYPESCRIPT_SYNTAX, writeLiteral, type PlainValue } from './literalWriter.js';
import { compareCodeUnits } from '../model/codeUnitOrder.js';
import { lazyDependency } from '../model/lazyDependency.js';
import { commentText } from './commentText.js';

const yamlLibrary = lazyDependency<typeof import('yaml')>('yaml');

/** Formats a workspace registry can be written in. */
export const WORKSPACE_IMPORT_FORMATS = ['yaml', 'json', 'ts'] as const;
/** A format a workspace registry can be written in. */
export type WorkspaceImportFormat = (typeof WORKSPACE_IMPORT_FORMATS)[number];
/** Formats a core registry can be written in (the core reader accepts YAML and JSON only). */
export const CORE_IMPORT_FORMATS = ['yaml', 'json'] as const;
/** A format a core registry can be written in. */
export type CoreImportFormat = (typeof CORE_IMPORT_FORMATS)[number];

/** YAML text of plain data: key order kept, lists of scalars in flow style, no line folding; header lines escaped so none leaves its comment. */
export function toYaml(data: PlainValue, headerComment: readonly string[] = []): string {
  const { Document, isScalar, visit } = yamlLibrary();
  const doc = new Document(data);
  visit(doc, {
    Seq(_key, node) {
      if (node.items.length > 0 && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  if (headerComment.length) doc.commentBefore = headerComment.map((l) => (l ? ` ${commentText(l)}` : '')).join('\n');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Options of {@link renderWorkspaceRegistry}. */
export interface WorkspaceRenderOptions {
  /** `$schema` reference, relative to the written file (YAML modeline, JSON `$schema`). */
  readonly schemaRef?: string;
  /** Comment lines at the top (YAML, TS; escaped, see `commentText`); JSON has no comments. */
  readonly header?: readonly string[];
}

/**
 * Render the sections of a workspace registry (`LOCAL_STEPS`,
 * `STEP_OVERRIDES`, `WORKSPACE_METADATA`, in that order, those present) as file text.
 */
export function renderWorkspaceRegistry(sections: ReadonlyMap<string, PlainValue>, format: WorkspaceImportFormat, options: WorkspaceRenderOptions = {}): string {
  const data: Record<string, PlainValue> = {};
  for (const name of ['LOCAL_STEPS', 'STEP_OVERRIDES', 'WORKSPACE_METADATA']) {
    const value = sections.get(name);
    if (value !== undefined) data[name] = value;
  }
  const header = options.header ?? [];
  switch (format) {
    case 'yaml': {
      const modeline = options.schemaRef ? [`yaml-language-server: $schema=${options.schemaRef}`] : [];
      return toYaml(data, [...modeline, ...header]);
    }
    case 'json':
      return `${JSON.stringify(options.schemaRef ? { $schema: options.schemaRef, ...data } : data, null, 2)}\n`;
    case 'ts':
      return [
        ...header.map((l) => (l ? `// ${commentText(l)}` : '//')),
        "import { defineWorkspaceRegistry } from 'cursus-registry';",
        '',
        `export default defineWorkspaceRegistry(${writeLiteral(data, TYPESCRIPT_SYNTAX, '  ')});`,
        '',
      ].join('\n');
  }
}

/** Legacy rows as plain data: each row's fields in legacy order. */
export function legacyRowsToData(rows: ReadonlyMap<string, LegacyStepRecord>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, row] of rows) {
    const record: Record<string, string> = {};
    for (const field of LEGACY_FIELDS) record[field] = row[field];
    out[name] = record;
  }
  return out;
}

/**
 * Render a core registry in the legacy `STEP_NAMES` shape (step names at top
 * level). JSON has keys sorted at every level, two-space indent and a final
 * newline — the layout of the Python project's registry snapshot.
 */
export function renderCoreRegistry(rows: ReadonlyMap<string, LegacyStepRecord>, format: CoreImportFormat, header: readonly string[] = []): string {
  const names = [...rows.keys()].sort(compareCodeUnits);
  const sorted = new Map(names.map((n) => [n, rows.get(n) as LegacyStepRecord]));
  if (format === 'yaml') return toYaml(legacyRowsToData(sorted), header);
  const out: Record<string, Record<string, string>> = {};
  for (const [name, row] of sorted) {
    const record: Record<string, string> = {};
    for (const field of [...LEGACY_FIELDS].sort()) record[field] = row[field];
    out[name] = record;
  }
  // Non-ASCII escaped like Python's json.dumps (ensure_ascii): byte-identical to the Python project's snapshot.
  return `${JSON.stringify(out, null, 2).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
