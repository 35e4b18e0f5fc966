import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { AnswerCache } from './answerCache.js';
import { API_ROUTES, type ApiAnswer, type ApiRoute } from './apiRoutes.js';
import { RegistryEventStreams } from './eventStream.js';
import { HttpProblem, problemResponse } from './httpErrors.js';
import { parseQuery } from './queryParameters.js';
import type { ServedRegistry } from './servedRegistry.js';
import type { WebAsset } from './webAssets.js';

/** Largest request body accepted (a pipeline spec), in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** API prefix. */
export const API_PREFIX = '/api/v1';

/**
 * Content-Security-Policy of every response: scripts only from this origin (no
 * inline script, no eval); inline styles are allowed because mermaid writes a
 * `<style>` into the SVG it draws.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Paths the catalogue routes itself (deep links such as `/steps/XGBoostTraining?workspace=alice`). */
const CLIENT_ROUTE = /^\/(steps|workspaces|conflicts|pipeline)(\/[^/]+)?\/?$/;

/** Content-Security-Policy of API answers: JSON is data; nothing in it may run, load or be framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Options of {@link createServeApp}. */
export interface ServeAppOptions {
  readonly served: ServedRegistry;
  /** The package version (`GET /api/v1/version`). */
  readonly packageVersion: string;
  /** Allowed CORS origin of the API; CORS is off without it. */
  readonly cors?: string | null | undefined;
  /** The web catalogue (see `loadWebAssets`); an empty map serves a note instead. */
  readonly webAssets: ReadonlyMap<string, WebAsset>;
}

/** A built app, its event streams (closed on shutdown) and the cache of its answers (served before the app). */
export interface ServeApp {
  readonly app: Hono;
  readonly events: RegistryEventStreams;
  readonly answers: AnswerCache;
}

function problem(c: Context, error: unknown, etag: string | null): Response {
  const { status, body } = problemResponse(error);
  if (status === 500) console.error(error);
  if (etag) c.header('ETag', etag);
  c.header('Cache-Control', 'no-cache');
  return c.json(body, status as 400);
}

/** Whether an `If-None-Match` header names `etag` (a list, `*`, weak forms). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * The HTTP app of `cursus serve`: the read-only JSON API under `/api/v1`, its
 * Server-Sent Events, and the web catalogue at `/`. Every API answer is a pure
 * function of (registry content, URL), so it carries the content hash as its
 * ETag and `If-None-Match` gives 304; replicas serving the same files agree.
 */
export function createServeApp(options: ServeAppOptions): ServeApp {
  const { served, webAssets } = options;
  const events = new RegistryEventStreams(served);
  const app = new Hono();
  const etagOf = () => `"${served.version}"`;
  const answers = new AnswerCache(served);

  // Set before the handler runs (c.header), not on the finished response: touching a
  // response's headers afterwards makes @hono/node-server build a full Web Response, a slow path.
  // JSON answers get the short API policy (nothing may run or load); pages get the catalogue's.
  const corp = options.cors ? 'cross-origin' : 'same-origin';
  app.use('*', async (c, next) => {
    const api = c.req.path.startsWith(`${API_PREFIX}/`);
    c.header('Content-Security-Policy', api ? API_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cross-Origin-Resource-Policy', corp);
    if (!api) {
      c.header('Referrer-Policy', 'no-referrer');
      c.header('X-Frame-Options', 'DENY');
    }
    await next();
  });
  if (options.cors) app.use(`${API_PREFIX}/*`, cors({ origin: options.cors, allowMethods: ['GET', 'POST', 'OPTIONS'], exposeHeaders: ['ETag'] }));
  app.use(`${API_PREFIX}/*`, methodNotAllowed({
    app,
    onMethodNotAllowed: (c, allowed) => {
      c.header('Allow', allowed.join(', '));
      return problem(c, HttpProblem.of(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allowed.join(', ')}`, { hint: 'the API is read-only: GET, and POST for pipelines/build' }), null);
    },
  }));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    // The rest of the body is never read: close the connection so it is not taken for the next request.
    onError: (c) => {
      c.header('Connection', 'close');
      return problem(c, HttpProblem.of(413, 'PAYLOAD_TOO_LARGE', `request body larger than ${MAX_BODY_BYTES} bytes`, { hint: 'send a pipeline spec of at most 1 MB' }), null);
    },
  });
  // Only requests that may carry a body: looking at a GET's body would build a full Web Request (slow path).
  app.use(`${API_PREFIX}/*`, (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  const answer = (c: Context, route: ApiRoute, result: ApiAnswer, etag: string): Response => {
    c.header('ETag', etag);
    c.header('Cache-Control', route.cacheable ? 'no-cache' : 'no-store');
    if (typeof result.body === 'string') return c.body(result.body, (result.status ?? 200) as 200, { 'Content-Type': result.type ?? 'text/plain; charset=utf-8' });
    return c.json(result.body as object, (result.status ?? 200) as 200);
  };

  for (const route of API_ROUTES) {
    const path = `${API_PREFIX}${route.path}`;
    if (route.stream) {
      app.get(path, (c) => events.handle(c));
      continue;
    }
    const handler = async (c: Context): Promise<Response> => {
      const etag = etagOf();
      if (route.method === 'GET' && route.cacheable) {
        if (matches(c.req.header('If-None-Match'), etag)) {
          c.header('ETag', etag);
          c.header('Cache-Control', 'no-cache');
          return c.body(null, 304);
        }
      }
      try {
        const query = parseQuery(route, new URL(c.req.url).searchParams);
        const body = route.method === 'POST' ? await c.req.text() : '';
        // From here on everything is synchronous: one snapshot, and the ETag read with it.
        const result = await route.handle({ served, params: c.req.param() as Record<string, string>, query, body, contentType: c.req.header('Content-Type') ?? '', packageVersion: options.packageVersion });
        const version = served.version;
        const response = answer(c, route, result, etagOf());
        if (route.method === 'GET' && route.cacheable && response.status === 200) {
          const url = c.req.url;
          const target = url.slice(url.indexOf('/', url.indexOf('//') + 2));
          const headers: Record<string, string> = {};
          response.headers.forEach((value, key) => (headers[key] = value));
          const bytes = Buffer.from(await response.clone().arrayBuffer());
          headers['content-length'] = String(bytes.length);
          answers.set(target, version, { status: 200, headers, body: bytes });
        }
        return response;
      } catch (error) {
        return problem(c, error, etagOf());
      }
    };
    if (route.method === 'GET') app.get(path, handler);
    else app.post(path, handler);
  }

  app.all(`${API_PREFIX}/*`, (c) => problem(c, HttpProblem.of(404, 'NOT_FOUND', `no API endpoint ${c.req.path}`, { hint: 'GET /api/v1/openapi.json lists the endpoints' }), null));

  // The web catalogue: files from memory; the catalogue's own routes (deep links) get index.html.
  app.get('*', (c) => {
    const path = c.req.path === '/' ? '/index.html' : c.req.path;
    const asset = webAssets.get(path) ?? (CLIENT_ROUTE.test(path) ? webAssets.get('/index.html') : undefined);
    if (!asset) {
      if (webAssets.size === 0) return c.text('The web catalogue is not built: run `npm run build`. The API is at /api/v1.\n', 503);
      return c.text('Not found\n', 404);
    }
    if (matches(c.req.header('If-None-Match'), asset.etag)) return c.body(null, 304, { ETag: asset.etag });
    return c.body(new Uint8Array(asset.body), 200, { 'Content-Type': asset.type, ETag: asset.etag, 'Cache-Control': 'no-cache' });
  });
  app.all('*', (c) => c.text('Method not allowed\n', 405, { Allow: 'GET, HEAD' }));

  app.onError((error, c) => problem(c, error, null));
  return { app, events, answers };
}
