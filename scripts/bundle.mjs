// Bundles the compiled library entry (dist/index.js) and the CLI
// (dist/cli/main.js) into ESM files under dist/bundle/, with the code they
// share in chunks: loading a few modules instead of ~200 cuts import and cold
// start (see README, Performance). The package's `exports` point at
// dist/bundle/index.mjs; types still come from tsc (dist/index.d.ts).
// Dependencies that are loaded only when needed (jiti, js-yaml, yaml,
// fastest-levenshtein through model/lazyDependency; zod
// where the model asks for it) are not statically imported, so they stay out
// of the bundle and out of the import cost. The bundles sit two levels under
// the package root like every dist module, so their relative file URLs still
// resolve.
import { build } from 'esbuild';

await build({
  entryPoints: { index: 'dist/index.js', cli: 'dist/cli/main.js' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // hono is loaded only by `cursus serve` (a lazily imported chunk), from node_modules.
  external: ['jiti', 'hono', 'hono/*', '@hono/node-server'],
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
