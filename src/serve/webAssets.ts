import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file of the web catalogue, held in memory. */
export interface WebAsset {
  readonly body: Buffer;
  readonly type: string;
  /** Strong ETag: a hash of the bytes. */
  readonly etag: string;
}

/**
 * Where `npm run build` writes the catalogue: `dist/web/`. Compiled, this module
 * sits in `dist/serve/` or `dist/bundle/` (so `../web/`); run from the sources
 * (tests), in `src/serve/` (so `../../dist/web/`).
 */
export const WEB_ASSETS_DIR: string = fileURLToPath(new URL(import.meta.url.includes('/src/serve/') ? '../../dist/web/' : '../web/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/**
 * Read the built catalogue into memory, keyed by URL path (`/index.html`,
 * `/assets/app.js`, …). Requests are answered from this map only: a request
 * path never reaches the file system, and there is no directory listing.
 * Returns an empty map when the catalogue was not built.
 */
export function loadWebAssets(dir: string = WEB_ASSETS_DIR): ReadonlyMap<string, WebAsset> {
  const assets = new Map<string, WebAsset>();
  const walk = (at: string): void => {
    let names: string[];
    try {
      names = readdirSync(at);
    } catch {
      return;
    }
    for (const name of names) {
      const file = join(at, name);
      const st = statSync(file);
      if (st.isDirectory()) walk(file);
      else if (st.isFile()) {
        const body = readFileSync(file);
        const url = `/${relative(dir, file).split(sep).join('/')}`;
        assets.set(url, { body, type: TYPES[extname(name)] ?? 'application/octet-stream', etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"` });
      }
    }
  };
  walk(dir);
  return assets;
}
