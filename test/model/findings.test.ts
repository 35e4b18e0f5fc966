import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  HybridRegistryManager,
  RegistryError,
  StepDefinitionInvalidError,
  UnknownWorkspaceError,
  findingLine,
  findingMessage,
  findingToJson,
  makeFinding,
} from '../../src/index.js';
import { DEFAULT_HINTS } from '../../src/model/errors.js';
import { MAX_QUOTED_CHARS } from '../../src/model/finding.js';
import { runMain } from '../helpers/mainCapture.js';
import { makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

/** `framwork` typo (line 4) and three missing fields: builder_step_name, spec_type, description. */
const FOUR_PROBLEMS = [
  'LOCAL_STEPS:',
  '  TypoStep:',
  '    config_class: TypoStepConfig',
  '    framwork: pandas',
  '    sagemaker_step_type: Processing',
  '',
].join('\n');

let tmp: TempDir;
let root: string;
let file: string;
beforeEach(() => {
  tmp = makeTempDir('cursus-findings-');
  root = join(tmp.dir, 'ws');
  tmp.write(join('ws', registryPath('good')), `LOCAL_STEPS:\n${stepYaml('GoodStep')}`);
  file = tmp.write(join('ws', registryPath('typo')), FOUR_PROBLEMS);
});
afterEach(() => tmp.cleanup());

describe('every problem of a file is reported in one run', () => {
  it('the load error carries all four findings as data, in order, with exact positions', () => {
    const m = new HybridRegistryManager({ workspacesRoot: root, cwd: tmp.dir });
    let error: unknown;
    try {
      m.getView('typo');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StepDefinitionInvalidError);
    const e = error as RegistryError;
    expect(e.findings.map((f) => [f.code, f.field, f.line, f.column, f.workspace_id, f.step])).toEqual([
      ['STEP_DEFINITION_INVALID', 'framwork', 4, 5, 'typo', 'TypoStep'],
      ['STEP_DEFINITION_INVALID', 'builder_step_name', 2, 3, 'typo', 'TypoStep'],
      ['STEP_DEFINITION_INVALID', 'spec_type', 2, 3, 'typo', 'TypoStep'],
      ['STEP_DEFINITION_INVALID', 'description', 2, 3, 'typo', 'TypoStep'],
    ]);
    expect(e.findings[0]?.suggestions).toEqual(['framework']);
    // The message stays one line, rendered from the first finding.
    expect(e.message).toBe(`${file}:4:5: step 'TypoStep': \`framwork\`: unknown field — did you mean \`framework\`? Hint: ${e.findings[0]?.hint ?? ''} (and 3 more problems)`);
    expect(e.message).not.toMatch(/\n/);
    // The other workspace still loads.
    expect(m.getView('good').definitions.has('GoodStep')).toBe(true);
  });

  it('validate-registry prints 4 findings in text and 4 entries in JSON (exit 1)', async () => {
    const text = await runMain(['--workspaces-root', root, 'registry', 'validate-registry'], { cwd: tmp.dir });
    expect(text.code).toBe(1);
    expect(text.stderr).toBe('');
    const lines = text.stdout.trimEnd().split('\n');
    const where = 'ws/typo/src/cursus_dev/registry/workspace_registry.yaml';
    expect(lines.map((l) => l.split('  ').slice(0, 2).join('  '))).toEqual([
      `${where}:2  error STEP_DEFINITION_INVALID`,
      `${where}:2  error STEP_DEFINITION_INVALID`,
      `${where}:2  error STEP_DEFINITION_INVALID`,
      `${where}:4  error STEP_DEFINITION_INVALID`,
      '✗ invalid: core (17 steps) and 2 workspaces — 4 errors, 0 warnings',
    ]);
    const json = await runMain(['--workspaces-root', root, 'registry', 'validate-registry', '--format', 'json'], { cwd: tmp.dir });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { errors: number; diagnostics: { field: string; line: number; suggestions: string[] }[] };
    expect(report.errors).toBe(4);
    expect(report.diagnostics.map((d) => [d.field, d.line])).toEqual([
      ['builder_step_name', 2],
      ['spec_type', 2],
      ['description', 2],
      ['framwork', 4],
    ]);
    expect(report.diagnostics[3]?.suggestions).toEqual(['framework']);
  });

  it('a command that needs the broken view prints one `cursus: error CODE:` line per finding (exit 2)', async () => {
    const run = await runMain(['--workspaces-root', root, 'registry', 'list-steps', '--workspace', 'typo'], { cwd: tmp.dir });
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^cursus: error STEP_DEFINITION_INVALID: .*workspace_registry\.yaml:\d+:\d+: step 'TypoStep': /);
  });
});

describe('one finding shape, rendered once', () => {
  const finding = makeFinding({
    severity: 'error',
    code: 'STEP_DEFINITION_INVALID',
    message: "step 'X': `framwork`: unknown field",
    file: '/r/ws.yaml',
    line: 8,
    column: 5,
    step: 'X',
    field: 'framwork',
    hint: 'known fields: …',
    suggestions: ['framework'],
  });

  it('text: the error message form and the report row form', () => {
    expect(findingMessage(finding)).toBe("/r/ws.yaml:8:5: step 'X': `framwork`: unknown field. Hint: known fields: …");
    expect(findingMessage(finding, { showPath: () => 'ws.yaml', more: 1 })).toBe("ws.yaml:8:5: step 'X': `framwork`: unknown field. Hint: known fields: … (and 1 more problem)");
    expect(findingLine(finding)).toBe("/r/ws.yaml:8  error STEP_DEFINITION_INVALID  step 'X': `framwork`: unknown field (hint: known fields: …)");
  });

  it('JSON: every key, null when unknown', () => {
    expect(findingToJson(makeFinding({ severity: 'warning', code: 'W', message: 'm' }))).toEqual({
      code: 'W',
      severity: 'warning',
      message: 'm',
      file: null,
      line: null,
      column: null,
      workspace_id: null,
      step: null,
      field: null,
      hint: null,
      suggestions: [],
    });
  });

  it('an error built with details is the same shape (error.toJSON() is its first finding)', () => {
    const e = new UnknownWorkspaceError('alise', ['alice'], 'alice');
    expect(e.toJSON()).toMatchObject({ code: 'UNKNOWN_WORKSPACE', workspace_id: 'alise', suggestions: ['alice'], hint: DEFAULT_HINTS.UNKNOWN_WORKSPACE });
  });

  it('library hints never name CLI flags', () => {
    for (const hint of Object.values(DEFAULT_HINTS)) expect(hint).not.toMatch(/--[a-z]|cursus /);
  });

  it('messages stay one line and bounded: a huge input is cut with an ellipsis', () => {
    const digits = '9'.repeat(300_000);
    const f = makeFinding({ severity: 'error', code: 'X', message: `integer ${digits} is too large\nsecond line`, hint: digits });
    expect(f.message).toBe(`integer ${'9'.repeat(MAX_QUOTED_CHARS)}… is too large second line`);
    expect(f.hint).toBe(`${'9'.repeat(MAX_QUOTED_CHARS)}…`);
  });
});
