// Bundles the compiled CLI (dist/cli/main.js) and its dependencies into one
// ESM file: loading one module instead of ~200 cuts the CLI's cold start by a
// third (see README, Performance). jiti stays external: it is loaded only for
// TS/JS workspace registries. The bundle sits two levels under the package
// root like every dist module, so its relative file URLs still resolve.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/bundle/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['jiti'],
  // CommonJS dependencies (commander, picocolors, cli-table3, write-file-atomic)
  // need `require`, `__filename` and `__dirname`, which ESM does not define.
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
