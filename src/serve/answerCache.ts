import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServedRegistry } from './servedRegistry.js';

/** A finished answer, ready to be written again byte for byte. */
export interface CachedAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Most URLs kept per snapshot version (a bound against a client walking random names). */
const LIMIT = 2000;

/**
 * Answers of cacheable GETs by request target (`/api/v1/steps?workspace=alice`),
 * for the snapshot version they were computed from. An answer is a pure function
 * of (registry content, URL), so it can be replayed until the version changes —
 * then the cache empties itself. {@link serve} writes a hit (or a 304) straight
 * to the Node response, before any framework work: the hot path of a busy API.
 */
export class AnswerCache {
  readonly #served: ServedRegistry;
  #version: string;
  readonly #answers = new Map<string, CachedAnswer>();

  constructor(served: ServedRegistry) {
    this.#served = served;
    this.#version = served.version;
  }

  #current(): Map<string, CachedAnswer> {
    if (this.#version !== this.#served.version) {
      this.#answers.clear();
      this.#version = this.#served.version;
    }
    return this.#answers;
  }

  /** Keep an answer computed for `version` (dropped if the registry moved on meanwhile). */
  set(target: string, version: string, answer: CachedAnswer): void {
    const answers = this.#current();
    if (version === this.#version && answers.size < LIMIT) answers.set(target, answer);
  }

  /** Answer `req` from the cache; false when it is not there (the app answers it). */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || req.url === undefined) return false;
    const hit = this.#current().get(req.url);
    if (!hit) return false;
    const inm = req.headers['if-none-match'];
    if (inm !== undefined && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === hit.headers.etag)) {
      const { 'content-type': _type, 'content-length': _length, ...headers } = hit.headers;
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    res.writeHead(hit.status, hit.headers);
    res.end(hit.body);
    return true;
  }
}
