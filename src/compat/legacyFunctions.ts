/**
 * The legacy function API of `step_names.py`, camelCased. Every function
 * answers for the current workspace context (SPEC §4.4) and reads views that
 * were built at load: no call rebuilds a dictionary.
 */
import type { RegistryView, FrozenDict } from '../engine/registryView.js';
import { KNOWN_SAGEMAKER_STEP_TYPES } from '../model/conventions.js';
import { closestMatches } from '../model/closestMatch.js';
import { UnknownStepError } from '../model/errors.js';
import type { LegacyStepRecord, StepDefinition } from '../model/stepDefinition.js';
import { capitalize, mapFileNameToStepName, unmappableFileNameError } from './fileNameMapping.js';
import { getGlobalRegistryManager } from './globalRegistry.js';

/** The view of the current context. */
function currentView(): RegistryView {
  return getGlobalRegistryManager().getView();
}

function definitionOf(stepName: string): StepDefinition {
  const view = currentView();
  const def = view.definitions.get(stepName);
  if (def) return def;
  throw new UnknownStepError(stepName, closestMatches(stepName, view.definitions.keys()), { workspaceId: view.workspaceId ?? undefined });
}

/** `STEP_NAMES` of the current context: step name → legacy record. Frozen. */
export function getStepNames(): FrozenDict<LegacyStepRecord> {
  return currentView().legacyStepNames;
}

/** `BUILDER_STEP_NAMES`: step name → builder class name. */
export function getBuilderStepNames(): FrozenDict<string> {
  return currentView().builderStepNames;
}

/** `CONFIG_STEP_REGISTRY`: config class name → step name. */
export function getConfigStepRegistry(): FrozenDict<string> {
  return currentView().configStepRegistry;
}

/** `SPEC_STEP_TYPES`: step name → spec type. */
export function getSpecStepTypes(): FrozenDict<string> {
  return currentView().specStepTypes;
}

/**
 * Config class of a step.
 * @example getConfigClassName('XGBoostTraining') // 'XGBoostTrainingConfig'
 * @throws UnknownStepError `Unknown step name: X …` with the closest names.
 */
export function getConfigClassName(stepName: string): string {
  return definitionOf(stepName).config_class;
}

/** Builder class of a step, e.g. `XGBoostTrainingStepBuilder`. */
export function getBuilderStepName(stepName: string): string {
  return definitionOf(stepName).builder_step_name;
}

/** Spec type of a step. */
export function getSpecStepType(stepName: string): string {
  return definitionOf(stepName).spec_type;
}

/**
 * Spec type with a job-type suffix, capitalized like Python's `str.capitalize`.
 * @example getSpecStepTypeWithJobType('XGBoostTraining', 'training') // 'XGBoostTraining_Training'
 */
export function getSpecStepTypeWithJobType(stepName: string, jobType?: string | null): string {
  const base = getSpecStepType(stepName);
  return jobType ? `${base}_${capitalize(jobType)}` : base;
}

/**
 * Step name of a spec type, with a `_JobType` suffix stripped.
 * Returns the input unchanged when no step has that spec type (as the Python API does).
 * @example getStepNameFromSpecType('XGBoostTraining_Training') // 'XGBoostTraining'
 */
export function getStepNameFromSpecType(specType: string): string {
  const reverse = currentView().specTypeToStepName;
  const exact = reverse.get(specType);
  if (exact !== undefined) return exact;
  const base = specType.includes('_') ? specType.slice(0, specType.indexOf('_')) : specType;
  return reverse.get(base) ?? specType;
}

/** Every step name of the current view, in legacy order. */
export function getAllStepNames(): string[] {
  return [...currentView().stepNames];
}

/** Whether a step name exists in the current view. */
export function validateStepName(stepName: string): boolean {
  return currentView().definitions.has(stepName);
}

/** Whether a spec type (optionally with a `_JobType` suffix) exists in the current view. */
export function validateSpecType(specType: string): boolean {
  const reverse = currentView().specTypeToStepName;
  if (reverse.has(specType)) return true;
  return specType.includes('_') && reverse.has(specType.slice(0, specType.indexOf('_')));
}

/** Description of a step. */
export function getStepDescription(stepName: string): string {
  return definitionOf(stepName).description;
}

/** Complete legacy information of every step (same object as {@link getStepNames}). */
export function listAllStepInfo(): FrozenDict<LegacyStepRecord> {
  return currentView().legacyStepNames;
}

/** SageMaker step type of a step, e.g. `Training`. */
export function getSagemakerStepType(stepName: string): string {
  return definitionOf(stepName).sagemaker_step_type;
}

/** Step names of one SageMaker step type, in legacy order. */
export function getStepsBySagemakerType(sagemakerType: string): string[] {
  return [...(currentView().sagemakerTypeMapping[sagemakerType] ?? [])];
}

/** Every SageMaker step type used in the current view, sorted. */
export function getAllSagemakerStepTypes(): string[] {
  return Object.keys(currentView().sagemakerTypeMapping).sort();
}

/**
 * Whether a SageMaker step type is valid: one of the known types of SPEC §2,
 * or a type the current view uses (real registries have types the plan's seven lacked).
 */
export function validateSagemakerStepType(sagemakerType: string): boolean {
  return KNOWN_SAGEMAKER_STEP_TYPES.includes(sagemakerType) || sagemakerType in currentView().sagemakerTypeMapping;
}

/** SageMaker step type → step names, for the current view. */
export function getSagemakerStepTypeMapping(): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null);
  for (const [type, names] of Object.entries(currentView().sagemakerTypeMapping)) out[type] = [...names];
  return out;
}

/**
 * Step name of a snake_case file name, by the plan's five strategies.
 * @example getCanonicalNameFromFileName('xgboost_training') // 'XGBoostTraining'
 * @throws UnknownStepError when no strategy finds a step.
 */
export function getCanonicalNameFromFileName(fileName: string): string {
  const view = currentView();
  const mapping = mapFileNameToStepName(fileName, view.stepNames, (n) => view.definitions.has(n));
  if (mapping.stepName !== null) return mapping.stepName;
  throw unmappableFileNameError(fileName, view.stepNames, mapping.tried, view.workspaceId);
}

/** Whether a file name maps to a step of the current view. */
export function validateFileName(fileName: string): boolean {
  const view = currentView();
  return mapFileNameToStepName(fileName, view.stepNames, (n) => view.definitions.has(n)).stepName !== null;
}
