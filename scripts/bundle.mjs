// Bundles the library entry (src/packageEntry.ts: index.ts's API, bound for builder modules) and the CLI (src/cli/main.ts),
// compiled by esbuild straight from the TypeScript source, into ESM files under
// dist/bundle/, with the code they share in chunks: loading a few modules
// instead of ~200 cuts import and cold start (see README, Performance). The
// package's `exports` point at dist/bundle/index.mjs; types still come from tsc
// (dist/index.d.ts).
// Dependencies that are loaded only when needed (jiti, js-yaml, yaml,
// fastest-levenshtein through model/lazyDependency; zod
// where the model asks for it) are not statically imported, so they stay out
// of the bundle and out of the import cost. The bundles sit two levels under
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

/** Bundle src/packageEntry.ts and src/cli/main.ts into dist/bundle/{index,cli}.mjs and shared chunks. */
export async function bundle() {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { index: 'src/packageEntry.ts', cli: 'src/cli/main.ts' },
    outdir: 'dist/bundle',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
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
  });
  const isEntry = (file) => /[\\/](index|cli)\.mjs$/.test(file.path);
  for (const file of [...result.outputFiles.filter((f) => !isEntry(f)), ...result.outputFiles.filter(isEntry)]) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
  }
  // Chunks of earlier builds are no longer imported by any entry.
  const written = new Set(result.outputFiles.map((f) => f.path));
  const dir = join(ROOT, 'dist', 'bundle');
  for (const name of readdirSync(dir)) if (/^chunk-.*\.mjs$/.test(name) && !written.has(join(dir, name))) rmSync(join(dir, name), { force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundle();
