/**
 * The values the README's ```ts snippets promise in their comments are the
 * values the code gives: every statement `expr; // 'literal' …` (a string,
 * number, boolean, null or an array of those) is run — the whole snippet, as
 * written, from the repository root, with `'cursus-registry'` as the package
 * entry src/packageEntry.ts — and `expr` must equal the literal. A
 * snippet without such comments is only typechecked (readmeSnippets.test.ts).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { resetGlobalBuilderRegistry, resetRegistry } from '../../src/index.js';
import { typescriptBlocks } from './readmeText.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
// Under test/fixtures (which tsc skips), so a run that is cut short leaves nothing the typecheck reads; git ignores it.
const RUN_DIR = join(REPO, 'test/fixtures/.readme-snippets-run');

/** `expr; // literal …`: the expression statement, its indentation and the literal it promises. */
const PROMISE = /^(\s*)([^/]*?[^\s;]);\s*\/\/\s*('[^']*'|\[(?:\s*(?:'[^']*'|-?\d+|true|false|null)\s*,?)*\]|true|false|null|-?\d+(?:\.\d+)?)(?=$|[\s:(,])/;
/** Lines that are not expression statements even when they end in a comment. */
const NOT_AN_EXPRESSION = /^\s*(const|let|var|import|export|return|class|await\s+with|if|for)\b/;

/** One promised value. */
interface Check {
  readonly line: number;
  readonly expression: string;
  readonly expected: unknown;
}

/** The literal of a comment as data (JSON, or with '…' strings in single quotes). */
function literal(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/'([^']*)'/g, (_m, s: string) => JSON.stringify(s)));
  }
}

/** `expr;` followed by comment lines `// [ "…",` … `//   "…" ]`: the array those lines spell, and how many lines they take. */
function arrayBelow(lines: readonly { text: string }[], from: number): { value: unknown; count: number } | undefined {
  if (!/^\s*\/\/\s*\[/.test(lines[from]?.text ?? '')) return undefined;
  let text = '';
  for (let i = from; i < lines.length && /^\s*\/\//.test(lines[i]!.text); i++) {
    text += lines[i]!.text.replace(/^\s*\/\/\s?/, ' ');
    if (text.trim().endsWith(']')) return { value: literal(text.trim()), count: i - from + 1 };
  }
  return undefined;
}

/** The snippet with each promise replaced by a recording call; undefined when it promises nothing. */
function instrument(lines: readonly { line: number; text: string }[]): { source: string; checks: Check[] } | undefined {
  const checks: Check[] = [];
  const record = (indent: string, expression: string): string =>
    `${indent}(globalThis as unknown as { __readmeValue: (i: number, v: unknown) => void }).__readmeValue(${checks.length - 1}, (${expression}));`;
  const out = lines.map(({ line, text }, index) => {
    const bare = /^(\s*)([^/]*?[^\s;]);\s*$/.exec(text);
    const below = bare && !NOT_AN_EXPRESSION.test(text) ? arrayBelow(lines, index + 1) : undefined;
    if (bare && below) {
      checks.push({ line, expression: bare[2]!, expected: below.value });
      return record(bare[1]!, bare[2]!);
    }
    const m = PROMISE.exec(text);
    if (!m || NOT_AN_EXPRESSION.test(text)) return text;
    const [, indent = '', expression = ''] = m;
    checks.push({ line, expression, expected: literal(m[3]!) });
    return record(indent, expression);
  });
  if (checks.length === 0) return undefined;
  const source = out.join('\n').replace(/from 'cursus-registry'/g, `from ${JSON.stringify(join(REPO, 'src/packageEntry.ts'))}`);
  return { source: `${source}\nexport {};\n`, checks };
}

const snippets = typescriptBlocks(README)
  .map((block) => ({ block, run: instrument(block.lines) }))
  .filter((s): s is { block: (typeof s)['block']; run: NonNullable<(typeof s)['run']> } => s.run !== undefined);

afterAll(() => rmSync(RUN_DIR, { recursive: true, force: true }));
afterEach(() => {
  resetRegistry();
  resetGlobalBuilderRegistry();
});

describe('README ts snippets give the values their comments promise', () => {
  it('finds snippets with promised values', () => {
    expect(snippets.length).toBeGreaterThan(1);
  });

  for (const { block, run } of snippets) {
    it(`README.md:${block.line}: ${run.checks.length} promised values`, async () => {
      const seen = new Map<number, unknown>();
      (globalThis as unknown as { __readmeValue: (i: number, v: unknown) => void }).__readmeValue = (i, v) => seen.set(i, v);
      mkdirSync(RUN_DIR, { recursive: true });
      const file = join(RUN_DIR, `snippet_${block.line}.ts`);
      writeFileSync(file, run.source);
      await import(pathToFileURL(file).href);
      const wrong = run.checks
        .map((c, i) => ({ ...c, actual: seen.has(i) ? seen.get(i) : '(never ran)' }))
        .filter((c) => JSON.stringify(c.actual) !== JSON.stringify(c.expected))
        .map((c) => `README.md:${c.line}: ${c.expression} is ${JSON.stringify(c.actual)}, the comment says ${JSON.stringify(c.expected)}`);
      expect(wrong).toEqual([]);
    });
  }
});
