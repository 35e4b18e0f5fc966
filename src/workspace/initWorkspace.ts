import { linkSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidWorkspaceIdError, RegistryLoadError, WorkspaceExistsError } from '../model/errors.js';
import { WORKSPACE_REGISTRY_SCHEMA_PATH } from '../model/jsonSchema.js';
import { assertWorkspaceId } from '../model/workspaceId.js';
import { findRegistryFiles, WORKSPACE_REGISTRY_BASENAME, WORKSPACE_REGISTRY_DIR } from '../sources/workspaceDiscovery.js';
import { renderRegistryTemplate, type RegistryFormat, type RegistryTemplate } from './registryTemplates.js';
import { backupFile, moveToBackup, writeFileInside } from './safeWrite.js';
import type { WorkspaceLocation } from './workspaceConfinement.js';
import type { WorkspaceLockOptions } from './workspaceLock.js';
import { writeInWorkspace } from './workspaceWriteSession.js';
import { workspaceIdOf, type WorkspaceIdOption } from './workspaceIdOption.js';
import { checkWorkspacesRoot, type WorkspacesRootPolicy } from './workspacesRoot.js';

/** The schema file shipped with the package. */
export const SHIPPED_SCHEMA_FILE: string = fileURLToPath(new URL(`../../${WORKSPACE_REGISTRY_SCHEMA_PATH}`, import.meta.url));

export type { WorkspaceLocation } from './workspaceConfinement.js';

/**
 * Validate `workspaceId` (before any path is built) and place the workspace:
 * `<workspacesRoot>/<id>`, or `workspacePath` whose directory name must be the id.
 */
export function locateWorkspace(workspaceId: string, workspacesRoot: string, workspacePath?: string, cwd = process.cwd()): WorkspaceLocation {
  assertWorkspaceId(workspaceId);
  const root = resolve(cwd, workspacesRoot);
  if (workspacePath === undefined) return { id: workspaceId, root, dir: join(root, workspaceId) };
  const dir = resolve(cwd, workspacePath);
  if (basename(dir) !== workspaceId) {
    throw new InvalidWorkspaceIdError(workspaceId, `--workspace-path must end in a directory named '${workspaceId}' (the directory name is the workspace id), got '${basename(dir)}'`);
  }
  // Workspaces are the directories directly under the root: anywhere else the
  // registry would never find it, and the tool never writes outside its root.
  if (dirname(dir) !== root) {
    throw new RegistryLoadError(`--workspace-path ${dir} is not directly under the workspaces root ${root}`, {
      file: dir,
      hint: 'pass --workspaces-root (or set CURSUS_WORKSPACES_ROOT) to the directory that should hold the workspace',
    });
  }
  return { id: workspaceId, root, dir };
}

/** Path of the registry file of a given format in a workspace directory. */
export function registryFileFor(dir: string, format: RegistryFormat | string): string {
  return join(dir, WORKSPACE_REGISTRY_DIR, `${WORKSPACE_REGISTRY_BASENAME}.${format}`);
}

/** A POSIX-style relative reference from a registry file to the shipped schema. */
export function schemaRefFor(registryFile: string): string {
  return relative(dirname(registryFile), SHIPPED_SCHEMA_FILE).split(sep).join('/');
}

/**
 * Options of {@link initWorkspace}. A workspaces root that does not exist is
 * refused unless `createRoot` (see {@link WorkspacesRootPolicy}). The workspace
 * is `workspaceId` (`developerId`, its old name, still works: see {@link WorkspaceIdOption}).
 */
export type InitWorkspaceOptions = InitWorkspaceSettings & WorkspaceIdOption;

/** Options of {@link initWorkspace} other than the workspace id. */
export interface InitWorkspaceSettings extends WorkspaceLockOptions, WorkspacesRootPolicy {
  readonly workspacesRoot: string;
  readonly workspacePath?: string;
  readonly template?: RegistryTemplate;
  readonly format?: RegistryFormat;
  readonly force?: boolean;
  readonly cwd?: string;
  readonly now?: Date;
}

/** What {@link initWorkspace} wrote. */
export interface InitWorkspaceResult {
  readonly workspaceId: string;
  readonly workspaceDir: string;
  readonly registryFile: string;
  /** Backups of registry files that were replaced (`--force`). */
  readonly backups: readonly string[];
  /** The workspaces root, when this call created it (`createRoot`); else null. */
  readonly createdRoot: string | null;
}

/** What {@link writeRegistryFile} did, and how to take it back. */
export interface RegistryFileWrite {
  /** Backups of the registry files replaced or moved aside. */
  readonly backups: string[];
  /** Put the workspace's registry files back as they were (the new file removed, backups back in place). */
  undo(): void;
}

/**
 * Write a workspace's registry file; call with the workspace lock held (see
 * {@link writeInWorkspace}). An existing registry is refused unless `force`;
 * with it, the file being replaced is kept as a timestamped backup next to it,
 * and a registry of another format is moved to such a backup after the new
 * file is written, so the workspace never ends with two registries and
 * nothing is deleted.
 */
export function writeRegistryFile(location: WorkspaceLocation, target: string, content: string, force: boolean, now: Date): RegistryFileWrite {
  const existing = findRegistryFiles(location.dir);
  if (existing.length && !force) {
    throw new WorkspaceExistsError(`workspace '${location.id}' already has a registry`, { file: existing[0], workspaceId: location.id });
  }
  const replaced = existing.includes(target) ? backupFile(location.dir, target, now) : null;
  writeFileInside(location.dir, target, content);
  const moved: [string, string][] = [];
  for (const file of existing) if (file !== target) moved.push([file, moveToBackup(location.dir, file, now)]);
  return {
    backups: [...(replaced ? [replaced] : []), ...moved.map(([, backup]) => backup)],
    undo() {
      if (replaced) renameSync(replaced, target);
      else unlinkSync(target);
      for (const [file, backup] of moved) {
        linkSync(backup, file);
        unlinkSync(backup);
      }
    },
  };
}

/**
 * Create (or, with `force`, replace) a workspace's registry file from a
 * template, holding the workspace lock. Writes atomically and only inside the
 * workspace's own directory.
 *
 * @throws InvalidWorkspaceIdError, WorkspaceExistsError, WorkspaceLockedError,
 *   WorkspacesRootMissingError (the root does not exist and `createRoot` is not set),
 *   RegistryLoadError (I/O, or a symbolic link leading out of the workspace)
 */
export function initWorkspace(options: InitWorkspaceOptions): InitWorkspaceResult {
  const location = locateWorkspace(workspaceIdOf(options), options.workspacesRoot, options.workspacePath, options.cwd);
  const createsRoot = checkWorkspacesRoot(location.root, options);
  const format = options.format ?? 'yaml';
  const registryFile = registryFileFor(location.dir, format);
  const content = renderRegistryTemplate({
    workspaceId: location.id,
    template: options.template ?? 'standard',
    format,
    schemaRef: schemaRefFor(registryFile),
  });
  const { backups } = writeInWorkspace(
    location,
    () => [registryFile, ...findRegistryFiles(location.dir)],
    () => writeRegistryFile(location, registryFile, content, options.force ?? false, options.now ?? new Date()),
    options,
  );
  return { workspaceId: location.id, workspaceDir: location.dir, registryFile, backups, createdRoot: createsRoot ? location.root : null };
}
