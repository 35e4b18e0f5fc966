/**
 * The API names the README's prose and tables promise exist: the manager
 * methods it lists are methods of `HybridRegistryManager`, and the functions,
 * classes and constants of the legacy, context, query-layer and integration
 * lists are exports of the package entry (src/index.ts). A rename that the
 * README does not follow fails here (the ```ts snippets are typechecked by
 * readmeSnippets.test.ts), and the error codes it lists are all of
 * `RegistryErrorCode`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const lines = README.split('\n');

/** The paragraph that starts with `start` (up to the next blank line). */
function paragraph(start: string): string {
  const i = lines.findIndex((l) => l.startsWith(start));
  if (i < 0) throw new Error(`README.md: no paragraph starting "${start}"`);
  const end = lines.findIndex((l, j) => j > i && l.trim() === '');
  return lines.slice(i, end).join('\n');
}

/** The first column of the table whose header row starts with `header`. */
function firstColumn(header: string): string {
  const i = lines.findIndex((l) => l.startsWith(header));
  if (i < 0) throw new Error(`README.md: no table "${header}"`);
  const rows: string[] = [];
  for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++) rows.push(lines[j]!.split(/(?<!\\)\|/)[1] ?? '');
  return rows.join('\n');
}

/** Backticked identifiers (`name`, `name(…)`), leaving out the text inside parentheses. */
function identifiers(text: string): string[] {
  return [...text.matchAll(/`([A-Za-z_$][\w$]*)(?:\([^`]*\))?`/g)].map((m) => m[1]!);
}

const exported = new Set(Object.keys(api));
/** Names in the lists that are not runtime exports but are written there on purpose. */
const NOT_EXPORTS = new Set([
  'lazy', // the manager option `lazy: true`
  'in', // "`Object.keys`, `in`, spreading … work" on the live views
  'PIPELINE_INVALID', // the error code of PipelineInvalidError
  'fn', // "returns `fn`'s result"
]);

describe('README API names exist', () => {
  it('"Manager methods" are methods of HybridRegistryManager', () => {
    const text = paragraph('Manager methods:').split('; option')[0]!;
    const names = identifiers(text);
    expect(names.length).toBeGreaterThan(15);
    const proto = api.HybridRegistryManager.prototype as unknown as Record<string, unknown>;
    expect(names.filter((n) => typeof proto[n] !== 'function')).toEqual([]);
  });

  const lists: [string, () => string][] = [
    ['the legacy functions', () => paragraph('Legacy functions (all follow the context):')],
    ['the context functions', () => paragraph('Context: ').split('\nGive concurrent')[0]!],
    ['the query layer table', () => firstColumn('| function | CLI equivalent |')],
    ['the integration API table', () => firstColumn('| symbol | what it does |')],
  ];
  for (const [what, text] of lists) {
    it(`${what} are exports of the package`, () => {
      const names = identifiers(text()).filter((n) => !NOT_EXPORTS.has(n));
      expect(names.length).toBeGreaterThan(3);
      expect(names.filter((n) => !exported.has(n))).toEqual([]);
    });
  }

  it('the error codes listed ("Every error extends `RegistryError` and has a `code`: …") are all of RegistryErrorCode', () => {
    const errorsSource = readFileSync(join(REPO, 'src/model/errors.ts'), 'utf8');
    const union = /export type RegistryErrorCode =([^;]+);/.exec(errorsSource)?.[1] ?? '';
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!).sort();
    expect(codes.length).toBeGreaterThan(5);
    const listed = identifiers(paragraph('Every error extends `RegistryError`').split('. It carries')[0]!).filter((n) => /^[A-Z_]+$/.test(n));
    expect(listed.sort()).toEqual(codes);
  });
});
