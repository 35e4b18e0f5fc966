import type { ConflictCandidate, DiffKind, RegistryDiff, StepChange, StepEntry } from './diffReport.js';
import { candidateLabel, contextLabel, fieldValue, outcomeLabel, refLabel, refOrigin, summaryPhrases } from './diffWording.js';

/** A table cell: one line, pipes escaped, code spans for identifiers. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
const code = (text: string) => (text ? `\`${text.replace(/`/g, "'")}\`` : '');

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** Options of {@link renderDiffMarkdown}. */
export interface DiffMarkdownOptions {
  /** Kinds that fail the check (`--fail-on`): the summary says which of them the change contains. */
  readonly failOn?: readonly DiffKind[];
}

/**
 * A registry diff as a compact pull-request comment: a heading, one summary
 * line, then a table per section that has entries. Changes a workspace view
 * inherits from the core view are counted, not repeated.
 */
export function renderDiffMarkdown(diff: RegistryDiff, options: DiffMarkdownOptions = {}): string {
  const out: string[] = [`### Registry diff: ${code(diff.before.label)} → ${code(diff.after.label)}`, ''];
  const phrases = summaryPhrases(diff);
  const failing = (options.failOn ?? []).filter((k) => diff.counts[k] > 0);
  const verdict = failing.length ? ` — ❌ fails on ${failing.map(code).join(', ')}` : options.failOn?.length ? ' — ✅ passes' : '';
  out.push(`${phrases.length ? `**${phrases.join(' · ')}**` : '**No change to any view, conflict or resolution.**'}${verdict}`);

  const stepRows: string[][] = [];
  let inherited = 0;
  const entry = (view: string, change: string, e: StepEntry, side: 'before' | 'after') => {
    const where = `${refLabel(e.definition)} ${code(refOrigin(e.definition))}`;
    stepRows.push([view, change, code(e.name), '', side === 'before' ? where : '', side === 'after' ? where : '']);
  };
  const changed = (view: string, c: StepChange) => {
    const fields = c.fields.map((f) => `${code(f.field)}: ${code(fieldValue(f.before))} → ${code(fieldValue(f.after))}`).join('<br>');
    stepRows.push([view, 'changed', code(c.name), fields, `${refLabel(c.before)} ${code(refOrigin(c.before))}`, `${refLabel(c.after)} ${code(refOrigin(c.after))}`]);
  };
  for (const v of diff.views) {
    const view = v.view ?? 'core';
    for (const e of v.added) e.inherited ? inherited++ : entry(view, 'added', e, 'after');
    for (const e of v.removed) e.inherited ? inherited++ : entry(view, 'removed', e, 'before');
    for (const c of v.changed) c.inherited ? inherited++ : changed(view, c);
  }
  if (stepRows.length) {
    out.push('', '#### Steps', '', table(['View', 'Change', 'Step', 'Fields (old → new)', 'Before', 'After'], stepRows));
    if (inherited) out.push('', `_${inherited} change${inherited === 1 ? '' : 's'} of workspace views inherited from the core view are not repeated._`);
  }

  const ws = [...diff.workspaces.added.map((w) => ({ change: 'added', w })), ...diff.workspaces.removed.map((w) => ({ change: 'removed', w }))];
  if (ws.length) {
    const rows = ws.map(({ change, w }) => [code(w.workspace_id), change + (w.status === 'failed' ? ' (failed to load)' : ''), w.local_steps.map(code).join(', '), w.step_overrides.map(code).join(', ')]);
    out.push('', '#### Workspaces', '', table(['Workspace', 'Change', 'Local steps', 'Overrides'], rows));
  }

  const conflicts = [
    ...diff.conflicts.added.map((c) => ({ change: 'new', c })),
    ...diff.conflicts.changed.map((c) => ({ change: 'changed', c })),
    ...diff.conflicts.removed.map((c) => ({ change: 'resolved', c })),
  ];
  if (conflicts.length) {
    const list = (cs: readonly ConflictCandidate[]) => cs.map(candidateLabel).join('<br>');
    const rows = conflicts.map(({ change, c }) => [code(c.name), change, list(c.before), list(c.after)]);
    out.push('', '#### Conflicts (names defined by two or more workspaces)', '', table(['Step', 'Change', 'Before', 'After'], rows));
  }

  if (diff.resolutions.length) {
    out.push(
      '',
      '#### Resolution changes',
      '',
      table(
        ['Step', 'Context', 'Before', 'After', 'Deciding rule (after)', 'Kind'],
        diff.resolutions.map((r) => [code(r.name), contextLabel(r.context, r.like_default), outcomeLabel(r.before), outcomeLabel(r.after), r.after.rule, r.kinds.map(code).join(', ') || 'tie settled']),
      ),
    );
  }

  if (diff.broken.length) {
    out.push(
      '',
      '#### Broken files',
      '',
      table(
        ['Side', 'File', 'Error'],
        diff.broken.map((b) => [
          b.side === 'after' ? (b.new ? 'head (new)' : 'head (also in base)') : b.new ? 'base (fixed)' : 'base',
          code(b.file === null ? '' : b.line === null ? b.file : `${b.file}:${b.line}`),
          `${b.code}: ${b.message}`,
        ]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
