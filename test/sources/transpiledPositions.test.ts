/**
 * A code registry (`.ts`/`.mjs`/`.js`) that throws when imported is reported at
 * the position in the user's own source, not in jiti's transpiled output (issue
 * 12.3): types, `import type`, `as` casts and the CommonJS preamble Babel adds
 * all shift columns; line 1 also carries jiti's function wrapper.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readWorkspaceRegistry } from '../../src/sources/workspaceRegistryReader.js';
import { runMain } from '../helpers/mainCapture.js';
import { registryErrorOf } from '../helpers/registryErrorOf.js';
import { makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

// `throw` on line 7 at column 3; V8 points at `new`, line 7 column 9.
// Babel drops the types on lines 4-6 and rewrites the imports, so the
// transpiled line 7 starts elsewhere and line 1 is the CommonJS preamble.
const TS_THROWS_AT_7_9 = [
  "import { defineWorkspaceRegistry } from 'cursus-registry';",
  "import type { WorkspaceMetadata } from 'cursus-registry';",
  '',
  'const owners: readonly string[] = (process.env.CURSUS_TEST_OWNERS_NEVER_SET ?? "").split(",").filter(Boolean) as string[];',
  'const meta: WorkspaceMetadata = { developer_id: "ts" } satisfies WorkspaceMetadata;',
  'if (owners.length === (0 as number)) {',
  '  throw new Error(`no owners for ${meta.developer_id as string}`);',
  '}',
  'export default defineWorkspaceRegistry({ LOCAL_STEPS: {}, WORKSPACE_METADATA: meta });',
  '',
].join('\n');

/** Write `content` as workspace `id`'s registry file (extension `ext`) under `<tmp>/ws`. */
function setup(content: string, ext: string, id = 'ts'): { root: string; file: string; dir: string } {
  const t = makeTempDir('cursus-transpiled-');
  temp = t;
  const file = t.write(`ws/${registryPath(id, ext)}`, content);
  return { root: `${t.dir}/ws`, file, dir: t.dir };
}

describe('a throwing code registry is reported at its original line:column', () => {
  it('TypeScript with types and imports: 7:9 (the library finding)', () => {
    const { file } = setup(TS_THROWS_AT_7_9, 'ts');
    const error = registryErrorOf(() => readWorkspaceRegistry(file, 'ts', { allowCodeRegistries: true }));
    expect(error.code).toBe('REGISTRY_LOAD_ERROR');
    expect(error.findings).toHaveLength(1);
    expect(error.finding).toMatchObject({ file, line: 7, column: 9, workspace_id: 'ts' });
    expect(error.finding.message).toBe('failed to import the registry module: no owners for ts');
  });

  it('TypeScript: the CLI line says …workspace_registry.ts:7:9 (exit 2)', async () => {
    const { root, dir } = setup(TS_THROWS_AT_7_9, 'ts');
    const run = await runMain(['--workspaces-root', root, 'registry', 'list-steps', '--workspace', 'ts'], { cwd: dir, env: { CURSUS_ALLOW_CODE_REGISTRIES: 'true' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cursus: error REGISTRY_LOAD_ERROR: .*workspace_registry\.ts:7:9: failed to import the registry module: no owners for ts\b/);
  });

  it('a throw on line 1 (behind jiti\'s wrapper and Babel\'s preamble): 1:col of `new`', () => {
    const line1 = "import type { WorkspaceMetadata } from 'cursus-registry'; const n: number = 0 as number; if (n === 0) throw new Error('line one');\n";
    const { file } = setup(line1, 'ts');
    const error = registryErrorOf(() => readWorkspaceRegistry(file, 'ts', { allowCodeRegistries: true }));
    expect(error.finding).toMatchObject({ line: 1, column: line1.indexOf('new Error') + 1 });
    expect(error.finding.column).toBe(109);
  });

  it('an ES module (.mjs, transpiled to CommonJS by jiti): 4:9', () => {
    const mjs = ["import { defineWorkspaceRegistry } from 'cursus-registry';", 'const x = { a: 1 };', 'if (x.a) {', '  throw new Error(`mjs ${x.a}`);', '}', 'export default defineWorkspaceRegistry({});', ''].join('\n');
    const { file } = setup(mjs, 'mjs');
    const error = registryErrorOf(() => readWorkspaceRegistry(file, 'ts', { allowCodeRegistries: true }));
    expect(error.finding).toMatchObject({ line: 4, column: 9 });
    expect(error.finding.message).toBe('failed to import the registry module: mjs 1');
  });

  it('a CommonJS .js file (jiti runs it natively, then again transpiled after the throw): 3:9', () => {
    const cjs = ['"use strict";', 'const x = 1;', '  throw new Error("cjs");', 'module.exports = {};', ''].join('\n');
    const { file } = setup(cjs, 'js');
    const error = registryErrorOf(() => readWorkspaceRegistry(file, 'ts', { allowCodeRegistries: true }));
    expect(error.finding).toMatchObject({ line: 3, column: 9 });
  });

  it('a syntax error after stripped types keeps the parser\'s position: 3:33', () => {
    // Babel parses the original text: `)` is unexpected at line 3 column 33.
    const ts = ["import type { WorkspaceMetadata } from 'cursus-registry';", 'const m: WorkspaceMetadata = {};', 'export default { LOCAL_STEPS: { ) };', ''].join('\n');
    const { file } = setup(ts, 'ts');
    const error = registryErrorOf(() => readWorkspaceRegistry(file, 'ts', { allowCodeRegistries: true }));
    expect(error.code).toBe('REGISTRY_LOAD_ERROR');
    expect(error.finding).toMatchObject({ line: 3, column: 33 });
  });
});
