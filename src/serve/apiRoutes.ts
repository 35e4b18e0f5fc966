import { z } from 'zod';
import { RegistryHealthMonitor } from '../ops/registryHealthMonitor.js';
import { buildOpenApiDocument } from './openApiDocument.js';
import type { QuerySchema, QueryValues } from './queryParameters.js';
import type { ServedRegistry } from './servedRegistry.js';

/** What a route handler gets: the served registry and the validated request. */
export interface ApiCall {
  readonly served: ServedRegistry;
  readonly params: Readonly<Record<string, string>>;
  readonly query: QueryValues;
  /** The request body as text (POST only). */
  readonly body: string;
  readonly contentType: string;
  readonly packageVersion: string;
}

/** A route's answer: a JSON value, or a string with its content type. */
export interface ApiAnswer {
  readonly status?: number;
  readonly body: unknown;
  readonly type?: string;
}

/** One endpoint of `/api/v1`: the one table the server, the 405 check and the OpenAPI document are made from. */
export interface ApiRoute {
  readonly method: 'GET' | 'POST';
  /** Path under `/api/v1`, Hono syntax (`/steps/:name`). */
  readonly path: string;
  readonly summary: string;
  readonly query: QuerySchema;
  /** Its answer depends only on the registry content and the URL: ETag/304 and caching apply. */
  readonly cacheable: boolean;
  /** Server-Sent Events instead of a JSON answer. */
  readonly stream?: boolean;
  /** The documented responses: status → description. */
  readonly responses: Readonly<Record<string, string>>;
  /** JSON Schema of the 200 body, when it has a fixed shape. */
  readonly schema?: Readonly<Record<string, unknown>>;
  /** Request body, for POST. */
  readonly requestBody?: { readonly types: readonly string[]; readonly description: string };
  readonly handle: (call: ApiCall) => ApiAnswer | Promise<ApiAnswer>;
}

const NO_QUERY: QuerySchema = z.strictObject({});

/** `GET /version`: the content hash served (also the ETag) and the package version. */
const versionRoute: ApiRoute = {
  method: 'GET',
  path: '/version',
  summary: 'Content hash of the loaded registry files (the ETag of every answer) and the package version',
  query: NO_QUERY,
  cacheable: true,
  responses: { 200: 'the version' },
  schema: { type: 'object', required: ['registry', 'package'], properties: { registry: { type: 'string', description: 'SHA-256 of the loaded registry files' }, package: { type: 'string' } } },
  handle: ({ served, packageVersion }) => ({ body: { registry: served.version, package: packageVersion } }),
};

/** `GET /health`: the health report; 503 when unhealthy. */
const healthRoute: ApiRoute = {
  method: 'GET',
  path: '/health',
  summary: 'Health of the registry: core, each workspace, conflicts, counters (HTTP 503 when unhealthy)',
  query: NO_QUERY,
  cacheable: false,
  responses: { 200: 'healthy or degraded', 503: 'unhealthy' },
  handle: ({ served }) => {
    const report = new RegistryHealthMonitor(served.registry).checkRegistryHealth();
    return { status: report.status === 'unhealthy' ? 503 : 200, body: report };
  },
};

/** `GET /events`: Server-Sent Events. */
const eventsRoute: ApiRoute = {
  method: 'GET',
  path: '/events',
  summary: 'Server-Sent Events: `ready` on connect, then `reload` and `error` from the file watcher, each with the new snapshot version',
  query: NO_QUERY,
  cacheable: false,
  stream: true,
  responses: { 200: 'text/event-stream' },
  handle: () => ({ body: null }),
};

/** `GET /openapi.json`. */
const openApiRoute: ApiRoute = {
  method: 'GET',
  path: '/openapi.json',
  summary: 'This API as an OpenAPI 3.1 document',
  query: NO_QUERY,
  cacheable: true,
  responses: { 200: 'the OpenAPI document' },
  handle: ({ packageVersion }) => ({ body: buildOpenApiDocument(API_ROUTES, packageVersion) }),
};

/** Every endpoint of `/api/v1`. */
export const API_ROUTES: readonly ApiRoute[] = [versionRoute, healthRoute, eventsRoute, openApiRoute];
