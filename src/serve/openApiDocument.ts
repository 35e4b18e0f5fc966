import { z } from 'zod';
import type { ApiRoute } from './apiRoute.js';

/** The JSON body of every failure: `{"error": finding}` (see `model/findingJson.ts`). */
const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'severity', 'message', 'hint', 'suggestions'],
      properties: {
        code: { type: 'string' },
        severity: { type: 'string', enum: ['error', 'warning'] },
        message: { type: 'string' },
        file: { type: ['string', 'null'] },
        line: { type: ['integer', 'null'] },
        column: { type: ['integer', 'null'] },
        workspace_id: { type: ['string', 'null'] },
        step: { type: ['string', 'null'] },
        field: { type: ['string', 'null'] },
        hint: { type: ['string', 'null'] },
        suggestions: { type: 'array', items: { type: 'string' } },
      },
    },
    findings: { type: 'array', items: { type: 'object' } },
  },
} as const;

/** `/steps/:name` → `/steps/{name}` and the path parameter names. */
function openApiPath(path: string): { path: string; names: string[] } {
  const names: string[] = [];
  const converted = path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    names.push(name);
    return `{${name}}`;
  });
  return { path: converted, names };
}

/**
 * The OpenAPI 3.1 document of the API, generated from the route table: each
 * route's query schema (the zod object the server validates with) becomes its
 * parameters, so the document and the server cannot disagree.
 */
export function buildOpenApiDocument(routes: readonly ApiRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const { path, names } = openApiPath(route.path);
    const querySchema = z.toJSONSchema(route.query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Record<string, unknown>> };
    const parameters = [
      ...names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(querySchema.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, ...(typeof schema.description === 'string' ? { description: schema.description } : {}), schema })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(route.responses)) {
      const ok = status.startsWith('2');
      const type = route.stream ? 'text/event-stream' : 'application/json';
      responses[status] = { description, content: { [type]: { schema: ok ? (route.schema ?? {}) : { $ref: '#/components/schemas/Error' } } } };
    }
    if (!route.stream) responses.default = { description: 'an error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    paths[`/api/v1${path}`] = {
      ...(paths[`/api/v1${path}`] ?? {}),
      [route.method.toLowerCase()]: {
        summary: route.summary,
        operationId: `${route.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
        parameters,
        ...(route.requestBody
          ? { requestBody: { required: true, description: route.requestBody.description, content: Object.fromEntries(route.requestBody.types.map((t) => [t, { schema: { type: 'string', maxLength: 1048576 } }])) } }
          : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'cursus-registry', version, description: 'Read-only HTTP API of a hybrid step registry. Every answer carries ETag = content hash of the loaded registry files.' },
    paths,
    components: { schemas: { Error: ERROR_SCHEMA } },
  };
}
