import { z } from 'zod';

/** Where a definition was registered: the core file, a workspace's LOCAL_STEPS, or its STEP_OVERRIDES. */
export const REGISTRY_TYPES = ['core', 'workspace', 'override'] as const;
/** Registry type of a definition (SPEC §2). */
export type RegistryType = (typeof REGISTRY_TYPES)[number];

/** Strategies a definition may declare (SPEC §2). */
export const CONFLICT_RESOLUTION_STRATEGIES = [
  'workspace_priority',
  'framework_match',
  'environment_match',
  'priority_based',
] as const;
/** A conflict resolution strategy name. */
export type ConflictResolutionStrategy = (typeof CONFLICT_RESOLUTION_STRATEGIES)[number];

/** A step name: `^[A-Za-z][A-Za-z0-9_]*$` (so `__proto__` can never be one). */
export const STEP_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The five fields of the legacy `STEP_NAMES` record, in their legacy order. */
export const LEGACY_FIELDS = ['config_class', 'builder_step_name', 'spec_type', 'sagemaker_step_type', 'description'] as const;

const requiredText = z.string().trim().min(1);
const tagList = z.array(z.string().trim().min(1)).default([]);

/**
 * The schema of one step definition as written in a registry file — the single
 * source of truth for field names, types and defaults. `registry_type` and
 * `workspace_id` are set by the loader; a file may state them only if they agree.
 */
export const StepDefinitionFieldsSchema = z.strictObject({
  config_class: requiredText,
  builder_step_name: requiredText,
  spec_type: requiredText,
  sagemaker_step_type: requiredText,
  description: requiredText,
  registry_type: z.enum(REGISTRY_TYPES).optional(),
  workspace_id: z.string().trim().nullable().optional(),
  priority: z.int().default(100),
  framework: z.string().trim().min(1).nullable().default(null),
  environment_tags: tagList,
  compatibility_tags: tagList,
  conflict_resolution_strategy: z.enum(CONFLICT_RESOLUTION_STRATEGIES).default('workspace_priority'),
});

/** Step fields as a file may write them (defaults optional). */
export type StepDefinitionInput = z.input<typeof StepDefinitionFieldsSchema>;

/** Every field name a step definition accepts in a file. */
export const STEP_DEFINITION_FIELDS: readonly string[] = Object.keys(StepDefinitionFieldsSchema.shape);

/** Where a loaded definition came from. Not part of the legacy format. */
export interface DefinitionSource {
  /** Absolute path of the registry file. */
  readonly file: string;
  /** 1-based line of the step's key, where the format has lines. */
  readonly line: number | null;
}

/**
 * A loaded, validated step definition: the schema's output plus the name,
 * the loader-set registry metadata, and provenance. Frozen.
 */
export interface StepDefinition {
  readonly name: string;
  readonly config_class: string;
  readonly builder_step_name: string;
  readonly spec_type: string;
  readonly sagemaker_step_type: string;
  readonly description: string;
  readonly registry_type: RegistryType;
  readonly workspace_id: string | null;
  readonly priority: number;
  readonly framework: string | null;
  readonly environment_tags: readonly string[];
  readonly compatibility_tags: readonly string[];
  readonly conflict_resolution_strategy: ConflictResolutionStrategy;
  readonly source: DefinitionSource;
}

/** One row of the legacy `STEP_NAMES` dictionary. */
export interface LegacyStepRecord {
  readonly config_class: string;
  readonly builder_step_name: string;
  readonly spec_type: string;
  readonly sagemaker_step_type: string;
  readonly description: string;
}

/** The legacy `STEP_NAMES` record of a definition (frozen). */
export function toLegacyRecord(def: StepDefinition): LegacyStepRecord {
  return Object.freeze({
    config_class: def.config_class,
    builder_step_name: def.builder_step_name,
    spec_type: def.spec_type,
    sagemaker_step_type: def.sagemaker_step_type,
    description: def.description,
  });
}

/** A definition as plain data for JSON output (provenance included, keys in a stable order). */
export function definitionToJSON(def: StepDefinition): Record<string, unknown> {
  return {
    name: def.name,
    config_class: def.config_class,
    builder_step_name: def.builder_step_name,
    spec_type: def.spec_type,
    sagemaker_step_type: def.sagemaker_step_type,
    description: def.description,
    registry_type: def.registry_type,
    workspace_id: def.workspace_id,
    priority: def.priority,
    framework: def.framework,
    environment_tags: [...def.environment_tags],
    compatibility_tags: [...def.compatibility_tags],
    conflict_resolution_strategy: def.conflict_resolution_strategy,
    source: { file: def.source.file, line: def.source.line },
  };
}
