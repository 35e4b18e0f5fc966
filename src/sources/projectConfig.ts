import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { closestMatch } from '../model/closestMatch.js';
import { acceptShape, anyString, boolean, integer, nonEmptyText, oneOf, optional, shapeOfChecks } from '../model/fieldCheck.js';
import { lazyObject, zod } from '../model/lazySchema.js';
import { RegistryLoadError } from '../model/errors.js';
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

/** The schema's output for a config record, without zod; `undefined` when the schema would refuse it (zod then says why). */
export function acceptProjectConfig(record: Readonly<Record<string, unknown>>): ProjectConfig | undefined {
  return acceptShape(PROJECT_CONFIG_CHECKS, record) as ProjectConfig | undefined;
}

/** Read `cursus.config.{json,yaml,yml}` from the directory `cwd`, if there is one (with the line of each key). Two of them is an error. */
export function readProjectConfig(cwd: string): { file: string; config: ProjectConfig; lines: Record<string, number> } | null {
  const present = PROJECT_CONFIG_FILES.map((name) => join(cwd, name)).filter((f) => existsSync(f));
  if (present.length > 1) {
    throw new RegistryLoadError(`ambiguous project config: ${present.join(' and ')}`, { file: present[0], hint: 'keep one cursus.config file' });
  }
  const file = present[0];
  if (!file) return null;
  const doc = readDataDocument(file, { what: 'config' });
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
  const lines: Record<string, number> = Object.create(null);
  for (const key of Object.keys(record)) {
    const line = doc.locate([key])?.line;
    if (line !== undefined) lines[key] = line;
  }
  return { file, config: parsed.data, lines };
}

