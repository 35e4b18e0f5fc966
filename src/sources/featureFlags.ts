import type { ProjectConfig } from './projectConfig.js';
import { resolveSettings, type ResolvedSettings } from './settings.js';

/** What to do when the hybrid part of the registry (a workspace, the workspaces root) fails. */
export type RegistryFallback = 'strict' | 'core_only';

/** Feature flags and limits of the registry (SPEC §9). */
export interface FeatureFlags {
  /** Off: only the core registry is served; an explicit workspace id is refused, a context ignored. */
  readonly hybridRegistry: boolean;
  /** Off: the async context and `CURSUS_WORKSPACE_ID` are ignored; only explicit workspace ids count. */
  readonly workspaceContext: boolean;
  /** `strict` raises a workspace's load error; `core_only` serves core for it and records why. */
  readonly registryFallback: RegistryFallback;
  /** Whether `.ts`/`.mts`/`.js`/`.mjs` registries (which execute code when loaded) may load. */
  readonly allowCodeRegistries: boolean;
}

/** Defaults: hybrid and context on, strict fallback, code registries allowed. */
export const DEFAULT_FEATURE_FLAGS: FeatureFlags = Object.freeze({
  hybridRegistry: true,
  workspaceContext: true,
  registryFallback: 'strict',
  allowCodeRegistries: true,
});

/** The feature flags among resolved settings. */
export function flagsOf(settings: ResolvedSettings): FeatureFlags {
  const { hybridRegistry, workspaceContext, registryFallback, allowCodeRegistries } = settings.settings;
  return Object.freeze({
    hybridRegistry: hybridRegistry.value,
    workspaceContext: workspaceContext.value,
    registryFallback: registryFallback.value,
    allowCodeRegistries: allowCodeRegistries.value,
  });
}

/**
 * The flags in force: explicit options > environment (`CURSUS_HYBRID_REGISTRY`,
 * `CURSUS_WORKSPACE_CONTEXT`, `CURSUS_REGISTRY_FALLBACK`, `CURSUS_ALLOW_CODE_REGISTRIES`)
 * > project config > defaults — the one settings resolver, given config contents.
 * A malformed environment value is an error, not a silent default.
 */
export function resolveFeatureFlags(
  options: Partial<FeatureFlags> | undefined,
  env: Readonly<Record<string, string | undefined>>,
  config: ProjectConfig | null,
): FeatureFlags {
  return flagsOf(resolveSettings({ options: { ...options }, env, config: config ? { file: 'cursus.config', config } : null }));
}

/**
 * Whether code registries may load when no option says so: the environment
 * (`CURSUS_ALLOW_CODE_REGISTRIES`), else on. For library calls that get no
 * flags (e.g. `readWorkspaceRegistry(file, id)`), so the switch still holds.
 */
export function codeRegistriesAllowedByEnv(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return resolveSettings({ env, config: null }).settings.allowCodeRegistries.value;
}
