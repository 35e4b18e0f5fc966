import type { HealthReport } from '../../ops/registryHealthMonitor.js';
import { coreFailureHealthRecord, registryHealthRecord } from '../../query/healthQuery.js';
import { HybridRegistryManager } from '../../engine/hybridRegistryManager.js';
import { RegistryError } from '../../model/errors.js';
import { displayOrigin, displayPath, renderTable, stableJson, type CliIO } from '../output.js';
import type { GlobalOptions } from '../registryLoader.js';

/** Options of `registry health`. */
export interface HealthOptions extends GlobalOptions {
  format: 'text' | 'json';
}

/** `cursus registry health`: exit 1 when unhealthy (a broken core is unhealthy too). */
export async function runHealth(io: CliIO, opts: HealthOptions): Promise<number> {
  let report: HealthReport;
  try {
    const registry = new HybridRegistryManager({ workspacesRoot: opts.workspacesRoot, coreRegistry: opts.coreRegistry, cwd: io.cwd, env: io.env });
    report = registryHealthRecord(registry);
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    // Nothing can be served without a core: that is the unhealthiest state, not a usage error.
    if (opts.format === 'json') io.stdout(stableJson(coreFailureHealthRecord(error)));
    else io.stdout(`${io.colors.red('unhealthy')}: the core registry cannot be loaded: ${error.message}\n`);
    return 1;
  }
  if (opts.format === 'json') {
    io.stdout(stableJson(report));
  } else {
    const c = io.colors;
    const paint = report.status === 'healthy' ? c.green : report.status === 'degraded' ? c.yellow : c.red;
    io.stdout(`${paint(report.status)}: core ${displayPath(report.core.file, io.cwd)} (${report.core.steps} steps), ${report.workspaces.length} workspace${report.workspaces.length === 1 ? '' : 's'}, ${report.conflicts.count} conflicting name${report.conflicts.count === 1 ? '' : 's'}\n`);
    if (report.workspaces.length) {
      const rows = report.workspaces.map((w) => [w.workspace_id, w.status, String(w.local_steps), String(w.step_overrides), w.reason ? displayOrigin(w.file, w.line, io.cwd) : '']);
      io.stdout(await renderTable(io, ['WORKSPACE', 'STATUS', 'LOCAL', 'OVERRIDES', 'PROBLEM AT'], rows));
    }
    for (const problem of report.problems) io.stdout(`  - ${problem}\n`);
    const m = report.metrics;
    io.stdout(`metrics: ${m.registry_access_count} accesses, ${m.conflict_resolution_count} conflict resolutions, ${m.workspace_context_switches} context switches, ${m.errors} errors, ${m.reloads} reloads, ${m.fallbacks} fallbacks\n`);
  }
  return report.status === 'unhealthy' ? 1 : 0;
}
