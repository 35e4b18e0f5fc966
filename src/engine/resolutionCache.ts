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

function sameTags(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Resolution results per (workspace, framework, environment, mode, name).
 * Nested maps keyed by the caller's own strings, so a cached lookup builds no
 * key string — a few map reads instead of a concatenation and a hash.
 */
export class ResolutionCache {
  readonly #root = new Map<string, Map<string, Map<string, Map<string, Bucket>>>>();
  // The last context asked about, by value (tags copied): loops that resolve
  // many names in one context skip the nested lookups. Compared field by field,
  // so a caller mutating its context object between calls is still answered right.
  #lastWorkspace: string | null | undefined;
  #lastFramework: string | null | undefined;
  #lastTags: readonly string[] | undefined;
  #lastMode: string | undefined;
  #lastBucket: Bucket | undefined;

  /** The results bucket of one context (created empty on first use). */
  bucket(workspaceId: string | null, context: ResolutionContext): Bucket {
    const tags = context.environment_tags;
    if (
      this.#lastBucket !== undefined &&
      workspaceId === this.#lastWorkspace &&
      context.preferred_framework === this.#lastFramework &&
      context.resolution_mode === this.#lastMode &&
      sameTags(tags, this.#lastTags)
    ) {
      return this.#lastBucket;
    }
    const bucket = this.#lookup(workspaceId, context);
    this.#lastWorkspace = workspaceId;
    this.#lastFramework = context.preferred_framework;
    this.#lastMode = context.resolution_mode;
    this.#lastTags = tags ? [...tags] : undefined;
    this.#lastBucket = bucket;
    return bucket;
  }

  #lookup(workspaceId: string | null, context: ResolutionContext): Bucket {
    const byFramework = child(this.#root, workspaceId ?? NONE, () => new Map<string, Map<string, Map<string, Bucket>>>());
    const byEnvironment = child(byFramework, context.preferred_framework ?? NONE, () => new Map<string, Map<string, Bucket>>());
    const byMode = child(byEnvironment, environmentKey(context.environment_tags), () => new Map<string, Bucket>());
    return child(byMode, context.resolution_mode ?? 'automatic', () => new Map<string, StepResolutionResult>());
  }
}
