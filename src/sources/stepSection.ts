import type { DiagnosticInput } from '../model/diagnostics.js';
import { makeFinding, type Finding } from '../model/finding.js';
import type { RegistryType, StepDefinition } from '../model/stepDefinition.js';
import { checkStepDefinition, type PositionLookup } from '../model/stepDefinitionValidation.js';
import { describeShape, isMapping, mappingEntries } from './parsedDocument.js';

/** A section of step definitions read from a file. */
export interface StepSection {
  /** Definitions by name, in file order (the valid ones). */
  readonly definitions: Map<string, StepDefinition>;
  readonly warnings: DiagnosticInput[];
  /** Every problem of every step of the section; the caller refuses the file when there is any. */
  readonly errors: Finding[];
}

/** Where a step section sits and what its definitions become. */
export interface StepSectionContext {
  readonly file: string;
  /** Path of the section in the file (`[]` for a top-level core mapping). */
  readonly path: readonly string[];
  /** Label used in messages, e.g. `LOCAL_STEPS`. */
  readonly label: string;
  readonly registryType: RegistryType;
  readonly workspaceId: string | null;
  readonly locate: PositionLookup;
}

/**
 * Validate a mapping of step name → fields, collecting every problem of every
 * step (the caller refuses a file with any error, so a broken file never
 * half-loads); convention findings come back as warnings.
 */
export function readStepSection(value: unknown, ctx: StepSectionContext): StepSection {
  const definitions = new Map<string, StepDefinition>();
  const warnings: DiagnosticInput[] = [];
  const errors: Finding[] = [];
  if (value === undefined || value === null) return { definitions, warnings, errors };
  if (!isMapping(value)) {
    const pos = ctx.locate(ctx.path);
    errors.push(
      makeFinding({
        severity: 'error',
        code: 'REGISTRY_LOAD_ERROR',
        message: `${ctx.label} must be a mapping of step name → fields, got ${describeShape(value)}`,
        file: ctx.file,
        line: pos?.line,
        column: pos?.column,
        workspace_id: ctx.workspaceId,
        hint: `write ${ctx.label} as \`StepName: { config_class: …, … }\` entries`,
      }),
    );
    return { definitions, warnings, errors };
  }
  for (const [name, raw] of mappingEntries(value)) {
    const { definition, warnings: found, errors: problems } = checkStepDefinition(name, raw, {
      file: ctx.file,
      registryType: ctx.registryType,
      workspaceId: ctx.workspaceId,
      path: [...ctx.path, name],
      locate: ctx.locate,
    });
    if (definition) definitions.set(name, definition);
    warnings.push(...found);
    errors.push(...problems);
  }
  return { definitions, warnings, errors };
}
