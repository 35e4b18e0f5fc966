// Bundles the library entry (src/packageEntry.ts: index.ts's API, bound for builder modules) and the CLI (src/cli/main.ts),
// compiled by esbuild straight from the TypeScript source, into ESM files under
// dist/bundle/ (two separate builds, each with chunks only for what it loads lazily): loading a few modules
// instead of ~200 cuts import and cold start (see README, Performance). The
// package's `exports` point at dist/bundle/index.mjs; types still come from tsc
// (dist/index.d.ts).
// Dependencies that are loaded only when needed (jiti, js-yaml, yaml,
// fastest-levenshtein through model/lazyDependency; zod
// where the model asks for it) are not statically imported, so they stay out
// of the entry bundles and out of the import cost; js-yaml, yaml and
// fastest-levenshtein are prebuilt into one file each under dist/bundle/vendor/
// (see VENDORED). The bundles sit two levels under
// the package root like every dist module, so their relative file URLs still
// resolve.
//
// Bundling from the source takes about a second, so the test run bundles first
// (test/globalSetup.ts): the few tests that spawn the real `bin/cursus.js`
// always run the current source. Files are written under a temp name and
// renamed, chunks before the entries that import them, so a process starting
// meanwhile never loads half a bundle.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Dependencies loaded on first use (model/lazyDependency.ts) that the bundle
 * ships as one prebuilt CommonJS file each, dist/bundle/vendor/<name>.cjs —
 * the installed version, bundled: one file compiles much faster than the
 * package's many (js-yaml ~23 → ~9 ms, yaml ~47 → ~15 ms cold). zod stays a
 * plain dependency (bundled it saves little, and it loads only for invalid input).
 */
const VENDORED = ['js-yaml', 'yaml', 'fastest-levenshtein'];

/** Options both bundles share. */
const COMMON = {
  absWorkingDir: ROOT,
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  write: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // hono is loaded only by `cursus serve`, the MCP SDK only by `cursus mcp` (lazily imported chunks), from node_modules.
  external: ['jiti', 'hono', 'hono/*', '@hono/node-server', '@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*'],
  // CommonJS dependencies (commander, picocolors, cli-table3) need `require`,
  // `__filename` and `__dirname`, which ESM does not define.
  banner: {
    js: [
      "import { createRequire as __cursusCreateRequire } from 'node:module';",
      "import { fileURLToPath as __cursusFileURLToPath } from 'node:url';",
      "import { dirname as __cursusDirname } from 'node:path';",
      'const require = __cursusCreateRequire(import.meta.url);',
      'const __filename = __cursusFileURLToPath(import.meta.url);',
      'const __dirname = __cursusDirname(__filename);',
    ].join(' '),
  },
  logLevel: 'warning',
};

/**
 * Bundle src/packageEntry.ts into dist/bundle/index.mjs and src/cli/main.ts
 * into dist/bundle/cli.mjs — two separate builds, each with chunks only for
 * what it imports lazily (`lib-*` and `cli-*`). Sharing chunks between the two
 * made the library import ~24 modules where one suffices: measured, a separate
 * library bundle imports ~40 ms faster and with ~5 MB less RSS; a process loads
 * one entry or the other, never both.
 */
export async function bundle() {
  const define = { CURSUS_VENDORED_DEPENDENCIES: JSON.stringify(VENDORED) };
  const builds = await Promise.all([
    build({ ...COMMON, define, entryPoints: { index: 'src/packageEntry.ts' }, chunkNames: 'lib-[hash]' }),
    build({ ...COMMON, define, entryPoints: { cli: 'src/cli/main.ts' }, chunkNames: 'cli-[hash]' }),
    ...VENDORED.map((name) =>
      build({
        absWorkingDir: ROOT,
        stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: ROOT, loader: 'js' },
        outfile: `dist/bundle/vendor/${name}.cjs`,
        bundle: true,
        write: false,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        logLevel: 'warning',
      }),
    ),
  ]);
  const outputFiles = builds.flatMap((b) => b.outputFiles);
  const isEntry = (file) => /[\\/](index|cli)\.mjs$/.test(file.path);
  for (const file of [...outputFiles.filter((f) => !isEntry(f)), ...outputFiles.filter(isEntry)]) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
  }
  // Chunks of earlier builds are no longer imported by any entry.
  const written = new Set(outputFiles.map((f) => f.path));
  const dir = join(ROOT, 'dist', 'bundle');
  for (const name of readdirSync(dir)) if (/^(chunk|lib|cli)-.*\.mjs$/.test(name) && !written.has(join(dir, name))) rmSync(join(dir, name), { force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundle();
