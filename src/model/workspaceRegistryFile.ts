import { builtObject, lazyObject, zod } from './lazySchema.js';
import { STEP_NAME_PATTERN, StepDefinitionFieldsSchema, type StepDefinitionInput } from './stepDefinition.js';
import { WorkspaceMetadataSchema, type WorkspaceMetadata } from './workspaceMetadata.js';

/** The sections a workspace registry file may have. */
export const WORKSPACE_SECTIONS = ['LOCAL_STEPS', 'STEP_OVERRIDES', 'WORKSPACE_METADATA'] as const;

/**
 * Schema of a whole workspace registry file (YAML/JSON). The shipped JSON
 * Schema is generated from this; the loader validates section by section so
 * each error can name its step and line.
 */
export const WorkspaceRegistryFileSchema = lazyObject(() => {
  const z = zod();
  return z.strictObject({
    $schema: z.string().optional(),
    LOCAL_STEPS: z.record(z.string().regex(STEP_NAME_PATTERN), builtObject(StepDefinitionFieldsSchema)).optional(),
    STEP_OVERRIDES: z.record(z.string().regex(STEP_NAME_PATTERN), builtObject(StepDefinitionFieldsSchema)).optional(),
    WORKSPACE_METADATA: builtObject(WorkspaceMetadataSchema).optional(),
  });
});

/** What a TypeScript/JavaScript workspace registry module exports. */
export interface WorkspaceRegistryModule {
  LOCAL_STEPS?: Record<string, StepDefinitionInput>;
  STEP_OVERRIDES?: Record<string, StepDefinitionInput>;
  WORKSPACE_METADATA?: Partial<WorkspaceMetadata> & Record<string, unknown>;
}
