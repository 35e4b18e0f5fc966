import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RegistryError, RegistryLoadError, WorkspaceExistsError } from '../model/errors.js';
import { assertWorkspaceId } from '../model/workspaceId.js';
import { readProjectConfig } from '../sources/projectConfig.js';
import { resolveFeatureFlags } from '../sources/featureFlags.js';
import { findRegistryFiles, WORKSPACE_REGISTRY_DIR } from '../sources/workspaceDiscovery.js';
import { readWorkspaceRegistry } from '../sources/workspaceRegistryReader.js';
import { TEMP_MARKER } from './atomicWrite.js';
import { locateWorkspace, registryFileFor, schemaRefFor, writeRegistryFile } from './initWorkspace.js';
import { copyWorkspaceRegistry, sameMeaning, type CopiedRegistry } from './registryCopy.js';
import { renderRegistryTemplate, type RegistryFormat, type RegistryTemplate } from './registryTemplates.js';
import { backupFile, makeDirInside, pathExists, removeCreatedDirs, writeFileInside } from './safeWrite.js';
import { WORKSPACE_LOCK_FILE, type WorkspaceLockOptions } from './workspaceLock.js';
import { writeInWorkspace } from './workspaceWriteSession.js';
import { workspaceIdOf, type WorkspaceIdOption } from './workspaceIdOption.js';
import { checkWorkspacesRoot, type WorkspacesRootPolicy } from './workspacesRoot.js';

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

/**
 * Options of {@link setupDeveloper}. A workspaces root that does not exist is
 * refused unless `createRoot` (see {@link WorkspacesRootPolicy}). The workspace
 * is `workspaceId` (`developerId`, its old name, still works: see {@link WorkspaceIdOption}).
 */
export type SetupDeveloperOptions = SetupDeveloperSettings & WorkspaceIdOption;

/** Options of {@link setupDeveloper} other than the workspace id. */
export interface SetupDeveloperSettings extends WorkspaceLockOptions, WorkspacesRootPolicy {
  readonly workspacesRoot: string;
  readonly workspacePath?: string;
  readonly template?: RegistryTemplate;
  readonly format?: RegistryFormat;
  /** Id of a workspace (under the same root) whose registry to copy. */
  readonly copyFrom?: string;
  readonly force?: boolean;
  /** Whether a code registry (.ts/.mts/.js/.mjs) may be loaded to be copied; default: env `CURSUS_ALLOW_CODE_REGISTRIES`, then cursus.config, then on. */
  readonly allowCodeRegistries?: boolean;
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
  /** Step names the copy defines that the source workspace defines too (now conflicts), in file order. */
  readonly sharedNames: readonly string[];
  /** The workspaces root, when this call created it (`createRoot`); else null. */
  readonly createdRoot: string | null;
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

/** Whether the workspace directory holds anything besides this tool's lock and temp files. */
function hasContent(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => name !== WORKSPACE_LOCK_FILE && !name.includes(TEMP_MARKER));
  } catch {
    return false;
  }
}

/**
 * Create a developer workspace: the directory tree of SPEC §7, a README, and a
 * registry — from a template, or copied from another workspace with only its
 * developer id changed. Refuses an existing workspace unless `force`. Holds
 * the workspace lock while writing, writes only inside the workspace's own
 * directory, and re-reads a copied registry with the normal loader: if it
 * does not load or means something else, the registry is put back as it was.
 *
 * @throws InvalidWorkspaceIdError, WorkspaceExistsError, WorkspaceLockedError,
 *   UnknownWorkspaceError (copy source), WorkspacesRootMissingError (the root
 *   does not exist and `createRoot` is not set), RegistryLoadError
 */
export function setupDeveloper(options: SetupDeveloperOptions): SetupDeveloperResult {
  const cwd = options.cwd ?? process.cwd();
  const location = locateWorkspace(workspaceIdOf(options), options.workspacesRoot, options.workspacePath, cwd);
  const createsRoot = checkWorkspacesRoot(location.root, options);
  const now = options.now ?? new Date();
  const force = options.force ?? false;
  const allowCodeRegistries = resolveFeatureFlags({ allowCodeRegistries: options.allowCodeRegistries }, process.env, readProjectConfig(cwd)?.config ?? null).allowCodeRegistries;
  let copy: CopiedRegistry | null = null;
  if (options.copyFrom !== undefined) {
    assertWorkspaceId(options.copyFrom);
    if (options.copyFrom === location.id) throw new RegistryLoadError(`--copy-from names the workspace being set up ('${location.id}')`, { hint: "copy from another developer's workspace" });
    if (options.format === 'ts' && !allowCodeRegistries) {
      throw new RegistryLoadError('cannot copy into a .ts registry: code registries are disabled (CURSUS_ALLOW_CODE_REGISTRIES=false / allowCodeRegistries: false), so the copy could not be loaded to check it', {
        hint: 'copy to --format yaml or json, or allow code registries',
      });
    }
    try {
      copy = copyWorkspaceRegistry({ id: options.copyFrom, root: location.root, dir: join(location.root, options.copyFrom) }, location.id, {
        format: options.format,
        allowCodeRegistries,
        schemaRef: (ext) => schemaRefFor(registryFileFor(location.dir, ext)),
      });
    } catch (error) {
      if (error instanceof RegistryError && error.code !== 'UNKNOWN_WORKSPACE') {
        throw new RegistryLoadError(`cannot copy from workspace '${options.copyFrom}': ${error.detail}`, { file: error.file, line: error.line, column: error.column, hint: error.hint, cause: error });
      }
      throw error;
    }
  }
  if (hasContent(location.dir) && !force) {
    throw new WorkspaceExistsError(`workspace '${location.id}' already exists`, { file: location.dir, workspaceId: location.id });
  }
  const format = options.format ?? 'yaml';
  const registryFile = registryFileFor(location.dir, copy ? copy.ext : format);
  const readmeFile = join(location.dir, 'README.md');
  const treeDirs = WORKSPACE_TREE.map((sub) => join(location.dir, sub));
  const content =
    copy?.text ??
    renderRegistryTemplate({ workspaceId: location.id, template: options.template ?? 'standard', format, schemaRef: schemaRefFor(registryFile) });

  return writeInWorkspace(
    location,
    () => [...treeDirs, registryFile, readmeFile, ...findRegistryFiles(location.dir)],
    () => {
      // Again under the lock: a concurrent setup may have created it meanwhile.
      if (hasContent(location.dir) && !force) {
        throw new WorkspaceExistsError(`workspace '${location.id}' already exists`, { file: location.dir, workspaceId: location.id });
      }
      const createdDirs: string[] = [];
      try {
        for (const dir of treeDirs) createdDirs.push(...makeDirInside(location.dir, dir));
        const written = writeRegistryFile(location, registryFile, content, force, now);
        if (copy) checkCopy(copy, registryFile, options.copyFrom as string, location.id, allowCodeRegistries, written.undo);
        const backups = [...written.backups];
        if (pathExists(readmeFile)) backups.push(backupFile(location.dir, readmeFile, now));
        writeFileInside(location.dir, readmeFile, workspaceReadme(location.id, basename(registryFile)));
        return {
          workspaceId: location.id,
          workspaceDir: location.dir,
          registryFile,
          createdDirs: treeDirs.filter((d) => createdDirs.includes(d)),
          readmeFile,
          backups,
          copiedFrom: copy?.file ?? null,
          sharedNames: copy?.sharedNames ?? [],
          createdRoot: createsRoot ? location.root : null,
        };
      } catch (error) {
        removeCreatedDirs(createdDirs);
        throw error;
      }
    },
    options,
  );
}

/** Re-read the written copy with the normal loader; if it does not load or means something else, undo the write and fail. */
function checkCopy(copy: CopiedRegistry, file: string, sourceId: string, workspaceId: string, allowCodeRegistries: boolean, undo: () => void): void {
  let problem: string | null;
  try {
    problem = sameMeaning(copy.source, readWorkspaceRegistry(file, workspaceId, { allowCodeRegistries }), sourceId, workspaceId);
  } catch (error) {
    problem = `it does not load (${error instanceof RegistryError ? error.detail : String(error)})`;
  }
  if (problem === null) return;
  undo();
  throw new RegistryLoadError(`the copy of workspace '${sourceId}''s registry would not mean the same: ${problem}; nothing was kept`, {
    file: copy.file,
    workspaceId: sourceId,
    hint: 'simplify the source registry (write anchored values out), or set up without --copy-from and copy the steps by hand',
  });
}
