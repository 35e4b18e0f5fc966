import { builtObject, zod } from './lazySchema.js';
import { WorkspaceRegistryFileSchema } from './workspaceRegistryFile.js';

/** Where the shipped schema lives, relative to the package root. */
export const WORKSPACE_REGISTRY_SCHEMA_PATH = 'schema/workspace-registry.schema.json';

/**
 * The JSON Schema of a workspace registry file, generated from the zod model
 * (the single source of truth) — what `schema/workspace-registry.schema.json` holds.
 */
export function workspaceRegistryJsonSchema(): Record<string, unknown> {
  const schema = zod().toJSONSchema(builtObject(WorkspaceRegistryFileSchema), { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://cursus-registry.dev/schema/workspace-registry.schema.json',
    title: 'cursus workspace registry',
    description: 'LOCAL_STEPS, STEP_OVERRIDES and WORKSPACE_METADATA of one developer workspace (src/cursus_dev/registry/workspace_registry.yaml).',
  };
}
