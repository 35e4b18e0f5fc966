import type { z } from 'zod';
import { closestMatch } from './closestMatch.js';
import { conventionWarnings } from './conventions.js';
import type { DiagnosticInput } from './diagnostics.js';
import { errorOfFindings } from './errors.js';
import { makeFinding, quoteInput, type Finding } from './finding.js';
import {
  acceptStepFields,
  createStepDefinition,
  LEGACY_FIELDS,
  STEP_DEFINITION_FIELDS,
  REGISTRY_TYPES,
  STEP_FIELDS,
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

/** The hint the field declares for a refused value, if any. */
function fieldHint(field: string | undefined): string | undefined {
  return field !== undefined && Object.prototype.hasOwnProperty.call(STEP_FIELDS, field) ? STEP_FIELDS[field as keyof typeof STEP_FIELDS].hint : undefined;
}

/** What one zod issue says, in the registry's words: the field, a one-line message, a hint, suggestions. */
interface IssueReport {
  field: string | undefined;
  message: string;
  hint: string;
  /** A missing field has no place of its own: it is reported at the step. */
  missing?: boolean;
  suggestions?: string[];
}

/** Turn one zod issue into one report per problem (an issue with three unknown keys is three problems). */
function issueReports(issue: z.core.$ZodIssue, raw: Record<string, unknown>): IssueReport[] {
  const field = issue.path.length ? String(issue.path[0]) : undefined;
  const fieldPath = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const guess = closestMatch(key, STEP_DEFINITION_FIELDS.filter((f) => !(f in raw)));
        return {
          field: key,
          message: `\`${key}\`: unknown field${guess ? ` — did you mean \`${guess}\`?` : ''}`,
          hint: `known fields: ${STEP_DEFINITION_FIELDS.join(', ')}`,
          suggestions: guess ? [guess] : [],
        };
      });
    case 'invalid_type': {
      const value = field === undefined ? undefined : raw[field];
      if (issue.path.length === 1 && value === undefined) {
        return [{ field, missing: true, message: `\`${fieldPath}\`: required field is missing`, hint: `every step needs ${LEGACY_FIELDS.join(', ')}` }];
      }
      const actual = issue.path.length === 1 ? value : undefined;
      return [
        {
          field,
          message: `\`${fieldPath}\`: expected ${issue.expected}${actual !== undefined ? `, got ${describe(actual)}` : ''}`,
          hint: fieldHint(field) ?? `write \`${fieldPath}\` as ${issue.expected}`,
        },
      ];
    }
    case 'too_small':
      return [{ field, message: `\`${fieldPath}\`: must not be empty`, hint: 'give a non-empty value (whitespace is trimmed)' }];
    case 'invalid_value': {
      const got = field === undefined ? undefined : raw[field];
      const allowed = issue.values.map((v) => String(v));
      const guess = typeof got === 'string' ? closestMatch(got, allowed) : undefined;
      return [
        {
          field,
          message: `\`${fieldPath}\`: must be one of ${allowed.join(', ')}, got ${describe(got)}${guess ? ` — did you mean '${guess}'?` : ''}`,
          hint: 'use one of the listed values',
          suggestions: guess ? [guess] : [],
        },
      ];
    }
    default:
      return [{ field, message: `\`${fieldPath}\`: ${issue.message}`, hint: fieldHint(field) ?? 'see the JSON Schema of the workspace registry file' }];
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

/** The outcome of checking one raw definition: the definition when it is valid, else every problem found. */
export interface CheckedDefinition {
  readonly definition: StepDefinition | null;
  /** Every error found in the definition, in field order (empty when valid). */
  readonly errors: Finding[];
  readonly warnings: DiagnosticInput[];
}

/**
 * Check one raw step definition against the schema and report **every**
 * problem it has (unknown fields with suggestions, missing fields, wrong
 * types, …) as findings naming file, line, step and field. Returns the frozen
 * {@link StepDefinition} only when there is no error.
 */
export function checkStepDefinition(name: string, raw: unknown, ctx: DefinitionContext): CheckedDefinition {
  const stepPos = ctx.locate(ctx.path);
  const at = (field?: string) => (field ? (ctx.locate([...ctx.path, field]) ?? stepPos) : stepPos);
  const errors: Finding[] = [];
  const problem = (message: string, field: string | undefined, hint: string, options: { atStep?: boolean; suggestions?: readonly string[] } = {}): void => {
    const pos = options.atStep ? stepPos : at(field);
    errors.push(
      makeFinding({
        severity: 'error',
        code: 'STEP_DEFINITION_INVALID',
        message: `step '${name}': ${message}`,
        file: ctx.file,
        line: pos?.line,
        column: pos?.column,
        step: name,
        field,
        workspace_id: ctx.workspaceId,
        hint,
        suggestions: options.suggestions,
      }),
    );
  };
  const invalid = (): CheckedDefinition => ({ definition: null, errors, warnings: [] });

  if (!STEP_NAME_PATTERN.test(name)) {
    problem(`invalid step name ${quoteInput(name)}`, undefined, 'step names match ^[A-Za-z][A-Za-z0-9_]*$ (PascalCase by convention)');
  }
  const record = toRecord(raw);
  if (!record) {
    problem(`expected a mapping of fields, got ${describe(raw)}`, undefined, `write the step as a mapping: ${LEGACY_FIELDS.join(', ')}`);
    return invalid();
  }
  if ('<<' in record) {
    // The other fields come from the anchor: reporting them as missing would be wrong.
    problem('`<<`: YAML merge keys are not supported', '<<', 'write the fields out in full (or copy them from the anchored step)');
    return invalid();
  }
  // Valid input (the common case) is accepted without zod; zod explains the rest.
  const accepted = acceptStepFields(record);
  const parsed = accepted ? ({ success: true, data: accepted } as const) : StepDefinitionFieldsSchema.safeParse(record);
  if (!parsed.success) {
    // Unknown fields first: a typo of a missing field carries the better hint.
    const issues = [...parsed.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
    for (const issue of issues) {
      for (const r of issueReports(issue, record)) problem(r.message, r.field, r.hint, { atStep: r.missing ?? false, suggestions: r.suggestions ?? [] });
    }
  }
  const data = parsed.data;
  const registryType = data?.registry_type ?? record.registry_type;
  if (typeof registryType === 'string' && (REGISTRY_TYPES as readonly string[]).includes(registryType) && registryType !== ctx.registryType) {
    problem(
      `\`registry_type\`: the file says '${registryType}' but the step is in ${ctx.registryType === 'override' ? 'STEP_OVERRIDES' : ctx.registryType === 'workspace' ? 'LOCAL_STEPS' : 'the core registry'} ('${ctx.registryType}')`,
      'registry_type',
      'remove registry_type: the loader sets it from the section the step is in',
    );
  }
  if (data && data.workspace_id !== undefined && data.workspace_id !== ctx.workspaceId) {
    problem(
      `\`workspace_id\`: the file says ${JSON.stringify(data.workspace_id)} but the step belongs to ${ctx.workspaceId === null ? 'core (null)' : `'${ctx.workspaceId}'`}`,
      'workspace_id',
      'remove workspace_id: the loader sets it from the workspace directory name',
    );
  }
  if (errors.length > 0 || !data) return invalid();
  const definition = createStepDefinition(name, data, { registryType: ctx.registryType, workspaceId: ctx.workspaceId, source: { file: ctx.file, line: stepPos?.line ?? null } });
  return { definition, errors, warnings: conventionWarnings(definition, (f) => at(f)?.line) };
}

/**
 * Validate one raw step definition and build the frozen {@link StepDefinition}.
 * Throws a {@link StepDefinitionInvalidError} carrying every problem as
 * `error.findings`; returns convention findings as warnings.
 */
export function validateStepDefinition(name: string, raw: unknown, ctx: DefinitionContext): ValidatedDefinition {
  const checked = checkStepDefinition(name, raw, ctx);
  if (!checked.definition) throw errorOfFindings(checked.errors);
  return { definition: checked.definition, warnings: checked.warnings };
}
