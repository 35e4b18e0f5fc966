import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { RegistryLoadError } from '../model/errors.js';
import type { PositionLookup } from '../model/stepDefinitionValidation.js';

/** Largest registry file read, in bytes (a registry of 1000 long steps is well under 1 MB). */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Most YAML aliases one file may expand — a guard against "billion laughs" files. */
export const DEFAULT_MAX_ALIAS_COUNT = 100;

/** A data file parsed into plain values, with a way back to line/column of any path. */
export interface ParsedDocument {
  readonly file: string;
  /** Mappings are `Map`s (YAML) or plain objects; keys never touch `Object.prototype`. */
  readonly value: unknown;
  readonly locate: PositionLookup;
}

const noPosition: PositionLookup = () => undefined;

/** Read a registry file as UTF-8 text, refusing huge, binary and non-UTF-8 files with a clear error. */
export function readRegistryText(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): string {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > maxBytes) {
      throw new RegistryLoadError(`file is ${size} bytes, more than the limit of ${maxBytes}`, {
        file,
        hint: 'registry files are small; split it or raise the limit (maxFileBytes)',
      });
    }
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof RegistryLoadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read file: ${(error as Error).message}`;
    throw new RegistryLoadError(what, {
      file,
      hint: code === 'ENOENT' ? 'check the path (relative paths are resolved against the working directory)' : 'check the file permissions',
      cause: error,
    });
  }
  if (bytes.includes(0)) {
    throw new RegistryLoadError('file is binary (contains NUL bytes), not a text registry', { file, hint: 'registry files are UTF-8 YAML, JSON or code' });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new RegistryLoadError('file is not valid UTF-8', { file, hint: 're-save the file as UTF-8', cause: error });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function lineColAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function locatorFor(doc: Document, counter: LineCounter): PositionLookup {
  return (path) => {
    let node: unknown = doc.contents;
    let keyOffset: number | undefined;
    for (const segment of path) {
      if (!isMap(node)) return undefined;
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return undefined;
      keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      node = pair.value;
    }
    if (keyOffset === undefined) return undefined;
    const pos = counter.linePos(keyOffset);
    return { line: pos.line, column: pos.col };
  };
}

function parseYamlText(file: string, text: string, maxAliasCount: number): ParsedDocument {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: true, strict: true });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    const firstLine = problem.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'syntax error';
    throw new RegistryLoadError(`${/unique/i.test(firstLine) ? 'duplicate key: ' : 'YAML syntax error: '}${firstLine}`, {
      file,
      line: pos?.line,
      column: pos?.col,
      hint: /unique/i.test(firstLine) ? 'each key may appear once per mapping; merge or rename the duplicate' : 'fix the YAML at that position (indentation, quotes, colons)',
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ mapAsMap: true, maxAliasCount });
  } catch (error) {
    throw new RegistryLoadError(`YAML error: ${(error as Error).message.split('\n')[0]}`, {
      file,
      hint: `a registry may expand at most ${maxAliasCount} aliases; write the values out`,
      cause: error,
    });
  }
  return { file, value, locate: locatorFor(doc, counter) };
}

function parseJsonText(file: string, text: string): ParsedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const pos = at ? lineColAt(text, Number(at[1])) : text.trim() === '' ? undefined : lineColAt(text, text.length);
    throw new RegistryLoadError(`JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'unexpected end of input')}`, {
      file,
      line: pos?.line,
      column: pos?.column,
      hint: 'JSON needs double-quoted keys and no trailing commas',
      cause: error,
    });
  }
  // JSON.parse silently keeps the last of duplicate keys; re-read with the YAML
  // parser (a JSON superset) to report them and to find line numbers.
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: true });
  const duplicate = doc.errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (duplicate) {
    const pos = duplicate.linePos?.[0];
    throw new RegistryLoadError(`duplicate key: ${duplicate.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`, {
      file,
      line: pos?.line,
      column: pos?.col,
      hint: 'each key may appear once per object; JSON parsers would silently keep only the last one',
    });
  }
  return { file, value, locate: doc.errors.length ? noPosition : locatorFor(doc, counter) };
}

/** Options for {@link readDataDocument}. */
export interface ReadDocumentOptions {
  maxFileBytes?: number;
  maxAliasCount?: number;
}

/**
 * Read and parse a YAML (`.yaml`/`.yml`) or JSON (`.json`) registry file.
 * Throws {@link RegistryLoadError} with file:line:column on any problem.
 */
export function readDataDocument(file: string, options: ReadDocumentOptions = {}): ParsedDocument {
  const text = readRegistryText(file, options.maxFileBytes);
  const empty = () =>
    new RegistryLoadError('file is empty (no mapping in it)', {
      file,
      line: 1,
      hint: 'write a mapping (e.g. `LOCAL_STEPS: {}`), or delete the file',
    });
  if (text.trim() === '') throw empty();
  const ext = extname(file).toLowerCase();
  const parsed = ext === '.json' ? parseJsonText(file, text) : parseYamlText(file, text, options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT);
  if (parsed.value === null || parsed.value === undefined) throw empty();
  return parsed;
}

/** `true` for a parsed mapping (a `Map` or a plain, non-array object). */
export function isMapping(value: unknown): value is Map<unknown, unknown> | Record<string, unknown> {
  return value instanceof Map || (value !== null && typeof value === 'object' && !Array.isArray(value));
}

/** Own entries of a parsed mapping, keys as strings, in file order. */
export function mappingEntries(value: Map<unknown, unknown> | Record<string, unknown>): [string, unknown][] {
  if (value instanceof Map) return [...value].map(([k, v]) => [String(k), v]);
  return Object.keys(value).map((k) => [k, value[k]]);
}

/** Human description of a parsed value's shape, for "expected a mapping, got …" errors. */
export function describeShape(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (isMapping(value)) return 'a mapping';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}
