import { InvalidWorkspaceIdError } from './errors.js';

/** A valid workspace id: 1–64 characters, letters/digits/`_.-`, starting with a letter or digit. */
export const WORKSPACE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Names Windows reserves; refused so a workspace tree can be checked out everywhere. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Why `id` is not a valid workspace id, or `undefined` when it is. */
export function workspaceIdProblem(id: string): string | undefined {
  if (typeof id !== 'string') return `it is ${id === null ? 'null' : typeof id}, not a string`;
  if (id.length === 0) return 'it is empty';
  if (id.length > 64) return `it has ${id.length} characters (at most 64)`;
  if (/[\\/]/.test(id)) return 'it contains a path separator';
  if (!/^[A-Za-z0-9]/.test(id)) return 'it must start with a letter or digit';
  if (!WORKSPACE_ID_PATTERN.test(id)) return 'only letters, digits, `_`, `.` and `-` are allowed';
  if (WINDOWS_RESERVED.test(id)) return 'it is a reserved device name on Windows';
  return undefined;
}

/** Throw {@link InvalidWorkspaceIdError} unless `id` is a valid workspace id. */
export function assertWorkspaceId(id: string): void {
  const problem = workspaceIdProblem(id);
  if (problem) throw new InvalidWorkspaceIdError(id, problem);
}
