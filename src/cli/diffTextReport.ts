import type { RegistryDiff, StepChange, StepEntry } from '../diff/diffReport.js';
import { candidateLabel, contextLabel, fieldValue, outcomeLabel, refLabel, refOrigin, summaryPhrases } from '../diff/diffWording.js';
import type { Colors } from './output.js';

/**
 * A registry diff for a terminal: a summary line, then one section per view
 * (changes a workspace view inherits from core are counted, not repeated),
 * workspaces, conflicts, resolution changes with the deciding rule, broken files.
 */
export function renderDiffText(diff: RegistryDiff, c: Colors): string {
  const out: string[] = [`${c.bold('Registry diff')}: ${diff.before.label} → ${diff.after.label}`];
  const phrases = summaryPhrases(diff);
  out.push(phrases.length ? `${phrases.join(', ')}` : 'No change to any view, conflict or resolution.');
  const added = (e: StepEntry) => `  ${c.green('+')} ${e.name}  ${refLabel(e.definition)}  ${refOrigin(e.definition)}`;
  const removed = (e: StepEntry) => `  ${c.red('-')} ${e.name}  ${refLabel(e.definition)}  ${refOrigin(e.definition)}`;
  const changed = (ch: StepChange) => [
    `  ${c.yellow('~')} ${ch.name}  ${refOrigin(ch.before) === refOrigin(ch.after) ? refOrigin(ch.after) : `${refOrigin(ch.before)} → ${refOrigin(ch.after)}`}`,
    ...ch.fields.map((f) => `      ${f.field}: ${fieldValue(f.before)} → ${fieldValue(f.after)}`),
  ];
  for (const v of diff.views) {
    const lines = [...v.added.filter((e) => !e.inherited).map(added), ...v.removed.filter((e) => !e.inherited).map(removed), ...v.changed.filter((ch) => !ch.inherited).flatMap(changed)];
    const inherited = [...v.added, ...v.removed, ...v.changed].filter((e) => e.inherited).length;
    if (lines.length === 0 && inherited === 0) continue;
    out.push('', c.bold(v.view === null ? 'Core view' : `View of workspace ${v.view}`), ...lines);
    if (inherited) out.push(`  (${inherited} change${inherited === 1 ? '' : 's'} inherited from the core view)`);
  }
  if (diff.workspaces.added.length || diff.workspaces.removed.length) {
    const steps = (w: RegistryDiff['workspaces']['added'][number]) => `${w.local_steps.length} local step${w.local_steps.length === 1 ? '' : 's'}, ${w.step_overrides.length} override${w.step_overrides.length === 1 ? '' : 's'}${w.status === 'failed' ? ', failed to load' : ''}`;
    out.push('', c.bold('Workspaces'));
    for (const w of diff.workspaces.added) out.push(`  ${c.green('+')} ${w.workspace_id}  (${steps(w)})`);
    for (const w of diff.workspaces.removed) out.push(`  ${c.red('-')} ${w.workspace_id}  (${steps(w)})`);
  }
  const { conflicts } = diff;
  if (conflicts.added.length || conflicts.changed.length || conflicts.removed.length) {
    const list = (cs: (typeof conflicts.added)[number]['after']) => cs.map(candidateLabel).join('; ');
    out.push('', c.bold('Conflicts (names defined by two or more workspaces)'));
    for (const x of conflicts.added) out.push(`  ${c.green('+')} ${x.name}: ${list(x.after)}`);
    for (const x of conflicts.changed) out.push(`  ${c.yellow('~')} ${x.name}: ${list(x.before)}`, `      → ${list(x.after)}`);
    for (const x of conflicts.removed) out.push(`  ${c.red('-')} ${x.name}: ${list(x.before)}`);
  }
  if (diff.resolutions.length) {
    out.push('', c.bold('Resolution changes'));
    for (const r of diff.resolutions) {
      out.push(
        `  ${r.name} in the ${contextLabel(r.context, r.like_default)}: ${outcomeLabel(r.before)} → ${outcomeLabel(r.after)}${r.kinds.length ? `  [${r.kinds.join(', ')}]` : ''}`,
        `      before: ${r.before.rule}`,
        `      after:  ${r.after.rule}`,
      );
    }
  }
  if (diff.broken.length) {
    out.push('', c.bold('Broken files'));
    for (const b of diff.broken) {
      const side = b.side === 'after' ? (b.new ? c.red('head, new') : 'head, also in base') : b.new ? c.green('base, fixed in head') : 'base';
      const where = b.file === null ? '' : `${b.line === null ? b.file : `${b.file}:${b.line}`}: `;
      out.push(`  [${side}] ${where}${b.code}: ${b.message}`);
    }
  }
  return `${out.join('\n')}\n`;
}
