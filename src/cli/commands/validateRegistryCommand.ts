import { validateRegistry } from '../../engine/registryValidation.js';
import type { HybridRegistryManager } from '../../engine/hybridRegistryManager.js';
import { displayOrigin, displayPath, stableJson, type CliIO } from '../output.js';
import { loadRegistry, type GlobalOptions } from '../registryLoader.js';

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
  const registry = loadRegistry(opts, io.cwd);
  const code = printValidation(registry, opts, io);
  if (!opts.watch) return code;
  return watchAndValidate(registry, opts, io);
}

/** Re-validate after every change until SIGINT/SIGTERM; the exit code is that of the last validation. */
async function watchAndValidate(registry: HybridRegistryManager, opts: ValidateRegistryOptions, io: CliIO): Promise<number> {
  const watcher = await registry.watch();
  let last = 0;
  io.stderr(`cursus: watching ${displayPath(registry.locations.workspacesRoot, io.cwd)} and the core registry; Ctrl-C to stop\n`);
  watcher.on('reload', (event) => {
    io.stdout(`\n${io.colors.dim(`[${new Date().toISOString()}] changed: ${[...event.changed, ...(event.coreChanged ? ['core'] : [])].join(', ') || '-'}`)}\n`);
    try {
      last = printValidation(registry, opts, io);
    } catch (error) {
      io.stderr(`cursus: ${io.colors.red('error')} ${(error as Error).message}\n`);
      last = 1;
    }
  });
  watcher.on('error', ({ error, serving_last_good }) => {
    if (error.workspaceId === undefined || !serving_last_good) io.stderr(`cursus: ${io.colors.red('error')} ${error.code}: ${error.message}\n`);
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await watcher.close();
  return last;
}

function printValidation(registry: HybridRegistryManager, opts: ValidateRegistryOptions, io: CliIO): number {
  const report = validateRegistry(registry, { workspaceId: opts.workspace, checkConflicts: opts.checkConflicts });
  const failed = report.errors > 0 || (opts.strict && report.warnings > 0);
  if (opts.format === 'json') {
    io.stdout(stableJson({ ...report, ok: !failed, strict: opts.strict, diagnostics: report.diagnostics.map((d) => ({ ...d })) }));
    return failed ? 1 : 0;
  }
  const c = io.colors;
  for (const d of report.diagnostics) {
    const where = displayOrigin(d.file, d.line, io.cwd) || '-';
    const severity = d.severity === 'error' ? c.red('error') : c.yellow('warning');
    io.stdout(`${where}  ${severity} ${d.code}  ${d.message}${d.hint ? c.dim(` (hint: ${d.hint})`) : ''}\n`);
  }
  const scope = report.workspace_id === null ? `core (${report.core_steps} steps) and ${report.workspaces_checked} workspace${report.workspaces_checked === 1 ? '' : 's'}` : `workspace '${report.workspace_id}'`;
  const counts = `${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`;
  io.stdout(`${failed ? c.red('✗ invalid') : c.green('✓ valid')}: ${scope} — ${counts}${opts.strict ? ' (strict: warnings fail)' : ''}\n`);
  return failed ? 1 : 0;
}
