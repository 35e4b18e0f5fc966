import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { closestMatch } from '../model/closestMatch.js';
import { RegistryError, RegistryLoadError, UnknownWorkspaceError, WorkspaceExistsError } from '../model/errors.js';
import { WORKSPACE_SECTIONS } from '../model/workspaceRegistryFile.js';
import { assertWorkspaceId } from '../model/workspaceId.js';
import { lazyDependency } from '../model/lazyDependency.js';
import { importCodeRegistry } from '../sources/codeRegistryLoader.js';
import { readPythonRegistry } from '../sources/pythonRegistryReader.js';
import { findRegistryFiles, WORKSPACE_REGISTRY_DIR } from '../sources/workspaceDiscovery.js';
import { readWorkspaceRegistry } from '../sources/workspaceRegistryReader.js';
import { locateWorkspace, registryFileFor, schemaRefFor, writeRegistryFile, type WorkspaceLocation } from './initWorkspace.js';
import { renderRegistryTemplate, type RegistryFormat, type RegistryTemplate } from './registryTemplates.js';
import { backupFile, makeDirInside, writeFileInside } from './safeWrite.js';

const yamlLibrary = lazyDependency<typeof import('yaml')>('yaml');

/** Directories of a developer workspace (SPEC §7), relative to it. */
export const WORKSPACE_TREE: readonly string[] = Object.freeze([
  join('src', 'cursus_dev', 'steps', 'builders'),
  join('src', 'cursus_dev', 'steps', 'configs'),
  join('src', 'cursus_dev', 'steps', 'contracts'),
  join('src', 'cursus_dev', 'steps', 'scripts'),
  join('src', 'cursus_dev', 'steps', 'specs'),
  WORKSPACE_REGISTRY_DIR,
  'test',
  'validation_reports',
]);

/** Options of {@link setupDeveloper}. */
export interface SetupDeveloperOptions {
  readonly developerId: string;
  readonly workspacesRoot: string;
  readonly workspacePath?: string;
  readonly template?: RegistryTemplate;
  readonly format?: RegistryFormat;
  /** Id of a workspace (under the same root) whose registry to copy. */
  readonly copyFrom?: string;
  readonly force?: boolean;
  readonly cwd?: string;
  readonly now?: Date;
}

/** What {@link setupDeveloper} created. */
export interface SetupDeveloperResult {
  readonly workspaceId: string;
  readonly workspaceDir: string;
  readonly registryFile: string;
  readonly createdDirs: readonly string[];
  readonly readmeFile: string;
  readonly backups: readonly string[];
  /** The registry copied from, when `copyFrom` was given. */
  readonly copiedFrom: string | null;
}

/** The README of a new workspace: what goes where and the commands to use. */
export function workspaceReadme(id: string, registryFileName: string): string {
  return `# Workspace \`${id}\`

A developer workspace of the cursus step registry. What you define here is
seen by code running in this workspace only; other workspaces and the core
registry are unaffected.

## Layout

- \`src/cursus_dev/registry/${registryFileName}\` — this workspace's registry:
  \`LOCAL_STEPS\` (new steps), \`STEP_OVERRIDES\` (your versions of core steps),
  \`WORKSPACE_METADATA\` (developer id, preferred frameworks, environments).
- \`src/cursus_dev/steps/{builders,configs,contracts,scripts,specs}/\` — the code of your steps.
- \`test/\` — your tests. \`validation_reports/\` — reports of validation runs.

## Commands

\`\`\`sh
cursus registry list-steps --workspace ${id}          # what this workspace sees
cursus registry validate-registry --workspace ${id}   # check the registry (CI-friendly)
cursus registry resolve-step <Step> --workspace ${id} --explain
\`\`\`

In code: \`withWorkspaceContext('${id}', () => getConfigClassName('MyStep'))\`,
or set \`CURSUS_WORKSPACE_ID=${id}\`.
`;
}

/** Looks like a YAML 1.2 core-schema number, boolean or null when written plain. */
const NON_STRING_PLAIN = /^(?:~|null|true|false|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/i;

/** `value` written in the same style (plain, 'single' or "double" quoted) as `original`, always read back as that string. */
function yamlScalarLike(original: string, value: string): string {
  if (original.startsWith("'")) return `'${value.replaceAll("'", "''")}'`;
  if (original.startsWith('"') || NON_STRING_PLAIN.test(value)) return JSON.stringify(value);
  return value;
}

/**
 * The registry text of workspace `copyFrom` with only `WORKSPACE_METADATA.developer_id`
 * changed — structurally: YAML through the Document API (comments kept), JSON
 * through parse/stringify, TS/JS modules (and .py literals) converted to YAML from their exports.
 * Returns the text and the extension to write.
 */
export function copiedRegistryText(source: WorkspaceLocation, developerId: string): { text: string; ext: string; file: string } {
  const { isMap, isScalar, parseDocument, stringify } = yamlLibrary();
  if (!existsSync(source.dir)) {
    const known = existsSync(source.root) ? readdirSync(source.root).filter((n) => !n.startsWith('.')).sort() : [];
    throw new UnknownWorkspaceError(source.id, known, closestMatch(source.id, known), { hint: '--copy-from names a workspace under the same workspaces root' });
  }
  const files = findRegistryFiles(source.dir);
  const file = files[0];
  if (!file) {
    throw new RegistryLoadError(`workspace '${source.id}' has no registry file to copy`, {
      file: join(source.dir, WORKSPACE_REGISTRY_DIR),
      workspaceId: source.id,
      hint: 'create it with `cursus registry init-workspace`, or set up without --copy-from',
    });
  }
  if (files.length > 1) {
    throw new RegistryLoadError(`workspace '${source.id}' has ${files.length} registry files; cannot tell which to copy`, { file, workspaceId: source.id, hint: 'keep exactly one workspace_registry.<ext> file' });
  }
  // The source must load: copying a broken registry would spread the breakage.
  readWorkspaceRegistry(file, source.id);
  const ext = extname(file).slice(1).toLowerCase();
  if (ext === 'yaml' || ext === 'yml') {
    const text = readFileSync(file, 'utf8');
    const doc = parseDocument(text);
    const metadata = doc.get('WORKSPACE_METADATA');
    const current = isMap(metadata) ? metadata.get('developer_id', true) : undefined;
    if (isScalar(current) && current.range) {
      // Found structurally; replaced textually, so every other byte (comments, layout) stays.
      const [start, end] = current.range;
      return { text: `${text.slice(0, start)}${yamlScalarLike(text.slice(start, end), developerId)}${text.slice(end)}`, ext, file };
    }
    if (isMap(metadata)) metadata.set('developer_id', developerId);
    else doc.set('WORKSPACE_METADATA', doc.createNode({ developer_id: developerId }));
    return { text: doc.toString({ flowCollectionPadding: false }), ext, file };
  }
  if (ext === 'json') {
    const data = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
    const metadata = data.WORKSPACE_METADATA;
    data.WORKSPACE_METADATA = { ...(metadata && typeof metadata === 'object' ? metadata : {}), developer_id: developerId };
    return { text: `${JSON.stringify(data, null, 2)}\n`, ext, file };
  }
  // A .py registry is read (never run) like a code registry's exports, then converted to YAML.
  const mod: Record<string, unknown> = ext === 'py' ? Object.fromEntries(readPythonRegistry(file).sections) : importCodeRegistry(file, source.id);
  const fallback = (mod.default ?? {}) as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const section of WORKSPACE_SECTIONS) {
    const value = mod[section] ?? fallback[section];
    if (value !== undefined) data[section] = value;
  }
  data.WORKSPACE_METADATA = { ...((data.WORKSPACE_METADATA as Record<string, unknown> | undefined) ?? {}), developer_id: developerId };
  const header = `# yaml-language-server: $schema=${schemaRefFor(registryFileFor(source.dir, 'yaml'))}\n# Copied from ${source.id}'s ${extname(file).slice(1)} registry (converted to YAML).\n`;
  return { text: `${header}${stringify(data)}`, ext: 'yaml', file };
}

/**
 * Create a developer workspace: the directory tree of SPEC §7, a README, and a
 * registry — from a template, or copied from another workspace with only its
 * developer id changed. Refuses an existing workspace unless `force`.
 */
export function setupDeveloper(options: SetupDeveloperOptions): SetupDeveloperResult {
  const location = locateWorkspace(options.developerId, options.workspacesRoot, options.workspacePath, options.cwd);
  const now = options.now ?? new Date();
  let copy: { text: string; ext: string; file: string } | null = null;
  if (options.copyFrom !== undefined) {
    assertWorkspaceId(options.copyFrom);
    if (options.copyFrom === location.id) throw new RegistryLoadError(`--copy-from names the workspace being set up ('${location.id}')`, { hint: 'copy from another developer\'s workspace' });
    try {
      copy = copiedRegistryText({ id: options.copyFrom, root: location.root, dir: join(location.root, options.copyFrom) }, location.id);
    } catch (error) {
      if (error instanceof RegistryError && error.code !== 'UNKNOWN_WORKSPACE') {
        throw new RegistryLoadError(`cannot copy from workspace '${options.copyFrom}': ${error.detail}`, { file: error.file, line: error.line, column: error.column, hint: error.hint, cause: error });
      }
      throw error;
    }
  }
  if (existsSync(location.dir) && readdirSync(location.dir).length > 0 && !options.force) {
    throw new WorkspaceExistsError(`workspace '${location.id}' already exists`, { file: location.dir, workspaceId: location.id });
  }
  const createdDirs: string[] = [];
  for (const sub of WORKSPACE_TREE) {
    const dir = join(location.dir, sub);
    if (!existsSync(dir)) createdDirs.push(dir);
    makeDirInside(location.root, dir);
  }
  const format = options.format ?? 'yaml';
  const registryFile = registryFileFor(location.dir, copy ? copy.ext : format);
  const content =
    copy?.text ??
    renderRegistryTemplate({ developerId: location.id, template: options.template ?? 'standard', format, schemaRef: schemaRefFor(registryFile) });
  const backups = writeRegistryFile(location, registryFile, content, options.force ?? false, now);
  const readmeFile = join(location.dir, 'README.md');
  if (existsSync(readmeFile)) backups.push(backupFile(location.root, readmeFile, now));
  writeFileInside(location.root, readmeFile, workspaceReadme(location.id, basename(registryFile)));
  return { workspaceId: location.id, workspaceDir: location.dir, registryFile, createdDirs, readmeFile, backups, copiedFrom: copy?.file ?? null };
}
