// Builds the web catalogue of `cursus serve` (web/) into dist/web/: one ES
// module entry (Preact + htm), split chunks so mermaid loads only on the
// pipeline page, the stylesheet and index.html. Everything ships in the npm
// package (`files: dist`); nothing is fetched from a CDN.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// mermaid makes this build take seconds: skip it when web/ and the locked
// dependency versions are what the last build was made from.
const hash = createHash('sha256');
const walk = (dir) => {
  for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = join(dir, name.name);
    if (name.isDirectory()) walk(file);
    else hash.update(`${file}\0`).update(readFileSync(file));
  }
};
walk('web');
hash.update(readFileSync('package-lock.json')).update(readFileSync('scripts/bundle-web.mjs'));
const stamp = hash.digest('hex');
const stampFile = 'dist/web/.build-stamp';
if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync('dist/web/assets/app.js')) process.exit(0);

rmSync('dist/web', { recursive: true, force: true });
mkdirSync('dist/web/assets', { recursive: true });
await build({
  entryPoints: { app: 'web/main.ts' },
  outdir: 'dist/web/assets',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  chunkNames: 'chunk-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
});
copyFileSync('web/styles.css', 'dist/web/assets/app.css');
copyFileSync('web/index.html', 'dist/web/index.html');
writeFileSync(stampFile, stamp);
