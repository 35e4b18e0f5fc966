import type { ExportFormat } from '../../interop/registryExport.js';
import { exportViewText } from '../../query/exportQuery.js';
import { displayPath, type CliIO } from '../output.js';
import { VERSION } from '../packageVersion.js';
import { loadRegistry, reportFailedWorkspaces, type GlobalOptions } from '../registryLoader.js';

/** Options of `registry export`. */
export interface ExportCommandOptions extends GlobalOptions {
  workspace?: string;
  format: ExportFormat;
}

/** `cursus registry export`: the STEP_NAMES of a view (legacy fields + fields not at their default) as JSON, YAML or a Python module. */
export async function runExport(io: CliIO, opts: ExportCommandOptions): Promise<number> {
  const registry = loadRegistry(opts, io);
  // Asking for a broken workspace is its load error (exit 2), never a silent core export.
  const view = registry.getView(opts.workspace);
  try {
    io.stdout(exportViewText(registry, { workspaceId: view.workspaceId, format: opts.format, coreRegistryLabel: displayPath(registry.locations.coreRegistry, io.cwd), version: VERSION }));
    return 0;
  } finally {
    reportFailedWorkspaces(registry, io);
  }
}
