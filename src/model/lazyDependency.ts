import { createRequire } from 'node:module';

const requireDependency = createRequire(import.meta.url);

/**
 * The names of the dependencies the package bundle ships prebuilt, set by
 * scripts/bundle.mjs (esbuild `define`); undeclared when the sources run
 * directly (tests, `tsc` output).
 */
declare const CURSUS_VENDORED_DEPENDENCIES: readonly string[] | undefined;

/** Dependencies the bundle ships as one prebuilt file each (dist/bundle/vendor/<name>.cjs). */
const VENDORED: readonly string[] = typeof CURSUS_VENDORED_DEPENDENCIES === 'undefined' ? [] : CURSUS_VENDORED_DEPENDENCIES;

/**
 * A dependency loaded on first use, synchronously (through `require`, so the
 * synchronous legacy API stays synchronous). Importing the package then costs
 * only what a lookup needs: YAML writers, atomic writes, the YAML reader and
 * edit distance load when a call first needs them.
 *
 * In the package bundle, the dependency is the same version bundled into one
 * file at build time: `require('js-yaml')` resolves and compiles ~15 files
 * (~23 ms cold), the single file ~9 ms; `yaml` 47 ms → 15 ms.
 *
 * @example
 * ```ts
 * const jsYaml = lazyDependency<typeof import('js-yaml')>('js-yaml');
 * jsYaml().load('a: 1');
 * ```
 */
export function lazyDependency<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireDependency(VENDORED.includes(name) ? `./vendor/${name}.cjs` : name) as T);
}
