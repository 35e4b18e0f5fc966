import type { FallbackEvent, HybridRegistryManager, RegistryMetrics } from '../engine/hybridRegistryManager.js';
import type { FeatureFlags } from '../sources/featureFlags.js';

/** Overall health: `unhealthy` means some definitions are not being served as written. */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/** Health of one workspace. */
export interface WorkspaceHealth {
  readonly workspace_id: string;
  /** `stale`: a newer edit failed to load and the last good version is served. */
  readonly status: 'healthy' | 'failed' | 'stale';
  readonly registry_file: string | null;
  /** The load error (one line) when failed or stale. */
  readonly reason: string | null;
  readonly file: string | null;
  readonly line: number | null;
  readonly local_steps: number;
  readonly step_overrides: number;
}

/** A health report (SPEC §9). */
export interface HealthReport {
  readonly status: HealthStatus;
  readonly checked_at: string;
  readonly core: { readonly status: 'healthy'; readonly file: string; readonly steps: number };
  readonly workspaces_root: { readonly path: string; readonly status: 'healthy' | 'failed'; readonly reason: string | null };
  readonly workspaces: readonly WorkspaceHealth[];
  readonly conflicts: { readonly count: number; readonly names: readonly string[] };
  readonly diagnostics: { readonly errors: number; readonly warnings: number };
  readonly metrics: RegistryMetrics;
  readonly flags: FeatureFlags;
  readonly fallback_events: readonly FallbackEvent[];
  /** One line per reason the status is not healthy. */
  readonly problems: readonly string[];
}

/**
 * Reports the health of a registry: core, each workspace (healthy, failed
 * with its reason and file:line, or stale), conflicts, and the manager's
 * counters. Reading the report loads every workspace of a lazy manager.
 *
 * @example
 * const report = new RegistryHealthMonitor(registry).checkRegistryHealth();
 * if (report.status !== 'healthy') console.error(report.problems.join('\n'));
 */
export class RegistryHealthMonitor {
  readonly #registry: HybridRegistryManager;

  constructor(registry: HybridRegistryManager) {
    this.#registry = registry;
  }

  /**
   * Check the registry now. `unhealthy`: a workspace failed and its lookups
   * raise (strict fallback), or the workspaces root cannot be read.
   * `degraded`: a workspace is served from its last good version, or served
   * from core by the `core_only` fallback. Otherwise `healthy`.
   */
  checkRegistryHealth(): HealthReport {
    const registry = this.#registry;
    const diagnostics = registry.getDiagnostics();
    const fallback = registry.flags.registryFallback;
    const workspaces: WorkspaceHealth[] = registry.getWorkspaces().map((ws) => {
      const error = diagnostics.find((d) => d.workspace_id === ws.id && d.severity === 'error');
      return {
        workspace_id: ws.id,
        status: ws.status === 'failed' ? 'failed' : ws.stale ? 'stale' : 'healthy',
        registry_file: ws.registry_file,
        reason: ws.error ?? ws.stale,
        file: ws.status === 'failed' || ws.stale ? (error?.file ?? ws.registry_file) : null,
        line: ws.status === 'failed' || ws.stale ? (error?.line ?? null) : null,
        local_steps: ws.local_steps.length,
        step_overrides: ws.step_overrides.length,
      };
    });
    const rootFailure = registry.getRootFailure();
    const problems: string[] = [];
    let status: HealthStatus = 'healthy';
    const worsen = (to: HealthStatus, problem: string): void => {
      problems.push(problem);
      if (to === 'unhealthy' || status === 'healthy') status = to;
    };
    if (rootFailure) worsen('degraded', `workspaces root unreadable, serving core only: ${rootFailure.message}`);
    // A directory or registry file that is silently not served is not healthy: the user thinks it is.
    for (const d of diagnostics) {
      const skippedDir = (d.code === 'INVALID_WORKSPACE_ID' || d.code === 'WORKSPACE_SKIPPED') && d.workspace_id === null && !d.message.startsWith('skipped hidden');
      if (skippedDir || d.code === 'MISPLACED_REGISTRY') worsen('degraded', `${d.message}${d.hint ? ` (${d.hint})` : ''}`);
    }
    for (const ws of workspaces) {
      if (ws.status === 'failed') {
        worsen(fallback === 'core_only' ? 'degraded' : 'unhealthy', `workspace '${ws.workspace_id}' failed to load${fallback === 'core_only' ? ' (served from core)' : ''}: ${ws.reason}`);
      } else if (ws.status === 'stale') {
        worsen('degraded', `workspace '${ws.workspace_id}' serves its last good version: ${ws.reason}`);
      }
    }
    const conflicts = Object.keys(registry.getStepConflicts());
    const core = registry.getCoreDefinitions();
    return {
      status,
      checked_at: new Date().toISOString(),
      core: { status: 'healthy', file: registry.locations.coreRegistry, steps: core.size },
      workspaces_root: { path: registry.locations.workspacesRoot, status: rootFailure ? 'failed' : 'healthy', reason: rootFailure?.message ?? null },
      workspaces,
      conflicts: { count: conflicts.length, names: conflicts },
      diagnostics: {
        errors: diagnostics.filter((d) => d.severity === 'error').length,
        warnings: diagnostics.filter((d) => d.severity === 'warning').length,
      },
      metrics: registry.getMetrics(),
      flags: registry.flags,
      fallback_events: registry.getFallbackEvents(),
      problems,
    };
  }
}
