import type { RegistryFormat, RegistryTemplate } from '../../workspace/registryTemplates.js';
import { setupDeveloper } from '../../workspace/setupDeveloper.js';
import { displayPath, type CliIO } from '../output.js';
import { reportBackups, reportCreatedRoot, workspacesRootFor, type GlobalOptions } from '../registryLoader.js';

/** Options of `developer setup-developer`. */
export interface SetupDeveloperCommandOptions extends GlobalOptions {
  workspacePath?: string;
  template: RegistryTemplate;
  format?: RegistryFormat;
  copyFrom?: string;
  force: boolean;
  createRoot?: boolean;
}

/** `cursus developer setup-developer <developer_id>`. */
export async function runSetupDeveloper(io: CliIO, opts: SetupDeveloperCommandOptions, workspaceId: string): Promise<number> {
  const result = setupDeveloper({
    workspaceId,
    ...workspacesRootFor(opts, io),
    workspacePath: opts.workspacePath,
    template: opts.template,
    format: opts.format,
    copyFrom: opts.copyFrom,
    force: opts.force,
    cwd: io.cwd,
  });
  reportCreatedRoot(io, result.createdRoot);
  reportBackups(io, result.backups);
  io.stdout(`${io.colors.green('created')} workspace '${result.workspaceId}' at ${displayPath(result.workspaceDir, io.cwd)}\n`);
  io.stdout(`  registry: ${displayPath(result.registryFile, io.cwd)}${result.copiedFrom ? ` (copied from ${displayPath(result.copiedFrom, io.cwd)})` : ''}\n`);
  io.stdout(`  readme:   ${displayPath(result.readmeFile, io.cwd)}\n`);
  if (opts.copyFrom !== undefined && result.sharedNames.length > 0) {
    const n = result.sharedNames.length;
    const shown = result.sharedNames.slice(0, 10).join(', ') + (n > 10 ? `, … (${n - 10} more)` : '');
    io.stdout(`  conflicts: ${n} step name${n === 1 ? ' is' : 's are'} now defined by both '${opts.copyFrom}' and '${result.workspaceId}': ${shown}\n`);
    io.stdout(`  (rename or remove them in the copy; see \`cursus registry list-steps --conflicts-only\`)\n`);
  }
  io.stdout(`next: cursus registry list-steps --workspace ${result.workspaceId}\n`);
  return 0;
}
