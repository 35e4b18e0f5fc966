// Regenerates the shipped JSON Schemas from the zod models (run after `npm run build`):
// schema/workspace-registry.schema.json and schema/pipeline-spec.schema.json.
import { writeFileSync } from 'node:fs';
import { workspaceRegistryJsonSchema, WORKSPACE_REGISTRY_SCHEMA_PATH, pipelineSpecJsonSchema, PIPELINE_SPEC_SCHEMA_PATH } from '../dist/index.js';

for (const [path, schema] of [
  [WORKSPACE_REGISTRY_SCHEMA_PATH, workspaceRegistryJsonSchema()],
  [PIPELINE_SPEC_SCHEMA_PATH, pipelineSpecJsonSchema()],
]) {
  writeFileSync(new URL(`../${path}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${path}`);
}
