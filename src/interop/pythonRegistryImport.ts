/**
 * Convert Python workspace registries (`workspace_registry.py`) to YAML, JSON
 * or TypeScript: one file, one workspace, or every Python workspace under a
 * workspaces root. All or nothing: every source is parsed and validated and
 * every target checked before anything is written (all failures reported
 * together), and if a write still fails, the writes and moves already done
 * are taken back. Writes hold the lock of each workspace involved, are atomic,
 * and stay inside the workspace's own directory (or the target's); a replaced
 * target is backed up.
 *
 * The `.py` is left in place unless `replace` is set, in which case it is
 * renamed to `workspace_registry.py.bak-<timestamp>` after the new file is
 * written. Left in place, the workspace has two registry files and is
 * reported ambiguous until one is removed: the report warns about it.
 */
import { existsSync, linkSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../model/diagnostics.js';
import { RegistryError, RegistryLoadError } from '../model/errors.js';
import { workspaceIdProblem } from '../model/workspaceId.js';
import { readPythonRegistry } from '../sources/pythonRegistryReader.js';
import { findRegistryFiles, listWorkspaces, WORKSPACE_REGISTRY_DIR } from '../sources/workspaceDiscovery.js';
import { readWorkspaceRegistry } from '../sources/workspaceRegistryReader.js';
import { schemaRefFor } from '../workspace/initWorkspace.js';
import { assertInsideRoot, moveToBackup } from '../workspace/safeWrite.js';
import { assertConfinedToWorkspace } from '../workspace/workspaceConfinement.js';
import { withWorkspaceLocks } from '../workspace/workspaceLock.js';
import { assertWritable, plural, writePlanned, type ImportedFile, type ImportReport, type PlannedWrite } from './importReport.js';
import { renderWorkspaceRegistry, WORKSPACE_IMPORT_FORMATS, type WorkspaceImportFormat } from './registryRendering.js';

/** Options of {@link importPythonRegistries}. */
export interface PythonImportOptions {
  /** Output format; default: the extension of `to`, else `yaml`. */
  readonly format?: WorkspaceImportFormat;
  /** Output file (single `.py` or workspace only); an existing directory receives `workspace_registry.<ext>`. */
  readonly to?: string;
  /** Replace an existing output file (a timestamped backup is kept). */
  readonly force?: boolean;
  /** Rename each `.py` to `<name>.py.bak-<timestamp>` once converted, so the workspace keeps one registry file. */
  readonly replace?: boolean;
  readonly cwd?: string;
  readonly now?: Date;
}

interface PythonPlan extends PlannedWrite {
  readonly source: string;
  readonly contents: string;
  /** The workspace directory, when the `.py` sits in the standard layout. */
  readonly workspaceDir: string | null;
}

/** The workspace directory of a registry file in `<ws>/src/cursus_dev/registry/`, or null. */
function workspaceDirOf(file: string): string | null {
  const dir = dirname(file);
  return dir.endsWith(`${sep}${WORKSPACE_REGISTRY_DIR}`) ? dir.slice(0, -WORKSPACE_REGISTRY_DIR.length - 1) : null;
}

/** The format to write: explicit, else from the target's extension, else YAML. */
export function importFormatFor(to: string | undefined, format: WorkspaceImportFormat | undefined): WorkspaceImportFormat {
  const fromTarget = to ? extname(to).slice(1).toLowerCase().replace(/^yml$/, 'yaml') : '';
  const known = (WORKSPACE_IMPORT_FORMATS as readonly string[]).includes(fromTarget) ? (fromTarget as WorkspaceImportFormat) : undefined;
  if (format && known && format !== known) {
    throw new RegistryLoadError(`--format ${format} does not match the extension of --to (.${fromTarget})`, { file: to, hint: 'drop --format, or give --to a matching extension' });
  }
  return format ?? known ?? 'yaml';
}

function targetFor(source: string, format: WorkspaceImportFormat, to: string | undefined, cwd: string): string {
  const name = `${basename(source, extname(source))}.${format}`;
  if (to === undefined) return join(dirname(source), name);
  const path = resolve(cwd, to);
  return existsSync(path) && statSync(path).isDirectory() ? join(path, name) : path;
}

function planConversion(source: string, root: string | null, options: PythonImportOptions, format: WorkspaceImportFormat, warnings: Diagnostic[]): PythonPlan {
  const cwd = options.cwd ?? process.cwd();
  const workspaceDir = workspaceDirOf(source);
  const raw = readPythonRegistry(source);
  const metadata = raw.sections.get('WORKSPACE_METADATA');
  const declaredId = metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata.developer_id : undefined;
  const workspaceId = workspaceDir ? basename(workspaceDir) : typeof declaredId === 'string' && !workspaceIdProblem(declaredId) ? declaredId : null;
  // Validate exactly as the registry will load it: a file that would not load is not converted.
  const contents = readWorkspaceRegistry(source, workspaceId ?? basename(source, '.py'));
  for (const w of contents.warnings) warnings.push(makeDiagnostic(w));
  const target = targetFor(source, format, options.to, cwd);
  if (resolve(target) === resolve(source)) throw new RegistryLoadError('the output file is the source file', { file: source, hint: 'give --to another file, or another --format' });
  const content = renderWorkspaceRegistry(raw.sections, format, {
    schemaRef: format === 'ts' ? undefined : schemaRefFor(target),
    header: [`Converted from ${basename(source)} by \`cursus registry import\`: the same data, read without running Python.`],
  });
  const parts = [plural(contents.localSteps.size, 'local step'), plural(contents.stepOverrides.size, 'override')];
  if (raw.sections.has('WORKSPACE_METADATA')) parts.push('metadata');
  return {
    source,
    target,
    content,
    workspaceId,
    workspaceDir,
    contents: parts.join(', '),
    root: options.to !== undefined ? dirname(target) : (root ?? workspaceDir ?? dirname(source)),
  };
}

/** One step of an import done so far, and how to take it back. */
interface DoneStep {
  readonly what: string;
  undo(): void;
}

/** Everything that can be checked before writing: existing targets (without force), confinement, directories. */
function checkPlans(plans: readonly PythonPlan[], force: boolean): void {
  const targets = new Set<string>();
  for (const plan of plans) {
    assertWritable(plan, force);
    if (targets.has(plan.target)) throw new RegistryLoadError('two sources would write the same file', { file: plan.target, hint: 'convert them one at a time with --to' });
    targets.add(plan.target);
    assertInsideRoot(plan.root, plan.target);
    // A source or target in a workspace's layout stays inside that workspace's own directory (no link into another one).
    for (const dir of new Set([plan.workspaceDir, workspaceDirOf(plan.target)])) {
      if (dir === null) continue;
      const paths = [plan.source, plan.target].filter((p) => workspaceDirOf(p) === dir);
      assertConfinedToWorkspace({ id: basename(dir), root: dirname(dir), dir }, paths);
    }
    if (existsSync(plan.target) && !statSync(plan.target).isFile()) {
      throw new RegistryLoadError('the output path exists and is not a regular file', { file: plan.target, hint: 'give --to a file path' });
    }
  }
}

/**
 * Write every plan, all or nothing: if any write (or move) fails, the ones
 * already done are taken back (new files removed, replaced files and moved
 * sources restored from their backups) before the error is thrown.
 */
function execute(plans: readonly PythonPlan[], options: PythonImportOptions, warnings: Diagnostic[]): ImportReport {
  const now = options.now ?? new Date();
  checkPlans(plans, options.force ?? false);
  const lockDirs = plans.flatMap((p) => [p.workspaceDir, workspaceDirOf(p.target)]).filter((d): d is string => d !== null && existsSync(d));
  return withWorkspaceLocks(
    lockDirs.map((dir) => ({ dir, id: basename(dir) })),
    () => {
      checkPlans(plans, options.force ?? false);
      const done: DoneStep[] = [];
      const written: ImportedFile[] = [];
      try {
        for (const plan of plans) {
          const backup = writePlanned(plan, now);
          done.push({
            what: plan.target,
            undo: () => (backup ? renameSync(backup, plan.target) : unlinkSync(plan.target)),
          });
          let movedSource: string | null = null;
          if (options.replace) {
            const moved = moveToBackup(plan.workspaceDir ?? dirname(plan.source), plan.source, now);
            movedSource = moved;
            done.push({
              what: plan.source,
              undo: () => {
                linkSync(moved, plan.source);
                unlinkSync(moved);
              },
            });
          }
          written.push({ source: plan.source, target: plan.target, workspaceId: plan.workspaceId, contents: plan.contents, backup, movedSource });
        }
      } catch (error) {
        const undone = rollBack(done);
        const reason = error instanceof RegistryError ? error.detail : (error as Error).message;
        throw new RegistryLoadError(
          `import stopped: ${reason}; nothing was kept (${undone.length} earlier step${undone.length === 1 ? '' : 's'} taken back) — 0 of ${plans.length} file${plans.length === 1 ? '' : 's'} written`,
          { file: error instanceof RegistryError ? error.file : undefined, hint: 'fix the cause and run the import again', cause: error },
        );
      }
      for (const plan of plans) twoFilesWarning(plan, warnings);
      return { written, warnings };
    },
  );
}

/** Undo done steps, newest first; returns what was undone. A step that cannot be undone is skipped (its backup stays). */
function rollBack(done: readonly DoneStep[]): string[] {
  const undone: string[] = [];
  for (const step of [...done].reverse()) {
    try {
      step.undo();
      undone.push(step.what);
    } catch {
      // Its backup file is left in place for the user.
    }
  }
  return undone;
}

function twoFilesWarning(plan: PythonPlan, warnings: Diagnostic[]): void {
  if (!plan.workspaceDir) return;
  const files = findRegistryFiles(plan.workspaceDir);
  if (files.length <= 1) return;
  warnings.push(
    makeDiagnostic({
      severity: 'warning',
      code: 'TWO_REGISTRY_FILES',
      message: `workspace '${plan.workspaceId ?? ''}' now has ${files.length} registry files (${files.map((f) => basename(f)).join(', ')}) and is reported ambiguous until one is removed`,
      file: plan.target,
      workspace_id: plan.workspaceId,
      hint: `delete ${basename(plan.source)} once nobody reads it, or re-run with --replace --force to move it aside`,
    }),
  );
}

/**
 * Convert one `.py` registry, or the one of a workspace directory
 * (`<dir>/src/cursus_dev/registry/workspace_registry.py`).
 *
 * @throws RegistryLoadError / StepDefinitionInvalidError for a file that would not load,
 *   WorkspaceExistsError for an existing target without `force`. Nothing is written then.
 */
export function importPythonRegistry(source: string, options: PythonImportOptions = {}): ImportReport {
  const format = importFormatFor(options.to, options.format);
  const warnings: Diagnostic[] = [];
  const plan = planConversion(resolve(options.cwd ?? process.cwd(), source), null, options, format, warnings);
  return execute([plan], options, warnings);
}

/**
 * Convert the `.py` registry of every workspace under a workspaces root, each
 * next to its `.py`. Workspaces without one are left alone. All are validated
 * before the first is written.
 */
export function importPythonWorkspaces(workspacesRoot: string, options: PythonImportOptions = {}): ImportReport {
  if (options.to !== undefined) {
    throw new RegistryLoadError('--to applies to a single .py file or workspace; a workspaces root is converted in place', { file: workspacesRoot, hint: 'drop --to (each workspace gets its file next to its .py)' });
  }
  const root = resolve(options.cwd ?? process.cwd(), workspacesRoot);
  const format = importFormatFor(undefined, options.format);
  const listing = listWorkspaces(root, true);
  const warnings: Diagnostic[] = listing.diagnostics.map(makeDiagnostic);
  const plans: PythonPlan[] = [];
  // Every source is validated before anything is written; all failures are reported together.
  const failures: RegistryError[] = [];
  for (const entry of listing.entries) {
    const py = findRegistryFiles(entry.dir).find((f) => f.endsWith('.py'));
    if (!py) continue;
    try {
      plans.push(planConversion(py, root, options, format, warnings));
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      failures.push(error.inWorkspace(entry.id));
    }
  }
  if (failures.length === 1) throw failures[0] as RegistryError;
  if (failures.length > 1) {
    // One line per failing workspace (the first, then the others' findings); nothing was written.
    const [first, ...rest] = failures as [RegistryError, ...RegistryError[]];
    throw new RegistryLoadError(first.detail, {
      file: first.file,
      line: first.line,
      column: first.column,
      workspaceId: first.workspaceId,
      hint: `${first.hint ? `${first.hint}; ` : ''}${failures.length} workspace registries would not load (${failures.map((f) => f.workspaceId ?? '?').join(', ')}), so nothing was written`,
      more: rest.flatMap((f) => f.findings),
      cause: first,
    });
  }
  if (plans.length === 0) {
    throw new RegistryLoadError('no workspace under this directory has a workspace_registry.py', {
      file: root,
      hint: `each workspace keeps its registry in <workspace>/${WORKSPACE_REGISTRY_DIR.split(sep).join('/')}/workspace_registry.py; or give a .py file, or a directory of *.step.yaml files`,
    });
  }
  return execute(plans, options, warnings);
}
