/**
 * cursus-registry — a hybrid, workspace-aware registry of ML-pipeline step
 * definitions. Public API: re-exports only.
 * @packageDocumentation
 */

// Model: the step-definition schema, its types, errors and diagnostics.
export {
  StepDefinitionFieldsSchema,
  STEP_FIELDS,
  STEP_FIELD_NAMES,
  STEP_DEFINITION_FIELDS,
  STEP_NAME_PATTERN,
  LEGACY_FIELDS,
  REGISTRY_TYPES,
  CONFLICT_RESOLUTION_STRATEGIES,
  createStepDefinition,
  toLegacyRecord,
  toExportRecord,
  definitionToJSON,
  type StepDefinition,
  type StepDefinitionData,
  type StepDefinitionInput,
  type StepDefinitionOutput,
  type StepFieldName,
  type StepFieldRole,
  type StepFieldSpec,
  type LegacyFieldName,
  type DefinitionPlacement,
  type LegacyStepRecord,
  type DefinitionSource,
  type RegistryType,
  type ConflictResolutionStrategy,
} from './model/stepDefinition.js';
export { copyJsonObject, METADATA_LIMITS, type JsonObject, type JsonValue, type MetadataLimits, type MetadataProblem } from './model/jsonMetadata.js';
export { WorkspaceMetadataSchema, WORKSPACE_METADATA_FIELDS, type WorkspaceMetadata } from './model/workspaceMetadata.js';
export { WorkspaceRegistryFileSchema, WORKSPACE_SECTIONS, type WorkspaceRegistryModule } from './model/workspaceRegistryFile.js';
export { workspaceRegistryJsonSchema, WORKSPACE_REGISTRY_SCHEMA_PATH } from './model/jsonSchema.js';
export { defineWorkspaceRegistry } from './model/defineWorkspaceRegistry.js';
export { KNOWN_SAGEMAKER_STEP_TYPES } from './model/conventions.js';
export { WORKSPACE_ID_PATTERN, workspaceIdProblem, assertWorkspaceId } from './model/workspaceId.js';
export {
  RegistryError,
  RegistryLoadError,
  StepDefinitionInvalidError,
  UnknownStepError,
  UnknownWorkspaceError,
  AmbiguousStepError,
  WorkspaceExistsError,
  WorkspacesRootMissingError,
  InvalidWorkspaceIdError,
  IncompleteResolutionError,
  WorkspaceLockedError,
  type WorkspaceLockHolder,
  type RegistryErrorCode,
  type RegistryErrorDetails,
} from './model/errors.js';
export { formatDiagnostic, type Diagnostic, type DiagnosticSeverity } from './model/diagnostics.js';
/** Findings: the one shape of every problem (errors' `findings` and diagnostics), and its two renderers. */
export { makeFinding, type Finding, type FindingInput, type FindingSeverity } from './model/finding.js';
export { findingMessage, findingLine } from './model/findingText.js';
export { findingToJson, failureToJson, type FindingJson } from './model/findingJson.js';

// Sources: where files are found.
export { BUNDLED_CORE_REGISTRY, readCoreRegistry, type CoreRegistry } from './sources/coreRegistryReader.js';
export { readWorkspaceRegistry, type WorkspaceRegistryContents } from './sources/workspaceRegistryReader.js';
export { readRegistryText, readRegularFileBytes, DEFAULT_MAX_FILE_BYTES, type RegularFileReadOptions } from './sources/regularFileReader.js';
export {
  discoverWorkspaces,
  listWorkspaces,
  inspectWorkspace,
  WORKSPACE_REGISTRY_EXTENSIONS,
  type DiscoveredWorkspace,
  type WorkspaceDiscovery,
  type WorkspaceEntry,
  type WorkspaceListing,
} from './sources/workspaceDiscovery.js';
export { readProjectConfig, DEFAULT_WORKSPACES_ROOT, type ProjectConfig } from './sources/projectConfig.js';
/** Settings: one resolver (option > env > cursus.config > default), every value with its origin. */
export {
  resolveLocations,
  resolveSettings,
  findProjectConfigDir,
  SETTING_NAMES,
  SETTING_SPECS,
  type RegistryLocationOptions,
  type ResolvedLocations,
  type ResolvedSetting,
  type ResolvedSettings,
  type SettingName,
  type SettingOrigin,
  type SettingValues,
  type SettingsInput,
} from './sources/settings.js';

// Engine: the manager, views and the resolver.
export { HybridRegistryManager, type HybridRegistryOptions, type WorkspaceSummary } from './engine/hybridRegistryManager.js';
export { RegistryView, type FrozenDict } from './engine/registryView.js';
export { validateRegistry, type ValidationOptions, type ValidationReport } from './engine/registryValidation.js';
export {
  resolveCandidates,
  describeCandidate,
  type ResolutionContext,
  type ResolutionMode,
  type ResolutionStrategy,
  type EffectiveResolutionContext,
  type StepResolutionResult,
  type SkippedWorkspace,
} from './engine/stepResolver.js';

// Context: the workspace a call runs in.
export {
  setWorkspaceContext,
  getWorkspaceContext,
  clearWorkspaceContext,
  withWorkspaceContext,
  getWorkspaceContextSwitchCount,
} from './context/workspaceContext.js';

// Compat: the legacy function API and live dictionaries.
export { configureRegistry, resetRegistry, getGlobalRegistryManager } from './compat/globalRegistry.js';
export {
  getStepNames,
  getBuilderStepNames,
  getConfigStepRegistry,
  getSpecStepTypes,
  getConfigClassName,
  getBuilderStepName,
  getSpecStepType,
  getSpecStepTypeWithJobType,
  getStepNameFromSpecType,
  getAllStepNames,
  validateStepName,
  validateSpecType,
  getStepDescription,
  listAllStepInfo,
  getSagemakerStepType,
  getStepsBySagemakerType,
  getAllSagemakerStepTypes,
  validateSagemakerStepType,
  getSagemakerStepTypeMapping,
  getCanonicalNameFromFileName,
  validateFileName,
} from './compat/legacyFunctions.js';
export { STEP_NAMES, BUILDER_STEP_NAMES, CONFIG_STEP_REGISTRY, SPEC_STEP_TYPES } from './compat/liveViews.js';
export { mapFileNameToStepName, nameSimilarity, JOB_TYPE_SUFFIXES, type FileNameMapping } from './compat/fileNameMapping.js';

// Integration: base classes for configs and builders, the builder registry,
// the hyperparameter registry, and pipeline assembly (SPEC §8).
export { PipelineInvalidError } from './model/errors.js';
export { BasePipelineConfig, type BasePipelineConfigOptions } from './integration/basePipelineConfig.js';
export { StepBuilderBase, type StepBuilderOptions } from './integration/stepBuilderBase.js';
export { type WorkspaceScoped } from './integration/workspaceSelection.js';
export { StepBuilderRegistry } from './integration/stepBuilderRegistry.js';
export { LEGACY_ALIASES, extractJobType } from './integration/builderStepNames.js';
export {
  getGlobalBuilderRegistry,
  getGlobalRegistry,
  resetGlobalBuilderRegistry,
  registerGlobalBuilder,
  listGlobalStepTypes,
  registerBuilder,
} from './integration/globalBuilderRegistry.js';
export type {
  StepBuilderClass,
  AnyStepBuilderClass,
  RegisterBuilderOptions,
  BuilderRegistration,
  DiscoverBuildersOptions,
  BuilderDiscoveryReport,
  StepBuilderRegistryOptions,
} from './integration/stepBuilderTypes.js';
export { WORKSPACE_BUILDERS_DIR, listBuilderModules } from './integration/builderDiscovery.js';
export {
  HYPERPARAMETER_REGISTRY,
  getAllHyperparameterClasses,
  getHyperparameterClassByModelType,
  getModulePath,
  getAllHyperparameterInfo,
  validateHyperparameterClass,
  type HyperparameterClassInfo,
} from './integration/hyperparameterRegistry.js';
export { PipelineAssembler, NODE_NAME_PATTERN, type AddStepOptions, type PipelineAssemblerOptions } from './integration/pipelineAssembler.js';
export {
  pipelineManifestToJSON,
  type PipelineManifest,
  type PipelineManifestNode,
  type PipelineEdge,
  type PipelineNodeSource,
  type PipelineStepConfig,
} from './integration/pipelineManifest.js';
export {
  PipelineSpecSchema,
  PipelineNodeSpecSchema,
  PIPELINE_SPEC_SCHEMA_PATH,
  pipelineSpecJsonSchema,
  readPipelineSpec,
  parsePipelineSpec,
  buildPipelineSpec,
  buildPipelineFromFile,
  type PipelineSpec,
  type PipelineSpecNode,
  type PipelineSpecInput,
  type BuildPipelineSpecOptions,
} from './integration/pipelineSpec.js';
export { pipelineToMermaid } from './integration/mermaid.js';

// Operations: feature flags, health, watching.
export { resolveFeatureFlags, DEFAULT_FEATURE_FLAGS, type FeatureFlags, type RegistryFallback } from './sources/featureFlags.js';
export { RegistryHealthMonitor, type HealthReport, type HealthStatus, type WorkspaceHealth } from './ops/registryHealthMonitor.js';
export { RegistryWatcher, watchRegistry, type WatchOptions, type ReloadEvent, type WatchErrorEvent, type RegistryWatcherEvents } from './ops/registryWatcher.js';
export type { RegistryMetrics, FallbackEvent } from './engine/hybridRegistryManager.js';
export type { RefreshableRegistry, RefreshOptions, RefreshSummary } from './engine/refreshableRegistry.js';

// Query layer: the JSON-ready answers every front end (CLI, `cursus serve`, `cursus mcp`) gives.
export { listStepRecords, stepListEntry, getStepRecord, stepInView, stepRecordOf, listConflictRecords, type ListStepsQuery, type StepListEntry, type StepRecord, type StepInView } from './query/stepQueries.js';
export { resolveStepRecord, resolutionRecord, runResolution, type ResolveStepQuery, type ResolutionRecord } from './query/resolutionQuery.js';
export { listWorkspaceRecords, getWorkspaceRecord, type WorkspaceRecord } from './query/workspaceQueries.js';
export { validateRegistryRecord, type ValidateRegistryQuery, type ValidationRecord } from './query/validationQuery.js';
export { registryHealthRecord, coreFailureHealthRecord, type CoreFailureHealthRecord } from './query/healthQuery.js';
export { exportViewText, type ExportViewQuery } from './query/exportQuery.js';
export { buildPipelineRecord, assemblePipeline, pipelineRecordOf, pipelineValidationRecord, type PipelineSpecSource, type PipelineRecord, type PipelineValidationRecord } from './query/pipelineQuery.js';

// Interop: Python workspace registries, interface files, export for Python consumers.
export { parsePythonLiteral, parsePythonModule, type PythonValue, type PythonDict, type PythonModule } from './sources/pythonLiteralParser.js';
export { readPythonRegistry, type PythonRegistryDocument } from './sources/pythonRegistryReader.js';
export { importPythonRegistry, importPythonWorkspaces, type PythonImportOptions } from './interop/pythonRegistryImport.js';
export { deriveCoreRegistry, importStepInterfaces, type DerivedCoreRegistry, type StepInterfaceImportOptions } from './interop/stepInterfaceImport.js';
export { renderStepNamesExport, type ExportFormat, type ExportDescription } from './interop/registryExport.js';
export type { ImportReport, ImportedFile } from './interop/importReport.js';

// Diff: what a change to the registry does to every view (`cursus registry diff`).
export { diffRegistries, type DiffInput, type DiffOptions, type RegistryLoadFailure } from './diff/registryDiff.js';
export {
  DIFF_KINDS,
  DIFF_KIND_MEANINGS,
  parseDiffKinds,
  type DiffKind,
  type ParsedDiffKinds,
  type RegistryDiff,
  type DiffSideSummary,
  type ViewDiff,
  type StepEntry,
  type StepChange,
  type FieldChange,
  type DefinitionRef,
  type WorkspaceEntryChange,
  type ConflictChange,
  type ConflictCandidate,
  type ResolutionChange,
  type ResolutionOutcome,
  type BrokenFile,
} from './diff/diffReport.js';
export { renderDiffMarkdown, type DiffMarkdownOptions } from './diff/diffMarkdown.js';
export { loadRevisionSide, loadDirectorySide, loadWorkingTreeSide, type DiffSide, type DiffSideSettings } from './diff/diffSides.js';
