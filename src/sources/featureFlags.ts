import { RegistryLoadError } from '../model/errors.js';
import type { ProjectConfig } from './projectConfig.js';

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

const TRUE = new Set(['1', 'true', 'on', 'yes', 'enabled']);
const FALSE = new Set(['0', 'false', 'off', 'no', 'disabled']);

function envBoolean(env: Readonly<Record<string, string | undefined>>, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new RegistryLoadError(`environment variable ${name}=${JSON.stringify(raw)} is not a switch`, { hint: `use one of: ${[...TRUE, ...FALSE].join(', ')}` });
}

function envFallback(env: Readonly<Record<string, string | undefined>>): RegistryFallback | undefined {
  const raw = env.CURSUS_REGISTRY_FALLBACK;
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim().toLowerCase();
  if (value === 'strict' || value === 'core_only') return value;
  throw new RegistryLoadError(`environment variable CURSUS_REGISTRY_FALLBACK=${JSON.stringify(raw)} is not a fallback mode`, { hint: 'use strict or core_only' });
}

/**
 * The flags in force: explicit options > environment (`CURSUS_HYBRID_REGISTRY`,
 * `CURSUS_WORKSPACE_CONTEXT`, `CURSUS_REGISTRY_FALLBACK`, `CURSUS_ALLOW_CODE_REGISTRIES`)
 * > project config > defaults. A malformed environment value is an error, not a silent default.
 */
export function resolveFeatureFlags(
  options: Partial<FeatureFlags> | undefined,
  env: Readonly<Record<string, string | undefined>>,
  config: ProjectConfig | null,
): FeatureFlags {
  return Object.freeze({
    hybridRegistry: options?.hybridRegistry ?? envBoolean(env, 'CURSUS_HYBRID_REGISTRY') ?? config?.hybridRegistry ?? DEFAULT_FEATURE_FLAGS.hybridRegistry,
    workspaceContext: options?.workspaceContext ?? envBoolean(env, 'CURSUS_WORKSPACE_CONTEXT') ?? config?.workspaceContext ?? DEFAULT_FEATURE_FLAGS.workspaceContext,
    registryFallback: options?.registryFallback ?? envFallback(env) ?? config?.registryFallback ?? DEFAULT_FEATURE_FLAGS.registryFallback,
    allowCodeRegistries: options?.allowCodeRegistries ?? envBoolean(env, 'CURSUS_ALLOW_CODE_REGISTRIES') ?? config?.allowCodeRegistries ?? DEFAULT_FEATURE_FLAGS.allowCodeRegistries,
  });
}

/**
 * Whether code registries may load when no option says so: the environment
 * (`CURSUS_ALLOW_CODE_REGISTRIES`), else on. For library calls that get no
 * flags (e.g. `readWorkspaceRegistry(file, id)`), so the switch still holds.
 */
export function codeRegistriesAllowedByEnv(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return envBoolean(env, 'CURSUS_ALLOW_CODE_REGISTRIES') ?? DEFAULT_FEATURE_FLAGS.allowCodeRegistries;
}
