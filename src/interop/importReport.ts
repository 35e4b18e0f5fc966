import { existsSync } from 'node:fs';
import type { Diagnostic } from '../model/diagnostics.js';
import { WorkspaceExistsError } from '../model/errors.js';
import { backupFile, writeFileInside } from '../workspace/safeWrite.js';

/** One file an import wrote. */
export interface ImportedFile {
  /** What it was converted from: a `.py` registry, or a directory of interface files. */
  readonly source: string;
  /** The file written. */
  readonly target: string;
  /** The workspace it belongs to (null for a core registry or a file outside the workspace layout). */
  readonly workspaceId: string | null;
  /** What it holds, e.g. `2 local steps, 1 override, metadata` or `64 steps`. */
  readonly contents: string;
  /** Backup of the file it replaced (`--force`), if any. */
  readonly backup: string | null;
  /** Where the `.py` source was moved (`--replace`), if it was. */
  readonly movedSource: string | null;
}

/** What an import did: the files written and every warning found on the way. */
export interface ImportReport {
  readonly written: readonly ImportedFile[];
  readonly warnings: readonly Diagnostic[];
}

/** A file to write, checked before anything is written. */
export interface PlannedWrite {
  /** The directory writes must stay inside (symbolic links included). */
  readonly root: string;
  readonly target: string;
  readonly content: string;
  readonly workspaceId: string | null;
}

/** Refuse an existing target unless `force` (`WORKSPACE_EXISTS`, exit 2). */
export function assertWritable(plan: PlannedWrite, force: boolean): void {
  if (!force && existsSync(plan.target)) {
    throw new WorkspaceExistsError(`${plan.target.split(/[\\/]/).pop() ?? plan.target} already exists`, { file: plan.target, workspaceId: plan.workspaceId ?? undefined });
  }
}

/** Write a planned file atomically inside its root, backing up what it replaces. Returns the backup's path. */
export function writePlanned(plan: PlannedWrite, now: Date): string | null {
  const backup = existsSync(plan.target) ? backupFile(plan.root, plan.target, now) : null;
  writeFileInside(plan.root, plan.target, plan.content);
  return backup;
}

/** `1 local step`, `2 local steps`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
