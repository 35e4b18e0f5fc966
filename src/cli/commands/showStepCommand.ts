import { describeCandidate } from '../../engine/stepResolver.js';
import { stepInView, stepRecordOf } from '../../query/stepQueries.js';
import { displayOrigin, stableJson, type CliIO } from '../output.js';
import { stepFieldLines } from '../stepFieldLines.js';
import { loadRegistry, reportFailedWorkspaces, type GlobalOptions } from '../registryLoader.js';
import { terminalText } from '../terminalText.js';

/** Options of `registry show-step`. */
export interface ShowStepOptions extends GlobalOptions {
  workspace?: string;
  format: 'text' | 'json';
}

/** `cursus registry show-step <name>`: the effective definition, its origin, what it shadows, who else defines it. */
export async function runShowStep(io: CliIO, opts: ShowStepOptions, name: string): Promise<number> {
  const registry = loadRegistry(opts, io);
  const found = stepInView(registry, name, opts.workspace);
  // "also defined by" is only complete when every workspace loaded: say which did not.
  reportFailedWorkspaces(registry, io);
  if (opts.format === 'json') {
    io.stdout(stableJson(stepRecordOf(found)));
    return 0;
  }
  const { view, definition: def, shadows, alsoDefinedBy: others } = found;
  const c = io.colors;
  const lines = [
    `${c.bold(terminalText(name))} in ${view === null ? 'the core view' : `the view of workspace '${view}'`}`,
    `  from:                          ${describeCandidate(def)} — ${displayOrigin(def.source.file, def.source.line, io.cwd)}`,
    ...stepFieldLines(def),
    `  shadows:                       ${shadows ? `core ${shadows.config_class} — ${displayOrigin(shadows.source.file, shadows.source.line, io.cwd)}` : 'nothing'}`,
  ];
  for (const other of others) lines.push(`  also defined by:               ${describeCandidate(other)} ${other.config_class} — ${displayOrigin(other.source.file, other.source.line, io.cwd)}`);
  // Each line is one field: a value can never add a line or act on the terminal.
  io.stdout(`${lines.map((line, i) => (i === 0 ? line : terminalText(line))).join('\n')}\n`);
  return 0;
}
