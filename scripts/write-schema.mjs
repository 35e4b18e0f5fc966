// Regenerates schema/workspace-registry.schema.json from the zod model (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { workspaceRegistryJsonSchema, WORKSPACE_REGISTRY_SCHEMA_PATH } from '../dist/index.js';

writeFileSync(new URL(`../${WORKSPACE_REGISTRY_SCHEMA_PATH}`, import.meta.url), `${JSON.stringify(workspaceRegistryJsonSchema(), null, 2)}\n`);
console.log(`wrote ${WORKSPACE_REGISTRY_SCHEMA_PATH}`);
