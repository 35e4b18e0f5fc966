import { validateRegistryRecord } from '../../query/validationQuery.js';
import type { HybridRegistryManager } from '../../engine/hybridRegistryManager.js';
import { RegistryError } from '../../model/errors.js';
import { cliFinding, EXIT_INTERRUPTED, reportError } from '../exitCodes.js';
import { displayPath, findingRow, stableJson, type CliIO } from '../output.js';
import { loadRegistry, type GlobalOptions } from '../registryLoader.js';
import { stopSignal } from '../stopSignal.js';

/** Options of `registry validate-registry`. */
export interface ValidateRegistryOptions extends GlobalOptions {
  workspace?: string;
  checkConflicts: boolean;
  strict: boolean;
  watch: boolean;
  format: 'text' | 'json';
}

/** `cursus registry validate-registry`: exit 1 on any error (or warning with --strict). */
export async function runValidateRegistry(io: CliIO, opts: ValidateRegistryOptions): Promise<number> {
  const registry = loadRegistry(opts, io);
  const code = printValidation(registry, opts, io);
  if (!opts.watch) return code;
  return watchAndValidate(registry, opts, io);
}

/**
 * Re-validate after every change until interrupted: Ctrl-C (SIGINT) exits 130
 * as shells expect of an interrupted program; SIGTERM exits with the code of the last validation.
 */
async function watchAndValidate(registry: HybridRegistryManager, opts: ValidateRegistryOptions, io: CliIO): Promise<number> {
  // Listening before the watching line is printed: a Ctrl-C right after it must reach us.
  const stop = stopSignal();
  const watcher = await registry.watch();
  let last = 0;
  watcher.on('reload', (event) => {
    io.stdout(`\n${io.colors.dim(`[${new Date().toISOString()}] changed: ${[...event.changed, ...(event.coreChanged ? ['core'] : [])].join(', ') || '-'}`)}\n`);
    try {
      last = printValidation(registry, opts, io);
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      reportError(io, error);
      last = 1;
    }
  });
  watcher.on('error', ({ error, serving_last_good }) => {
    if (error.workspaceId === undefined || !serving_last_good) reportError(io, error);
  });
  io.stderr(`cursus: watching ${displayPath(registry.locations.workspacesRoot, io.cwd)} and the core registry; Ctrl-C to stop\n`);
  const signal = await stop;
  await watcher.close();
  return signal === 'SIGINT' ? EXIT_INTERRUPTED : last;
}

function printValidation(registry: HybridRegistryManager, opts: ValidateRegistryOptions, io: CliIO): number {
  const report = validateRegistryRecord(registry, { workspaceId: opts.workspace, checkConflicts: opts.checkConflicts, strict: opts.strict }, (f) => cliFinding(f, io));
  const failed = !report.ok;
  if (opts.format === 'json') {
    io.stdout(stableJson(report));
    return failed ? 1 : 0;
  }
  const c = io.colors;
  for (const d of report.diagnostics) io.stdout(`${findingRow(io, d)}\n`);
  const scope = report.workspace_id === null ? `core (${report.core_steps} steps) and ${report.workspaces_checked} workspace${report.workspaces_checked === 1 ? '' : 's'}` : `workspace '${report.workspace_id}'`;
  const counts = `${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`;
  io.stdout(`${failed ? c.red('✗ invalid') : c.green('✓ valid')}: ${scope} — ${counts}${opts.strict ? ' (strict: warnings fail)' : ''}\n`);
  return failed ? 1 : 0;
}
