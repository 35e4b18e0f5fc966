import type { z } from 'zod';
import { closestMatch } from './closestMatch.js';
import { conventionWarnings } from './conventions.js';
import type { DiagnosticInput } from './diagnostics.js';
import { StepDefinitionInvalidError } from './errors.js';
import {
  STEP_DEFINITION_FIELDS,
  STEP_NAME_PATTERN,
  StepDefinitionFieldsSchema,
  type RegistryType,
  type StepDefinition,
} from './stepDefinition.js';

/** Finds the 1-based line/column of a path inside a parsed file, where the format has lines. */
export type PositionLookup = (path: readonly (string | number)[]) => { line: number; column: number } | undefined;

/** Everything the validator needs to know about where a raw definition sits. */
export interface DefinitionContext {
  readonly file: string;
  readonly registryType: RegistryType;
  readonly workspaceId: string | null;
  /** Path of the step's mapping inside the file, e.g. `['LOCAL_STEPS', 'MyStep']`. */
  readonly path: readonly (string | number)[];
  readonly locate: PositionLookup;
}

/** A validated definition and the warnings it raised. */
export interface ValidatedDefinition {
  readonly definition: StepDefinition;
  readonly warnings: DiagnosticInput[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Map) return 'a mapping';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `number ${value}`;
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${String(value)}`;
}

/** Turn one zod issue into `field` and a one-line message (the only place zod issues are formatted). */
function issueToMessage(issue: z.core.$ZodIssue, raw: Record<string, unknown>): { field: string | undefined; message: string; hint: string; missing?: boolean } {
  const field = issue.path.length ? String(issue.path[0]) : undefined;
  const fieldPath = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const guess = closestMatch(key, STEP_DEFINITION_FIELDS);
      const more = issue.keys.length > 1 ? ` (also: ${issue.keys.slice(1).map((k) => `\`${k}\``).join(', ')})` : '';
      return {
        field: key,
        message: `\`${key}\`: unknown field${guess ? ` — did you mean \`${guess}\`?` : ''}${more}`,
        hint: `known fields: ${STEP_DEFINITION_FIELDS.join(', ')}`,
      };
    }
    case 'invalid_type': {
      const value = field === undefined ? undefined : raw[field];
      if (issue.path.length === 1 && value === undefined) {
        return { field, missing: true, message: `\`${fieldPath}\`: required field is missing`, hint: 'every step needs config_class, builder_step_name, spec_type, sagemaker_step_type and description' };
      }
      const actual = issue.path.length === 1 ? value : undefined;
      return {
        field,
        message: `\`${fieldPath}\`: expected ${issue.expected}${actual !== undefined ? `, got ${describe(actual)}` : ''}`,
        hint: field === 'priority' ? 'priority is an integer; lower numbers win (default 100)' : `write \`${fieldPath}\` as ${issue.expected}`,
      };
    }
    case 'too_small':
      return { field, message: `\`${fieldPath}\`: must not be empty`, hint: 'give a non-empty value (whitespace is trimmed)' };
    case 'invalid_value':
      return {
        field,
        message: `\`${fieldPath}\`: must be one of ${issue.values.map((v) => String(v)).join(', ')}, got ${describe(field === undefined ? undefined : raw[field])}`,
        hint: 'use one of the listed values',
      };
    default:
      return { field, message: `\`${fieldPath}\`: ${issue.message}`, hint: 'see the schema in schema/workspace-registry.schema.json' };
  }
}

/** Convert a parsed mapping (Map from YAML, or a plain object from code/JSON) to a null-prototype record. */
function toRecord(raw: unknown): Record<string, unknown> | undefined {
  if (raw instanceof Map) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of raw) out[String(k)] = v;
    return out;
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    // Parsed data is a plain object already: use it as is (own keys only are read).
    const proto: unknown = Object.getPrototypeOf(raw);
    if (proto === Object.prototype || proto === null) return raw as Record<string, unknown>;
    // Anything else (class instances from code registries): copy own keys, never inherited ones.
    const out: Record<string, unknown> = Object.create(null);
    for (const k of Object.keys(raw)) out[k] = (raw as Record<string, unknown>)[k];
    return out;
  }
  return undefined;
}

/**
 * Validate one raw step definition against the schema and build the frozen
 * {@link StepDefinition}. Throws {@link StepDefinitionInvalidError} naming the
 * file, line, step and field; returns convention findings as warnings.
 */
export function validateStepDefinition(name: string, raw: unknown, ctx: DefinitionContext): ValidatedDefinition {
  const stepPos = ctx.locate(ctx.path);
  const at = (field?: string) => (field ? (ctx.locate([...ctx.path, field]) ?? stepPos) : stepPos);
  const fail = (message: string, field: string | undefined, hint: string, atStep = false): never => {
    // A missing field has no place of its own: point at the step.
    const pos = atStep ? stepPos : at(field);
    throw new StepDefinitionInvalidError(`step '${name}': ${message}`, {
      file: ctx.file,
      line: pos?.line,
      column: pos?.column,
      step: name,
      field,
      workspaceId: ctx.workspaceId ?? undefined,
      hint,
    });
  };

  if (!STEP_NAME_PATTERN.test(name)) {
    fail(`invalid step name ${JSON.stringify(name)}`, undefined, 'step names match ^[A-Za-z][A-Za-z0-9_]*$ (PascalCase by convention)');
  }
  const record = toRecord(raw);
  if (!record) {
    fail(`expected a mapping of fields, got ${describe(raw)}`, undefined, 'write the step as a mapping: config_class, builder_step_name, spec_type, sagemaker_step_type, description');
  }
  const parsed = StepDefinitionFieldsSchema.safeParse(record);
  if (!parsed.success) {
    // An unknown field is usually a typo of a missing one: report it first, it carries the better hint.
    const first = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0];
    const { field, message, hint, missing } = first ? issueToMessage(first, record as Record<string, unknown>) : { field: undefined, message: 'invalid', hint: '', missing: false };
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problem${parsed.error.issues.length > 2 ? 's' : ''})` : '';
    fail(`${message}${more}`, field, hint, missing);
  }
  const data = parsed.data!;
  if (data.registry_type !== undefined && data.registry_type !== ctx.registryType) {
    fail(
      `\`registry_type\`: the file says '${data.registry_type}' but the step is in ${ctx.registryType === 'override' ? 'STEP_OVERRIDES' : ctx.registryType === 'workspace' ? 'LOCAL_STEPS' : 'the core registry'} ('${ctx.registryType}')`,
      'registry_type',
      'remove registry_type: the loader sets it from the section the step is in',
    );
  }
  if (data.workspace_id !== undefined && data.workspace_id !== ctx.workspaceId) {
    fail(
      `\`workspace_id\`: the file says ${JSON.stringify(data.workspace_id)} but the step belongs to ${ctx.workspaceId === null ? 'core (null)' : `'${ctx.workspaceId}'`}`,
      'workspace_id',
      'remove workspace_id: the loader sets it from the workspace directory name',
    );
  }
  const definition: StepDefinition = Object.freeze({
    name,
    config_class: data.config_class,
    builder_step_name: data.builder_step_name,
    spec_type: data.spec_type,
    sagemaker_step_type: data.sagemaker_step_type,
    description: data.description,
    registry_type: ctx.registryType,
    workspace_id: ctx.workspaceId,
    priority: data.priority,
    framework: data.framework,
    environment_tags: Object.freeze([...data.environment_tags]),
    compatibility_tags: Object.freeze([...data.compatibility_tags]),
    conflict_resolution_strategy: data.conflict_resolution_strategy,
    source: Object.freeze({ file: ctx.file, line: stepPos?.line ?? null }),
  });
  return { definition, warnings: conventionWarnings(definition, (f) => at(f)?.line) };
}
