/**
 * The workspace an option object asks about, named `workspaceId` as in every
 * TS signature; `workspace` is its old name, still accepted (issue 12.18).
 */
export interface WorkspaceSelector {
  /** A workspace id; `null` for core (no workspace); `undefined` follows the current context where the caller says so. */
  readonly workspaceId?: string | null;
  /** @deprecated Use `workspaceId` (the old name of the same option). */
  readonly workspace?: string | null;
}

/** The workspace an option object selects: `workspaceId` when given, else the deprecated `workspace`. */
export function selectedWorkspace(options: WorkspaceSelector): string | null | undefined {
  return options.workspaceId !== undefined ? options.workspaceId : options.workspace;
}
