import { z } from 'zod';
import { RegistryError } from '../model/errors.js';
import { exportViewText } from '../query/exportQuery.js';
import { registryHealthRecord } from '../query/healthQuery.js';
import { buildPipelineRecord } from '../query/pipelineQuery.js';
import { resolveStepRecord } from '../query/resolutionQuery.js';
import { getStepRecord, listConflictRecords, listStepRecords } from '../query/stepQueries.js';
import { getWorkspaceRecord, listWorkspaceRecords } from '../query/workspaceQueries.js';
import { HttpProblem } from './httpErrors.js';
import { buildOpenApiDocument } from './openApiDocument.js';
import type { ApiRoute } from './apiRoute.js';
import type { QuerySchema, QueryValues } from './queryParameters.js';

export type { ApiAnswer, ApiCall, ApiRoute } from './apiRoute.js';

const NO_QUERY: QuerySchema = z.strictObject({});
/** `?workspace=ID`: the view of that workspace; absent or empty is the core view (never the server's own context). */
const workspaceParam = z.string().max(200).optional().describe('workspace id (absent: core)');
const viewOf = (query: QueryValues): string | null => (typeof query.workspace === 'string' && query.workspace !== '' ? query.workspace : null);
const WITH_WORKSPACE: QuerySchema = z.strictObject({ workspace: workspaceParam });

/** `GET /steps`: the steps of a view. */
const stepsRoute: ApiRoute = {
  method: 'GET',
  path: '/steps',
  summary: 'The steps of a view (core when no workspace), keyed by name, sorted: legacy fields plus registry_type, workspace_id, source {file, line}',
  query: WITH_WORKSPACE,
  cacheable: true,
  responses: { 200: 'name → step', 404: 'UNKNOWN_WORKSPACE, with the closest ids' },
  schema: { type: 'object', additionalProperties: { type: 'object' } },
  handle: ({ served, query }) => ({ body: listStepRecords(served.registry, { workspaceId: viewOf(query) }) }),
};

/** `GET /steps/{name}`: one definition in a view. */
const stepRoute: ApiRoute = {
  method: 'GET',
  path: '/steps/:name',
  summary: 'One step as a view sees it: its definition, the core definition it shadows, and the other workspaces defining the name (`show-step --format json`)',
  query: WITH_WORKSPACE,
  cacheable: true,
  responses: { 200: 'the step', 404: 'UNKNOWN_STEP / UNKNOWN_WORKSPACE, with the closest names' },
  handle: ({ served, params, query }) => ({ body: getStepRecord(served.registry, params.name ?? '', viewOf(query)) }),
};

/** `GET /resolve/{name}`. */
const resolveRoute: ApiRoute = {
  method: 'GET',
  path: '/resolve/:name',
  summary: 'Resolve a name across core and every workspace (`resolve-step --format json`): selected definition, strategy, explanation, candidates, skipped workspaces',
  query: z.strictObject({
    workspace: workspaceParam.describe('the workspace asking (its own definition wins)'),
    framework: z.string().max(200).optional().describe('preferred framework'),
    environment: z.string().max(1000).optional().describe('comma-separated environment tags'),
    mode: z.enum(['automatic', 'strict']).optional().describe('strict: a tie between workspaces is 409 AMBIGUOUS_STEP'),
  }),
  cacheable: true,
  responses: { 200: 'the resolution (resolved or not)', 404: 'UNKNOWN_WORKSPACE', 409: 'AMBIGUOUS_STEP / INCOMPLETE_RESOLUTION (strict mode)' },
  handle: ({ served, params, query }) => {
    const environment = typeof query.environment === 'string' ? query.environment.split(',').map((t) => t.trim()).filter(Boolean) : undefined;
    const framework = typeof query.framework === 'string' && query.framework !== '' ? query.framework : undefined;
    return {
      body: resolveStepRecord(served.registry, params.name ?? '', {
        workspaceId: viewOf(query),
        ...(framework ? { framework } : {}),
        ...(environment?.length ? { environment } : {}),
        mode: (query.mode as 'automatic' | 'strict' | undefined) ?? 'automatic',
      }),
    };
  },
};

/** `GET /workspaces`. */
const workspacesRoute: ApiRoute = {
  method: 'GET',
  path: '/workspaces',
  summary: 'Every workspace: id, metadata, local steps, overrides, status and findings',
  query: NO_QUERY,
  cacheable: true,
  responses: { 200: 'the workspaces, by id' },
  schema: { type: 'array', items: { type: 'object' } },
  handle: ({ served }) => ({ body: listWorkspaceRecords(served.registry) }),
};

/** `GET /workspaces/{id}`. */
const workspaceRoute: ApiRoute = {
  method: 'GET',
  path: '/workspaces/:id',
  summary: 'One workspace (failed ones too, with their findings)',
  query: NO_QUERY,
  cacheable: true,
  responses: { 200: 'the workspace', 404: 'UNKNOWN_WORKSPACE, with the closest ids' },
  handle: ({ served, params }) => ({ body: getWorkspaceRecord(served.registry, params.id ?? '') }),
};

/** `GET /conflicts`. */
const conflictsRoute: ApiRoute = {
  method: 'GET',
  path: '/conflicts',
  summary: 'Every name defined by two or more workspaces → all its definitions (with workspace: the names it takes part in)',
  query: WITH_WORKSPACE,
  cacheable: true,
  responses: { 200: 'name → definitions' },
  handle: ({ served, query }) => ({ body: listConflictRecords(served.registry, viewOf(query) ?? undefined) }),
};

const EXPORT_TYPES = { json: 'application/json; charset=utf-8', yaml: 'application/yaml; charset=utf-8', python: 'text/x-python; charset=utf-8' } as const;

/** `GET /export`. */
const exportRoute: ApiRoute = {
  method: 'GET',
  path: '/export',
  summary: 'The legacy STEP_NAMES of a view as JSON, YAML or a Python module (`registry export`)',
  query: z.strictObject({ workspace: workspaceParam, format: z.enum(['json', 'yaml', 'python']).optional().describe('default json') }),
  cacheable: true,
  responses: { 200: 'the export text', 404: 'UNKNOWN_WORKSPACE' },
  handle: ({ served, query, packageVersion }) => {
    const format = (query.format as keyof typeof EXPORT_TYPES | undefined) ?? 'json';
    const text = exportViewText(served.registry, { workspaceId: viewOf(query), format, version: packageVersion, coreRegistryLabel: 'core registry' });
    return { body: text, type: EXPORT_TYPES[format] };
  },
};

/** `POST /pipelines/build`. */
const pipelineRoute: ApiRoute = {
  method: 'POST',
  path: '/pipelines/build',
  summary: 'Assemble a pipeline spec (YAML or JSON body, ≤ 1 MB): every node resolved in its own workspace; the manifest or a mermaid flowchart',
  query: z.strictObject({ format: z.enum(['json', 'mermaid']).optional().describe('default json') }),
  cacheable: false,
  requestBody: { types: ['application/yaml', 'application/json', 'text/plain'], description: 'a pipeline spec, as for `cursus pipeline build`' },
  responses: { 200: 'the manifest (json) or the flowchart (mermaid, text/plain)', 413: 'PAYLOAD_TOO_LARGE', 422: 'the spec is wrong: findings with line and column' },
  handle: ({ served, query, body }) => {
    if (body.trim() === '') throw HttpProblem.of(422, 'PIPELINE_INVALID', 'empty request body: send a pipeline spec (YAML or JSON)', { hint: 'see schema/pipeline-spec.schema.json' });
    try {
      const record = buildPipelineRecord(served.registry, { text: body, label: 'request body' }, (query.format as 'json' | 'mermaid' | undefined) ?? 'json');
      return record.format === 'mermaid' ? { body: record.mermaid, type: 'text/plain; charset=utf-8' } : { body: record.manifest };
    } catch (error) {
      // Everything wrong with a spec — syntax, schema, unknown steps or workspaces, cycles — is 422 with its findings.
      if (error instanceof RegistryError) throw HttpProblem.withStatus(422, error);
      throw error;
    }
  },
};

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
    const report = registryHealthRecord(served.registry);
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
export const API_ROUTES: readonly ApiRoute[] = [stepsRoute, stepRoute, resolveRoute, workspacesRoute, workspaceRoute, conflictsRoute, healthRoute, exportRoute, pipelineRoute, eventsRoute, openApiRoute, versionRoute];
