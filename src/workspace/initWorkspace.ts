import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidWorkspaceIdError, RegistryLoadError, WorkspaceExistsError } from '../model/errors.js';
import { WORKSPACE_REGISTRY_SCHEMA_PATH } from '../model/jsonSchema.js';
import { assertWorkspaceId } from '../model/workspaceId.js';
import { findRegistryFiles, WORKSPACE_REGISTRY_BASENAME, WORKSPACE_REGISTRY_DIR } from '../sources/workspaceDiscovery.js';
import { renderRegistryTemplate, type RegistryFormat, type RegistryTemplate } from './registryTemplates.js';
import { backupFile, moveToBackup, writeFileInside } from './safeWrite.js';

/** The schema file shipped with the package. */
export const SHIPPED_SCHEMA_FILE: string = fileURLToPath(new URL(`../../${WORKSPACE_REGISTRY_SCHEMA_PATH}`, import.meta.url));

/** Where a workspace goes: its directory and the root it must stay inside. */
export interface WorkspaceLocation {
  readonly id: string;
  readonly root: string;
  readonly dir: string;
}

/**
 * Validate `developerId` (before any path is built) and place the workspace:
 * `<workspacesRoot>/<id>`, or `workspacePath` whose directory name must be the id.
 */
export function locateWorkspace(developerId: string, workspacesRoot: string, workspacePath?: string, cwd = process.cwd()): WorkspaceLocation {
  assertWorkspaceId(developerId);
  const root = resolve(cwd, workspacesRoot);
  if (workspacePath === undefined) return { id: developerId, root, dir: join(root, developerId) };
  const dir = resolve(cwd, workspacePath);
  if (basename(dir) !== developerId) {
    throw new InvalidWorkspaceIdError(developerId, `--workspace-path must end in a directory named '${developerId}' (the directory name is the workspace id), got '${basename(dir)}'`);
  }
  // Workspaces are the directories directly under the root: anywhere else the
  // registry would never find it, and the tool never writes outside its root.
  if (dirname(dir) !== root) {
    throw new RegistryLoadError(`--workspace-path ${dir} is not directly under the workspaces root ${root}`, {
      file: dir,
      hint: 'pass --workspaces-root (or set CURSUS_WORKSPACES_ROOT) to the directory that should hold the workspace',
    });
  }
  return { id: developerId, root, dir };
}

/** Path of the registry file of a given format in a workspace directory. */
export function registryFileFor(dir: string, format: RegistryFormat | string): string {
  return join(dir, WORKSPACE_REGISTRY_DIR, `${WORKSPACE_REGISTRY_BASENAME}.${format}`);
}

/** A POSIX-style relative reference from a registry file to the shipped schema. */
export function schemaRefFor(registryFile: string): string {
  return relative(dirname(registryFile), SHIPPED_SCHEMA_FILE).split(sep).join('/');
}

/** Options of {@link initWorkspace}. */
export interface InitWorkspaceOptions {
  readonly developerId: string;
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
}

/**
 * Write a workspace's registry file. An existing registry is refused unless
 * `force`; with it, every existing registry file is first backed up
 * (timestamped, next to it), and after the new file is written the ones of
 * another format are removed, so the workspace never ends with two registries.
 * Returns the backups.
 */
export function writeRegistryFile(location: WorkspaceLocation, target: string, content: string, force: boolean, now: Date): string[] {
  const existing = findRegistryFiles(location.dir);
  if (existing.length && !force) {
    throw new WorkspaceExistsError(`workspace '${location.id}' already has a registry`, { file: existing[0], workspaceId: location.id });
  }
  // The file being replaced keeps its old content as a backup; one of another
  // format is moved aside after the new file is in place, so the workspace
  // never ends with two registries and nothing is deleted.
  const backups = existing.filter((file) => file === target).map((file) => backupFile(location.root, file, now));
  writeFileInside(location.root, target, content);
  for (const file of existing) if (file !== target) backups.push(moveToBackup(location.root, file, now));
  return backups;
}

/**
 * Create (or, with `force`, replace) a workspace's registry file from a
 * template. Writes atomically and only inside the workspaces root.
 *
 * @throws InvalidWorkspaceIdError, WorkspaceExistsError, RegistryLoadError (I/O)
 */
export function initWorkspace(options: InitWorkspaceOptions): InitWorkspaceResult {
  const location = locateWorkspace(options.developerId, options.workspacesRoot, options.workspacePath, options.cwd);
  const format = options.format ?? 'yaml';
  const registryFile = registryFileFor(location.dir, format);
  const content = renderRegistryTemplate({
    developerId: location.id,
    template: options.template ?? 'standard',
    format,
    schemaRef: schemaRefFor(registryFile),
  });
  const backups = writeRegistryFile(location, registryFile, content, options.force ?? false, options.now ?? new Date());
  return { workspaceId: location.id, workspaceDir: location.dir, registryFile, backups };
}
