/**
 * The narrow side of the registry a watcher needs: where the files are, which
 * workspaces are served, and a refresh that re-reads what changed. The
 * watcher (ops/registryWatcher) depends on this interface, not on the
 * manager, so the two modules do not import each other.
 */
import type { RegistryError } from '../model/errors.js';
import type { ResolvedLocations } from '../sources/settings.js';

/** What {@link RefreshableRegistry.refresh} changed. */
export interface RefreshSummary {
  /** Workspaces whose file was re-read. */
  readonly reloaded: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Workspaces that failed to load (and have no last good version). */
  readonly failed: readonly { workspace_id: string; error: RegistryError }[];
  /** Workspaces whose new version failed and whose last good version is served. */
  readonly stale: readonly { workspace_id: string; error: RegistryError }[];
}

/** Options of {@link RefreshableRegistry.refresh}. */
export interface RefreshOptions {
  /** Workspaces to re-read even when their file looks unchanged. */
  readonly force?: Iterable<string>;
  /** Keep serving a workspace's last good version when its new version fails. */
  readonly keepLastGood?: boolean;
}

/** A registry that can be watched: `HybridRegistryManager` implements it. */
export interface RefreshableRegistry {
  /** The core registry file and the workspaces root. */
  readonly locations: ResolvedLocations;
  /** Ids of the workspaces served now. */
  getWorkspaceIds(): readonly string[];
  /** Re-read the registry files that changed (and those in `force`). */
  refresh(options?: RefreshOptions): RefreshSummary;
}
