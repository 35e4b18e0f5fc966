import { Option, type Command } from 'commander';
import type { HybridRegistryManager } from '../../engine/hybridRegistryManager.js';
import type { StepDefinition } from '../../model/stepDefinition.js';
import { displayOrigin, renderTable, stableJson, type CliIO } from '../output.js';
import { loadRegistry, type GlobalOptions } from '../registryLoader.js';

interface ListStepsOptions {
  workspace?: string;
  format: 'table' | 'json';
}

/** `registry_type` plus the workspace, e.g. `override (alice)`. */
function originLabel(def: StepDefinition): string {
  return def.workspace_id === null ? 'core' : `${def.registry_type} (${def.workspace_id})`;
}

function jsonRecord(def: StepDefinition): Record<string, unknown> {
  return {
    config_class: def.config_class,
    builder_step_name: def.builder_step_name,
    spec_type: def.spec_type,
    sagemaker_step_type: def.sagemaker_step_type,
    description: def.description,
    registry_type: def.registry_type,
    workspace_id: def.workspace_id,
  };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Report failed workspaces on stderr so a listing never hides them. */
function reportFailures(registry: HybridRegistryManager, io: CliIO): void {
  for (const ws of registry.getWorkspaces()) {
    if (ws.status === 'failed') io.stderr(`${io.colors.yellow('warning')}: workspace '${ws.id}' failed to load: ${ws.error ?? ''}\n`);
  }
}

async function listSteps(options: ListStepsOptions, globals: GlobalOptions, io: CliIO): Promise<number> {
  const registry = loadRegistry(globals, io.cwd);
  const view = registry.getView(options.workspace);
  const names = [...view.definitions.keys()].sort(byName);
  reportFailures(registry, io);
  if (options.format === 'json') {
    const out: Record<string, unknown> = {};
    for (const name of names) out[name] = jsonRecord(view.definitions.get(name) as StepDefinition);
    io.stdout(stableJson(out));
    return 0;
  }
  const title = view.workspaceId === null ? 'core view' : `view of workspace '${view.workspaceId}'`;
  io.stdout(`${io.colors.bold(`Steps in the ${title}`)} (${names.length} steps; core: ${displayOrigin(registry.locations.coreRegistry, null, io.cwd)})\n`);
  const rows = names.map((name) => {
    const def = view.definitions.get(name) as StepDefinition;
    return [name, def.config_class, def.builder_step_name, def.sagemaker_step_type, originLabel(def), displayOrigin(def.source.file, def.source.line, io.cwd)];
  });
  io.stdout(await renderTable(io, ['STEP', 'CONFIG CLASS', 'BUILDER', 'SAGEMAKER TYPE', 'FROM', 'ORIGIN'], rows));
  if (view.workspaceId === null) {
    // The core view is what code without a workspace sees; also show what each workspace adds.
    const extra: string[][] = [];
    for (const ws of registry.getWorkspaces()) {
      if (ws.status !== 'loaded') continue;
      for (const def of [...registry.getLocalOnlyDefinitions(ws.id).values()].sort((a, b) => byName(a.name, b.name))) {
        extra.push([def.name, def.config_class, def.builder_step_name, def.sagemaker_step_type, originLabel(def), displayOrigin(def.source.file, def.source.line, io.cwd)]);
      }
    }
    const root = displayOrigin(registry.locations.workspacesRoot, null, io.cwd);
    if (extra.length) {
      io.stdout(`\n${io.colors.bold('Workspace definitions')} (not in the core view; use --workspace ID; root: ${root})\n`);
      io.stdout(await renderTable(io, ['STEP', 'CONFIG CLASS', 'BUILDER', 'SAGEMAKER TYPE', 'FROM', 'ORIGIN'], extra));
    } else {
      io.stdout(`\nNo workspace definitions under ${root}.\n`);
    }
  }
  return 0;
}

/** Register `registry list-steps`. */
export function registerListSteps(registry: Command, io: CliIO, run: (action: () => Promise<number>) => Promise<void>): void {
  registry
    .command('list-steps')
    .description('List the steps of a view: the core view, or a workspace\'s (core + its local steps and overrides)')
    .option('-w, --workspace <id>', 'list the view of this workspace (default: CURSUS_WORKSPACE_ID, else core)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExamples:\n  $ cursus registry list-steps\n  $ cursus registry list-steps --workspace alice --format json\n')
    .action(async (options: ListStepsOptions, command: Command) => {
      await run(() => listSteps(options, command.optsWithGlobals() as GlobalOptions, io));
    });
}
