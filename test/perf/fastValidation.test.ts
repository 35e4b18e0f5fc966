/**
 * Fast validation (issue 13, "Validation"): every field declares one check
 * (src/model/fieldCheck.ts) that gives both the zod schema and a plain
 * `accept` function. Valid input is accepted without zod, so both must agree
 * on every input: `accept` returns exactly zod's output when zod accepts, and
 * REJECT when zod refuses. Fuzzed per field and per whole record, for step
 * fields, workspace metadata and the project config.
 */
import { isDeepStrictEqual, inspect } from 'node:util';
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { REJECT } from '../../src/model/fieldCheck.js';
import { builtObject } from '../../src/model/lazySchema.js';
import { acceptStepFields, CONFLICT_RESOLUTION_STRATEGIES, REGISTRY_TYPES, STEP_FIELD_NAMES, STEP_FIELDS, StepDefinitionFieldsSchema } from '../../src/model/stepDefinition.js';
import { acceptWorkspaceMetadata, WORKSPACE_METADATA_FIELDS, WorkspaceMetadataSchema } from '../../src/model/workspaceMetadata.js';
import { acceptProjectConfig, ProjectConfigSchema } from '../../src/sources/projectConfig.js';

/** Strings that sit on the edges of the checks: blank, padded, enum values, near-enum values. */
const edgeString = fc.oneof(
  fc.constantFrom('', ' ', '\t\n', ' x ', 'x', 'production', ' development', ...REGISTRY_TYPES, ...CONFLICT_RESOLUTION_STRATEGIES, 'core ', 'low', 'high', 'medium', 'strict', 'core_only', '\u00a0', '\ufeffa'),
  fc.string({ maxLength: 6 }),
);
/** Values of every JSON/YAML/JS kind a registry can hold, biased towards the checks' edges. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    edgeString,
    fc.constantFrom(null, undefined, true, false, 0, -0, 1, 100, -5, 1.5, Number.NaN, Infinity, 2 ** 53, -(2 ** 53) + 1, 1e21),
    fc.integer(),
    fc.double(),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.array(edgeString, { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', '__proto__', 'constructor', ''), tie('v'), { maxKeys: 3 }),
    fc.anything({ maxDepth: 2 }),
  ),
})).v;

function record(keys: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.constantFrom('framwork', 'extra', 'toString')), value, { maxKeys: keys.length + 1 });
}

/** A complete, mostly valid step: the five legacy fields as strings, the rest drawn from `value`. */
const step = fc
  .record({
    config_class: edgeString,
    builder_step_name: edgeString,
    spec_type: edgeString,
    sagemaker_step_type: edgeString,
    description: edgeString,
  })
  .chain((legacy) => record(STEP_FIELD_NAMES).map((rest) => ({ ...legacy, ...rest })));

/** Deep equality with prototypes (vitest's own trips over an own key named `constructor` in null-prototype data). */
function same(a: unknown, b: unknown): void {
  expect(isDeepStrictEqual(a, b), `${inspect(a)} ≠ ${inspect(b)}`).toBe(true);
}

function agree(accepted: unknown, parsed: { success: boolean; data?: unknown }): void {
  if (parsed.success) same(accepted, parsed.data);
  else expect(accepted).toBe(REJECT);
}

type AnySchema = { safeParse(value: unknown): { success: boolean; data?: unknown } };

describe('fast checks agree with zod', () => {
  test.prop([fc.constantFrom(...STEP_FIELD_NAMES), value], { numRuns: 3000 })('on every step field and value', (key, v) => {
    agree(STEP_FIELDS[key].accept(v), (STEP_FIELDS[key].schema as unknown as AnySchema).safeParse(v));
  });

  test.prop([fc.oneof(step, record(STEP_FIELD_NAMES))], { numRuns: 1500 })('on whole step records', (raw) => {
    const parsed = builtObject(StepDefinitionFieldsSchema).safeParse(raw);
    const accepted = acceptStepFields(raw);
    // A key holding `undefined` is left to zod; otherwise both decide alike.
    if (Object.values(raw).includes(undefined)) {
      if (accepted) expect(parsed.success).toBe(true);
      return;
    }
    expect(accepted !== undefined).toBe(parsed.success);
    if (accepted && parsed.success) for (const key of STEP_FIELD_NAMES) same(accepted[key], parsed.data[key]);
  });

  test.prop([record(WORKSPACE_METADATA_FIELDS).map((r) => Object.fromEntries(Object.entries(r).filter(([k, v]) => WORKSPACE_METADATA_FIELDS.includes(k) && v !== undefined)))], { numRuns: 1500 })(
    'on workspace metadata',
    (known) => {
      const parsed = WorkspaceMetadataSchema.safeParse(known);
      const accepted = acceptWorkspaceMetadata(known);
      expect(accepted !== undefined).toBe(parsed.success);
      if (parsed.success) same(accepted, parsed.data);
    },
  );

  test.prop([record(['$schema', 'coreRegistry', 'workspacesRoot', 'hybridRegistry', 'workspaceContext', 'registryFallback', 'allowCodeRegistries', 'maxFileBytes', 'maxAliasCount'])], { numRuns: 1500 })(
    'on the project config',
    (raw) => {
      const parsed = ProjectConfigSchema.safeParse(raw);
      const accepted = acceptProjectConfig(raw);
      if (Object.values(raw).includes(undefined)) {
        if (accepted) expect(parsed.success).toBe(true);
        return;
      }
      expect(accepted !== undefined).toBe(parsed.success);
      if (parsed.success) same(accepted, parsed.data);
    },
  );

  test.prop([step])('the accepted step is what zod gives, key for key, defaults included', (raw) => {
    const accepted = acceptStepFields(raw);
    if (!accepted) return;
    const parsed = StepDefinitionFieldsSchema.safeParse(raw);
    expect(parsed.success).toBe(true);
    expect(Object.keys(accepted)).toEqual(Object.keys(parsed.data ?? {}).filter((k) => parsed.data?.[k as keyof typeof parsed.data] !== undefined));
  });
});
