import { basename, join } from 'node:path';
import { importPythonRegistry, importPythonWorkspaces } from '../../interop/pythonRegistryImport.js';
import { detectImportSource } from '../../interop/importSource.js';
import type { ImportReport } from '../../interop/importReport.js';
import type { WorkspaceImportFormat } from '../../interop/registryRendering.js';
import { coreFormatFor, importStepInterfaces } from '../../interop/stepInterfaceImport.js';
import { RegistryLoadError } from '../../model/errors.js';
import { WORKSPACE_REGISTRY_BASENAME, WORKSPACE_REGISTRY_DIR } from '../../sources/workspaceDiscovery.js';
import { displayPath, findingRow, type CliIO } from '../output.js';
import type { GlobalOptions } from '../registryLoader.js';

/** Options of `registry import`. */
export interface ImportCommandOptions extends GlobalOptions {
  to?: string;
  format?: WorkspaceImportFormat;
  force: boolean;
  replace: boolean;
  extra?: string;
}

function printReport(io: CliIO, report: ImportReport, verb: string): void {
  const c = io.colors;
  for (const file of report.written) {
    io.stdout(`${c.green(verb)} ${displayPath(file.source, io.cwd)} -> ${displayPath(file.target, io.cwd)} (${file.contents})\n`);
    if (file.backup) io.stdout(`  backed up the file it replaced to ${displayPath(file.backup, io.cwd)}\n`);
    if (file.movedSource) io.stdout(`  moved ${basename(file.source)} aside to ${displayPath(file.movedSource, io.cwd)}\n`);
  }
  for (const d of report.warnings) io.stdout(`${findingRow(io, d)}\n`);
  const files = report.written.length;
  const warnings = report.warnings.length;
  io.stdout(`${files} file${files === 1 ? '' : 's'} written, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  const workspaces = [...new Set(report.written.map((f) => f.workspaceId).filter((id): id is string => id !== null))];
  if (workspaces.length === 1) io.stdout(`next: cursus registry validate-registry --workspace ${workspaces[0] ?? ''}\n`);
  else if (workspaces.length > 1) io.stdout('next: cursus registry validate-registry\n');
}

/** `cursus registry import <source>`: Python registries → YAML/JSON/TS; step interface files → a core registry. */
export async function runImport(io: CliIO, opts: ImportCommandOptions, source: string): Promise<number> {
  const found = detectImportSource(source, io.cwd);
  const common = { to: opts.to, force: opts.force, cwd: io.cwd };
  if (found.kind !== 'step-interfaces' && opts.extra !== undefined) {
    throw new RegistryLoadError('--extra applies to a directory of *.step.yaml interface files', { file: found.path, hint: 'drop --extra' });
  }
  if (found.kind === 'step-interfaces' && opts.replace) {
    throw new RegistryLoadError('--replace applies to .py registries (interface files are never moved)', { file: found.path, hint: 'drop --replace' });
  }
  switch (found.kind) {
    case 'step-interfaces':
      printReport(io, importStepInterfaces(found.path, { ...common, extra: opts.extra, format: coreFormatFor(opts.to, opts.format) }), 'derived');
      break;
    case 'python-registry':
      printReport(io, importPythonRegistry(found.path, { ...common, format: opts.format, replace: opts.replace }), 'converted');
      break;
    case 'workspace':
      printReport(io, importPythonRegistry(join(found.path, WORKSPACE_REGISTRY_DIR, `${WORKSPACE_REGISTRY_BASENAME}.py`), { ...common, format: opts.format, replace: opts.replace }), 'converted');
      break;
    case 'workspaces-root':
      printReport(io, importPythonWorkspaces(found.path, { ...common, format: opts.format, replace: opts.replace }), 'converted');
      break;
  }
  return 0;
}
