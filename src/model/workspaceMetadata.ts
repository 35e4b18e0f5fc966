import { z } from 'zod';
import { CONFLICT_RESOLUTION_STRATEGIES } from './stepDefinition.js';

const stringList = z.array(z.string().trim().min(1));

/**
 * `WORKSPACE_METADATA` of a workspace registry (SPEC §3.2). All keys optional;
 * unknown keys are kept out of the result and reported as warnings by the reader.
 */
export const WorkspaceMetadataSchema = z.object({
  developer_id: z.string().trim().min(1).optional(),
  version: z.string().trim().optional(),
  description: z.string().trim().optional(),
  dependencies: stringList.optional(),
  default_resolution_strategy: z.enum(CONFLICT_RESOLUTION_STRATEGIES).optional(),
  preferred_frameworks: stringList.optional(),
  environment_preferences: stringList.optional(),
  conflict_tolerance: z.enum(['low', 'medium', 'high']).optional(),
});

/** Validated workspace metadata. */
export type WorkspaceMetadata = z.output<typeof WorkspaceMetadataSchema>;

/** The metadata keys a file may use. */
export const WORKSPACE_METADATA_FIELDS: readonly string[] = Object.keys(WorkspaceMetadataSchema.shape);
