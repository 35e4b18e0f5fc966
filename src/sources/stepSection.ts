import type { DiagnosticInput } from '../model/diagnostics.js';
import { RegistryLoadError } from '../model/errors.js';
import type { RegistryType, StepDefinition } from '../model/stepDefinition.js';
import { validateStepDefinition, type PositionLookup } from '../model/stepDefinitionValidation.js';
import { describeShape, isMapping, mappingEntries } from './parsedDocument.js';

/** A section of step definitions read from a file. */
export interface StepSection {
  /** Definitions by name, in file order. */
  readonly definitions: Map<string, StepDefinition>;
  readonly warnings: DiagnosticInput[];
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
 * Validate a mapping of step name → fields. The first invalid step throws
 * (so a broken file never half-loads); convention findings come back as warnings.
 */
export function readStepSection(value: unknown, ctx: StepSectionContext): StepSection {
  const definitions = new Map<string, StepDefinition>();
  const warnings: DiagnosticInput[] = [];
  if (value === undefined || value === null) return { definitions, warnings };
  if (!isMapping(value)) {
    const pos = ctx.locate(ctx.path);
    throw new RegistryLoadError(`${ctx.label} must be a mapping of step name → fields, got ${describeShape(value)}`, {
      file: ctx.file,
      line: pos?.line,
      column: pos?.column,
      workspaceId: ctx.workspaceId ?? undefined,
      hint: `write ${ctx.label} as \`StepName: { config_class: …, … }\` entries`,
    });
  }
  for (const [name, raw] of mappingEntries(value)) {
    const { definition, warnings: found } = validateStepDefinition(name, raw, {
      file: ctx.file,
      registryType: ctx.registryType,
      workspaceId: ctx.workspaceId,
      path: [...ctx.path, name],
      locate: ctx.locate,
    });
    definitions.set(name, definition);
    warnings.push(...found);
  }
  return { definitions, warnings };
}
