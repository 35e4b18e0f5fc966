import { initWorkspace } from '../../workspace/initWorkspace.js';
import type { RegistryFormat, RegistryTemplate } from '../../workspace/registryTemplates.js';
import { displayPath, type CliIO } from '../output.js';
import { reportBackups, reportCreatedRoot, workspacesRootFor, type GlobalOptions } from '../registryLoader.js';

/** Options of `registry init-workspace`. */
export interface InitWorkspaceCommandOptions extends GlobalOptions {
  workspacePath?: string;
  template: RegistryTemplate;
  format: RegistryFormat;
  force: boolean;
  createRoot?: boolean;
}

/** `cursus registry init-workspace <developer_id>`. */
export async function runInitWorkspace(io: CliIO, opts: InitWorkspaceCommandOptions, workspaceId: string): Promise<number> {
  const result = initWorkspace({
    workspaceId,
    ...workspacesRootFor(opts, io),
    workspacePath: opts.workspacePath,
    template: opts.template,
    format: opts.format,
    force: opts.force,
    cwd: io.cwd,
  });
  reportCreatedRoot(io, result.createdRoot);
  reportBackups(io, result.backups);
  io.stdout(`${io.colors.green('created')} ${displayPath(result.registryFile, io.cwd)} (${opts.template}, ${opts.format})\n`);
  io.stdout(`next: edit it, then run \`cursus registry validate-registry --workspace ${result.workspaceId}\`\n`);
  return 0;
}
