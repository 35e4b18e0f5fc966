import { createInterface } from 'node:readline/promises';
import type { StepResolutionResult } from '../../engine/stepResolver.js';
import { describeCandidate } from '../../engine/stepResolver.js';
import { AmbiguousStepError, DEFAULT_HINTS, IncompleteResolutionError } from '../../model/errors.js';
import { resolutionRecord, runResolution } from '../../query/resolutionQuery.js';
import { LEGACY_FIELDS, type StepDefinition, type StepFieldName } from '../../model/stepDefinition.js';
import { cliFinding, reportError, reportFindings } from '../exitCodes.js';
import { makeFinding } from '../../model/finding.js';
import { findingToJson } from '../../model/findingJson.js';
import { displayOrigin, stableJson, type CliIO } from '../output.js';
import { loadRegistry, reportFailedWorkspaces, type GlobalOptions } from '../registryLoader.js';
import { stepFieldLines } from '../stepFieldLines.js';
import { terminalText } from '../terminalText.js';

/** What a resolution answer shows: the legacy fields, then what resolution looked at. */
const RESOLVE_STEP_FIELDS: readonly StepFieldName[] = [...LEGACY_FIELDS, 'framework', 'environment_tags', 'priority'];

/** Options of `registry resolve-step`. */
export interface ResolveStepOptions extends GlobalOptions {
  workspace?: string;
  framework?: string;
  environment?: string;
  mode: 'automatic' | 'strict' | 'interactive';
  explain: boolean;
  format: 'text' | 'json';
}

/** Ask the user to pick one of the tied definitions; returns the chosen one. */
async function askUser(io: CliIO, result: StepResolutionResult, input: NodeJS.ReadableStream = process.stdin): Promise<StepDefinition> {
  const tied = result.tied_definitions;
  io.stderr(`'${result.step_name}' is ambiguous — ${tied.length} workspaces tie at priority ${tied[0]?.priority}:\n`);
  tied.forEach((d, i) => io.stderr(`  ${i + 1}) ${describeCandidate(d)}: ${d.config_class} — ${d.description}\n`));
  const rl = createInterface({ input, output: process.stderr, terminal: false });
  try {
    for (;;) {
      const answer = (await rl.question(`Choose 1-${tied.length} [1]: `)).trim();
      const n = answer === '' ? 1 : Number(answer);
      const chosen = Number.isInteger(n) ? tied[n - 1] : undefined;
      if (chosen) return chosen;
      io.stderr(`Please answer a number from 1 to ${tied.length}.\n`);
    }
  } finally {
    rl.close();
  }
}

function textOutput(result: StepResolutionResult, chosen: StepDefinition, how: string, reason: string, opts: ResolveStepOptions, io: CliIO): string {
  const c = io.colors;
  const lines = [
    `${c.bold(terminalText(result.step_name))} → ${describeCandidate(chosen)} ${c.dim(`[${how}]`)}`,
    ...stepFieldLines(chosen, RESOLVE_STEP_FIELDS, 22),
    `  origin:               ${displayOrigin(chosen.source.file, chosen.source.line, io.cwd)}`,
    `  reason:               ${reason}`,
  ];
  if (result.ambiguous && how !== 'chosen interactively') lines.push(`  warning: ambiguous — ${result.tied_definitions.map((d) => d.workspace_id).join(', ')} tie; pass --workspace/--framework/--environment or use --mode strict in CI`);
  if (opts.explain) lines.push('  explanation:', ...result.explanation.map((l) => `    - ${l}`));
  // Each line is one field or decision: a value can never add a line or act on the terminal.
  return `${lines.map((line, i) => (i === 0 ? line : terminalText(line))).join('\n')}\n`;
}

/** `cursus registry resolve-step <name>`. Exit 1 when the name does not resolve or (strict) is ambiguous. */
export async function runResolveStep(io: CliIO, opts: ResolveStepOptions, name: string): Promise<number> {
  const registry = loadRegistry(opts, io);
  const environment = opts.environment?.split(',').map((t) => t.trim()).filter(Boolean);
  let result: StepResolutionResult;
  try {
    result = runResolution(registry, name, { workspaceId: opts.workspace, framework: opts.framework, environment, mode: opts.mode });
  } catch (error) {
    if (error instanceof AmbiguousStepError || error instanceof IncompleteResolutionError) return reportError(io, error);
    throw error;
  }
  // Never answer as if complete when a workspace took no part.
  reportFailedWorkspaces(registry, io, { failed: false });
  for (const s of result.skipped_workspaces) {
    io.stderr(`cursus: ${io.colors.yellow('warning')}: workspace '${s.workspace_id}' failed to load and took no part in resolving '${name}' (${s.code}: ${s.reason}${s.file ? ` — ${displayOrigin(s.file, s.line, io.cwd)}` : ''}); --mode strict fails in this case\n`);
  }
  if (!result.resolved || !result.selected_definition) {
    const finding = makeFinding({
      severity: 'error',
      code: 'UNKNOWN_STEP',
      message: `step '${name}' did not resolve: ${result.reason}`,
      step: name,
      workspace_id: opts.workspace,
      suggestions: result.suggestions,
      hint: DEFAULT_HINTS.UNKNOWN_STEP,
    });
    // JSON readers get the finding as `error`, like every failure, beside the whole result (its suggestions, explanation).
    if (opts.format === 'json') io.stdout(stableJson({ ...resolutionRecord(result), error: findingToJson(cliFinding(finding, io)) }));
    return reportFindings({ ...io, jsonOutput: false }, [finding]);
  }
  let chosen = result.selected_definition;
  let how: string = result.resolution_strategy ?? '';
  let reason = result.reason;
  if (opts.mode === 'interactive' && result.ambiguous) {
    if (io.isInteractive) {
      chosen = await askUser(io, result);
      how = 'chosen interactively';
      reason = `Chosen interactively among the tied ${result.tied_definitions.map((d) => d.workspace_id).join(', ')} (priority ${chosen.priority})`;
    } else {
      io.stderr('cursus: note: --mode interactive needs a terminal; resolved automatically\n');
    }
  }
  if (opts.format === 'json') {
    io.stdout(stableJson(resolutionRecord(result, { definition: chosen, how, reason })));
  } else {
    io.stdout(textOutput(result, chosen, how, reason, opts, io));
  }
  return 0;
}
