import type { z } from 'zod';
import { acceptShape, fieldCheck, listOf, nonEmptyText, nullable, oneOf, optional, REJECT, trimmedText, integer, withDefault, type FieldCheck } from './fieldCheck.js';
import { copyJsonObject, emptyJsonObject, METADATA_LIMITS, type JsonObject } from './jsonMetadata.js';
import { internList, internString } from './internedValues.js';
import { lazyObject, zod } from './lazySchema.js';

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

const requiredText = nonEmptyText;
const optionalText = () => withDefault(nullable(nonEmptyText()), null);
const tagList = () => withDefault(listOf(nonEmptyText()), []);

/** A list of non-empty names, each at most once (`job_types`). */
function uniqueNameList() {
  const list = tagList();
  return fieldCheck(
    () =>
      list
        .schema()
        .superRefine((names, ctx) => {
          const seen = new Set<string>();
          names.forEach((name, i) => {
            if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [i], message: `${JSON.stringify(name)} is listed twice` });
            seen.add(name);
          });
        })
        .meta({ uniqueItems: true }),
    (value) => {
      const names = list.accept(value);
      return names === REJECT || new Set(names as string[]).size !== (names as string[]).length ? REJECT : names;
    },
  );
}

/** `metadata`: a bounded JSON object, copied into frozen null-prototype objects. */
function metadataObject() {
  return fieldCheck(
    () => {
      const z = zod();
      // Runtime: anything (checked by copyJsonObject, iteratively); type: what a registry author writes.
      const metadataInput = z.unknown() as unknown as z.ZodType<Readonly<Record<string, unknown>>>;
      return metadataInput
        .optional()
        .transform((value, ctx): JsonObject => {
          if (value === undefined) return emptyJsonObject();
          const copied = copyJsonObject(value);
          if (copied.ok) return copied.value;
          ctx.issues.push({ code: 'custom', input: value, path: [], message: copied.problem.message });
          return z.NEVER;
        })
        .meta({ type: 'object', additionalProperties: true });
    },
    (value) => {
      if (value === undefined) return emptyJsonObject();
      const copied = copyJsonObject(value);
      return copied.ok ? copied.value : REJECT;
    },
  );
}

/** Where a field appears: `legacy` (the five `STEP_NAMES` fields, required), `loader` (set by the loader), `registry` (the rest). */
export type StepFieldRole = 'legacy' | 'loader' | 'registry';

/** One field of a step definition: its schema, its fast check, role, and what it means. */
export interface StepFieldSpec<S extends z.ZodType = z.ZodType, R extends StepFieldRole = StepFieldRole> {
  /** The zod schema (built, and zod loaded, on first read). */
  readonly schema: S;
  /** zod's output for a value the schema accepts, else {@link REJECT} — without zod (see `fieldCheck.ts`). */
  readonly accept: (value: unknown) => unknown;
  readonly role: R;
  readonly description: string;
  /** What to write instead, shown when a value is refused. */
  readonly hint?: string;
}

function field<S extends z.ZodType, R extends StepFieldRole>(check: FieldCheck<S>, role: R, description: string, hint?: string): StepFieldSpec<S, R> {
  let schema: S | undefined;
  return {
    get schema(): S {
      if (!schema) {
        const base = check.schema();
        schema = base.meta({ ...base.meta(), description }) as S;
      }
      return schema;
    },
    accept: check.accept,
    role,
    description,
    ...(hint ? { hint } : {}),
  };
}

/**
 * The fields of a step definition — declared here once. The zod schema, the
 * TypeScript types, the legacy record, construction, JSON output, exports and
 * the CLI printouts are all derived from this table (in this order).
 */
export const STEP_FIELDS = {
  config_class: field(requiredText(), 'legacy', 'Configuration class name'),
  builder_step_name: field(requiredText(), 'legacy', 'Builder class name'),
  spec_type: field(requiredText(), 'legacy', 'Specification type'),
  sagemaker_step_type: field(requiredText(), 'legacy', 'SageMaker step type'),
  description: field(requiredText(), 'legacy', 'What the step does'),
  registry_type: field(optional(oneOf(REGISTRY_TYPES)), 'loader', 'Set by the loader from the section the step is in'),
  workspace_id: field(optional(nullable(trimmedText())), 'loader', 'Set by the loader from the workspace directory'),
  priority: field(withDefault(integer(), 100), 'registry', 'Resolution priority (lower wins)', 'priority is an integer; lower numbers win (default 100)'),
  framework: field(withDefault(nullable(nonEmptyText()), null), 'registry', 'Framework used by the step'),
  environment_tags: field(tagList(), 'registry', 'Environments the step suits'),
  compatibility_tags: field(tagList(), 'registry', 'Compatibility tags for resolution'),
  conflict_resolution_strategy: field(withDefault(oneOf(CONFLICT_RESOLUTION_STRATEGIES), 'workspace_priority'), 'registry', 'How a conflict over this step is resolved'),
  job_types: field(uniqueNameList(), 'registry', 'Job types the step supports (training, calibration, …)', 'write job_types as a list of distinct names, e.g. ["training", "calibration"]'),
  framework_version: field(optionalText(), 'registry', 'Framework version for compatibility checks'),
  override_source: field(optionalText(), 'registry', 'Where an override comes from, for tracking'),
  metadata: field(metadataObject(), 'registry', 'Free JSON data about the step (never merged into other records)', `write metadata as a mapping of JSON values, at most ${METADATA_LIMITS.maxDepth} levels deep and ${METADATA_LIMITS.maxValues} values`),
};

type StepFields = typeof STEP_FIELDS;
/** Name of a step definition field. */
export type StepFieldName = keyof StepFields;
type FieldsWithRole<R extends StepFieldRole> = { [K in StepFieldName]: StepFields[K]['role'] extends R ? K : never }[StepFieldName];
/** Name of one of the five legacy `STEP_NAMES` fields. */
export type LegacyFieldName = FieldsWithRole<'legacy'>;

function shapeOf<F extends Record<string, StepFieldSpec>>(fields: F): { [K in keyof F]: F[K]['schema'] } {
  const shape = {} as { [K in keyof F]: F[K]['schema'] };
  for (const key of Object.keys(fields) as (keyof F)[]) shape[key] = (fields[key] as F[keyof F]).schema;
  return shape;
}

/**
 * The schema of one step definition as written in a registry file — the single
 * source of truth for field names, types and defaults. `registry_type` and
 * `workspace_id` are set by the loader; a file may state them only if they agree.
 */
export const StepDefinitionFieldsSchema = lazyObject(() => zod().strictObject(shapeOf(STEP_FIELDS)));

/** Step fields as a file may write them (defaults optional). */
export type StepDefinitionInput = z.input<typeof StepDefinitionFieldsSchema>;
/** Step fields after validation (defaults applied, `metadata` copied). */
export type StepDefinitionOutput = z.output<typeof StepDefinitionFieldsSchema>;

/**
 * The schema's output for a record it accepts, computed by the fields' fast
 * checks without zod; `undefined` when the schema would refuse the record
 * (then zod runs, to say why). Agrees with {@link StepDefinitionFieldsSchema}
 * on every input (fuzzed in test/perf/fastValidation.test.ts).
 */
export function acceptStepFields(record: Readonly<Record<string, unknown>>): StepDefinitionOutput | undefined {
  return acceptShape(STEP_FIELDS, record) as StepDefinitionOutput | undefined;
}

/** Every field name a step definition accepts in a file, in declaration order. */
export const STEP_FIELD_NAMES: readonly StepFieldName[] = Object.freeze(Object.keys(STEP_FIELDS) as StepFieldName[]);
/** {@link STEP_FIELD_NAMES} as plain strings (kept for callers that match arbitrary keys against it). */
export const STEP_DEFINITION_FIELDS: readonly string[] = STEP_FIELD_NAMES;

/** The five fields of the legacy `STEP_NAMES` record, in their legacy order. */
export const LEGACY_FIELDS: readonly LegacyFieldName[] = Object.freeze(STEP_FIELD_NAMES.filter((f): f is LegacyFieldName => STEP_FIELDS[f].role === 'legacy'));

/** Where a loaded definition came from. Not part of the legacy format. */
export interface DefinitionSource {
  /** Absolute path of the registry file. */
  readonly file: string;
  /** 1-based line of the step's key, where the format has lines. */
  readonly line: number | null;
}

type ReadonlyField<T> = T extends readonly (infer U)[] ? readonly U[] : T;
/** The validated fields a definition keeps (loader-set ones excluded), read-only. */
export type StepDefinitionData = { readonly [K in Exclude<StepFieldName, 'registry_type' | 'workspace_id'>]: ReadonlyField<StepDefinitionOutput[K]> };

/**
 * A loaded, validated step definition: the schema's output plus the name,
 * the loader-set registry metadata, and provenance. Frozen.
 */
export interface StepDefinition extends StepDefinitionData {
  readonly name: string;
  readonly registry_type: RegistryType;
  readonly workspace_id: string | null;
  readonly source: DefinitionSource;
}

/** One row of the legacy `STEP_NAMES` dictionary: the five legacy fields. */
export type LegacyStepRecord = { readonly [K in LegacyFieldName]: string };

/** Where the loader put a definition. */
export interface DefinitionPlacement {
  readonly registryType: RegistryType;
  readonly workspaceId: string | null;
  readonly source: DefinitionSource;
}

let definitionTemplate: Readonly<Record<string, undefined>> | undefined;

/** Build the frozen {@link StepDefinition} of validated fields (lists frozen; `metadata` is frozen by the schema). */
export function createStepDefinition(name: string, data: StepDefinitionOutput, placement: DefinitionPlacement): StepDefinition {
  // Repeated strings and tag lists are shared, and no string keeps the file's text alive.
  // A copy of one template: every definition gets the same compact shape (~0.2 kB; adding
  // the keys one by one left each in dictionary mode, ~0.9 kB; a spread copy, ~0.7 kB).
  definitionTemplate ??= Object.fromEntries(['name', ...STEP_FIELD_NAMES, 'source'].map((key) => [key, undefined]));
  const out: Record<string, unknown> = Object.assign({}, definitionTemplate);
  out.name = internString(name);
  for (const key of STEP_FIELD_NAMES) {
    const value: unknown = data[key];
    out[key] = Array.isArray(value) ? internList(value) : typeof value === 'string' ? internString(value) : value;
  }
  out.registry_type = placement.registryType;
  out.workspace_id = placement.workspaceId;
  out.source = Object.freeze({ file: placement.source.file, line: placement.source.line });
  return Object.freeze(out) as unknown as StepDefinition;
}

/** The legacy `STEP_NAMES` record of a definition (frozen). */
export function toLegacyRecord(def: StepDefinition): LegacyStepRecord {
  const record = {} as Record<LegacyFieldName, string>;
  for (const key of LEGACY_FIELDS) record[key] = def[key];
  return Object.freeze(record);
}

/** A definition as plain data for JSON output (provenance included, keys in a stable order). */
export function definitionToJSON(def: StepDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = { name: def.name };
  for (const key of STEP_FIELD_NAMES) {
    const value: unknown = def[key];
    out[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  out.source = { file: def.source.file, line: def.source.line };
  return out;
}

/** Whether a field holds its default (`[]`, `null`, `{}`, or the schema's default), so exports may leave it out. */
function isDefaultFieldValue(key: StepFieldName, value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0;
  const fallback = STEP_FIELDS[key].accept(undefined);
  return fallback !== REJECT && fallback === value;
}

/**
 * A definition as a row of an exported `STEP_NAMES`: the five legacy fields,
 * then every other stored field that is not at its default (loader-set fields
 * never). The Python project's loader reads such rows; our core reader too.
 */
export function toExportRecord(def: StepDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of STEP_FIELD_NAMES) {
    if (STEP_FIELDS[key].role === 'loader') continue;
    const value: unknown = def[key as keyof StepDefinitionData];
    if (STEP_FIELDS[key].role === 'legacy' || !isDefaultFieldValue(key, value)) out[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return out;
}
