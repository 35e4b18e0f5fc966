import { InvalidWorkspaceIdError } from '../model/errors.js';

/**
 * Which workspace a call writes: `workspaceId` (the directory name under the
 * workspaces root). `developerId` is its old name, still accepted so existing
 * callers keep working; the two may not disagree. The snake_case
 * `developer_id` of `WORKSPACE_METADATA` (the Python-compatible file format)
 * is unaffected.
 *
 * @example
 * initWorkspace({ workspaceId: 'alice', workspacesRoot: 'developer_workspaces/developers' });
 */
export type WorkspaceIdOption =
  | {
      /** The workspace id (its directory name). */
      readonly workspaceId: string;
      /** @deprecated Use `workspaceId`. */
      readonly developerId?: string;
    }
  | {
      readonly workspaceId?: string;
      /** @deprecated Use `workspaceId` (the old name of the same option). */
      readonly developerId: string;
    };

/**
 * The workspace id of `options`: `workspaceId`, else the deprecated `developerId`.
 *
 * @throws InvalidWorkspaceIdError when both are given and differ
 */
export function workspaceIdOf(options: WorkspaceIdOption): string {
  const { workspaceId, developerId } = options;
  if (workspaceId !== undefined && developerId !== undefined && workspaceId !== developerId) {
    throw new InvalidWorkspaceIdError(workspaceId, `workspaceId and its deprecated alias developerId disagree ('${developerId}'); pass workspaceId only`);
  }
  return (workspaceId ?? developerId) as string;
}
