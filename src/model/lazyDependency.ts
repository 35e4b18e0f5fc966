import { createRequire } from 'node:module';

const requireDependency = createRequire(import.meta.url);

/**
 * A dependency loaded on first use, synchronously (through `require`, so the
 * synchronous legacy API stays synchronous). Importing the package then costs
 * only what a lookup needs: YAML writers, atomic writes, the YAML reader and
 * edit distance load when a call first needs them.
 *
 * @example
 * ```ts
 * const jsYaml = lazyDependency<typeof import('js-yaml')>('js-yaml');
 * jsYaml().load('a: 1');
 * ```
 */
export function lazyDependency<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireDependency(name) as T);
}
