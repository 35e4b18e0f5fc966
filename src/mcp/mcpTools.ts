/**
 * The tools of `cursus mcp`: name, description, zod input shape, and a handler
 * that adapts the input to a query-layer call and renders a short text next to
 * the structured result. No SDK import here: the server module registers them.
 */
import { z } from 'zod';
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { buildPipelineRecord } from '../query/pipelineQuery.js';
import { registryHealthRecord } from '../query/healthQuery.js';
import { resolveStepRecord } from '../query/resolutionQuery.js';
import { getStepRecord, listConflictRecords, listStepRecords } from '../query/stepQueries.js';
import { validateRegistryRecord } from '../query/validationQuery.js';
import { listWorkspaceRecords } from '../query/workspaceQueries.js';

/** What a tool handler returns: the structured result, a short text for people, and whether it is a "no" (isError). */
export interface ToolAnswer {
  readonly structured: Record<string, unknown>;
  readonly text: string;
  /** The answer is a failure the caller should see as a tool error (e.g. a step that does not resolve). */
  readonly failed?: boolean;
}

/** One MCP tool over the query layer. */
export interface CursusTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: z.ZodRawShape;
  readonly run: (registry: HybridRegistryManager, args: Record<string, unknown>) => ToolAnswer;
}

const workspace = z.string().min(1).max(200).optional().describe("workspace id (a directory under the workspaces root); omit for the core view (or the server's CURSUS_WORKSPACE_ID)");
const stepName = z.string().min(1).max(200).describe('step name, e.g. XGBoostTraining');
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
const viewName = (ws: string | null) => (ws === null ? 'the core view' : `the view of workspace '${ws}'`);

/** The tools, in the order `tools/list` shows them. */
export const CURSUS_TOOLS: readonly CursusTool[] = [
  {
    name: 'list_steps',
    title: 'List steps',
    description: "The steps of a view (core, or a workspace's: core + its local steps and overrides), keyed by name, with registry_type, workspace_id and source file:line.",
    input: { workspace },
    run(registry, args) {
      const view = registry.getView(str(args.workspace)).workspaceId;
      const steps = listStepRecords(registry, { workspaceId: view });
      const names = Object.keys(steps);
      return { structured: { view, count: names.length, steps }, text: `${plural(names.length, 'step')} in ${viewName(view)}: ${names.join(', ')}` };
    },
  },
  {
    name: 'get_step',
    title: 'Get a step',
    description: 'The effective definition of one step in a view, with registry_type, workspace_id, source, the core definition it shadows and the other workspaces that define it.',
    input: { name: stepName, workspace },
    run(registry, args) {
      const record = getStepRecord(registry, String(args.name), str(args.workspace));
      const d = record.definition;
      const source = d.source as { file: string; line: number | null };
      return {
        structured: { ...record },
        text: `${String(d.name)} in ${viewName(record.view)}: ${String(d.config_class)} (${d.workspace_id === null ? 'core' : `${String(d.registry_type)} of ${String(d.workspace_id)}`}) — ${source.file}${source.line ? `:${source.line}` : ''}`,
      };
    },
  },
  {
    name: 'resolve_step',
    title: 'Resolve a step',
    description: 'Resolve a step name across core and every workspace: the selected definition, the strategy, one explanation line per decision, every candidate, and whether it was an ambiguous tie.',
    input: {
      name: stepName,
      workspace: z.string().min(1).max(200).optional().describe('the workspace asking (its own definition wins)'),
      framework: z.string().min(1).max(200).optional().describe('preferred framework, e.g. tensorflow'),
      environment: z.array(z.string().min(1).max(200)).max(50).optional().describe('environment tags, e.g. ["production"]'),
      mode: z.enum(['automatic', 'strict']).optional().describe('strict: a tie between workspaces is an error'),
    },
    run(registry, args) {
      const record = resolveStepRecord(registry, String(args.name), {
        workspaceId: str(args.workspace),
        framework: str(args.framework),
        environment: Array.isArray(args.environment) ? (args.environment as string[]) : undefined,
        mode: args.mode === 'strict' ? 'strict' : 'automatic',
      });
      const selected = record.selected_definition;
      if (!selected) {
        const hint = record.suggestions.length ? ` — did you mean ${record.suggestions.map((s) => `'${s}'`).join(', ')}?` : '';
        return { structured: { ...record }, text: `UNKNOWN_STEP: step '${record.step_name}' did not resolve: ${record.reason}${hint}`, failed: true };
      }
      const lines = [`${record.step_name} → ${selected.workspace_id === null ? 'core' : String(selected.workspace_id)} ${String(selected.config_class)} [${String(record.resolution_strategy)}]${record.ambiguous ? ` (ambiguous: ${record.tied_definitions.join(', ')} tie)` : ''}`, ...record.explanation.map((l) => `- ${l}`)];
      return { structured: { ...record }, text: lines.join('\n') };
    },
  },
  {
    name: 'list_workspaces',
    title: 'List workspaces',
    description: 'Every developer workspace: id, metadata, local steps, overrides, status (loaded, failed, stale) and its findings.',
    input: {},
    run(registry) {
      const workspaces = listWorkspaceRecords(registry);
      return { structured: { workspaces }, text: workspaces.map((w) => `${w.id}: ${w.status}, ${plural(w.local_steps.length, 'local step')}, ${plural(w.step_overrides.length, 'override')}`).join('\n') || 'no workspaces' };
    },
  },
  {
    name: 'list_conflicts',
    title: 'List conflicts',
    description: 'Every step name defined by two or more workspaces, with all its candidate definitions.',
    input: {},
    run(registry) {
      const conflicts = listConflictRecords(registry);
      const lines = Object.entries(conflicts).map(([name, defs]) => `${name}: ${defs.map((d) => String(d.workspace_id)).join(', ')}`);
      return { structured: { conflicts }, text: lines.join('\n') || 'No step is defined by more than one workspace.' };
    },
  },
  {
    name: 'validate_registry',
    title: 'Validate the registry',
    description: 'Validate the core and every workspace registry (or one workspace): all findings (errors and warnings, with file:line and hints) and a verdict.',
    input: { workspace, check_conflicts: z.boolean().optional().describe('also report names defined by two or more workspaces') },
    run(registry, args) {
      const report = validateRegistryRecord(registry, { workspaceId: str(args.workspace), checkConflicts: args.check_conflicts === true });
      const lines = [`${report.ok ? 'valid' : 'invalid'}: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}`, ...report.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`)];
      return { structured: { ...report }, text: lines.join('\n') };
    },
  },
  {
    name: 'registry_health',
    title: 'Registry health',
    description: 'The health of the registry: core, each workspace, conflicts, counters, and the problems that make it degraded or unhealthy.',
    input: {},
    run(registry) {
      const report = registryHealthRecord(registry);
      return { structured: { ...report }, text: [`${report.status}: ${report.core.steps} core steps, ${plural(report.workspaces.length, 'workspace')}, ${plural(report.conflicts.count, 'conflicting name')}`, ...report.problems.map((p) => `- ${p}`)].join('\n') };
    },
  },
  {
    name: 'build_pipeline',
    title: 'Build a pipeline',
    description: 'Assemble a pipeline spec (YAML or JSON text with `nodes`: name → {step, workspace?, depends_on?, config?}); every node resolved in its own workspace. Returns the manifest, or a mermaid flowchart.',
    input: {
      spec: z.string().min(1).max(1_000_000).describe('the pipeline spec as YAML or JSON text'),
      format: z.enum(['json', 'mermaid']).optional().describe('json (the manifest, default) or mermaid'),
    },
    run(registry, args) {
      const record = buildPipelineRecord(registry, { text: String(args.spec) }, args.format === 'mermaid' ? 'mermaid' : 'json');
      if (record.format === 'mermaid') return { structured: { ...record }, text: record.mermaid };
      const order = record.manifest.order as string[];
      return { structured: { ...record }, text: `pipeline with ${plural(order.length, 'node')}: ${order.join(' → ')}` };
    },
  },
];
