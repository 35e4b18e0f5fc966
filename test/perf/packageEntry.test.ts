/**
 * The packaged entry (issue 13, "Import"): `import('cursus-registry')` resolves
 * through package.json `exports` to the esbuild bundle, exports exactly what
 * src/index.ts exports, and loads the dependencies a lookup does not need only
 * when a call needs them. One child process: module state must be fresh.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as source from '../../src/index.js';
import { REPO_ROOT } from '../helpers/tempRegistry.js';

/** Runs in a fresh process inside the package, so `cursus-registry` is a self-reference through `exports`. */
const PROBE = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
// A dependency is loaded from node_modules, or from the bundle's prebuilt copy (dist/bundle/vendor/<name>.cjs).
const loaded = () => Object.keys(require.cache).map((f) => /node_modules\\/([^/]+)\\//.exec(f)?.[1] ?? /\\/vendor\\/(.+)\\.cjs$/.exec(f)?.[1]).filter(Boolean);
const builtins = () => process.moduleLoadList.filter((m) => /^NativeModule (crypto|child_process)$/.test(m));
const url = import.meta.resolve('cursus-registry');
const mod = await import('cursus-registry');
const afterImport = [...new Set(loaded())].sort();
const builtinsAfterImport = builtins();
const registry = new mod.HybridRegistryManager({ workspacesRoot: 'examples/workspaces', cwd: process.cwd(), env: {} });
const answer = registry.getStepDefinition('XGBoostTraining', 'alice')?.config_class;
const afterLoad = [...new Set(loaded())].sort();
process.stdout.write(JSON.stringify({ url, builtinsAfterImport, vendored: Object.keys(require.cache).some((f) => f.includes('/dist/bundle/vendor/')), names: Object.keys(mod).sort(), afterImport, afterLoad, answer }));
`;

describe('packaged entry', () => {
  it('resolves to the bundle, exports what src/index.ts exports, and defers dependencies until used', () => {
    expect(existsSync(join(REPO_ROOT, 'dist', 'bundle', 'index.mjs')), 'the package is not built: run `npm run build`').toBe(true);
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { url: string; builtinsAfterImport: string[]; vendored: boolean; names: string[]; afterImport: string[]; afterLoad: string[]; answer: string };
    expect(out.url.endsWith('/dist/bundle/index.mjs')).toBe(true);
    expect(out.names).toEqual(Object.keys(source).sort());
    // Nothing from node_modules is evaluated by the import itself.
    expect(out.afterImport.filter((name) => ['zod', 'js-yaml', 'yaml', 'write-file-atomic', 'fastest-levenshtein', 'jiti', 'chokidar'].includes(name))).toEqual([]);
    // node:crypto and node:child_process (hashes, locks, git) load on first use too.
    expect(out.builtinsAfterImport).toEqual([]);
    // A load of valid YAML workspaces (and carol's TypeScript one, through jiti) needs js-yaml —
    // not the writers, and not zod: valid input is accepted by the fast checks.
    expect(out.answer).toBe('AliceXGBoostTrainingConfig');
    expect(out.afterLoad).toContain('js-yaml');
    // …from the bundle's one-file copy, not the package's many files.
    expect(out.vendored).toBe(true);
    expect(out.afterLoad.filter((name) => ['zod', 'yaml', 'write-file-atomic', 'chokidar'].includes(name))).toEqual([]);
  });
});
