/**
 * Every ```ts snippet of README.md typechecks against the public API (issue 12,
 * item 13): each snippet becomes a virtual module next to this file, with
 * `'cursus-registry'` pointing at src/index.ts, and all of them are checked in
 * one TypeScript program with the project's compiler options. A snippet that
 * uses a name it does not declare, or an API that does not exist, fails here.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { typescriptBlocks } from './readmeText.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');

const snippets = typescriptBlocks(README).map((block) => ({
  line: block.line,
  file: join(HERE, `__readme_snippet_${block.line}.ts`),
  // A module of its own; the package name resolves to the source of this checkout.
  text: `${block.lines
    .map((l) => l.text)
    .join('\n')
    .replace(/from 'cursus-registry'/g, "from '../../src/index.js'")}\nexport {};\n`,
}));

/** Diagnostics per virtual file, from one program over all snippets. */
function checkSnippets(): Map<string, string[]> {
  const config = ts.readConfigFile(join(REPO, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, sourceMap: false, declaration: false };
  const virtual = new Map(snippets.map((s) => [s.file, s.text]));
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(name);
    return text !== undefined ? ts.createSourceFile(name, text, languageVersion, true) : getSourceFile(name, languageVersion, onError, shouldCreate);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);
  const program = ts.createProgram([...virtual.keys()], options, host);
  const byFile = new Map<string, string[]>(snippets.map((s) => [s.file, []]));
  for (const file of virtual.keys()) {
    const source = program.getSourceFile(file)!;
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      const snippet = snippets.find((s) => s.file === file)!;
      // README line: the fence's line + 1 + the line inside the snippet.
      byFile.get(file)!.push(`README.md:${snippet.line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  return byFile;
}

describe('README.md ts snippets', () => {
  let results: Map<string, string[]> | undefined;
  const diagnostics = (file: string): string[] => (results ??= checkSnippets()).get(file) ?? [];

  it('has snippets (the parser found them)', () => {
    expect(snippets.length).toBeGreaterThan(5);
  });

  for (const snippet of snippets) {
    it(`README.md:${snippet.line}: the snippet typechecks against the public API`, () => {
      expect(diagnostics(snippet.file)).toEqual([]);
    });
  }
});
