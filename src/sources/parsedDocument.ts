import { extname } from 'node:path';
import type { LoadOptions, YAMLException } from 'js-yaml';
import { RegistryLoadError } from '../model/errors.js';
import { lazyDependency } from '../model/lazyDependency.js';
import type { PositionLookup } from '../model/stepDefinitionValidation.js';
import { MAX_NESTING_DEPTH, scanJsonPositions } from './jsonPositions.js';
import { YamlPositionRecorder } from './yamlPositions.js';
import { readRegistryText } from './regularFileReader.js';
import { assertExpansionWithin } from './expansionLimit.js';

export { DEFAULT_MAX_FILE_BYTES, readRegistryText } from './regularFileReader.js';

/** js-yaml, loaded by the first YAML parse (JSON never needs it). */
const jsYaml = lazyDependency<typeof import('js-yaml')>('js-yaml');

/** Most YAML aliases one file may expand — a guard against "billion laughs" files. */
export const DEFAULT_MAX_ALIAS_COUNT = 100;

/** A data file parsed into plain values, with a way back to line/column of any path. */
export interface ParsedDocument {
  readonly file: string;
  /** Mappings are `Map`s (YAML) or plain objects; keys never touch `Object.prototype`. */
  readonly value: unknown;
  readonly locate: PositionLookup;
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

/** Where a YAML error is: an unclosed quote is reported where it opened, not at the end of the file. */
function yamlErrorPosition(text: string, error: YAMLException): { line: number; column: number } | undefined {
  const mark = error.mark as { line: number; column: number; position: number } | undefined;
  if (/single document/.test(error.reason ?? '')) {
    // js-yaml gives no position: point at the marker that starts the second document.
    const markers = [...text.matchAll(/^---/gm)].map((m) => m.index ?? 0);
    const firstContent = /^[ \t]*[^\s#]/m.exec(text)?.index ?? 0;
    const second = markers.find((at) => at > firstContent);
    return second === undefined ? undefined : lineColAt(text, second);
  }
  if (!mark) return undefined;
  const quote = /within a (double|single) quoted scalar/.exec(error.reason ?? '');
  if (quote) {
    const at = text.lastIndexOf(quote[1] === 'double' ? '"' : "'", mark.position - 1);
    if (at >= 0) return lineColAt(text, at);
  }
  return { line: mark.line + 1, column: mark.column + 1 };
}

/** The key text at a duplicate-key error, e.g. `XGBoostTraining`. */
function duplicateKeyAt(text: string, offset: number): string {
  const end = text.indexOf('\n', offset);
  const rest = text.slice(offset, end === -1 ? undefined : end);
  const m = /^[\s{,]*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^:#,{}\[\]]+?))\s*:/.exec(rest);
  return (m?.[1] ?? m?.[2] ?? m?.[3] ?? rest.slice(0, 40)).trim();
}

/** Refuse a file with more alias references (`*name`) than allowed, before parsing it. */
function checkAliasCount(file: string, text: string, maxAliasCount: number): void {
  const alias = /(^|[\s,[{:-])\*[^\s,[\]{}]+/g;
  let count = 0;
  for (let m = alias.exec(text); m; m = alias.exec(text)) {
    if (++count > maxAliasCount) {
      const pos = lineColAt(text, m.index + (m[1]?.length ?? 0));
      throw new RegistryLoadError(`too many YAML aliases (more than ${maxAliasCount})`, {
        file,
        line: pos.line,
        column: pos.column,
        hint: `a registry may use at most ${maxAliasCount} aliases (a guard against alias bombs); write the values out`,
      });
    }
  }
}

/** The step and field a parser stop is in, from the keys leading to it (`LOCAL_STEPS › Step › field`). */
function stopContext(path: readonly string[]): { step?: string; field?: string; where: string } {
  if (path.length === 0) return { where: '' };
  const sectioned = path[0] === 'LOCAL_STEPS' || path[0] === 'STEP_OVERRIDES' || path[0] === 'STEP_NAMES';
  const step = sectioned ? path[1] : undefined;
  const field = sectioned ? path[2] : undefined;
  return { ...(step ? { step } : {}), ...(field ? { field } : {}), where: ` (in ${path.join(' › ')})` };
}

/**
 * Parse YAML text (YAML 1.2 core schema) with js-yaml; positions come from the
 * parser's own events (see {@link YamlPositionRecorder}). Its exceptions become
 * one-line load errors that name the step and field the parser stopped in.
 */
function loadYaml(file: string, text: string): ParsedDocument {
  const jsyaml = jsYaml();
  const recorder = new YamlPositionRecorder();
  let value: unknown;
  try {
    value = jsyaml.load(text, { filename: file, schema: jsyaml.CORE_SCHEMA, listener: recorder.listener, maxDepth: MAX_NESTING_DEPTH } as LoadOptions);
  } catch (error) {
    if (!(error instanceof jsyaml.YAMLException)) throw error;
    const reason = error.reason ?? error.message.split('\n')[0] ?? '';
    let pos = yamlErrorPosition(text, error);
    let path = recorder.pathAtStop();
    const last = recorder.lastScalar();
    const keyWithoutColon = /colon is missed|multiline key may not be an implicit key/.test(reason) && last !== null;
    if (keyWithoutColon) {
      // js-yaml notices the missing colon only after the key's line: point at the key that lacks it,
      // and name it (its first word) as the field.
      pos = last.start;
      const word = /^[A-Za-z_][\w]*/.exec(last.text)?.[0];
      path = [...last.pathToParent, ...(word ? [word] : [])];
    }
    const context = stopContext(path);
    const duplicate = /duplicated mapping key/.test(reason);
    const mark = error.mark as { position: number } | undefined;
    if (/nesting exceeded maxDepth/.test(reason)) {
      throw new RegistryLoadError(`nesting exceeds the nesting limit of ${MAX_NESTING_DEPTH} levels${context.where}`, {
        file,
        line: pos?.line,
        column: pos?.column,
        hint: `a registry file nests a few levels; at most ${MAX_NESTING_DEPTH} nodes deep are read`,
        cause: error,
      });
    }
    const field = context.field;
    throw new RegistryLoadError(duplicate ? `duplicate key '${duplicateKeyAt(text, mark?.position ?? 0)}'` : `YAML syntax error: ${keyWithoutColon ? 'a key is missing its colon' : reason}${context.where}`, {
      file,
      line: pos?.line,
      column: pos?.column,
      step: context.step,
      field,
      hint: duplicate ? 'each key may appear once per mapping; merge or rename the duplicate' : 'fix the YAML at that position (indentation, quotes, colons; no tabs for indentation)',
      cause: error,
    });
  }
  return { file, value, locate: recorder.locateIn(value) };
}

function parseYamlText(file: string, text: string, maxAliasCount: number): ParsedDocument {
  checkAliasCount(file, text, maxAliasCount);
  const doc = loadYaml(file, text);
  // Only aliases can make the value larger than the text; without a `*` there are none.
  if (text.includes('*')) assertExpansionWithin(file, doc.value);
  return doc;
}

/**
 * Offset of a JSON syntax error. Node 20 gives a position for some errors only;
 * otherwise find the shortest prefix that fails for another reason than
 * "unexpected end" (JSON.parse stops at the first bad character, so this is monotonic).
 */
function jsonErrorOffset(text: string, message: string): number {
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const failsInside = (n: number): boolean => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (e) {
      return !/end of JSON input|Unterminated string/i.test((e as Error).message);
    }
  };
  if (!failsInside(text.length)) return text.trimEnd().length;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(mid)) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(0, lo - 1);
}

function parseJsonText(file: string, text: string): ParsedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const pos = lineColAt(text, jsonErrorOffset(text, message));
    const what = message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/, ".*" is not valid JSON$/s, '')
      .replace(/^Unexpected end of JSON input$/, 'unexpected end of input');
    throw new RegistryLoadError(`JSON syntax error: ${what}`, {
      file,
      line: pos.line,
      column: pos.column,
      hint: 'JSON needs double-quoted keys and strings, and no comments or trailing commas',
      cause: error,
    });
  }
  // One linear pass: positions, and the duplicate keys JSON.parse silently drops.
  return { file, value, locate: scanJsonPositions(file, text) };
}

/** Options for {@link readDataDocument}. */
export interface ReadDocumentOptions {
  /** Largest file read, in bytes (default 10 MB). */
  maxFileBytes?: number;
  /** Most YAML alias references one file may use (default 100). */
  maxAliasCount?: number;
  /** Whether code registries (.ts/.mts/.js/.mjs, which run when loaded) may load (default: env `CURSUS_ALLOW_CODE_REGISTRIES`, else true). */
  allowCodeRegistries?: boolean;
}

/** What a reader says about a file of its kind: what it is called in errors, and the hint for an empty one. */
export interface EmptyFileHint {
  /** The kind of file in messages and hints, e.g. `pipeline spec` (default `registry`). */
  readonly what?: string;
  readonly emptyHint?: string;
}

/**
 * Read and parse a YAML (`.yaml`/`.yml`) or JSON (`.json`) registry file.
 * Throws {@link RegistryLoadError} with file:line:column on any problem.
 */
export function readDataDocument(file: string, options: ReadDocumentOptions & EmptyFileHint = {}): ParsedDocument {
  return parseDataDocument(file, readRegistryText(file, options.maxFileBytes, options.what), options);
}

/**
 * Parse YAML or JSON text already in memory (JSON when `file` ends in `.json`);
 * `file` labels positions in errors. Throws {@link RegistryLoadError} like {@link readDataDocument}.
 */
export function parseDataDocument(file: string, text: string, options: Pick<ReadDocumentOptions, 'maxAliasCount'> & EmptyFileHint = {}): ParsedDocument {
  const empty = () =>
    new RegistryLoadError('file is empty (no mapping in it)', {
      file,
      line: 1,
      hint: options.emptyHint ?? 'write a mapping, or delete the file',
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
