/**
 * Every ```ts snippet of README.md typechecks against the public API, using
 * nothing marked `@deprecated` (a renamed function's old alias) (issue 12,
 * item 13): each snippet becomes a virtual module next to this file, with
 * `'cursus-registry'` pointing at src/index.ts, and all of them are checked in
 * one TypeScript program with the project's compiler options. A snippet that
 * uses a name it does not declare, or an API that does not exist, fails here.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
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

/**
 * Diagnostics per virtual file, from one language service (one program) over
 * all snippets: errors, and the use of anything marked `@deprecated` (a
 * snippet shows the current API, not an old alias).
 */
function checkSnippets(): Map<string, string[]> {
  const config = ts.readConfigFile(join(REPO, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, sourceMap: false, declaration: false };
  const virtual = new Map(snippets.map((s) => [s.file, s.text]));
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [...virtual.keys()],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = virtual.get(name) ?? ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => REPO,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => virtual.has(name) || ts.sys.fileExists(name),
    readFile: (name) => virtual.get(name) ?? ts.sys.readFile(name),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const byFile = new Map<string, string[]>(snippets.map((s) => [s.file, []]));
  for (const snippet of snippets) {
    const source = service.getProgram()!.getSourceFile(snippet.file)!;
    const deprecated = service.getSuggestionDiagnostics(snippet.file).filter((d) => d.reportsDeprecated);
    for (const d of [...service.getSyntacticDiagnostics(snippet.file), ...service.getSemanticDiagnostics(snippet.file), ...deprecated]) {
      const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      // README line: the fence's line + 1 + the line inside the snippet.
      byFile.get(snippet.file)!.push(`README.md:${snippet.line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  return byFile;
}

describe('README.md ts snippets', () => {
  let results = new Map<string, string[]>();
  const diagnostics = (file: string): string[] => results.get(file) ?? [];
  // One program for all snippets (~5 s; more on a busy machine, hence the timeout).
  beforeAll(() => {
    results = checkSnippets();
  }, 120_000);

  it('has snippets (the parser found them)', () => {
    expect(snippets.length).toBeGreaterThan(5);
  });

  for (const snippet of snippets) {
    it(`README.md:${snippet.line}: the snippet typechecks against the public API`, () => {
      expect(diagnostics(snippet.file)).toEqual([]);
    });
  }
});
