import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { closestMatch } from '../model/closestMatch.js';
import { acceptShape, anyString, boolean, integer, nonEmptyText, oneOf, optional, shapeOfChecks } from '../model/fieldCheck.js';
import { lazyObject, zod } from '../model/lazySchema.js';
import { RegistryLoadError } from '../model/errors.js';
import { BUNDLED_CORE_REGISTRY } from './coreRegistryReader.js';
import { isMapping, mappingEntries, readDataDocument } from './parsedDocument.js';

/** Default workspaces root, relative to the working directory (SPEC §3.2). */
export const DEFAULT_WORKSPACES_ROOT = join('developer_workspaces', 'developers');
/** Project config file names looked for in the working directory. */
export const PROJECT_CONFIG_FILES = ['cursus.config.json', 'cursus.config.yaml', 'cursus.config.yml'] as const;

/** The keys of `cursus.config.{json,yaml}` and what each accepts — declared once; schema, type and fast check derive from it. */
const PROJECT_CONFIG_CHECKS = {
  $schema: optional(anyString()),
  coreRegistry: optional(nonEmptyText()),
  workspacesRoot: optional(nonEmptyText()),
  /** Feature flag: off serves the core only (env CURSUS_HYBRID_REGISTRY). */
  hybridRegistry: optional(boolean()),
  /** Feature flag: off ignores the workspace context (env CURSUS_WORKSPACE_CONTEXT). */
  workspaceContext: optional(boolean()),
  /** On a hybrid failure: `strict` raises, `core_only` serves core and records why (env CURSUS_REGISTRY_FALLBACK). */
  registryFallback: optional(oneOf(['strict', 'core_only'])),
  /** Whether .ts/.mts/.js/.mjs registries (which run code) may load (env CURSUS_ALLOW_CODE_REGISTRIES). */
  allowCodeRegistries: optional(boolean()),
  /** Largest registry file read, in bytes (default 10 MB). */
  maxFileBytes: optional(integer('positive')),
  /** Most YAML alias references one file may use (default 100). */
  maxAliasCount: optional(integer('nonnegative')),
};

/** Schema of `cursus.config.{json,yaml}`. Paths are relative to the config file. Built (and zod loaded) on first use. */
export const ProjectConfigSchema = lazyObject(() => zod().strictObject(shapeOfChecks(PROJECT_CONFIG_CHECKS)));

/** Contents of a project config file. */
export type ProjectConfig = z.output<typeof ProjectConfigSchema>;

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
}

/** Where a setting came from, like `git config --show-origin`. */
export type SettingOrigin = 'option' | 'env' | 'config' | 'default';

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
}

/** The schema's output for a config record, without zod; `undefined` when the schema would refuse it (zod then says why). */
export function acceptProjectConfig(record: Readonly<Record<string, unknown>>): ProjectConfig | undefined {
  return acceptShape(PROJECT_CONFIG_CHECKS, record) as ProjectConfig | undefined;
}

/** Read `cursus.config.{json,yaml,yml}` from `cwd`, if there is one. Two of them is an error. */
export function readProjectConfig(cwd: string): { file: string; config: ProjectConfig } | null {
  const present = PROJECT_CONFIG_FILES.map((name) => join(cwd, name)).filter((f) => existsSync(f));
  if (present.length > 1) {
    throw new RegistryLoadError(`ambiguous project config: ${present.join(' and ')}`, { file: present[0], hint: 'keep one cursus.config file' });
  }
  const file = present[0];
  if (!file) return null;
  const doc = readDataDocument(file);
  if (!isMapping(doc.value)) {
    throw new RegistryLoadError('project config must be a mapping', { file, line: 1, hint: 'write `{ "coreRegistry": "…", "workspacesRoot": "…" }`' });
  }
  const record: Record<string, unknown> = Object.create(null);
  for (const [k, v] of mappingEntries(doc.value)) record[k] = v;
  // A valid config is accepted without zod; zod explains an invalid one.
  const accepted = acceptProjectConfig(record);
  const parsed = accepted ? ({ success: true, data: accepted } as const) : ProjectConfigSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.code === 'unrecognized_keys' ? (issue.keys[0] ?? '') : String(issue?.path[0] ?? '');
    const pos = doc.locate([key]);
    const guess = issue?.code === 'unrecognized_keys' ? closestMatch(key, Object.keys(PROJECT_CONFIG_CHECKS)) : undefined;
    throw new RegistryLoadError(
      issue?.code === 'unrecognized_keys' ? `unknown key '${key}'${guess ? ` — did you mean '${guess}'?` : ''}` : `'${key}': ${issue?.message ?? 'invalid'}`,
      { file, line: pos?.line, column: pos?.column, field: key, hint: `known keys: ${Object.keys(PROJECT_CONFIG_CHECKS).join(', ')}` },
    );
  }
  return { file, config: parsed.data };
}

/**
 * Resolve the core registry and workspaces root by the precedence of SPEC §3.3:
 * option (CLI flag) > environment variable > project config > default.
 */
export function resolveLocations(options: RegistryLocationOptions = {}): ResolvedLocations {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const project = readProjectConfig(cwd);
  const fromConfig = (value: string | undefined) => (value && project ? resolve(dirname(project.file), value) : undefined);
  const pick = (option: string | undefined, envValue: string | undefined, configValue: string | undefined, fallback: string): [string, SettingOrigin] => {
    if (option) return [resolve(cwd, option), 'option'];
    if (envValue) return [resolve(cwd, envValue), 'env'];
    if (configValue) return [configValue, 'config'];
    return [fallback, 'default'];
  };
  const [coreRegistry, coreRegistryOrigin] = pick(options.coreRegistry, env.CURSUS_CORE_REGISTRY, fromConfig(project?.config.coreRegistry), BUNDLED_CORE_REGISTRY);
  const [workspacesRoot, workspacesRootOrigin] = pick(
    options.workspacesRoot,
    env.CURSUS_WORKSPACES_ROOT,
    fromConfig(project?.config.workspacesRoot),
    resolve(cwd, DEFAULT_WORKSPACES_ROOT),
  );
  return { coreRegistry, coreRegistryOrigin, workspacesRoot, workspacesRootOrigin, configFile: project?.file ?? null, projectConfig: project?.config ?? null };
}
