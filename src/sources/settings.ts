import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RegistryLoadError } from '../model/errors.js';
import { BUNDLED_CORE_REGISTRY } from './coreRegistryReader.js';
import { DEFAULT_MAX_ALIAS_COUNT } from './parsedDocument.js';
import { DEFAULT_WORKSPACES_ROOT, readProjectConfig, type ProjectConfig } from './projectConfig.js';
import { DEFAULT_MAX_FILE_BYTES } from './regularFileReader.js';

/** Where a setting came from, like `git config --show-origin`. */
export type SettingOrigin = 'option' | 'env' | 'config' | 'default';

/** The names of every setting, in the order `cursus config` prints them. */
export const SETTING_NAMES = [
  'workspacesRoot',
  'coreRegistry',
  'hybridRegistry',
  'workspaceContext',
  'registryFallback',
  'allowCodeRegistries',
  'maxFileBytes',
  'maxAliasCount',
] as const;
/** A setting's name (also its key in `cursus.config.{json,yaml}`). */
export type SettingName = (typeof SETTING_NAMES)[number];

/** A setting's value type. */
export interface SettingValues {
  workspacesRoot: string;
  coreRegistry: string;
  hybridRegistry: boolean;
  workspaceContext: boolean;
  registryFallback: 'strict' | 'core_only';
  allowCodeRegistries: boolean;
  maxFileBytes: number;
  maxAliasCount: number;
}

/** How one setting is read at each layer. */
interface SettingSpec {
  /** The CLI flag that sets it, when there is one. */
  readonly flag: string | null;
  /** The environment variable that sets it. */
  readonly env: string;
  readonly kind: 'path' | 'switch' | 'fallback' | 'count';
  /** Smallest allowed value of a count. */
  readonly min?: number;
  readonly describe: string;
}

/** Every setting: flag, environment variable, kind (the single table the resolver, `cursus config` and the docs use). */
export const SETTING_SPECS: Readonly<Record<SettingName, SettingSpec>> = Object.freeze({
  workspacesRoot: { flag: '--workspaces-root', env: 'CURSUS_WORKSPACES_ROOT', kind: 'path', describe: 'directory holding one directory per developer workspace' },
  coreRegistry: { flag: '--core-registry', env: 'CURSUS_CORE_REGISTRY', kind: 'path', describe: 'core registry file (YAML or JSON)' },
  hybridRegistry: { flag: null, env: 'CURSUS_HYBRID_REGISTRY', kind: 'switch', describe: 'off: only the core registry is served' },
  workspaceContext: { flag: null, env: 'CURSUS_WORKSPACE_CONTEXT', kind: 'switch', describe: 'off: the workspace context and CURSUS_WORKSPACE_ID are ignored' },
  registryFallback: { flag: null, env: 'CURSUS_REGISTRY_FALLBACK', kind: 'fallback', describe: 'strict raises a workspace load error; core_only serves core for it' },
  allowCodeRegistries: { flag: null, env: 'CURSUS_ALLOW_CODE_REGISTRIES', kind: 'switch', describe: '.ts/.mts/.js/.mjs registries (which run code) may load' },
  maxFileBytes: { flag: null, env: 'CURSUS_MAX_FILE_BYTES', kind: 'count', min: 1, describe: 'largest registry file read, in bytes' },
  maxAliasCount: { flag: null, env: 'CURSUS_MAX_ALIAS_COUNT', kind: 'count', min: 0, describe: 'most YAML alias references one file may use' },
});

/** One resolved setting with where it came from. */
export interface ResolvedSetting<N extends SettingName = SettingName> {
  readonly name: N;
  readonly value: SettingValues[N];
  readonly origin: SettingOrigin;
  /** The layer, concretely: the flag or option name, the variable's name, `file:line` of the config file, or `default`. */
  readonly source: string;
}

/** Every setting resolved, and the config file that was read (or null). */
export interface ResolvedSettings {
  readonly configFile: string | null;
  /** Where the search for a config file started and stopped (for "no config found" messages). */
  readonly configSearch: { readonly from: string; readonly to: string };
  readonly settings: { readonly [N in SettingName]: ResolvedSetting<N> };
  /** The project config's contents, or null. */
  readonly projectConfig: ProjectConfig | null;
}

/** Inputs of {@link resolveSettings}. */
export interface SettingsInput {
  /** Values given explicitly (CLI flags or library options): the highest layer. */
  readonly options?: Partial<SettingValues>;
  /** How the caller names its options, e.g. `'flag'` (the CLI) so origins say `--workspaces-root`. */
  readonly optionNaming?: 'flag' | 'option';
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory: relative paths and the config search start here (default `process.cwd()`). */
  readonly cwd?: string;
  /** Config contents to use instead of searching for a file (null: no config layer). */
  readonly config?: { readonly file: string; readonly config: ProjectConfig; readonly lines?: Readonly<Record<string, number>> } | null;
}

const TRUE = new Set(['1', 'true', 'on', 'yes', 'enabled']);
const FALSE = new Set(['0', 'false', 'off', 'no', 'disabled']);

/** Parse an environment value of a setting; a malformed value is an error naming the variable, never a silent default. */
function parseEnv<N extends SettingName>(name: N, raw: string, cwd: string): SettingValues[N] {
  const spec = SETTING_SPECS[name];
  const value = raw.trim();
  const bad = (what: string, hint: string): never => {
    throw new RegistryLoadError(`environment variable ${spec.env}=${JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw)} is not ${what}`, { hint });
  };
  switch (spec.kind) {
    case 'path':
      return resolve(cwd, value) as SettingValues[N];
    case 'switch': {
      const v = value.toLowerCase();
      if (TRUE.has(v)) return true as SettingValues[N];
      if (FALSE.has(v)) return false as SettingValues[N];
      return bad('a switch', `use one of: ${[...TRUE, ...FALSE].join(', ')}`);
    }
    case 'fallback': {
      const v = value.toLowerCase();
      if (v === 'strict' || v === 'core_only') return v as SettingValues[N];
      return bad('a fallback mode', 'use strict or core_only');
    }
    case 'count': {
      const n = Number(value);
      if (/^\d+$/.test(value) && Number.isSafeInteger(n) && n >= (spec.min ?? 0)) return n as SettingValues[N];
      return bad(`a whole number ≥ ${spec.min ?? 0}`, `set ${spec.env} to a whole number, or unset it`);
    }
  }
}

function defaultOf<N extends SettingName>(name: N, cwd: string): SettingValues[N] {
  const defaults: SettingValues = {
    workspacesRoot: resolve(cwd, DEFAULT_WORKSPACES_ROOT),
    coreRegistry: BUNDLED_CORE_REGISTRY,
    hybridRegistry: true,
    workspaceContext: true,
    registryFallback: 'strict',
    allowCodeRegistries: true,
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    maxAliasCount: DEFAULT_MAX_ALIAS_COUNT,
  };
  return defaults[name];
}

/**
 * The project config file for `cwd`: `cursus.config.{json,yaml,yml}` in `cwd`
 * or the nearest parent, searching upward to the repository root (a directory
 * holding `.git`) or the filesystem root, as git and c12 do.
 */
export function findProjectConfigDir(cwd: string): { dir: string | null; stoppedAt: string } {
  let dir = resolve(cwd);
  for (;;) {
    if (['cursus.config.json', 'cursus.config.yaml', 'cursus.config.yml'].some((n) => existsSync(join(dir, n)))) return { dir, stoppedAt: dir };
    const parent = dirname(dir);
    if (existsSync(join(dir, '.git')) || parent === dir) return { dir: null, stoppedAt: dir };
    dir = parent;
  }
}

/**
 * Resolve every setting by one rule: option (CLI flag) > environment variable
 * > `cursus.config.{json,yaml}` (searched upward from `cwd`) > default, each
 * value kept with its origin (`git config --show-origin`).
 */
export function resolveSettings(input: SettingsInput = {}): ResolvedSettings {
  const cwd = resolve(input.cwd ?? process.cwd());
  const env = input.env ?? process.env;
  const found = input.config !== undefined ? { dir: null, stoppedAt: cwd } : findProjectConfigDir(cwd);
  const project = input.config !== undefined ? input.config : found.dir ? readProjectConfig(found.dir) : null;
  const out = {} as { [N in SettingName]: ResolvedSetting<N> };
  const pick = <N extends SettingName>(name: N): ResolvedSetting<N> => {
    const spec = SETTING_SPECS[name];
    const option = input.options?.[name];
    if (option !== undefined && option !== '') {
      const value = (spec.kind === 'path' ? resolve(cwd, option as string) : option) as SettingValues[N];
      return { name, value, origin: 'option', source: input.optionNaming === 'flag' && spec.flag ? spec.flag : `option ${name}` };
    }
    const raw = env[spec.env];
    if (raw !== undefined && raw.trim() !== '') return { name, value: parseEnv(name, raw, cwd), origin: 'env', source: spec.env };
    const configured = project?.config[name];
    if (project && configured !== undefined) {
      const value = (spec.kind === 'path' ? resolve(dirname(project.file), configured as string) : configured) as SettingValues[N];
      const line = project.lines?.[name];
      return { name, value, origin: 'config', source: line ? `${project.file}:${line}` : project.file };
    }
    return { name, value: defaultOf(name, cwd), origin: 'default', source: 'default' };
  };
  for (const name of SETTING_NAMES) (out as Record<SettingName, ResolvedSetting>)[name] = pick(name);
  return { configFile: project?.file ?? null, configSearch: { from: cwd, to: found.stoppedAt }, settings: out, projectConfig: project?.config ?? null };
}

/** How the registry finds its files. Unset fields fall back by SPEC §3.3 precedence. */
export interface RegistryLocationOptions {
  /** Core registry file (flag level: beats env and config). */
  coreRegistry?: string;
  /** Workspaces root (flag level: beats env and config). */
  workspacesRoot?: string;
  /** Working directory for relative paths and the project config (default `process.cwd()`). */
  cwd?: string;
  /** Environment to read `CURSUS_*` variables from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Feature flags given explicitly (option level). */
  flags?: Partial<Pick<SettingValues, 'hybridRegistry' | 'workspaceContext' | 'registryFallback' | 'allowCodeRegistries'>>;
  /** Limits given explicitly (option level). */
  maxFileBytes?: number;
  maxAliasCount?: number;
}


/** Resolved file locations, each with its origin. */
export interface ResolvedLocations {
  readonly coreRegistry: string;
  readonly coreRegistryOrigin: SettingOrigin;
  readonly workspacesRoot: string;
  readonly workspacesRootOrigin: SettingOrigin;
  /** The project config file that was read, if any. */
  readonly configFile: string | null;
  /** Its contents (for settings other than locations), or null. */
  readonly projectConfig: ProjectConfig | null;
  /** Every setting with its origin (flags, limits, locations). */
  readonly settings: ResolvedSettings;
}

/**
 * Resolve the core registry and workspaces root by the precedence of SPEC §3.3:
 * option (CLI flag) > environment variable > project config (searched upward
 * from `cwd`) > default — the locations part of {@link resolveSettings}.
 */
export function resolveLocations(options: RegistryLocationOptions = {}): ResolvedLocations {
  const resolved = resolveSettings({
    options: {
      workspacesRoot: options.workspacesRoot,
      coreRegistry: options.coreRegistry,
      ...(options.flags ?? {}),
      maxFileBytes: options.maxFileBytes,
      maxAliasCount: options.maxAliasCount,
    },
    env: options.env,
    cwd: options.cwd,
  });
  const { coreRegistry, workspacesRoot } = resolved.settings;
  return {
    coreRegistry: coreRegistry.value,
    coreRegistryOrigin: coreRegistry.origin,
    workspacesRoot: workspacesRoot.value,
    workspacesRootOrigin: workspacesRoot.origin,
    configFile: resolved.configFile,
    projectConfig: resolved.projectConfig,
    settings: resolved,
  };
}
