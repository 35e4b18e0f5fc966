/**
 * Workspace queries: every discovered workspace (loaded or failed) with its
 * metadata, local steps, overrides, status and findings, as JSON-ready records.
 */
import type { HybridRegistryManager, WorkspaceSummary } from '../engine/hybridRegistryManager.js';
import { findingToJson, type FindingJson } from '../model/findingJson.js';
import type { WorkspaceMetadata } from '../model/workspaceMetadata.js';

/** One workspace as front ends show it. */
export interface WorkspaceRecord {
  readonly id: string;
  readonly dir: string;
  readonly registry_file: string | null;
  /** `stale`: a newer edit failed and the last good version is served. */
  readonly status: 'loaded' | 'failed' | 'stale';
  /** The load error (one line) when failed, or the failed edit's when stale. */
  readonly error: string | null;
  /** `WORKSPACE_METADATA` (null when the workspace failed to load). */
  readonly metadata: WorkspaceMetadata | null;
  readonly local_steps: readonly string[];
  readonly step_overrides: readonly string[];
  /** Every error and warning recorded for this workspace. */
  readonly findings: readonly FindingJson[];
}

function record(registry: HybridRegistryManager, ws: WorkspaceSummary): WorkspaceRecord {
  return {
    id: ws.id,
    dir: ws.dir,
    registry_file: ws.registry_file,
    status: ws.status === 'failed' ? 'failed' : ws.stale ? 'stale' : 'loaded',
    error: ws.error ?? ws.stale,
    metadata: ws.status === 'loaded' ? { ...registry.getWorkspaceMetadata(ws.id) } : null,
    local_steps: [...ws.local_steps],
    step_overrides: [...ws.step_overrides],
    findings: registry
      .getDiagnostics()
      .filter((d) => d.workspace_id === ws.id)
      .map(findingToJson),
  };
}

/** Every discovered workspace, in id order (loads every workspace of a lazy manager). */
export function listWorkspaceRecords(registry: HybridRegistryManager): WorkspaceRecord[] {
  return registry.getWorkspaces().map((ws) => record(registry, ws));
}

/**
 * One workspace, failed ones included (status `failed` and their findings).
 *
 * @throws UnknownWorkspaceError (with the known ids and the closest one) for an id that is not a discovered workspace.
 */
export function getWorkspaceRecord(registry: HybridRegistryManager, workspaceId: string): WorkspaceRecord {
  if (!registry.getWorkspaceIds().includes(workspaceId)) registry.getView(workspaceId); // throws the precise error (unknown, invalid name, hybrid off)
  const ws = registry.getWorkspaces().find((w) => w.id === workspaceId);
  if (!ws) throw new Error(`unreachable: workspace '${workspaceId}' is discovered but has no summary`);
  return record(registry, ws);
}
