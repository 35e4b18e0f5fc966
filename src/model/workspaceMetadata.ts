import type { z } from 'zod';
import { acceptShape, listOf, nonEmptyText, oneOf, optional, shapeOfChecks, trimmedText } from './fieldCheck.js';
import { lazyObject, zod } from './lazySchema.js';
import { CONFLICT_RESOLUTION_STRATEGIES } from './stepDefinition.js';

const stringList = () => listOf(nonEmptyText());

/** The metadata keys and what each accepts — declared once; schema, type and fast check derive from it. */
const METADATA_CHECKS = {
  developer_id: optional(nonEmptyText()),
  version: optional(trimmedText()),
  description: optional(trimmedText()),
  dependencies: optional(stringList()),
  default_resolution_strategy: optional(oneOf(CONFLICT_RESOLUTION_STRATEGIES)),
  preferred_frameworks: optional(stringList()),
  environment_preferences: optional(stringList()),
  conflict_tolerance: optional(oneOf(['low', 'medium', 'high'])),
};

/**
 * `WORKSPACE_METADATA` of a workspace registry (SPEC §3.2). All keys optional;
 * unknown keys are kept out of the result and reported as warnings by the reader.
 * Built (and zod loaded) on first use.
 */
export const WorkspaceMetadataSchema = lazyObject(() => zod().object(shapeOfChecks(METADATA_CHECKS)));

/** Validated workspace metadata. */
export type WorkspaceMetadata = z.output<typeof WorkspaceMetadataSchema>;

/** The metadata keys a file may use. */
export const WORKSPACE_METADATA_FIELDS: readonly string[] = Object.keys(METADATA_CHECKS);

/**
 * The schema's output for metadata of known keys, without zod; `undefined`
 * when the schema would refuse it: then zod runs, to say why.
 */
export function acceptWorkspaceMetadata(known: Readonly<Record<string, unknown>>): WorkspaceMetadata | undefined {
  return acceptShape(METADATA_CHECKS, known) as WorkspaceMetadata | undefined;
}
