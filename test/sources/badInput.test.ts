/**
 * Bad input, table-driven: every broken registry file a user can write must be
 * reported as an exact error code at an exact file:line(:col), must not take
 * down the other workspaces, and must never reach Object.prototype.
 *
 * Fixtures are real files under test/fixtures/bad/ (workspace/ and core/);
 * each row copies one into `<root>/bad/src/cursus_dev/registry/` next to a
 * healthy workspace `good`.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { extname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HybridRegistryManager, RegistryError, UnknownWorkspaceError, type Diagnostic } from '../../src/index.js';
import { CORE_64, REPO_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'bad');
const WS_FIXTURES = join(FIXTURES, 'workspace');
const CORE_FIXTURES = join(FIXTURES, 'core');

// ---------------------------------------------------------------------------
// The healthy neighbour workspace `good` (YAML), with exact lines:
//   1  # Healthy workspace next to a broken one.
//   2  LOCAL_STEPS:
//   3    GoodLocalStep:            (+6 field lines: 4..9)
//  10  STEP_OVERRIDES:
//  11    XGBoostTraining:          (+5 field lines: 12..16)
//  17  WORKSPACE_METADATA:
//  18    developer_id: good
// ---------------------------------------------------------------------------
const GOOD_YAML =
  '# Healthy workspace next to a broken one.\n' +
  'LOCAL_STEPS:\n' +
  stepYaml('GoodLocalStep', { framework: 'pandas' }) +
  'STEP_OVERRIDES:\n' +
  stepYaml('XGBoostTraining', {
    config_class: 'GoodXGBoostTrainingConfig',
    builder_step_name: 'GoodXGBoostTrainingStepBuilder',
    sagemaker_step_type: 'Training',
    description: 'XGBoost training, good workspace edition',
  }) +
  'WORKSPACE_METADATA:\n' +
  '  developer_id: good\n';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

function newTemp(): TempDir {
  temp = makeTempDir('cursus-bad-input-');
  return temp;
}

/** A manager isolated from the repo's cursus.config.json and from CURSUS_* variables. */
function manager(t: TempDir, extra: { coreRegistry?: string; root?: string } = {}): HybridRegistryManager {
  return new HybridRegistryManager({
    workspacesRoot: extra.root ?? join(t.dir, 'ws'),
    coreRegistry: extra.coreRegistry,
    cwd: t.dir,
    env: {},
  });
}

function writeGood(t: TempDir): string {
  return t.write(join('ws', registryPath('good', 'yaml')), GOOD_YAML);
}

/** Copy a fixture in as the registry file of workspace `id`; returns its absolute path. */
function installFixture(t: TempDir, fixture: string, id = 'bad'): string {
  const ext = extname(fixture).slice(1);
  const dest = join(t.dir, 'ws', registryPath(id, ext));
  mkdirSync(join(dest, '..'), { recursive: true });
  copyFileSync(join(WS_FIXTURES, fixture), dest);
  return dest;
}

function catchError(fn: () => unknown): RegistryError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return error as RegistryError;
  }
  throw new Error('expected a RegistryError, nothing was thrown');
}

function errorsOf(m: HybridRegistryManager): Diagnostic[] {
  return m.getDiagnostics().filter((d) => d.severity === 'error');
}

/** The healthy workspace answers with exact values, and so does core. */
function expectHealthy(m: HybridRegistryManager, goodFile: string): void {
  const local = m.getStepDefinition('GoodLocalStep', 'good');
  expect(local).toMatchObject({
    name: 'GoodLocalStep',
    config_class: 'GoodLocalStepConfig',
    builder_step_name: 'GoodLocalStepStepBuilder',
    spec_type: 'GoodLocalStep',
    sagemaker_step_type: 'Processing',
    description: 'GoodLocalStep step',
    registry_type: 'workspace',
    workspace_id: 'good',
    framework: 'pandas',
    priority: 100,
  });
  expect(local?.source).toEqual({ file: goodFile, line: 3 });

  const override = m.getStepDefinition('XGBoostTraining', 'good');
  expect(override).toMatchObject({
    config_class: 'GoodXGBoostTrainingConfig',
    builder_step_name: 'GoodXGBoostTrainingStepBuilder',
    sagemaker_step_type: 'Training',
    registry_type: 'override',
    workspace_id: 'good',
  });
  expect(override?.source).toEqual({ file: goodFile, line: 11 });

  // Core steps are still in the good view; the core view is untouched.
  expect(m.getStepDefinition('Base', 'good')?.config_class).toBe('BasePipelineConfig');
  expect(m.getStepDefinition('XGBoostTraining', null)?.config_class).toBe('XGBoostTrainingConfig');
  expect(m.getStepDefinition('XGBoostTraining', null)?.registry_type).toBe('core');
  expect(m.getStepDefinition('GoodLocalStep', null)).toBeUndefined();
  expect(m.getWorkspaceMetadata('good').developer_id).toBe('good');

  // Cross-workspace resolution sees the good workspace.
  const resolved = m.resolveStep('GoodLocalStep', { workspace_id: null });
  expect(resolved.resolved).toBe(true);
  expect(resolved.selected_definition?.workspace_id).toBe('good');
  expect(resolved.resolution_strategy).toBe('no_conflict');
  expect(m.getCoreOverrides().good).toEqual(['XGBoostTraining']);
}

// ---------------------------------------------------------------------------
// The table.
// ---------------------------------------------------------------------------
type Code = 'REGISTRY_LOAD_ERROR' | 'STEP_DEFINITION_INVALID';

interface Row {
  /** File under test/fixtures/bad/workspace/; its extension is the registry format. */
  fixture: string;
  code: Code;
  /** Exact 1-based line; null where the problem has no line (binary file, two files…). */
  line: number | null;
  /** Exact 1-based column; null = none; omitted = not checked. */
  column?: number | null;
  /** Expected `step` / `field` of the error (null = must be absent). */
  step?: string | null;
  field?: string | null;
  /** Fragments the one-line message must contain. */
  includes: string[];
  /** Pollution attempt: check Object.prototype afterwards. */
  proto?: boolean;
}

const ROWS: Row[] = [
  // --- YAML syntax -------------------------------------------------------
  // line 8 `    description: Compares distributions: training vs serving` — the
  // unquoted value that needs quoting starts at column 18.
  // js-yaml points at the offending second `:` (column 40).
  { fixture: 'yaml-syntax-error.yaml', code: 'REGISTRY_LOAD_ERROR', line: 8, column: 40, step: 'FeatureDriftCheck', field: 'description', includes: ['YAML', 'bad indentation', 'LOCAL_STEPS › FeatureDriftCheck › description'] },
  // line 5 `   spec_type:` is dedented by one space.
  { fixture: 'yaml-bad-indent.yaml', code: 'REGISTRY_LOAD_ERROR', line: 5, includes: ['YAML'] },
  // line 4 starts with a TAB.
  { fixture: 'yaml-tab-indent.yaml', code: 'REGISTRY_LOAD_ERROR', line: 4, column: 1, includes: ['tab characters'] },
  // the quote opened on line 7 col 18 is never closed: point at the opening quote, not at EOF (line 9 of an 8-line file).
  { fixture: 'yaml-unclosed-quote.yaml', code: 'REGISTRY_LOAD_ERROR', line: 7, includes: ['quote'] },
  // `---` on line 2 starts a second document.
  { fixture: 'multi-document.yaml', code: 'REGISTRY_LOAD_ERROR', line: 2, column: 1, includes: ['document'] },
  // exponential aliases (9^7 nodes from 54 aliases): refused for their expanded size, whatever
  // the rest of the file says — every consumer that walks the value would pay 4.8 million nodes.
  { fixture: 'alias-bomb.yaml', code: 'REGISTRY_LOAD_ERROR', line: null, includes: ['YAML aliases expand to more than 1000000 nodes'] },
  // more alias references than the limit (100): refused before parsing, at the 101st.
  { fixture: 'alias-flood.yaml', code: 'REGISTRY_LOAD_ERROR', line: 105, column: 7, includes: ['too many YAML aliases'] },

  // --- duplicate keys ----------------------------------------------------
  { fixture: 'yaml-duplicate-step.yaml', code: 'REGISTRY_LOAD_ERROR', line: 10, column: 3, includes: ['duplicate'] },
  { fixture: 'yaml-duplicate-field.yaml', code: 'REGISTRY_LOAD_ERROR', line: 8, column: 5, includes: ['duplicate'] },
  // `FeatureDriftCheck` and `"FeatureDriftCheck"` are the same key.
  { fixture: 'yaml-duplicate-quoted-key.yaml', code: 'REGISTRY_LOAD_ERROR', line: 8, column: 3, includes: ['duplicate'] },
  { fixture: 'json-duplicate-step.json', code: 'REGISTRY_LOAD_ERROR', line: 10, column: 5, includes: ['duplicate'] },
  // `"config_cl\u0061ss"` is `config_class` again.
  { fixture: 'json-duplicate-field-escaped.json', code: 'REGISTRY_LOAD_ERROR', line: 9, column: 7, includes: ['duplicate'] },

  // --- JSON syntax -------------------------------------------------------
  // trailing comma on line 8: the parser stops at the `}` on line 9 col 5.
  { fixture: 'json-syntax-trailing-comma.json', code: 'REGISTRY_LOAD_ERROR', line: 9, column: 5, includes: ['JSON'] },
  // `// comment` on line 2 col 3.
  { fixture: 'json-with-comments.json', code: 'REGISTRY_LOAD_ERROR', line: 2, column: 3, includes: ['JSON'] },
  // line 5 `      "builder_step_name": 'Feature…'` — the single quote is at column 28.
  { fixture: 'json-single-quotes.json', code: 'REGISTRY_LOAD_ERROR', line: 5, column: 28, includes: ['JSON'] },
  // file ends after line 4 (with a newline): the end of input is line 5 col 1.
  { fixture: 'json-truncated.json', code: 'REGISTRY_LOAD_ERROR', line: 5, column: 1, includes: ['JSON'] },

  // --- step fields -------------------------------------------------------
  {
    fixture: 'unknown-field-framwork.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 8,
    column: 5,
    step: 'FeatureDriftCheck',
    field: 'framwork',
    includes: ['framwork', 'did you mean `framework`'],
  },
  {
    fixture: 'unknown-field-framwork.json',
    code: 'STEP_DEFINITION_INVALID',
    line: 9,
    column: 7,
    step: 'XGBoostTraining',
    field: 'framwork',
    includes: ['framwork', 'did you mean `framework`'],
  },
  // CRLF + BOM: the BOM must not shift lines or columns.
  {
    fixture: 'bom-unknown-field.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 8,
    column: 5,
    step: 'BomStep',
    field: 'framwork',
    includes: ['did you mean `framework`'],
  },
  // missing field: reported at the step's key (line 2 col 3).
  {
    fixture: 'missing-config-class.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 2,
    column: 3,
    step: 'FeatureDriftCheck',
    field: 'config_class',
    includes: ['config_class', 'missing'],
  },
  {
    fixture: 'whitespace-description.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 7,
    column: 5,
    step: 'FeatureDriftCheck',
    field: 'description',
    includes: ['description', 'empty'],
  },
  {
    fixture: 'empty-config-class.json',
    code: 'STEP_DEFINITION_INVALID',
    line: 4,
    column: 7,
    step: 'FeatureDriftCheck',
    field: 'config_class',
    includes: ['config_class', 'empty'],
  },
  {
    fixture: 'null-description.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 7,
    column: 5,
    step: 'FeatureDriftCheck',
    field: 'description',
    includes: ['description', 'null'],
  },
  {
    fixture: 'priority-string.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 8,
    column: 5,
    step: 'FeatureDriftCheck',
    field: 'priority',
    includes: ['priority', '"high"'],
  },
  {
    fixture: 'priority-float.json',
    code: 'STEP_DEFINITION_INVALID',
    line: 9,
    column: 7,
    step: 'FeatureDriftCheck',
    field: 'priority',
    includes: ['priority', '1.5'],
  },
  {
    fixture: 'environment-tags-string.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 8,
    column: 5,
    step: 'FeatureDriftCheck',
    field: 'environment_tags',
    includes: ['environment_tags', '"production"'],
  },
  {
    fixture: 'bad-strategy.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 8,
    column: 5,
    step: 'FeatureDriftCheck',
    field: 'conflict_resolution_strategy',
    includes: ['newest_wins', 'priority_based'],
  },
  {
    fixture: 'registry-type-core.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 8,
    column: 5,
    step: 'FeatureDriftCheck',
    field: 'registry_type',
    includes: ['registry_type', 'core', 'LOCAL_STEPS'],
  },
  {
    fixture: 'workspace-id-mismatch.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 8,
    column: 5,
    step: 'XGBoostTraining',
    field: 'workspace_id',
    includes: ['workspace_id', 'alice'],
  },

  // --- shapes ------------------------------------------------------------
  { fixture: 'empty.yaml', code: 'REGISTRY_LOAD_ERROR', line: 1, column: null, includes: ['empty'] },
  { fixture: 'empty.json', code: 'REGISTRY_LOAD_ERROR', line: 1, column: null, includes: ['empty'] },
  { fixture: 'whitespace-only.json', code: 'REGISTRY_LOAD_ERROR', line: 1, column: null, includes: ['empty'] },
  { fixture: 'comment-only.yaml', code: 'REGISTRY_LOAD_ERROR', line: 1, column: null, includes: ['empty'] },
  { fixture: 'top-level-list.yaml', code: 'REGISTRY_LOAD_ERROR', line: 1, includes: ['mapping', 'list'] },
  { fixture: 'top-level-list.json', code: 'REGISTRY_LOAD_ERROR', line: 1, includes: ['mapping', 'list'] },
  // LOCAL_STEPS key on line 2 (after a comment).
  { fixture: 'local-steps-list.yaml', code: 'REGISTRY_LOAD_ERROR', line: 2, column: 1, includes: ['LOCAL_STEPS', 'mapping', 'list'] },
  {
    fixture: 'step-is-string.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 2,
    column: 3,
    step: 'FeatureDriftCheck',
    includes: ['mapping', '"FeatureDriftCheckConfig"'],
  },
  { fixture: 'step-is-null.yaml', code: 'STEP_DEFINITION_INVALID', line: 2, column: 3, step: 'FeatureDriftCheck', includes: ['mapping', 'null'] },
  {
    fixture: 'unknown-top-level-key.yaml',
    code: 'REGISTRY_LOAD_ERROR',
    line: 2,
    column: 1,
    includes: ["'LOCAL_STEP'", "did you mean 'LOCAL_STEPS'"],
  },
  {
    fixture: 'step-name-hyphen.yaml',
    code: 'STEP_DEFINITION_INVALID',
    line: 2,
    column: 3,
    step: 'feature-drift-check',
    includes: ['invalid step name'],
  },
  { fixture: 'metadata-list.yaml', code: 'REGISTRY_LOAD_ERROR', line: 2, column: 1, includes: ['WORKSPACE_METADATA', 'list'] },
  {
    fixture: 'metadata-bad-tolerance.yaml',
    code: 'REGISTRY_LOAD_ERROR',
    line: 4,
    column: 3,
    field: 'conflict_tolerance',
    includes: ['conflict_tolerance'],
  },

  // --- prototype pollution attempts --------------------------------------
  { fixture: 'proto-step.yaml', code: 'STEP_DEFINITION_INVALID', line: 2, column: 3, step: '__proto__', includes: ['__proto__'], proto: true },
  { fixture: 'proto-step.json', code: 'STEP_DEFINITION_INVALID', line: 3, column: 5, step: '__proto__', includes: ['__proto__'], proto: true },
  { fixture: 'proto-field.json', code: 'STEP_DEFINITION_INVALID', line: 9, column: 7, step: 'FeatureDriftCheck', field: '__proto__', includes: ['__proto__', 'unknown field'], proto: true },
  { fixture: 'proto-top-level.json', code: 'REGISTRY_LOAD_ERROR', line: 2, column: 3, includes: ["'__proto__'"], proto: true },
  { fixture: 'js-proto-step.mjs', code: 'STEP_DEFINITION_INVALID', line: 3, column: 3, step: '__proto__', includes: ['__proto__'], proto: true },

  // --- encodings ---------------------------------------------------------
  { fixture: 'binary-nul.yaml', code: 'REGISTRY_LOAD_ERROR', line: null, includes: ['binary'] },
  // the Latin-1 byte 0xFC is on line 7 (`description: Pr\xfcfung …`).
  { fixture: 'invalid-utf8.yaml', code: 'REGISTRY_LOAD_ERROR', line: 7, includes: ['UTF-8'] },
  // UTF-16 (another encoding): its NUL bytes make it binary to a UTF-8 reader.
  { fixture: 'utf16-encoded.yaml', code: 'REGISTRY_LOAD_ERROR', line: 1, includes: ['UTF-16 encoded', 'NUL'] },

  // --- code registries ---------------------------------------------------
  // `throw new Error(...)` on line 6; V8 points at `new` (column 9).
  {
    fixture: 'throws-on-import.ts',
    code: 'REGISTRY_LOAD_ERROR',
    line: 6,
    column: 9,
    includes: ['CURSUS_TEST_TEAM_THAT_IS_NEVER_SET is not set'],
  },
  // missing comma at the end of line 7: the unexpected token `spec_type` is at line 8 col 7.
  { fixture: 'ts-syntax-error.ts', code: 'REGISTRY_LOAD_ERROR', line: 8, column: 7, includes: ['Unexpected token'] },
  // `await` on line 2.
  { fixture: 'mjs-top-level-await.mjs', code: 'REGISTRY_LOAD_ERROR', line: 2, includes: ['await'] },
  // a default export that never resolves: refused at once (registries load synchronously), no hang.
  { fixture: 'exports-pending-promise.ts', code: 'REGISTRY_LOAD_ERROR', line: null, includes: ['exports a Promise'] },
  {
    fixture: 'ts-unknown-field.ts',
    code: 'STEP_DEFINITION_INVALID',
    line: 11,
    column: 5,
    step: 'FeatureDriftCheck',
    field: 'framwork',
    includes: ['did you mean `framework`'],
  },
];

describe('bad workspace registry files (table)', () => {
  it('has a fixture on disk for every row', () => {
    for (const row of ROWS) expect(existsSync(join(WS_FIXTURES, row.fixture)), row.fixture).toBe(true);
  });

  it('the thrown load error names its workspace, like its diagnostic (every row)', () => {
    // Collected over all rows so one src gap shows up as one failure listing the fixtures.
    const t = newTemp();
    writeGood(t);
    const ids = ROWS.map((_, i) => `bad${String(i).padStart(2, '0')}`);
    ROWS.forEach((row, i) => installFixture(t, row.fixture, ids[i]));
    const m = manager(t);
    const mismatches: string[] = [];
    ROWS.forEach((row, i) => {
      const id = ids[i]!;
      const diag = errorsOf(m).find((d) => d.workspace_id === id);
      const error = catchError(() => m.getStepDefinition('Base', id));
      if (diag?.code !== row.code || error.workspaceId !== id || error.toJSON().workspace_id !== id) {
        mismatches.push(`${row.fixture}: diagnostic ${diag?.workspace_id ?? 'missing'}, error.workspaceId ${String(error.workspaceId)}`);
      }
    });
    expect(mismatches).toEqual([]);
    expectHealthy(m, join(t.dir, 'ws', registryPath('good', 'yaml')));
  });

  it.each(ROWS)('$fixture → $code at line $line', (row) => {
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const t = newTemp();
    const goodFile = writeGood(t);
    const badFile = installFixture(t, row.fixture);

    const started = Date.now();
    const m = manager(t); // a broken workspace never throws at construction
    expect(Date.now() - started).toBeLessThan(5_000);

    // (1) error diagnostics of the bad workspace only (every problem of the file), the first with exact code and place.
    const errors = errorsOf(m);
    expect([...new Set(errors.map((d) => `${d.workspace_id}:${d.code}`))]).toEqual([`bad:${row.code}`]);
    const diag = errors[0]!;
    expect(diag.file).toBe(badFile);
    // Location checks are soft: a wrong line still lets the rest of the row run.
    expect.soft(diag.line, 'diagnostic line').toBe(row.line);
    if (row.column !== undefined) expect.soft(diag.column, 'diagnostic column').toBe(row.column);
    if (row.step !== undefined) expect(diag.step).toBe(row.step);
    if (row.field !== undefined) expect(diag.field).toBe(row.field);
    expect(diag.message).not.toMatch(/[\r\n]/);
    expect(diag.hint).toEqual(expect.any(String));
    for (const fragment of row.includes) expect(diag.message).toContain(fragment);

    // (2) a lookup in the bad workspace throws its load error, never falls back to core.
    const error = catchError(() => m.getStepDefinition('XGBoostTraining', 'bad'));
    expect(error.code).toBe(row.code);
    expect(error.file).toBe(badFile);
    expect.soft(error.line ?? null, 'error.line').toBe(row.line);
    if (row.column !== undefined) expect.soft(error.column ?? null, 'error.column').toBe(row.column);
    if (row.step !== undefined) expect(error.step ?? null).toBe(row.step);
    if (row.field !== undefined) expect(error.field ?? null).toBe(row.field);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect.soft(error.message).toContain(row.line === null ? `${badFile}: ` : `${badFile}:${row.line}:`);
    if (row.line !== null && row.column !== undefined) {
      expect.soft(error.message).toContain(row.column === null ? `${badFile}:${row.line}: ` : `${badFile}:${row.line}:${row.column}: `);
    }
    expect(error.message).toContain('Hint:');
    for (const fragment of row.includes) expect(error.message).toContain(fragment);
    // Same error from every entry point into that workspace.
    expect(catchError(() => m.getStepDefinition('GoodLocalStep', 'bad')).message).toBe(error.message);
    expect(catchError(() => m.getAllStepDefinitions('bad')).code).toBe(row.code);
    expect(catchError(() => m.getLocalOnlyDefinitions('bad')).code).toBe(row.code);
    expect(catchError(() => m.getWorkspaceMetadata('bad')).code).toBe(row.code);
    expect(catchError(() => m.createLegacyStepNamesDict('bad')).code).toBe(row.code);
    expect(catchError(() => m.resolveStep('XGBoostTraining', { workspace_id: 'bad' })).code).toBe(row.code);

    // The workspace is listed as failed, with that message.
    expect(m.getWorkspaceIds()).toEqual(['bad', 'good']);
    const summaries = m.getWorkspaces();
    expect(summaries.map((w) => [w.id, w.status])).toEqual([
      ['bad', 'failed'],
      ['good', 'loaded'],
    ]);
    expect(summaries[0]!.error).toBe(error.message);
    expect(summaries[0]!.local_steps).toEqual([]);
    expect(summaries[0]!.step_overrides).toEqual([]);

    // (3) the healthy workspace and core are fully usable.
    expectHealthy(m, goodFile);
    // Nothing of the bad workspace leaks into resolution across workspaces.
    expect(m.resolveStep('FeatureDriftCheck', { workspace_id: null }).resolved).toBe(false);
    expect(m.resolveStep('XGBoostTraining', { workspace_id: null }).conflicting_definitions.map((d) => d.workspace_id)).toEqual([null, 'good']);

    if (row.proto) {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
      expect(m.getStepDefinition('__proto__', 'good')).toBeUndefined();
      expect(m.getStepDefinition('polluted', 'good')).toBeUndefined();
    }
  });
});

// ---------------------------------------------------------------------------
// Inputs that look odd but must LOAD.
// ---------------------------------------------------------------------------
describe('odd but valid input', () => {
  // BomStep's key: line 2 of the YAML, line 3 of the JSON (after `{` and `"LOCAL_STEPS": {`).
  it.each([
    ['bom-valid.yaml', 2],
    ['bom-valid.json', 3],
  ] as const)('a UTF-8 BOM loads fine (%s)', (fixture, line) => {
    const t = newTemp();
    const goodFile = writeGood(t);
    const ext = extname(fixture).slice(1);
    const file = join(t.dir, 'ws', registryPath('bom', ext));
    mkdirSync(join(file, '..'), { recursive: true });
    copyFileSync(join(FIXTURES, fixture), file);
    expect(readFileSync(file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    const m = manager(t);
    expect(errorsOf(m)).toEqual([]);
    const def = m.getStepDefinition('BomStep', 'bom');
    expect(def).toMatchObject({ config_class: 'BomStepConfig', builder_step_name: 'BomStepStepBuilder', registry_type: 'workspace', workspace_id: 'bom' });
    expect(def?.description).toMatch(/BOM$/); // no stray \r from CRLF
    expect(def?.source).toEqual({ file, line });
    expectHealthy(m, goodFile);
  });

  it('a step named `constructor` is valid (PascalCase warning) and prototype names never resolve', () => {
    const t = newTemp();
    const goodFile = writeGood(t);
    const file = join(t.dir, 'ws', registryPath('protows', 'yaml'));
    mkdirSync(join(file, '..'), { recursive: true });
    copyFileSync(join(FIXTURES, 'constructor-step.yaml'), file);

    const m = manager(t);
    expect(errorsOf(m)).toEqual([]);
    const pascal = m.getDiagnostics().filter((d) => d.workspace_id === 'protows' && d.severity === 'warning' && /PascalCase/.test(d.message));
    expect(pascal.map((d) => [d.step, d.line])).toEqual([
      ['constructor', 3],
      ['hasOwnProperty', 9],
    ]);

    expect(m.getStepDefinition('constructor', 'protows')).toMatchObject({ name: 'constructor', config_class: 'ConstructorStepConfig', workspace_id: 'protows' });
    expect(m.getStepDefinition('hasOwnProperty', 'protows')?.config_class).toBe('HasOwnPropertyConfig');
    for (const name of ['toString', '__proto__', 'valueOf', 'isPrototypeOf']) {
      expect(m.getStepDefinition(name, 'protows'), name).toBeUndefined();
      expect(m.getStepDefinition(name, null), name).toBeUndefined();
      expect(m.resolveStep(name, { workspace_id: null }).resolved, name).toBe(false);
    }
    expect(m.getStepDefinition('constructor', null)).toBeUndefined();
    expect(m.getStepDefinition('constructor', 'good')).toBeUndefined();

    const dict: Readonly<Record<string, { config_class: string } | undefined>> = m.createLegacyStepNamesDict('protows');
    expect(dict['constructor']?.config_class).toBe('ConstructorStepConfig');
    expect('toString' in dict).toBe(false);
    expect(Object.keys(dict)).toContain('constructor');
    expect(JSON.parse(JSON.stringify(dict)).hasOwnProperty.config_class).toBe('HasOwnPropertyConfig');
    expect((m.createLegacyStepNamesDict(null) as Record<string, unknown>)['constructor']).toBeUndefined();
    expect(m.resolveStep('constructor', { workspace_id: null }).selected_definition?.workspace_id).toBe('protows');

    // A workspace id lookup never hits a prototype member either.
    for (const id of ['toString', 'constructor', 'hasOwnProperty', '__proto__']) {
      expect(catchError(() => m.getStepDefinition('Base', id)).code, id).toBe('UNKNOWN_WORKSPACE');
    }
    expectHealthy(m, goodFile);
  });

  it('YAML merge keys (`<<: *anchor`) are merged, or refused with a message that names the merge key', () => {
    const t = newTemp();
    writeGood(t);
    const file = installFixture(t, 'yaml-merge-key.yaml', 'merge');
    const m = manager(t);
    const errors = errorsOf(m);
    if (errors.length === 0) {
      expect(m.getStepDefinition('FeatureDriftCheckGpu', 'merge')).toMatchObject({
        config_class: 'FeatureDriftCheckGpuConfig',
        builder_step_name: 'FeatureDriftCheckStepBuilder',
        spec_type: 'FeatureDriftCheck',
      });
    } else {
      // Refusing is acceptable only if the message names the merge key; "`builder_step_name`:
      // required field is missing" would be wrong (the anchor supplies it).
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file, line: 9, workspace_id: 'merge' });
      expect(errors[0]!.message).toMatch(/<<|merge/);
    }
  });
});

// ---------------------------------------------------------------------------
// Workspace directories: names, symlinks, two files.
// ---------------------------------------------------------------------------
describe('workspace directories', () => {
  const sneaky = (i: number) => `LOCAL_STEPS:\n${stepYaml(`SneakyStep${i}`)}`;

  it('invalid directory names are skipped with a diagnostic and never listed', () => {
    const t = newTemp();
    const goodFile = writeGood(t);
    const longName = `ml-platform-${'a'.repeat(53)}`; // 65 characters
    const maxName = `ml-platform-${'a'.repeat(52)}`; // 64 characters: valid
    expect(longName).toHaveLength(65);
    expect(maxName).toHaveLength(64);
    const invalid = ['.hidden', 'bad name', '-dash', longName, '_underscore'];
    invalid.forEach((name, i) => t.write(join('ws', registryPath(name, 'yaml')), sneaky(i)));
    t.write(join('ws', registryPath(maxName, 'yaml')), `LOCAL_STEPS:\n${stepYaml('LongNameStep')}`);

    const m = manager(t);
    expect(m.getWorkspaceIds()).toEqual(['good', maxName]);
    expect(errorsOf(m)).toEqual([]);
    for (const name of invalid) {
      const found = m.getDiagnostics().filter((d) => d.file === join(t.dir, 'ws', name));
      expect(found, name).toHaveLength(1);
      expect(found[0]!.message, name).toContain(name);
      expect(found[0]!.message).not.toMatch(/[\r\n]/);
      expect(found[0]!.workspace_id, name).toBeNull();
      // A directory that exists but has an invalid name says so (not just "unknown").
      expect(catchError(() => m.getStepDefinition('Base', name)).code, name).toBe(name === '.hidden' ? 'UNKNOWN_WORKSPACE' : 'INVALID_WORKSPACE_ID');
    }
    const tooLong = m.getDiagnostics().find((d) => d.file === join(t.dir, 'ws', longName));
    expect(tooLong?.message).toContain('65');
    invalid.forEach((_, i) => expect(m.resolveStep(`SneakyStep${i}`, { workspace_id: null }).resolved).toBe(false));
    expect(m.getStepDefinition('LongNameStep', maxName)?.config_class).toBe('LongNameStepConfig');
    expectHealthy(m, goodFile);
  });

  it('a symlinked workspace that escapes the root is refused and nothing outside is read', () => {
    const t = newTemp();
    const goodFile = writeGood(t);
    // The outside workspace is a TS registry with a side effect: if it were imported, we would see it.
    const marker = join(t.dir, 'outside-was-imported');
    t.write(
      join('outside', 'evil', registryPath('', 'ts')),
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'imported');\n(globalThis as Record<string, unknown>).__cursusOutsideImported = true;\nexport const LOCAL_STEPS = { OutsideStep: { config_class: 'OutsideStepConfig', builder_step_name: 'OutsideStepStepBuilder', spec_type: 'OutsideStep', sagemaker_step_type: 'Processing', description: 'outside' } };\n`,
    );
    const outsideDir = join(t.dir, 'outside', 'evil');
    expect(existsSync(join(outsideDir, 'src', 'cursus_dev', 'registry', 'workspace_registry.ts'))).toBe(true);
    symlinkSync(outsideDir, join(t.dir, 'ws', 'escape'), 'dir');

    const m = manager(t);
    expect(existsSync(marker)).toBe(false);
    expect((globalThis as Record<string, unknown>).__cursusOutsideImported).toBeUndefined();

    const errors = errorsOf(m);
    expect(errors.map((d) => [d.workspace_id, d.code])).toEqual([['escape', 'REGISTRY_LOAD_ERROR']]);
    expect(errors[0]!.message).toContain('outside');
    expect(errors[0]!.message).not.toMatch(/[\r\n]/);
    const error = catchError(() => m.getStepDefinition('OutsideStep', 'escape'));
    expect(error.code).toBe('REGISTRY_LOAD_ERROR');
    expect(error.message).toContain('Hint:');
    expect(m.getWorkspaces().find((w) => w.id === 'escape')).toMatchObject({ status: 'failed', local_steps: [] });
    expect(m.resolveStep('OutsideStep', { workspace_id: null }).resolved).toBe(false);
    expectHealthy(m, goodFile);
  });

  it('a workspace whose registry file is a symlink to a file outside the root is refused', () => {
    const t = newTemp();
    const goodFile = writeGood(t);
    const marker = join(t.dir, 'outside-file-was-imported');
    const outsideFile = t.write(
      join('outside', 'workspace_registry.ts'),
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'imported');\nexport const LOCAL_STEPS = {};\n`,
    );
    const link = join(t.dir, 'ws', registryPath('linkfile', 'ts'));
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(outsideFile, link, 'file');

    const m = manager(t);
    expect(existsSync(marker)).toBe(false);
    expect(errorsOf(m).map((d) => [d.workspace_id, d.code])).toEqual([['linkfile', 'REGISTRY_LOAD_ERROR']]);
    expect(catchError(() => m.getStepDefinition('Base', 'linkfile')).message).toContain('outside');
    expectHealthy(m, goodFile);
  });

  it('two registry files in one workspace (yaml + json) are ambiguous', () => {
    const t = newTemp();
    const goodFile = writeGood(t);
    const yamlFile = t.write(join('ws', registryPath('twofiles', 'yaml')), `LOCAL_STEPS:\n${stepYaml('YamlStep')}`);
    const jsonFile = t.write(join('ws', registryPath('twofiles', 'json')), '{ "LOCAL_STEPS": {} }\n');

    const m = manager(t);
    const errors = errorsOf(m);
    expect(errors.map((d) => [d.workspace_id, d.code])).toEqual([['twofiles', 'REGISTRY_LOAD_ERROR']]);
    expect([yamlFile, jsonFile]).toContain(errors[0]!.file);
    expect(errors[0]!.line).toBeNull();
    for (const fragment of ['ambiguous', 'workspace_registry.yaml', 'workspace_registry.json']) expect(errors[0]!.message).toContain(fragment);

    const error = catchError(() => m.getStepDefinition('YamlStep', 'twofiles'));
    expect(error.code).toBe('REGISTRY_LOAD_ERROR');
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain('ambiguous');
    expect(error.message).toContain('Hint:');
    expect(m.getWorkspaces().find((w) => w.id === 'twofiles')?.status).toBe('failed');
    expect(m.resolveStep('YamlStep', { workspace_id: null }).resolved).toBe(false);
    expectHealthy(m, goodFile);
  });

  it('a file larger than maxFileBytes is refused without parsing', () => {
    const t = newTemp();
    writeGood(t);
    // The limit applies to every file read, the bundled core (≈4 KB) included.
    const file = t.write(join('ws', registryPath('huge', 'yaml')), `LOCAL_STEPS:\n${stepYaml('HugeStep', { description: 'x'.repeat(20_000) })}`);
    const m = new HybridRegistryManager({ workspacesRoot: join(t.dir, 'ws'), cwd: t.dir, env: {}, maxFileBytes: 10_000 });
    const errors = errorsOf(m);
    expect(errors.map((d) => [d.workspace_id, d.code, d.file])).toEqual([['huge', 'REGISTRY_LOAD_ERROR', file]]);
    expect(errors[0]!.message).toContain('10000');
    expect(m.getStepDefinition('GoodLocalStep', 'good')?.config_class).toBe('GoodLocalStepConfig');
  });
});

// ---------------------------------------------------------------------------
// Unknown workspace ids.
// ---------------------------------------------------------------------------
describe('unknown workspace id', () => {
  it('is an UnknownWorkspaceError listing known ids (failed ones included) and suggesting the closest', () => {
    const t = newTemp();
    writeGood(t);
    installFixture(t, 'unknown-field-framwork.yaml');
    const m = manager(t);

    const error = catchError(() => m.getStepDefinition('XGBoostTraining', 'goood'));
    expect(error).toBeInstanceOf(UnknownWorkspaceError);
    expect(error.code).toBe('UNKNOWN_WORKSPACE');
    expect((error as UnknownWorkspaceError).knownIds).toEqual(['bad', 'good']);
    expect(error.message).toContain("did you mean 'good'");
    expect(error.message).toContain('bad, good');
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain('Hint:');
    // It never silently falls back to core.
    for (const call of [
      () => m.getAllStepDefinitions('goood'),
      () => m.resolveStep('XGBoostTraining', { workspace_id: 'goood' }),
      () => m.getWorkspaceMetadata('goood'),
      () => m.createLegacyStepNamesDict('goood'),
    ]) {
      expect(catchError(call).code).toBe('UNKNOWN_WORKSPACE');
    }
    // Nothing close: no suggestion.
    const far = catchError(() => m.getStepDefinition('Base', 'zzzzzzzzzz'));
    expect(far.code).toBe('UNKNOWN_WORKSPACE');
    expect(far.message).not.toContain('did you mean');
  });
});

// ---------------------------------------------------------------------------
// Broken core registries: fatal, from the constructor.
// ---------------------------------------------------------------------------
interface CoreRow {
  fixture: string;
  code: Code;
  line: number | null;
  column?: number | null;
  step?: string;
  field?: string;
  includes: string[];
  excludes?: string[];
}

const CORE_ROWS: CoreRow[] = [
  // line 7 `  description: Base configuration: shared by every step` — js-yaml points at the second `:` (column 34).
  { fixture: 'syntax-error.yaml', code: 'REGISTRY_LOAD_ERROR', line: 7, column: 34, includes: ['YAML'] },
  // the list starts on line 2, after a comment.
  { fixture: 'list.yaml', code: 'REGISTRY_LOAD_ERROR', line: 2, includes: ['mapping', 'list'] },
  { fixture: 'missing-field.json', code: 'STEP_DEFINITION_INVALID', line: 10, column: 5, step: 'XGBoostTraining', field: 'spec_type', includes: ['spec_type', 'missing'] },
  { fixture: 'missing-field.yaml', code: 'STEP_DEFINITION_INVALID', line: 7, column: 1, step: 'XGBoostTraining', field: 'config_class', includes: ['config_class', 'missing'] },
  { fixture: 'registry_type-workspace.yaml', code: 'STEP_DEFINITION_INVALID', line: 7, column: 3, step: 'Base', field: 'registry_type', includes: ['registry_type', 'workspace'] },
  { fixture: 'step-names-and-extra.yaml', code: 'REGISTRY_LOAD_ERROR', line: 8, column: 1, includes: ["'VERSION'", 'STEP_NAMES'] },
  { fixture: 'duplicate.json', code: 'REGISTRY_LOAD_ERROR', line: 9, column: 3, includes: ['duplicate'] },
  // The hint must fit a core file: `LOCAL_STEPS: {}` would be read as a step named LOCAL_STEPS.
  { fixture: 'empty.yaml', code: 'REGISTRY_LOAD_ERROR', line: 1, includes: ['empty'], excludes: ['LOCAL_STEPS'] },
  { fixture: 'step_names.txt', code: 'REGISTRY_LOAD_ERROR', line: null, includes: ['.txt'] },
  { fixture: 'does-not-exist.yaml', code: 'REGISTRY_LOAD_ERROR', line: null, includes: ['not found'] },
];

describe('broken core registry (constructor throws)', () => {
  it.each(CORE_ROWS)('core $fixture → $code at line $line', (row) => {
    const t = newTemp();
    writeGood(t);
    const coreFile = join(CORE_FIXTURES, row.fixture);
    let thrown: unknown;
    try {
      manager(t, { coreRegistry: coreFile });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RegistryError);
    const error = thrown as RegistryError;
    expect(error.code).toBe(row.code);
    expect(error.file).toBe(coreFile);
    expect.soft(error.line ?? null, 'error.line').toBe(row.line);
    if (row.column !== undefined) expect.soft(error.column ?? null, 'error.column').toBe(row.column);
    if (row.step !== undefined) expect(error.step).toBe(row.step);
    if (row.field !== undefined) expect(error.field).toBe(row.field);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect.soft(error.message).toContain(row.line === null ? `${coreFile}: ` : `${coreFile}:${row.line}:`);
    if (row.line !== null && row.column != null) expect.soft(error.message).toContain(`${coreFile}:${row.line}:${row.column}: `);
    expect(error.message).toContain('Hint:');
    for (const fragment of row.includes) expect(error.message).toContain(fragment);
    for (const fragment of row.excludes ?? []) expect(error.message).not.toContain(fragment);
  });

  it('a configured workspaces root that does not exist is a load error', () => {
    const t = newTemp();
    const missing = join(t.dir, 'no-such-root');
    const error = catchError(() => manager(t, { root: missing }));
    expect(error.code).toBe('REGISTRY_LOAD_ERROR');
    expect(error.file).toBe(missing);
    expect(error.message).not.toMatch(/[\r\n]/);
  });
});

describe('the real 64-step core', () => {
  it('loads with zero error diagnostics, next to a broken workspace', () => {
    const t = newTemp();
    const goodFile = writeGood(t);
    const badFile = installFixture(t, 'yaml-syntax-error.yaml');
    const m = manager(t, { coreRegistry: CORE_64 });
    expect(m.getCoreDefinitions().size).toBe(64);
    expect(errorsOf(m).map((d) => [d.workspace_id, d.file, d.line])).toEqual([['bad', badFile, 8]]);
    expect(m.getDiagnostics().filter((d) => d.workspace_id === null && d.severity === 'error')).toEqual([]);
    expect(m.getStepDefinition('XGBoostTraining', null)).toMatchObject({
      config_class: 'XGBoostTrainingConfig',
      builder_step_name: 'XGBoostTrainingStepBuilder',
      spec_type: 'XGBoostTraining',
      sagemaker_step_type: 'Training',
      registry_type: 'core',
      workspace_id: null,
    });
    expect(m.getStepDefinition('XGBoostTraining', null)?.source.file).toBe(CORE_64);
    expect(m.getStepDefinition('GoodLocalStep', 'good')?.source).toEqual({ file: goodFile, line: 3 });
    expect(m.getStepDefinition('XGBoostTraining', 'good')?.config_class).toBe('GoodXGBoostTrainingConfig');
  });
});
