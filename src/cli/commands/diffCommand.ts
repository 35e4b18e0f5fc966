import { realpathSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { loadDirectorySide, loadRevisionSide, loadWorkingTreeSide, type DiffSide, type DiffSideSettings } from '../../diff/diffSides.js';
import { DIFF_KINDS, parseDiffKinds, type DiffKind, type RegistryDiff } from '../../diff/diffReport.js';
import { renderDiffMarkdown } from '../../diff/diffMarkdown.js';
import { diffRegistries } from '../../diff/registryDiff.js';
import { closestMatch } from '../../model/closestMatch.js';
import { makeFinding } from '../../model/finding.js';
import { gitRepositoryRoot } from '../../sources/gitRevisionFiles.js';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, reportFindings } from '../exitCodes.js';
import { stableJson, type CliIO } from '../output.js';
import { renderDiffText } from '../diffTextReport.js';
import type { GlobalOptions } from '../registryLoader.js';

/** Options of `registry diff`. */
export interface DiffCommandOptions extends GlobalOptions {
  workspace?: string[];
  format: 'text' | 'json' | 'markdown';
  failOn?: string;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Both sides: two directories, or two revisions (head: the working tree when absent). Base is loaded first. */
function loadSides(base: string, head: string | undefined, settings: DiffSideSettings, cwd: string): [DiffSide, DiffSide] {
  if (head !== undefined && isDirectory(resolve(cwd, base)) && isDirectory(resolve(cwd, head))) {
    // Labelled as typed: the reader knows which directory they meant.
    return [loadDirectorySide(base, settings, base), loadDirectorySide(head, settings, head)];
  }
  const repository = realpathSync(gitRepositoryRoot(cwd));
  const before = loadRevisionSide(base, { ...settings, repository });
  try {
    return [before, head === undefined ? loadWorkingTreeSide(settings, repository) : loadRevisionSide(head, { ...settings, repository })];
  } catch (error) {
    before.dispose();
    throw error;
  }
}

/** `--workspace a --workspace b,c` → [a, b, c]. */
function workspaceList(values: readonly string[] | undefined): string[] | undefined {
  if (!values?.length) return undefined;
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function render(io: CliIO, opts: DiffCommandOptions, diff: RegistryDiff, failOn: readonly DiffKind[], failing: readonly DiffKind[]): void {
  if (opts.format === 'json') io.stdout(stableJson({ ...diff, fail_on: failOn, failing }));
  else if (opts.format === 'markdown') io.stdout(renderDiffMarkdown(diff, { failOn }));
  else {
    io.stdout(renderDiffText(diff, io.colors));
    if (failing.length) io.stdout(`${io.colors.red('fail')}: the change contains ${failing.join(', ')} (--fail-on)\n`);
  }
}

/**
 * `cursus registry diff <base> [<head>]`: what a change to the registry does to
 * every view. Exit 1 when the change contains a `--fail-on` kind, 2 on usage
 * errors, unknown revisions and registries that cannot be loaded at all.
 */
export async function runDiff(io: CliIO, opts: DiffCommandOptions, base: string, head?: string): Promise<number> {
  const parsed = parseDiffKinds(opts.failOn ?? '', (kind, known) => closestMatch(kind, known));
  const bad = parsed.unknown[0];
  if (bad) {
    const message = `--fail-on: unknown kind '${bad.kind}'${bad.suggestion ? ` — did you mean '${bad.suggestion}'?` : ''}`;
    return reportFindings(io, [makeFinding({ severity: 'error', code: 'USAGE', message, hint: `kinds are ${DIFF_KINDS.join(', ')}`, suggestions: bad.suggestion ? [bad.suggestion] : [] })]);
  }
  const settings: DiffSideSettings = { cwd: io.cwd, coreRegistry: opts.coreRegistry, workspacesRoot: opts.workspacesRoot, env: io.env };
  const [before, after] = loadSides(base, head, settings, io.cwd);
  try {
    for (const warning of [...before.warnings, ...after.warnings]) io.stderr(`cursus: ${io.colors.yellow('warning')}: ${warning}\n`);
    const diff = diffRegistries(before.input, after.input, {
      workspaces: workspaceList(opts.workspace),
      labels: { before: before.label, after: after.label },
      roots: { before: before.root, after: after.root },
    });
    const failing = parsed.kinds.filter((k) => diff.counts[k] > 0);
    render(io, opts, diff, parsed.kinds, failing);
    // A side that could not be loaded at all is a load error, whatever --fail-on says.
    if (!diff.before.loaded || !diff.after.loaded) {
      const side = !diff.before.loaded ? before : after;
      const error = 'loadError' in side.input ? side.input.loadError : undefined;
      const message = (error?.message ?? 'unknown error').split(`${side.root}${sep}`).join('');
      io.stderr(`cursus: ${io.colors.red('error')} ${error?.code ?? 'REGISTRY_LOAD_ERROR'}: ${side.label} cannot be loaded: ${message}\n`);
      return EXIT_USAGE;
    }
    return failing.length ? EXIT_CHECK_FAILED : EXIT_OK;
  } finally {
    before.dispose();
    after.dispose();
  }
}
