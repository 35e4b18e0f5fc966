import { closestMatches } from './closestMatch.js';
import type { DiagnosticInput } from './diagnostics.js';
import type { StepDefinition } from './stepDefinition.js';

/** SageMaker step types the registry knows (SPEC §2); others load with a warning. */
export const KNOWN_SAGEMAKER_STEP_TYPES: readonly string[] = Object.freeze([
  'Processing',
  'Training',
  'Transform',
  'CreateModel',
  'RegisterModel',
  'Base',
  'Utility',
  'Lambda',
  'Tuning',
  'CradleDataLoading',
  'RedshiftDataLoading',
  'MimsModelRegistrationProcessing',
]);

const KNOWN_TYPES = new Set(KNOWN_SAGEMAKER_STEP_TYPES);
const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Naming-convention findings for a definition. Real registries break these
 * (a custom SageMaker type, a legacy class name), so they are warnings, never errors.
 * The abstract `Base` step is exempt from the class-suffix rules.
 */
export function conventionWarnings(def: StepDefinition, line: (field: string) => number | undefined): DiagnosticInput[] {
  const out: DiagnosticInput[] = [];
  const warn = (field: string | null, message: string, hint: string, suggestions: readonly string[] = []): void => {
    out.push({
      suggestions,
      severity: 'warning',
      code: 'CONVENTION',
      message,
      hint,
      file: def.source.file,
      line: (field ? line(field) : undefined) ?? def.source.line,
      step: def.name,
      field,
      workspace_id: def.workspace_id,
    });
  };
  if (!PASCAL_CASE.test(def.name)) {
    warn(null, `step name '${def.name}' is not PascalCase`, 'step names are PascalCase, e.g. `XGBoostTraining`');
  }
  // The abstract base step (sagemaker_step_type `Base`) names the base classes
  // themselves (`BasePipelineConfig`, `StepBuilderBase`): the suffix rules are for concrete steps.
  const concrete = def.sagemaker_step_type !== 'Base';
  if (concrete && !def.config_class.endsWith('Config')) {
    warn('config_class', `config_class '${def.config_class}' does not end in 'Config'`, 'config classes are conventionally named `<Step>Config`');
  }
  if (concrete && !def.builder_step_name.endsWith('StepBuilder')) {
    warn('builder_step_name', `builder_step_name '${def.builder_step_name}' does not end in 'StepBuilder'`, 'builders are conventionally named `<Step>StepBuilder`');
  }
  if (!KNOWN_TYPES.has(def.sagemaker_step_type)) {
    const guesses = closestMatches(def.sagemaker_step_type, KNOWN_SAGEMAKER_STEP_TYPES);
    warn(
      'sagemaker_step_type',
      `sagemaker_step_type '${def.sagemaker_step_type}' is not a known SageMaker step type${guesses[0] ? ` — did you mean '${guesses[0]}'?` : ''}`,
      `known types: ${KNOWN_SAGEMAKER_STEP_TYPES.join(', ')}`,
      guesses,
    );
  }
  return out;
}
