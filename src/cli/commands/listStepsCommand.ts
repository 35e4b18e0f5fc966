import type { HybridRegistryManager } from '../../engine/hybridRegistryManager.js';
import type { RegistryView } from '../../engine/registryView.js';
import type { StepDefinition } from '../../model/stepDefinition.js';
import { listConflictRecords, listStepRecords } from '../../query/stepQueries.js';
import { displayOrigin, displayPath, originLabel, renderTable, stableJson, type CliIO } from '../output.js';
import { loadRegistry, reportFailedWorkspaces, type GlobalOptions } from '../registryLoader.js';
import { compareCodeUnits } from '../../model/codeUnitOrder.js';

/** Options of `registry list-steps`. */
export interface ListStepsOptions extends GlobalOptions {
  workspace?: string;
  conflictsOnly: boolean;
  showOrigin: boolean;
  format: 'text' | 'table' | 'json';
}

function row(def: StepDefinition, opts: ListStepsOptions, io: CliIO): string[] {
  const cells = [def.name, def.config_class, def.builder_step_name, def.sagemaker_step_type, originLabel(def)];
  if (opts.showOrigin) cells.push(displayOrigin(def.source.file, def.source.line, io.cwd));
  return cells;
}

function head(opts: ListStepsOptions): string[] {
  return ['STEP', 'CONFIG CLASS', 'BUILDER', 'SAGEMAKER TYPE', 'FROM', ...(opts.showOrigin ? ['ORIGIN'] : [])];
}

async function listConflicts(registry: HybridRegistryManager, opts: ListStepsOptions, io: CliIO): Promise<number> {
  if (opts.format === 'json') {
    // With --workspace: only the conflicts that workspace takes part in.
    io.stdout(stableJson(listConflictRecords(registry, opts.workspace)));
    return 0;
  }
  const conflicts = registry.getStepConflicts();
  const names = Object.keys(conflicts).filter((name) => opts.workspace === undefined || (conflicts[name] ?? []).some((d) => d.workspace_id === opts.workspace));
  if (names.length === 0) {
    io.stdout('No step is defined by more than one workspace.\n');
    return 0;
  }
  const rows: string[][] = [];
  for (const name of names) {
    for (const def of conflicts[name] ?? []) {
      rows.push([name, def.workspace_id ?? 'core', def.registry_type, def.config_class, String(def.priority), def.framework ?? '-', def.environment_tags.join(',') || '-', ...(opts.showOrigin ? [displayOrigin(def.source.file, def.source.line, io.cwd)] : [])]);
    }
  }
  io.stdout(`${io.colors.bold('Steps defined by two or more workspaces')} (${names.length}; see resolve-step NAME --explain)\n`);
  io.stdout(await renderTable(io, ['STEP', 'WORKSPACE', 'TYPE', 'CONFIG CLASS', 'PRIORITY', 'FRAMEWORK', 'ENVIRONMENT', ...(opts.showOrigin ? ['ORIGIN'] : [])], rows));
  return 0;
}

/** `cursus registry list-steps`. */
export async function runListSteps(io: CliIO, opts: ListStepsOptions): Promise<number> {
  const registry = loadRegistry(opts, io);
  // The view first: asking for a broken workspace is its load error, not a warning.
  const view = registry.getView(opts.workspace);
  try {
    return await listView(registry, view, opts, io);
  } finally {
    reportFailedWorkspaces(registry, io);
  }
}

async function listView(registry: HybridRegistryManager, view: RegistryView, opts: ListStepsOptions, io: CliIO): Promise<number> {
  if (opts.conflictsOnly) return listConflicts(registry, opts, io);
  if (opts.format === 'json') {
    io.stdout(stableJson(listStepRecords(registry, { workspaceId: view.workspaceId, withSource: opts.showOrigin })));
    return 0;
  }
  const names = [...view.definitions.keys()].sort(compareCodeUnits);
  const title = view.workspaceId === null ? 'the core view' : `the view of workspace '${view.workspaceId}'`;
  io.stdout(`${io.colors.bold(`Steps in ${title}`)} (${names.length} steps; core: ${displayOrigin(registry.locations.coreRegistry, null, io.cwd)})\n`);
  io.stdout(await renderTable(io, head(opts), names.map((name) => row(view.definitions.get(name) as StepDefinition, opts, io))));
  if (view.workspaceId !== null) return 0;
  // The core view is what code without a workspace sees; also show what each workspace adds.
  const extra: string[][] = [];
  for (const ws of registry.getWorkspaces()) {
    if (ws.status !== 'loaded') continue;
    const defs = [...registry.getLocalOnlyDefinitions(ws.id).values()].sort((a, b) => compareCodeUnits(a.name, b.name));
    for (const def of defs) extra.push(row(def, opts, io));
  }
  const root = displayOrigin(registry.locations.workspacesRoot, null, io.cwd);
  const { hybridRegistry, workspacesRoot } = registry.locations.settings.settings;
  if (!hybridRegistry.value) {
    const by = hybridRegistry.origin === 'config' ? displayPath(hybridRegistry.source, io.cwd) : hybridRegistry.source;
    io.stdout(`\nWorkspaces are switched off (hybridRegistry is off, set by ${by}): only the core registry is served.\n`);
    return 0;
  }
  if (extra.length === 0) {
    const why =
      workspacesRoot.origin === 'default'
        ? ` (the default root; no cursus.config found from ${displayPath(registry.locations.settings.configSearch.from, io.cwd) || '.'} up to ${registry.locations.settings.configSearch.to}; see \`cursus config --show-origin\`)`
        : ` (root from ${workspacesRoot.origin === 'config' ? displayPath(workspacesRoot.source, io.cwd) : workspacesRoot.source})`;
    io.stdout(`\nNo workspace definitions under ${root}${why}.\n`);
    return 0;
  }
  io.stdout(`\n${io.colors.bold('Workspace definitions')} (not in the core view; use --workspace ID; root: ${root})\n`);
  io.stdout(await renderTable(io, head(opts), extra));
  return 0;
}
