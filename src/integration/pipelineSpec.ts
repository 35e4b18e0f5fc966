/**
 * The pipeline spec file (YAML, or JSON): nodes with `step`, optional
 * `workspace`, `depends_on` and `config`. The zod schema is the single source
 * of truth; `schema/pipeline-spec.schema.json` is generated from it.
 */
import { resolve } from 'node:path';
import type { z } from 'zod';
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { closestMatch } from '../model/closestMatch.js';
import { builtObject, lazyObject, zod } from '../model/lazySchema.js';
import { errorOfFindings, PipelineInvalidError } from '../model/errors.js';
import { makeFinding } from '../model/finding.js';
import { STEP_NAME_PATTERN } from '../model/stepDefinition.js';
import type { PositionLookup } from '../model/stepDefinitionValidation.js';
import { WORKSPACE_ID_PATTERN } from '../model/workspaceId.js';
import { parseDataDocument, readDataDocument, type ParsedDocument } from '../sources/parsedDocument.js';
import { NODE_NAME_PATTERN, PipelineAssembler } from './pipelineAssembler.js';
import type { PipelineManifest, PipelineNodeSource } from './pipelineManifest.js';

/** Where the shipped JSON Schema of the spec file lives, relative to the package root. */
export const PIPELINE_SPEC_SCHEMA_PATH = 'schema/pipeline-spec.schema.json';

/** The node-name schema, built on first use. */
const nodeNameSchema = () => zod().string().regex(NODE_NAME_PATTERN);

/** Schema of one node of a pipeline spec file (built, and zod loaded, on first use). */
export const PipelineNodeSpecSchema = lazyObject(() => {
  const z = zod();
  return z
    .strictObject({
      step: z.string().trim().regex(STEP_NAME_PATTERN).describe('Registry step name, e.g. XGBoostTraining'),
      workspace: z
        .string()
        .trim()
        .regex(WORKSPACE_ID_PATTERN)
        .nullable()
        .optional()
        .describe('Workspace whose view resolves the step; null pins the core view. Absent: CURSUS_WORKSPACE_ID, else core'),
      depends_on: z.array(nodeNameSchema()).optional().describe('Names of the nodes this node runs after'),
      config: z.record(z.string(), z.unknown()).optional().describe("The step's config values (any mapping)"),
    })
    .describe('One pipeline node: the step it runs and where that step comes from');
});

/** Schema of a pipeline spec file (built, and zod loaded, on first use). */
export const PipelineSpecSchema = lazyObject(() => {
  const z = zod();
  return z.strictObject({
    $schema: z.string().optional(),
    name: z.string().trim().min(1).optional().describe('Pipeline name'),
    description: z.string().optional(),
    nodes: z.record(nodeNameSchema(), builtObject(PipelineNodeSpecSchema)).describe('Node name → node; depends_on, not file order, decides the run order'),
  });
});

/** A spec file's content as the schema reads it. */
export type PipelineSpecInput = z.input<typeof PipelineSpecSchema>;

const FIELDS = {
  top: ['$schema', 'name', 'description', 'nodes'],
  node: ['step', 'workspace', 'depends_on', 'config'],
} as const;

/** One node of a loaded spec file. */
export interface PipelineSpecNode {
  readonly name: string;
  readonly step: string;
  /** undefined when the file does not say (the default precedence applies); null = core. */
  readonly workspace: string | null | undefined;
  readonly depends_on: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly source: PipelineNodeSource;
}

/** A loaded, validated pipeline spec file. */
export interface PipelineSpec {
  /** Absolute path of the file. */
  readonly file: string;
  readonly name: string | null;
  readonly description: string | null;
  /** Nodes in file order. */
  readonly nodes: readonly PipelineSpecNode[];
}

/** The JSON Schema of a pipeline spec file, generated from the zod schema — what `schema/pipeline-spec.schema.json` holds. */
export function pipelineSpecJsonSchema(): Record<string, unknown> {
  const schema = zod().toJSONSchema(builtObject(PipelineSpecSchema), { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://cursus-registry.dev/schema/pipeline-spec.schema.json',
    title: 'cursus pipeline spec',
    description: 'A pipeline of registry steps from core and developer workspaces (cursus pipeline build <spec.yaml>).',
  };
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One problem of a spec: the path it is about, a one-line message, a hint and the names probably meant. */
interface SpecProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly hint: string;
  readonly suggestions?: readonly string[];
}

/** The problems of one zod issue (an unknown-keys issue is one problem per key), as one-line messages. */
function issueProblems(issue: z.core.$ZodIssue, raw: unknown): SpecProblem[] {
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 1) return issue.keys.flatMap((key) => issueProblems({ ...issue, keys: [key] }, raw));
  return [issueMessage(issue, raw)];
}

/** One zod issue (one unknown key at most) as a one-line message, with the path it is about. */
function issueMessage(issue: z.core.$ZodIssue, raw: unknown): SpecProblem {
  const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(file)';
  // A node is the mapping at nodes.<name>; its fields are one level deeper.
  const isNode = issue.path[0] === 'nodes' && issue.path.length === 2;
  const isNodeField = issue.path[0] === 'nodes' && issue.path.length === 3;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const known = isNode ? FIELDS.node : issue.path.length === 0 ? FIELDS.top : [];
      const guess = closestMatch(key, known);
      return {
        path: [...issue.path, key],
        message: `\`${dotted([...issue.path, key])}\`: unknown field${guess ? ` — did you mean \`${guess}\`?` : ''}`,
        hint: `known fields: ${known.join(', ')}`,
        suggestions: guess ? [guess] : [],
      };
    }
    case 'invalid_type': {
      const value = valueAt(raw, issue.path);
      if (value === undefined) {
        return { path: issue.path.slice(0, -1), message: `\`${dotted(issue.path)}\`: required field is missing`, hint: isNodeField ? 'every node needs a `step`' : 'a spec file needs `nodes`' };
      }
      return { path: issue.path, message: `\`${dotted(issue.path)}\`: expected ${issue.expected}, got ${describeValue(value)}`, hint: 'see schema/pipeline-spec.schema.json' };
    }
    case 'invalid_format':
    case 'invalid_key': {
      const last = issue.path[issue.path.length - 1];
      const key = issue.code === 'invalid_key' ? String(last) : undefined;
      const value = key ?? valueAt(raw, issue.path);
      const what = issue.code === 'invalid_key' || (issue.path[0] === 'nodes' && issue.path[2] === 'depends_on') ? 'node name' : issue.path[2] === 'workspace' ? 'workspace id' : 'step name';
      return {
        path: issue.path,
        message: `\`${dotted(issue.path)}\`: ${JSON.stringify(value)} is not a valid ${what}`,
        hint: what === 'workspace id' ? 'workspace ids are 1–64 letters, digits, `_`, `.`, `-`' : `${what}s match ^[A-Za-z][A-Za-z0-9_]*$`,
      };
    }
    default:
      return { path: issue.path, message: `\`${dotted(issue.path)}\`: ${issue.message}`, hint: 'see schema/pipeline-spec.schema.json' };
  }
}

/** The position of a path, or of its closest located parent. */
function locateNearest(locate: PositionLookup, path: readonly PropertyKey[]): { line: number; column: number } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const pos = locate(path.slice(0, n).map((k) => (typeof k === 'number' ? k : String(k))));
    if (pos) return pos;
  }
  return undefined;
}

/**
 * Read and validate a pipeline spec file (YAML or JSON).
 *
 * @throws RegistryLoadError for a file that cannot be read or parsed (file:line:col);
 *   PipelineInvalidError for content that breaks the schema (file:line:col, field, hint).
 */
export function readPipelineSpec(file: string): PipelineSpec {
  const path = resolve(file);
  return pipelineSpecFrom(readDataDocument(path, { what: 'pipeline spec', emptyHint: SPEC_EMPTY_HINT }), path);
}

const SPEC_EMPTY_HINT = 'write a mapping with `nodes:` (see examples/pipelines/)';

/**
 * Parse and validate a pipeline spec given as text (YAML, which includes JSON).
 * `label` names the text in error positions, e.g. `spec` → `spec:3:5: …`.
 *
 * @throws RegistryLoadError / PipelineInvalidError like {@link readPipelineSpec}.
 */
export function parsePipelineSpec(text: string, label = 'spec'): PipelineSpec {
  return pipelineSpecFrom(parseDataDocument(label, text, { emptyHint: SPEC_EMPTY_HINT }), label);
}

function pipelineSpecFrom(doc: ParsedDocument, path: string): PipelineSpec {
  const parsed = PipelineSpecSchema.safeParse(doc.value);
  if (!parsed.success) {
    // Every problem of the spec, unknown fields first (a typo explains the other problems of its node).
    const issues = [...parsed.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
    const findings = issues.flatMap((issue) => issueProblems(issue, doc.value)).map((problem) => {
      const pos = locateNearest(doc.locate, problem.path);
      return makeFinding({
        severity: 'error',
        code: 'PIPELINE_INVALID',
        message: problem.message,
        file: path,
        line: pos?.line,
        column: pos?.column,
        field: problem.path.map(String).join('.'),
        hint: problem.hint,
        suggestions: problem.suggestions,
      });
    });
    if (findings.length === 0) throw new PipelineInvalidError('invalid pipeline spec', { file: path });
    throw errorOfFindings(findings);
  }
  const spec = parsed.data;
  const names = Object.keys(spec.nodes);
  if (names.length === 0) {
    const pos = doc.locate(['nodes']);
    throw new PipelineInvalidError('`nodes`: a pipeline needs at least one node', { file: path, line: pos?.line, column: pos?.column, field: 'nodes', hint: 'add nodes: name → { step, workspace?, depends_on?, config? }' });
  }
  return Object.freeze({
    file: path,
    name: spec.name ?? null,
    description: spec.description ?? null,
    nodes: Object.freeze(
      names.map((name) => {
        const node = spec.nodes[name] as z.output<typeof PipelineNodeSpecSchema>;
        const pos = doc.locate(['nodes', name]);
        return Object.freeze({
          name,
          step: node.step,
          workspace: node.workspace,
          depends_on: Object.freeze([...(node.depends_on ?? [])]),
          config: node.config ?? {},
          source: Object.freeze({ file: path, line: pos?.line, column: pos?.column }),
        });
      }),
    ),
  });
}

/** Options of {@link buildPipelineSpec}. */
export interface BuildPipelineSpecOptions {
  /** The registry to resolve steps in (default: the global one). */
  readonly registry?: HybridRegistryManager;
}

/**
 * Assemble a loaded spec: each node's step resolved in its own workspace.
 * Errors about a node point at its line in the spec file.
 */
export function buildPipelineSpec(spec: PipelineSpec, options: BuildPipelineSpecOptions = {}): PipelineManifest {
  const assembler = new PipelineAssembler({ registry: options.registry, name: spec.name ?? undefined });
  for (const node of spec.nodes) {
    assembler.addStep(node.step, { config: node.config, workspace: node.workspace, dependsOn: node.depends_on, node: node.name, source: node.source });
  }
  return assembler.build();
}

/**
 * Read a spec file and assemble it (what `cursus pipeline build` does).
 *
 * @example
 * const manifest = buildPipelineFromFile('examples/pipelines/multi_developer_pipeline.yaml');
 * manifest.order; // ['load_data', 'preprocess', 'train', 'evaluate', 'register']
 */
export function buildPipelineFromFile(file: string, options: BuildPipelineSpecOptions = {}): PipelineManifest {
  return buildPipelineSpec(readPipelineSpec(file), options);
}
