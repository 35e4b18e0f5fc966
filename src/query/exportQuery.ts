/**
 * Export query: the `STEP_NAMES` of a view as JSON, YAML or a Python module
 * (`registry export`), for Python consumers.
 */
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { renderStepNamesExport, type ExportFormat } from '../interop/registryExport.js';
import { toExportRecord, type StepDefinition } from '../model/stepDefinition.js';
import { selectedWorkspace, type WorkspaceSelector } from '../model/workspaceSelector.js';

/** Options of {@link exportViewText}. */
export interface ExportViewQuery extends WorkspaceSelector {
  /** The view: a workspace id, `null` for core, `undefined` to follow the current context. */
  readonly workspaceId?: string | null;
  readonly format: ExportFormat;
  /** The core registry file as the reader should see it in the header (default: its absolute path). */
  readonly coreRegistryLabel?: string;
  /** Package version for the header. */
  readonly version: string;
}

/**
 * The export text of a view (step order is the view's).
 *
 * @throws UnknownWorkspaceError for an unknown workspace; a failed workspace's load error (never a silent core export).
 */
export function exportViewText(registry: HybridRegistryManager, query: ExportViewQuery): string {
  const view = registry.getView(selectedWorkspace(query));
  const rows = new Map(view.stepNames.map((name) => [name, toExportRecord(view.definitions.get(name) as StepDefinition)]));
  return renderStepNamesExport(rows, query.format, { workspaceId: view.workspaceId, coreRegistry: query.coreRegistryLabel ?? registry.locations.coreRegistry, version: query.version });
}
