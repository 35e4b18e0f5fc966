import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import type { Jiti } from 'jiti';

/**
 * What jiti puts before the transpiled code, on its first line, when it runs a
 * module (`vm.runInThisContext`, synchronous import): V8's columns on line 1
 * count it. Checked by the line-1 case in test/sources/transpiledPositions.test.ts.
 */
const JITI_WRAPPER_PREFIX = '(function (exports, require, module, __filename, __dirname, jitiImport, jitiESMResolve) { ';

const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/;

/** The version stamp jiti's file cache appends to the code it stores (`fsCache`). */
const CACHE_STAMP = / \/\* v\w+-[0-9a-f]+ \*\/\s*$/;

/** Transpile as `jiti` did when it ran `file` (its fs cache usually answers; its stamp is cut). */
function transpile(jiti: Jiti, file: string, source: string): string {
  return jiti.transform({ filename: file, source, ts: /\.[cm]?tsx?$/.test(file), async: false, jsx: jiti.options.jsx }).replace(CACHE_STAMP, '');
}

/**
 * Map a 1-based `line:column` that V8 reported for a module jiti ran back to the
 * user's source, through the source map of the same transpilation (the host's
 * source-map settings are left alone). A module that throws always ends up
 * transpiled: jiti runs a plain CommonJS file natively first, and on an error
 * runs it again transpiled, so the error the caller sees is the second one.
 * Returns undefined when the position cannot be mapped (the file changed
 * since, or the mapped code differs from what ran), so the caller keeps what
 * it has.
 *
 * `runner` is the jiti instance that ran the file; a second one with source
 * maps on gives the map, and is trusted only if its code is the code that ran.
 */
export function originalPositionInTranspiled(
  runner: Jiti,
  mapper: Jiti,
  file: string,
  line: number,
  column: number,
): { line: number; column: number } | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const ran = transpile(runner, file, source);
  const mapped = transpile(mapper, file, source);
  const inline = INLINE_MAP.exec(mapped);
  if (!inline || mapped.slice(0, inline.index).trimEnd() !== ran.trimEnd()) return undefined;
  const payload = JSON.parse(Buffer.from(inline[1] ?? '', 'base64').toString('utf8')) as SourceMapPayload;
  const generatedColumn = line === 1 ? column - JITI_WRAPPER_PREFIX.length : column;
  if (generatedColumn < 1) return undefined;
  const entry = new SourceMap(payload).findEntry(line - 1, generatedColumn - 1) as Partial<{ originalLine: number; originalColumn: number }>;
  if (typeof entry.originalLine !== 'number' || typeof entry.originalColumn !== 'number') return undefined;
  return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}
