/**
 * The shape of one `/api/v1` endpoint (the route table is in apiRoutes.ts;
 * the OpenAPI document is made from it without importing the table's module).
 */
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
