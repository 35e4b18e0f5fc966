/**
 * Fuzz tests of the readers and the resolver (issue 6, "Fuzz"; SPEC §3, §4.2, §5, §6).
 *
 * 1. Random documents — random text, random structures serialised as YAML /
 *    JSON / Python literals, mutations of valid registries, random bytes,
 *    pathological nesting — written as workspace registry files of every data
 *    format and as core files. Loading never raises anything but a
 *    `RegistryError` with a one-line message; for workspaces the manager
 *    constructor never throws (a broken workspace is a diagnostic), a lookup in
 *    it throws only `RegistryError`, and a healthy workspace next to it stays usable.
 * 2. Random multi-workspace registries: resolution results do not depend on the
 *    order the workspace directories were created, on the file format, or on
 *    the order of earlier (cached) calls; `resolveStep` never throws for a
 *    known name in automatic mode, and `strict` raises exactly on ambiguity.
 *    (Widens the property of test/engine/hybridRegistryManager.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  AmbiguousStepError,
  BUNDLED_CORE_REGISTRY,
  HybridRegistryManager,
  RegistryError,
  STEP_DEFINITION_FIELDS,
  WORKSPACE_METADATA_FIELDS,
  WORKSPACE_REGISTRY_EXTENSIONS,
  readCoreRegistry,
  readWorkspaceRegistry,
  type ResolutionContext,
  type StepDefinition,
  type StepResolutionResult,
} from '../../src/index.js';
import { STRESS } from '../helpers/stress.js';
import { EXAMPLES_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

/** Data formats a workspace file may have (code formats run code, so they are not fuzzed). */
const DATA_EXTS = (['yaml', 'yml', 'json', 'py'] as const).filter((ext) => (WORKSPACE_REGISTRY_EXTENSIONS as readonly string[]).includes(ext));
const CORE_EXTS = ['yaml', 'yml', 'json'] as const;
/** Runs per property: 250 under `npm run test:stress` (or FUZZ_RUNS=<n>); a quarter of each in `npm test`. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const SCALE = process.env.FUZZ_RUNS !== undefined || STRESS ? 1 : 0.25;
/** Deterministic by default; FUZZ_SEED=<n> replays or explores another seed. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const fcOptions = (numRuns = RUNS) => ({ numRuns: Math.max(1, Math.round(numRuns * SCALE)), seed: SEED });

/** A line break in a message (CR or LF; the Unicode separators U+2028/U+2029 are checked separately below). */
const LINE_BREAK = /[\r\n]/;
const UNICODE_LINE_BREAK = /[\u2028\u2029]/;

/** Fails (with what was being done) unless `error` is a RegistryError whose message is one line. */
function assertRegistryError(error: unknown, where: string): asserts error is RegistryError {
  if (!(error instanceof RegistryError)) {
    const e = error as Error | undefined;
    throw new Error(`${where}: threw ${e?.constructor?.name ?? typeof error}, not a RegistryError: ${e?.message ?? String(error)}\n${e?.stack ?? ''}`);
  }
  if (LINE_BREAK.test(error.message)) throw new Error(`${where}: RegistryError message is not one line: ${JSON.stringify(error.message)}`);
  if (typeof error.code !== 'string' || (error.code as string) === '') throw new Error(`${where}: RegistryError without a code`);
}

/** Run `fn`; anything it throws must be a one-line RegistryError. Returns whether it threw. */
function onlyRegistryErrors(where: string, fn: () => unknown): RegistryError | null {
  try {
    fn();
    return null;
  } catch (error) {
    assertRegistryError(error, where);
    return error;
  }
}

/** Object.prototype must never gain keys from a file (SPEC §2: names like __proto__ never reach it). */
function assertPrototypeClean(where: string): void {
  const polluted = Object.getOwnPropertyNames(Object.prototype).filter((k) => !PROTOTYPE_KEYS.has(k));
  if (polluted.length) throw new Error(`${where}: Object.prototype gained ${polluted.join(', ')}`);
  if (Object.getPrototypeOf(Object.prototype) !== null) throw new Error(`${where}: Object.prototype's prototype changed`);
}
const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

// ---------------------------------------------------------------------------
// Serialisers
// ---------------------------------------------------------------------------

/** A JS value as a Python literal (what a workspace_registry.py holds). */
function toPython(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? '-0.0' : String(value)) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toPython).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}: ${toPython((value as Record<string, unknown>)[k])}`).join(', ')}}`;
  return JSON.stringify(String(value));
}

/** A module assigning each top-level key (identifier or not: a bad one is just another broken file). */
function toPythonModule(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${toPython(value)}\n`;
  return Object.keys(value)
    .map((k) => `${k} = ${toPython((value as Record<string, unknown>)[k])}\n`)
    .join('');
}

type Serialiser = (value: unknown) => string;
const SERIALISERS: Record<string, Serialiser> = {
  yamlBlock: (v) => jsyaml.dump(v, { skipInvalid: true, noRefs: true }),
  yamlFlow: (v) => jsyaml.dump(v, { skipInvalid: true, noRefs: true, flowLevel: 1 }),
  yamlQuoted: (v) => jsyaml.dump(v, { skipInvalid: true, noRefs: true, forceQuotes: true, quotingType: '"' }),
  json: (v) => JSON.stringify(v) ?? 'null',
  jsonPretty: (v) => JSON.stringify(v, null, 2) ?? 'null',
  python: toPythonModule,
};
const serialiserArb = fc.constantFrom(...Object.keys(SERIALISERS));

// ---------------------------------------------------------------------------
// Generators of documents
// ---------------------------------------------------------------------------

const SECTION_KEYS = ['LOCAL_STEPS', 'STEP_OVERRIDES', 'WORKSPACE_METADATA'];
/** Characters that matter to the parsers, plus line breaks of every kind. */
const nastyChar = fc.constantFrom('\n', '\r', '\r\n', '\t', '\u2028', '\u2029', '\u0085', '\uFEFF', '\u0000', '"', "'", '\\', ':', '#', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '-', '?', '%', '@', '`', ' ', 'é', '😀', '\uD800');
const smallString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(nastyChar, fc.string({ minLength: 1, maxLength: 1 })), maxLength: 10 }) },
  { weight: 2, arbitrary: fc.constantFrom('', '  ', 'Training', 'Processing', 'xgboost', 'pytorch', 'XGBoostTrainingConfig', '__proto__', 'constructor', 'null', 'True', '1e3', '0x1F', '~') },
);
const scalar = fc.oneof(
  { weight: 4, arbitrary: smallString },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e300, 2 ** 31) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
const fieldValue = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(smallString, scalar, { maxKeys: 3 }) },
);
const fieldName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...STEP_DEFINITION_FIELDS) },
  { weight: 1, arbitrary: fc.constantFrom('framwork', 'configclass', 'name', 'source', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '') },
  { weight: 1, arbitrary: smallString },
);
const validStep = fc.record(
  {
    config_class: fc.constantFrom('AConfig', 'XGBoostTrainingConfig', ' Padded '),
    builder_step_name: fc.constantFrom('AStepBuilder', 'B'),
    spec_type: fc.constantFrom('A', 'XGBoostTraining'),
    sagemaker_step_type: fc.constantFrom('Processing', 'Training', 'Odd'),
    description: fc.constantFrom('a step', 'x'),
    priority: fc.integer({ min: -5, max: 500 }),
    framework: fc.constantFrom('xgboost', 'pytorch', null),
    environment_tags: fc.subarray(['dev', 'prod', 'gpu']),
    conflict_resolution_strategy: fc.constantFrom('workspace_priority', 'framework_match', 'environment_match', 'priority_based'),
    registry_type: fc.constantFrom('workspace', 'override', 'core'),
  },
  { requiredKeys: ['config_class', 'builder_step_name', 'spec_type', 'sagemaker_step_type', 'description'] },
);
/** A step: mostly valid, with fields dropped and random fields patched in. */
const step = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(validStep, fc.dictionary(fieldName, fieldValue, { maxKeys: 3 }), fc.subarray([...STEP_DEFINITION_FIELDS], { maxLength: 2 }))
      .map(([base, patch, drop]) => {
        const out: Record<string, unknown> = Object.create(null);
        for (const [k, v] of Object.entries(base)) if (!drop.includes(k)) out[k] = v;
        for (const k of Object.keys(patch)) out[k] = patch[k];
        return out;
      }),
  },
  { weight: 2, arbitrary: fc.dictionary(fieldName, fieldValue, { maxKeys: 8 }) },
  { weight: 1, arbitrary: fieldValue },
);
const stepName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('XGBoostTraining', 'MyStep', 'Shared', 'Base', 'constructor', '__proto__', 'hasOwnProperty', 'toString', 'Bad-Name', '1abc', '', ' Spaced ', 'a\nb') },
  { weight: 1, arbitrary: smallString },
);
const stepSection = fc.oneof({ weight: 5, arbitrary: fc.dictionary(stepName, step, { maxKeys: 4 }) }, { weight: 1, arbitrary: fieldValue });
const metadata = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.dictionary(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORKSPACE_METADATA_FIELDS) }, { weight: 1, arbitrary: smallString }),
      fc.oneof(fieldValue, fc.subarray(['xgboost', 'pytorch', 'dev', 'prod', ' ', ''])),
      { maxKeys: 5 },
    ),
  },
  { weight: 1, arbitrary: fieldValue },
);
const topKey = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...SECTION_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('$schema', 'STEP_NAMES', '__proto__', 'local_steps', 'LOCAL_STEP') },
  { weight: 1, arbitrary: smallString },
);
/** Valid names, steps and metadata: documents that load, so lookups and resolution get fuzzed too. */
const goodName = fc.constantFrom('XGBoostTraining', 'PyTorchTraining', 'MyStep', 'Shared', 'constructor', 'toString', 'valueOf', 'A_1');
const goodStep = validStep.map((v) => {
  const { registry_type: _ignored, ...rest } = v;
  return rest;
});
const goodMetadata = fc.record(
  {
    developer_id: fc.constantFrom('fz-yaml', 'someone'),
    version: fc.constantFrom('1.0.0', ''),
    preferred_frameworks: fc.subarray(['xgboost', 'pytorch']),
    environment_preferences: fc.subarray(['dev', 'prod']),
    conflict_tolerance: fc.constantFrom('low', 'medium', 'high'),
  },
  { requiredKeys: [] },
);
const goodWorkspace = fc.record(
  { LOCAL_STEPS: fc.dictionary(goodName, goodStep, { maxKeys: 3 }), STEP_OVERRIDES: fc.dictionary(goodName, goodStep, { maxKeys: 3 }), WORKSPACE_METADATA: goodMetadata },
  { requiredKeys: [] },
);
/** A workspace-registry-like structure. */
const workspaceStructure = fc.oneof(
  { weight: 3, arbitrary: goodWorkspace },
  { weight: 4, arbitrary: fc.record({ LOCAL_STEPS: stepSection, STEP_OVERRIDES: stepSection, WORKSPACE_METADATA: metadata }, { requiredKeys: [] }) },
  { weight: 2, arbitrary: fc.dictionary(topKey, fc.oneof(stepSection, metadata), { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);
/** A core-registry-like structure: name → fields at top level or under STEP_NAMES. */
const coreStructure = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(goodName, goodStep, { minKeys: 1, maxKeys: 5 }) },
  { weight: 4, arbitrary: fc.dictionary(stepName, step, { minKeys: 1, maxKeys: 5 }) },
  { weight: 2, arbitrary: fc.dictionary(stepName, step, { maxKeys: 4 }).map((s) => ({ STEP_NAMES: s })) },
  { weight: 1, arbitrary: fc.tuple(fc.dictionary(stepName, step, { maxKeys: 3 }), fc.dictionary(topKey, fieldValue, { maxKeys: 2 })).map(([s, extra]) => ({ STEP_NAMES: s, ...extra })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

/** Tokens of YAML, JSON and Python that a random text is made of. */
const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SECTION_KEYS, 'STEP_NAMES', 'XGBoostTraining', 'config_class', 'priority', 'framework', 'environment_tags', '__proto__', 'constructor', 'None', 'True', 'null', '~', '"""', "'''", 'import', 'from', 'def', 'lambda', '=', ':', ': ', '\n', '\n  ', '\n    ', '\t', '- ', '---', '...', '%YAML 1.2', '!!python/object', '!!binary', '&a ', '*a', '<<: ', '? ', '|', '>-', '#', '{', '}', '[', ']', '(', ')', ',', '"', "'", '\\', '\\u00', '1e999', '0x', '-', '+', '*', '**', 'f"', 'b"', '\uFEFF', '\u2028', '\r') },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);
const randomText = fc.oneof(
  { weight: 3, arbitrary: fc.array(token, { maxLength: 60 }).map((t) => t.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);
/** Pathological shapes: deep nesting, huge scalars, many aliases. */
const pathological = fc
  .record({
    unit: fc.constantFrom('[', '{', '(', '- ', '{"a":', '[1,', 'a:\n ', '- - ', '"', '\\', '*a ', '&a [*a,', 'X = (', '{"A": '),
    n: fc.integer({ min: 1, max: 20_000 }),
    prefix: fc.constantFrom('', 'LOCAL_STEPS: ', 'LOCAL_STEPS = ', '{"LOCAL_STEPS": ', 'a: &a x\nb: '),
  })
  .map(({ unit, n, prefix }) => prefix + unit.repeat(n));

/** A mutation of a valid file. */
type Mutation =
  | { kind: 'deleteRange'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replaceChar'; at: number; text: string }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'deleteLine'; at: number }
  | { kind: 'swapLines'; at: number; other: number }
  | { kind: 'insertLine'; at: number; text: string }
  | { kind: 'truncate'; at: number };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('deleteRange' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(token, fc.string({ unit: nastyChar, minLength: 1, maxLength: 3 })) }),
  fc.record({ kind: fc.constant('replaceChar' as const), at: fc.nat(), text: fc.oneof(nastyChar, fc.string({ minLength: 1, maxLength: 1 })) }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('deleteLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('insertLine' as const), at: fc.nat(), text: fc.array(token, { maxLength: 8 }).map((t) => t.join('')) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length ? m.at % (out.length + 1) : 0;
    const lines = out.split('\n');
    const line = lines.length ? m.at % lines.length : 0;
    switch (m.kind) {
      case 'deleteRange':
        out = out.slice(0, at) + out.slice(at + m.len);
        break;
      case 'insert':
        out = out.slice(0, at) + m.text + out.slice(at);
        break;
      case 'replaceChar':
        out = out.slice(0, at) + m.text + out.slice(at + 1);
        break;
      case 'duplicateLine':
        lines.splice(line, 0, lines[line] ?? '');
        out = lines.join('\n');
        break;
      case 'deleteLine':
        lines.splice(line, 1);
        out = lines.join('\n');
        break;
      case 'swapLines': {
        const other = lines.length ? m.other % lines.length : 0;
        const a = lines[line] ?? '';
        lines[line] = lines[other] ?? '';
        lines[other] = a;
        out = lines.join('\n');
        break;
      }
      case 'insertLine':
        lines.splice(line, 0, m.text);
        out = lines.join('\n');
        break;
      case 'truncate':
        out = out.slice(0, at);
        break;
    }
  }
  return out;
}

/** A valid .py workspace registry. */
const VALID_PY = `"""Workspace registry of maria (Python literals, never run)."""
from typing import Dict  # ignored

LOCAL_STEPS: Dict[str, dict] = {
    "MariaCheck": {
        "config_class": "MariaCheckConfig",
        "builder_step_name": "MariaCheckStepBuilder",
        "spec_type": "MariaCheck",
        "sagemaker_step_type": "Processing",
        "description": "A check " "of maria",
        "environment_tags": ("dev", "prod"),
        "priority": 40,
    },
}

STEP_OVERRIDES = {
    "XGBoostTraining": {
        "config_class": "MariaXGBoostTrainingConfig",
        "builder_step_name": "MariaXGBoostTrainingStepBuilder",
        "spec_type": "XGBoostTraining",
        "sagemaker_step_type": "Training",
        "description": 'XGBoost by maria',
        "framework": None,
    },
}

WORKSPACE_METADATA = {"developer_id": "maria", "preferred_frameworks": ["xgboost"]}
_notes = ['kept private']
`;

// ---------------------------------------------------------------------------
// The workspace and core harness
// ---------------------------------------------------------------------------

const GOOD_CLASS = 'GoodXGBoostTrainingConfig';
const GOOD_REGISTRY = `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: GOOD_CLASS, sagemaker_step_type: 'Training' })}LOCAL_STEPS:\n${stepYaml('GoodLocal')}`;

let tmp: TempDir;
let wsRoot: string;
let coreDir: string;
let emptyRoot: string;
let seeds: { workspace: string[]; core: string[] };
/** Diagnostics whose message is not one line (Diagnostic.message is documented as one line): code → example. */
const multiLineDiagnostics = new Map<string, string>();
const stats = { workspaceDocs: 0, workspaceFilesFailed: 0, workspaceFilesLoaded: 0, coreDocs: 0, coreLoaded: 0, coreFailed: 0 };

beforeAll(() => {
  tmp = makeTempDir('cursus-fuzz-');
  wsRoot = join(tmp.dir, 'workspaces');
  coreDir = join(tmp.dir, 'core');
  emptyRoot = join(tmp.dir, 'empty-root');
  mkdirSync(coreDir, { recursive: true });
  mkdirSync(emptyRoot, { recursive: true });
  tmp.write(join('workspaces', registryPath('good')), GOOD_REGISTRY);
  const coreYaml = readFileSync(BUNDLED_CORE_REGISTRY, 'utf8');
  seeds = {
    workspace: [
      readFileSync(join(EXAMPLES_ROOT, registryPath('alice', 'yaml')), 'utf8'),
      readFileSync(join(EXAMPLES_ROOT, registryPath('bob', 'json')), 'utf8'),
      VALID_PY,
      GOOD_REGISTRY,
    ],
    core: [coreYaml, `${JSON.stringify({ STEP_NAMES: jsyaml.load(coreYaml) }, null, 2)}\n`, stepYaml('Only', {}, '')],
  };
});

afterAll(() => {
  tmp.cleanup();
  console.log(`fuzz: ${JSON.stringify(stats)}`);
});

function writeRaw(file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/**
 * Write `content` as the registry of one workspace per data format (plus the
 * healthy `good` workspace), then check every reader and every lookup.
 */
function checkWorkspaceContent(content: string | Uint8Array): void {
  stats.workspaceDocs++;
  const ids = DATA_EXTS.map((ext) => `fz-${ext}`);
  DATA_EXTS.forEach((ext, i) => writeRaw(join(wsRoot, registryPath(ids[i] as string, ext)), content));
  const describeDoc = () => `document ${JSON.stringify(typeof content === 'string' ? content.slice(0, 400) : Buffer.from(content).toString('base64').slice(0, 400))}`;

  // The reader itself.
  DATA_EXTS.forEach((ext, i) => {
    const id = ids[i] as string;
    onlyRegistryErrors(`readWorkspaceRegistry(.${ext}) of ${describeDoc()}`, () => readWorkspaceRegistry(join(wsRoot, registryPath(id, ext)), id));
  });

  for (const lazy of [false, true]) {
    let manager: HybridRegistryManager;
    try {
      manager = new HybridRegistryManager({ workspacesRoot: wsRoot, cwd: tmp.dir, env: {}, lazy });
    } catch (error) {
      const e = error as Error;
      throw new Error(`new HybridRegistryManager({ lazy: ${lazy} }) threw for ${describeDoc()}: ${e?.constructor?.name}: ${e?.message}\n${e?.stack}`);
    }
    for (const id of ids) {
      const where = `workspace ${id} (lazy ${lazy}) of ${describeDoc()}`;
      const failure = onlyRegistryErrors(`getStepDefinition in ${where}`, () => manager.getStepDefinition('XGBoostTraining', id));
      onlyRegistryErrors(`getAllStepDefinitions in ${where}`, () => manager.getAllStepDefinitions(id));
      onlyRegistryErrors(`getLocalOnlyDefinitions in ${where}`, () => manager.getLocalOnlyDefinitions(id));
      onlyRegistryErrors(`getWorkspaceMetadata in ${where}`, () => manager.getWorkspaceMetadata(id));
      onlyRegistryErrors(`createLegacyStepNamesDict in ${where}`, () => JSON.stringify(manager.createLegacyStepNamesDict(id)));
      onlyRegistryErrors(`resolveStep in ${where}`, () => manager.resolveStep('XGBoostTraining', { workspace_id: id }));
      if (failure) {
        stats.workspaceFilesFailed++;
        // A failed workspace raises its load error, whichever way it is asked (SPEC §5).
        if (failure.code !== 'REGISTRY_LOAD_ERROR' && failure.code !== 'STEP_DEFINITION_INVALID') throw new Error(`${where}: unexpected error code ${failure.code}`);
        if (/unexpected failure while loading/.test(failure.message)) throw new Error(`${where}: a reader threw a non-RegistryError (wrapped by the manager): ${failure.message}`);
      } else {
        stats.workspaceFilesLoaded++;
        // A loaded workspace answers every name of its view, and every one resolves.
        for (const name of manager.getAllStepDefinitions(id).keys()) {
          const r = manager.resolveStep(name, { workspace_id: id });
          if (!r.resolved) throw new Error(`${where}: '${name}' is in the view but does not resolve`);
        }
      }
    }
    // The healthy workspace next to the broken ones is fully usable.
    expect(manager.getStepDefinition('XGBoostTraining', 'good')?.config_class).toBe(GOOD_CLASS);
    expect(manager.getStepDefinition('GoodLocal', 'good')?.workspace_id).toBe('good');
    expect(manager.resolveStep('GoodLocal', { workspace_id: 'good' }).selected_definition?.workspace_id).toBe('good');
    expect(manager.getStepDefinition('XGBoostTraining', null)?.config_class).toBe('XGBoostTrainingConfig');
    expect(manager.getWorkspaceIds()).toEqual(['fz-json', 'fz-py', 'fz-yaml', 'fz-yml', 'good'].filter((id) => id === 'good' || ids.includes(id)));
    for (const d of manager.getDiagnostics()) {
      // Collected, not thrown, so one finding does not stop the fuzzing of everything else (asserted after the run).
      if (LINE_BREAK.test(d.message)) multiLineDiagnostics.set(d.code, `${JSON.stringify(d.message)} from ${describeDoc()}`);
    }
    for (const ws of manager.getWorkspaces()) {
      if (ws.error !== null && LINE_BREAK.test(ws.error)) throw new Error(`workspace ${ws.id} error is not one line: ${JSON.stringify(ws.error)}`);
    }
  }
  assertPrototypeClean(describeDoc());
}

/** Write `content` as a core file of each format; reading it and building a manager on it raise only RegistryError. */
function checkCoreContent(content: string | Uint8Array): void {
  stats.coreDocs++;
  for (const ext of CORE_EXTS) {
    const file = join(coreDir, `core.${ext}`);
    writeRaw(file, content);
    const where = `core .${ext} ${JSON.stringify(typeof content === 'string' ? content.slice(0, 400) : Buffer.from(content).toString('base64').slice(0, 400))}`;
    const readFailure = onlyRegistryErrors(`readCoreRegistry of ${where}`, () => readCoreRegistry(file));
    let manager: HybridRegistryManager | undefined;
    const failure = onlyRegistryErrors(`new HybridRegistryManager on ${where}`, () => {
      manager = new HybridRegistryManager({ coreRegistry: file, workspacesRoot: emptyRoot, cwd: tmp.dir, env: {} });
    });
    // The reader and the manager agree on whether the core loads.
    if ((readFailure === null) !== (failure === null)) throw new Error(`${where}: readCoreRegistry ${readFailure ? 'failed' : 'loaded'} but the manager ${failure ? 'failed' : 'loaded'}`);
    if (failure) {
      stats.coreFailed++;
      continue;
    }
    stats.coreLoaded++;
    const m = manager as HybridRegistryManager;
    const names = [...m.getAllStepDefinitions(null).keys()];
    if (names.length === 0) throw new Error(`${where}: a loaded core has no steps`);
    for (const name of names) {
      const r = m.resolveStep(name, { workspace_id: null });
      if (r.selected_definition?.registry_type !== 'core') throw new Error(`${where}: '${name}' did not resolve to core`);
    }
    JSON.stringify(m.createLegacyStepNamesDict(null));
    for (const d of m.getDiagnostics()) if (LINE_BREAK.test(d.message)) multiLineDiagnostics.set(d.code, `${JSON.stringify(d.message)} from ${where}`);
  }
  assertPrototypeClean('core');
}

// ---------------------------------------------------------------------------
// 1. Readers never raise anything but RegistryError
// ---------------------------------------------------------------------------

describe('fuzz: every reader raises only one-line RegistryErrors', () => {
  it('the fixtures used by the properties are what they claim', () => {
    // Valid seeds load: mutations start from real registries.
    expect(DATA_EXTS).toEqual(['yaml', 'yml', 'json', 'py']);
    checkWorkspaceContent(GOOD_REGISTRY);
    const m = new HybridRegistryManager({ workspacesRoot: wsRoot, cwd: tmp.dir, env: {} });
    expect(m.getStepDefinition('GoodLocal', 'fz-yaml')?.workspace_id).toBe('fz-yaml');
    expect(() => m.getStepDefinition('GoodLocal', 'fz-json')).toThrow(RegistryError); // YAML is not JSON
    const py = join(tmp.dir, 'seed', registryPath('maria', 'py'));
    writeRaw(py, VALID_PY);
    expect(readWorkspaceRegistry(py, 'maria').stepOverrides.get('XGBoostTraining')?.config_class).toBe('MariaXGBoostTrainingConfig');
    for (const [i, text] of seeds.core.entries()) expect(readCoreRegistry(writeCore(`seed${i}.${i === 1 ? 'json' : 'yaml'}`, text)).definitions.size).toBeGreaterThan(0);
    // A non-RegistryError is caught by the harness.
    expect(() => assertRegistryError(new TypeError('x'), 'probe')).toThrow(/not a RegistryError/);
  });

  it('random text as workspace registries of every data format', () => {
    fc.assert(fc.property(randomText, (text) => checkWorkspaceContent(text)), fcOptions());
  });

  it('random structures serialised as YAML, JSON and Python as workspace registries', () => {
    fc.assert(fc.property(workspaceStructure, serialiserArb, (value, how) => checkWorkspaceContent((SERIALISERS[how] as Serialiser)(value))), fcOptions());
  });

  it('mutations of valid registries (YAML, JSON, Python)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seedIndex, mutations) => {
        checkWorkspaceContent(mutate(seeds.workspace[seedIndex % seeds.workspace.length] as string, mutations));
      }),
      fcOptions(),
    );
  });

  it('random bytes (binary, UTF-8-ish, BOMs, invalid UTF-8) and pathological nesting', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.uint8Array({ min: 1, max: 255, maxLength: 300 }),
      fc.tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xc3], [0xed, 0xa0, 0x80]), fc.uint8Array({ min: 0x20, max: 0x7e, maxLength: 100 })).map(([head, rest]) => new Uint8Array([...head, ...rest])),
    );
    fc.assert(fc.property(fc.oneof(bytes, pathological), (content) => checkWorkspaceContent(content)), fcOptions(200));
  });

  it('random core registries: text, structures, mutations and bytes', () => {
    const coreDoc = fc.oneof(
      { weight: 3, arbitrary: fc.tuple(coreStructure, serialiserArb.filter((s) => s !== 'python')).map(([v, how]) => (SERIALISERS[how] as Serialiser)(v)) },
      { weight: 3, arbitrary: fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([i, ms]) => mutate(seeds.core[i % seeds.core.length] as string, ms)) },
      { weight: 1, arbitrary: randomText },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
      { weight: 1, arbitrary: pathological },
    );
    fc.assert(fc.property(coreDoc, (content) => checkCoreContent(content)), fcOptions());
  });

  it('every diagnostic recorded during the runs above was one line', () => {
    expect(stats.workspaceDocs).toBeGreaterThan(4 * 200 * SCALE);
    expect(Object.fromEntries(multiLineDiagnostics)).toEqual({});
  });
});

function writeCore(name: string, text: string): string {
  const file = join(coreDir, name);
  writeRaw(file, text);
  return file;
}

// ---------------------------------------------------------------------------
// 2. Multi-workspace resolution: order-, format- and call-order-independent
// ---------------------------------------------------------------------------

const IDS = ['alice', 'Bob', 'carol', 'd.e', 'x-1', 'zed_9', 'AA', 'a', 'B2'] as const;
const NAMES = ['Shared', 'Other', 'XGBoostTraining', 'PyTorchTraining'] as const;
const FRAMEWORKS = ['xgboost', 'pytorch', 'sklearn'];
const ENVS = ['dev', 'prod', 'gpu', 'staging'];

interface StepSpec {
  section: 'LOCAL_STEPS' | 'STEP_OVERRIDES' | 'both';
  priority: number | undefined;
  framework: string | null | undefined;
  env: string[];
}
interface WorkspaceSpec {
  id: string;
  steps: Partial<Record<(typeof NAMES)[number], StepSpec>>;
  metadata: { preferred_frameworks?: string[]; environment_preferences?: string[] } | null;
}

const stepSpec: fc.Arbitrary<StepSpec> = fc.record({
  section: fc.constantFrom('LOCAL_STEPS' as const, 'STEP_OVERRIDES' as const, 'both' as const),
  priority: fc.option(fc.constantFrom(1, 5, 50, 100, 150), { nil: undefined }),
  framework: fc.constantFrom(undefined, null, ...FRAMEWORKS),
  env: fc.subarray(ENVS, { maxLength: 2 }),
});
const workspaceSpec: fc.Arbitrary<WorkspaceSpec> = fc.record({
  id: fc.constantFrom(...IDS),
  steps: fc.record(Object.fromEntries(NAMES.map((n) => [n, stepSpec])) as Record<(typeof NAMES)[number], fc.Arbitrary<StepSpec>>, { requiredKeys: [] }),
  metadata: fc.option(fc.record({ preferred_frameworks: fc.subarray(FRAMEWORKS, { minLength: 1 }), environment_preferences: fc.subarray(ENVS, { minLength: 1 }) }, { requiredKeys: [] }), { nil: null }),
});
const contextArbOf = (frameworks: readonly (string | null | undefined)[]): fc.Arbitrary<ResolutionContext> =>
  fc.record(
    {
      workspace_id: fc.oneof(fc.constant(null), fc.constant(undefined), fc.constantFrom(...IDS)),
      preferred_framework: fc.constantFrom(...frameworks),
      environment_tags: fc.option(fc.subarray(ENVS, { maxLength: 2 }), { nil: undefined }),
    },
    { requiredKeys: [] },
  );
const contextArb = contextArbOf([undefined, null, ...FRAMEWORKS]);
/** With '' — a framework a caller can pass (`cursus registry resolve-step X --framework ""`, or an empty config value). */
const contextArbWithEmpty = contextArbOf([undefined, null, '', ...FRAMEWORKS]);

/** The file contents of one workspace, as data. */
function workspaceData(spec: WorkspaceSpec): Record<string, unknown> {
  const sections: Record<string, Record<string, unknown>> = {};
  for (const name of NAMES) {
    const s = spec.steps[name];
    if (!s) continue;
    const def: Record<string, unknown> = {
      config_class: `${spec.id.replace(/[^A-Za-z0-9]/g, '')}${name}Config`,
      builder_step_name: `${name}StepBuilder`,
      spec_type: name,
      sagemaker_step_type: 'Training',
      description: `${name} of ${spec.id}`,
    };
    if (s.priority !== undefined) def.priority = s.priority;
    if (s.framework !== undefined) def.framework = s.framework;
    if (s.env.length) def.environment_tags = s.env;
    for (const section of s.section === 'both' ? ['LOCAL_STEPS', 'STEP_OVERRIDES'] : [s.section]) {
      (sections[section] ??= {})[name] = section === 'LOCAL_STEPS' && s.section === 'both' ? { ...def, config_class: `Shadowed${def.config_class as string}` } : def;
    }
  }
  const data: Record<string, unknown> = { ...sections };
  if (spec.metadata) data.WORKSPACE_METADATA = { developer_id: spec.id, ...spec.metadata };
  return data;
}

const FORMAT_WRITERS: Record<string, (data: Record<string, unknown>) => string> = {
  yaml: (d) => jsyaml.dump(d),
  yml: (d) => jsyaml.dump(d, { flowLevel: 2 }),
  json: (d) => JSON.stringify(d, null, 2),
  py: (d) => Object.entries(d).map(([k, v]) => `${k} = ${toPython(v)}\n`).join('') || 'LOCAL_STEPS = {}\n',
};

const label = (d: StepDefinition | null | undefined) => (d ? `${d.workspace_id ?? 'core'}/${d.registry_type}/${d.config_class}` : '-');
function summarise(r: StepResolutionResult): string {
  return [
    label(r.selected_definition),
    r.resolution_strategy,
    r.ambiguous,
    r.tied_definitions.map(label).join(','),
    r.conflicting_definitions.map(label).join(','),
    r.context.preferred_frameworks.join(','),
    r.context.environment_tags.join(','),
    r.explanation.join(' / '),
  ].join(' | ');
}

/** Code-unit order, the order SPEC §4.2 breaks ties in. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('fuzz: resolution over random multi-workspace registries', () => {
  let root: TempDir;
  beforeAll(() => {
    root = makeTempDir('cursus-fuzz-resolve-');
  });
  afterAll(() => root.cleanup());

  it('results are independent of creation order, file format and earlier calls; known names never throw; strict raises exactly on ambiguity', () => {
    let run = 0;
    const counts = { runs: 0, resolutions: 0, ambiguous: 0, strategies: {} as Record<string, number> };
    fc.assert(
      fc.property(
        fc.uniqueArray(workspaceSpec, { selector: (w) => w.id, minLength: 1, maxLength: 6 }),
        fc.array(contextArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
        fc.array(fc.constantFrom('yaml', 'yml', 'json', 'py'), { minLength: 12, maxLength: 12 }),
        (specs, contexts, shuffleKeys, formats) => {
          run++;
          counts.runs++;
          const ids = specs.map((s) => s.id);
          const orders = [specs, [...specs].reverse(), [...specs].sort((a, b) => (shuffleKeys[ids.indexOf(a.id)] ?? 0) - (shuffleKeys[ids.indexOf(b.id)] ?? 0))];
          const contextsWithIds = contexts.map((c) => (c.workspace_id && !ids.includes(c.workspace_id) ? { ...c, workspace_id: ids[0] } : c));
          const all: ResolutionContext[] = [{}, { workspace_id: null }, ...ids.map((id) => ({ workspace_id: id })), ...contextsWithIds];
          const answers: string[] = [];
          for (const [o, order] of orders.entries()) {
            const dir = join(root.dir, `run${run}-${o}`);
            mkdirSync(dir);
            // Each order also writes each workspace in another format.
            for (const s of order) {
              const ext = formats[(ids.indexOf(s.id) + o * 4) % formats.length] as string;
              writeRaw(join(dir, registryPath(s.id, ext)), (FORMAT_WRITERS[ext] as (d: Record<string, unknown>) => string)(workspaceData(s)));
            }
            const manager = new HybridRegistryManager({ workspacesRoot: dir, cwd: root.dir, env: {} });
            const errors = manager.getDiagnostics().filter((d) => d.severity === 'error');
            expect(errors.map((d) => `${d.workspace_id}: ${d.message}`)).toEqual([]);
            expect(manager.getWorkspaceIds()).toEqual([...ids].sort(byCodeUnit));
            const summary: string[] = [];
            // Call order differs between the three managers: the cache must never change an answer.
            const calls = NAMES.flatMap((name) => all.map((context) => ({ name, context })));
            if (o === 1) calls.reverse();
            if (o === 2) calls.sort((a, b) => byCodeUnit(JSON.stringify(b.context), JSON.stringify(a.context)));
            const byCall = new Map<string, string>();
            const isolated = new Map<string, HybridRegistryManager>();
            for (const { name, context } of calls) {
              const key = `${name} ${JSON.stringify(context)}`;
              let r: StepResolutionResult;
              try {
                r = manager.resolveStep(name, { ...context, resolution_mode: 'automatic' });
              } catch (error) {
                throw new Error(`resolveStep('${name}', ${JSON.stringify(context)}) threw in automatic mode: ${(error as Error).message}`);
              }
              counts.resolutions++;
              if (r.ambiguous) counts.ambiguous++;
              counts.strategies[r.resolution_strategy ?? 'none'] = (counts.strategies[r.resolution_strategy ?? 'none'] ?? 0) + 1;
              checkResolution(manager, specs, name, context, r);
              if (o === 0) {
                // A manager that only ever answered this context gives the same answer: earlier calls in other contexts never change one.
                const contextKey = JSON.stringify(context);
                let alone = isolated.get(contextKey);
                if (!alone) isolated.set(contextKey, (alone = new HybridRegistryManager({ workspacesRoot: dir, cwd: root.dir, env: {} })));
                expect(summarise(r), `after other calls vs alone: ${key}`).toBe(summarise(alone.resolveStep(name, context)));
              }
              byCall.set(key, summarise(r));
            }
            for (const { name, context } of NAMES.flatMap((name) => all.map((context) => ({ name, context })))) summary.push(`${name} ${JSON.stringify(context)} => ${byCall.get(`${name} ${JSON.stringify(context)}`)}`);
            summary.push(JSON.stringify(Object.entries(manager.getStepConflicts()).map(([n, defs]) => [n, defs.map(label)])));
            summary.push(JSON.stringify(manager.getCoreOverrides()));
            answers.push(summary.join('\n'));
          }
          expect(answers[1]).toBe(answers[0]);
          expect(answers[2]).toBe(answers[0]);
        },
      ),
      fcOptions(150),
    );
    console.log(`resolution fuzz: ${JSON.stringify(counts)}`);
    // The generator reaches every strategy, ties included.
    for (const s of ['no_conflict', 'workspace_priority', 'framework_match', 'environment_match', 'priority_based']) expect(counts.strategies[s] ?? 0, s).toBeGreaterThan(0);
  }, 120_000);

  it('the resolve cache never changes an answer: a context answered after any other calls equals it answered alone (incl. an empty framework)', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(workspaceSpec, { selector: (w) => w.id, minLength: 2, maxLength: 5 }),
        fc.array(contextArbWithEmpty, { minLength: 2, maxLength: 8 }),
        (specs, contexts) => {
          run++;
          const ids = specs.map((s) => s.id);
          const dir = join(root.dir, `cache${run}`);
          for (const s of specs) writeRaw(join(dir, registryPath(s.id)), FORMAT_WRITERS.yaml?.(workspaceData(s)) ?? '');
          const all = contexts.map((c) => (c.workspace_id && !ids.includes(c.workspace_id) ? { ...c, workspace_id: ids[0] } : c));
          const shared = new HybridRegistryManager({ workspacesRoot: dir, cwd: root.dir, env: {} });
          for (const context of all) {
            for (const name of NAMES) {
              const after = summarise(shared.resolveStep(name, context));
              const alone = summarise(new HybridRegistryManager({ workspacesRoot: dir, cwd: root.dir, env: {} }).resolveStep(name, context));
              expect(after, `resolveStep('${name}', ${JSON.stringify(context)}) after ${JSON.stringify(all.slice(0, all.indexOf(context)))}`).toBe(alone);
            }
          }
        },
      ),
      fcOptions(100),
    );
  }, 60_000);
});

describe('messages stay on one line (cases the fuzz found, pinned)', () => {
  let t: TempDir;
  beforeAll(() => {
    t = makeTempDir('cursus-fuzz-oneline-');
  });
  afterAll(() => t.cleanup());

  it('a warning about a WORKSPACE_METADATA key with a newline in it is one line', () => {
    t.write(registryPath('w'), 'WORKSPACE_METADATA:\n  "a\\nb": 1\n');
    const manager = new HybridRegistryManager({ workspacesRoot: t.dir, cwd: t.dir, env: {} });
    const warning = manager.getDiagnostics().find((d) => d.code === 'UNKNOWN_METADATA_KEY');
    expect(warning?.workspace_id).toBe('w');
    expect(warning?.message).not.toMatch(LINE_BREAK);
  });

  // oneLine() collapses CR/LF only; U+2028 / U+2029 are line terminators too (editors, JSON viewers and JS break on them).

  it.each([
    ['a YAML scalar as the whole file', 'yaml', '"first\u2028second"\n'],
    ['a step name with U+2029 (YAML \\P escape)', 'yaml', `LOCAL_STEPS:\n  "Bad\\Pname":\n    config_class: A\n`],
    ['a raw U+2028 in a .py registry', 'py', 'LOCAL_STEPS = {}\u2028\n'],
    ['an unknown top-level key with U+2028', 'json', '{"LOCAL\\u2028STEPS": {}}'],
  ])('%s', (_what, ext, text) => {
    const file = t.write(registryPath('w', ext), text);
    let error: unknown;
    try {
      readWorkspaceRegistry(file, 'w');
    } catch (e) {
      error = e;
    }
    assertRegistryError(error, 'probe');
    expect(error.message).not.toMatch(UNICODE_LINE_BREAK);
  });
});

/** Checks of one result against the spec (SPEC §4.2), independent of how it was computed. */
function checkResolution(manager: HybridRegistryManager, specs: readonly WorkspaceSpec[], name: string, context: ResolutionContext, r: StepResolutionResult): void {
  const where = `resolveStep('${name}', ${JSON.stringify(context)})`;
  // Candidates: core (if it has the name), then each defining workspace in code-unit id order; overrides win over locals.
  const expected = [
    ...(manager.getCoreDefinitions().has(name) ? ['core/core'] : []),
    ...specs
      .filter((s) => s.steps[name as (typeof NAMES)[number]])
      .map((s) => s.id)
      .sort(byCodeUnit)
      .map((id) => `${id}/${specs.find((s) => s.id === id)?.steps[name as (typeof NAMES)[number]]?.section === 'LOCAL_STEPS' ? 'workspace' : 'override'}`),
  ];
  expect(r.conflicting_definitions.map((d) => `${d.workspace_id ?? 'core'}/${d.registry_type}`), where).toEqual(expected);
  if (expected.length === 0) {
    expect(r.resolved, where).toBe(false);
    return;
  }
  expect(r.resolved, where).toBe(true);
  expect(r.conflicting_definitions, where).toContain(r.selected_definition);
  const selected = r.selected_definition as StepDefinition;
  const ws = context.workspace_id ?? null;
  if (expected.length === 1) expect(r.resolution_strategy, where).toBe('no_conflict');
  else if (ws !== null && r.conflicting_definitions.some((d) => d.workspace_id === ws)) {
    expect(r.resolution_strategy, where).toBe('workspace_priority');
    expect(selected.workspace_id, where).toBe(ws);
  }
  const meta = ws === null ? null : specs.find((s) => s.id === ws)?.metadata;
  const noPreferences = !context.preferred_framework && !(context.environment_tags ?? []).length && !meta?.preferred_frameworks?.length && !meta?.environment_preferences?.length;
  if (expected.length > 1 && r.resolution_strategy !== 'workspace_priority' && noPreferences) {
    // Nothing narrows: lowest priority; ties to core, then the smallest workspace id.
    const best = Math.min(...r.conflicting_definitions.map((d) => d.priority));
    const tied = r.conflicting_definitions.filter((d) => d.priority === best);
    expect(r.resolution_strategy, where).toBe('priority_based');
    expect(selected, where).toBe(tied[0]);
    expect(r.ambiguous, where).toBe(tied.length > 1 && tied[0]?.workspace_id !== null);
  }
  if (r.ambiguous) {
    expect(r.tied_definitions.length, where).toBeGreaterThan(1);
    expect(r.tied_definitions[0], where).toBe(selected);
  }
  // strict: raises AmbiguousStepError exactly when automatic mode reports a tie; otherwise the same choice.
  let strict: StepResolutionResult | undefined;
  try {
    strict = manager.resolveStep(name, { ...context, resolution_mode: 'strict' });
  } catch (error) {
    if (!(error instanceof AmbiguousStepError)) throw new Error(`${where} in strict mode threw ${(error as Error).constructor.name}: ${(error as Error).message}`);
    expect(r.ambiguous, `${where}: strict raised but automatic was not ambiguous`).toBe(true);
    expect(LINE_BREAK.test(error.message), where).toBe(false);
    return;
  }
  expect(r.ambiguous, `${where}: automatic was ambiguous but strict did not raise`).toBe(false);
  expect(label(strict.selected_definition), where).toBe(label(selected));
}
