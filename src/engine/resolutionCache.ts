import type { ResolutionContext, StepResolutionResult } from './stepResolver.js';

type Bucket = Map<string, StepResolutionResult>;

function child<V>(map: Map<string, V>, key: string, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** Stands for "not given" — distinct from every string a caller can pass, '' included. */
const NONE = '\u0000none';

/** One tag is its own key (no allocation); several are a JSON list (no two lists share a key). */
function environmentKey(tags: readonly string[] | undefined): string {
  if (!tags || tags.length === 0) return NONE;
  return tags.length === 1 ? (tags[0] as string) : `\u0000list:${JSON.stringify(tags)}`;
}

/**
 * Resolution results per (workspace, framework, environment, mode, name).
 * Nested maps keyed by the caller's own strings, so a cached lookup builds no
 * key string — a few map reads instead of a concatenation and a hash.
 */
export class ResolutionCache {
  readonly #root = new Map<string, Map<string, Map<string, Map<string, Bucket>>>>();

  /** The results bucket of one context (created empty on first use). */
  bucket(workspaceId: string | null, context: ResolutionContext): Bucket {
    const byFramework = child(this.#root, workspaceId ?? NONE, () => new Map<string, Map<string, Map<string, Bucket>>>());
    const byEnvironment = child(byFramework, context.preferred_framework ?? NONE, () => new Map<string, Map<string, Bucket>>());
    const byMode = child(byEnvironment, environmentKey(context.environment_tags), () => new Map<string, Bucket>());
    return child(byMode, context.resolution_mode ?? 'automatic', () => new Map<string, StepResolutionResult>());
  }
}
