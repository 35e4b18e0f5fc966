import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HybridRegistryManager } from '../../src/engine/hybridRegistryManager.js';
import { RegistryError } from '../../src/model/errors.js';
import { parsePythonRegistry, readPythonRegistry } from '../../src/sources/pythonRegistryReader.js';
import { readWorkspaceRegistry } from '../../src/sources/workspaceRegistryReader.js';
import { makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { PY_SAMPLE, SAMPLE_VALUES } from './interopFixtures.js';

const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

/** What Python's `ast.literal_eval` gives for each top-level assignment of a file (python3 only). */
function literalEvalInPython(file: string): unknown {
  const script = 'import ast, json, sys\nm = ast.parse(open(sys.argv[1], encoding="utf-8").read())\nout = {}\nfor s in m.body:\n    if isinstance(s, (ast.Assign, ast.AnnAssign)) and s.value is not None:\n        t = s.targets[0] if isinstance(s, ast.Assign) else s.target\n        out[t.id] = ast.literal_eval(s.value)\nprint(json.dumps(out))';
  const run = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('the shared Python sample', () => {
  it('loads with exactly the values of ast.literal_eval (asserted literally)', () => {
    const doc = readPythonRegistry(PY_SAMPLE);
    expect([...doc.sections.keys()]).toEqual(['LOCAL_STEPS', 'STEP_OVERRIDES', 'WORKSPACE_METADATA']);
    expect(plain(Object.fromEntries(doc.sections))).toEqual(SAMPLE_VALUES);
    // Key order is file order, as in Python 3.7+ dicts.
    expect(Object.keys(doc.sections.get('LOCAL_STEPS') as object)).toEqual(['LightGBMRankerTraining', 'FeatureDriftCheck']);
  });

  it.skipIf(!HAS_PYTHON)('equals what python3 ast.literal_eval gives', () => {
    expect(plain(Object.fromEntries(readPythonRegistry(PY_SAMPLE).sections))).toEqual(literalEvalInPython(PY_SAMPLE));
  });

  it('points every key at its line and column (PositionLookup)', () => {
    const { locate } = readPythonRegistry(PY_SAMPLE);
    expect(locate(['LOCAL_STEPS'])).toEqual({ line: 7, column: 1 });
    expect(locate(['LOCAL_STEPS', 'LightGBMRankerTraining'])).toEqual({ line: 8, column: 5 });
    expect(locate(['LOCAL_STEPS', 'FeatureDriftCheck', 'compatibility_tags'])).toEqual({ line: 25, column: 9 });
    expect(locate(['LOCAL_STEPS', 'LightGBMRankerTraining', 'environment_tags', 1])).toEqual({ line: 15, column: 45 });
    expect(locate(['STEP_OVERRIDES', 'XGBoostTraining', 'description'])).toEqual({ line: 37, column: 9 });
    expect(locate(['WORKSPACE_METADATA', 'dependencies'])).toEqual({ line: 51, column: 5 });
    expect(locate(['LOCAL_STEPS', 'Nope'])).toBeUndefined();
    expect(locate(['NOPE'])).toBeUndefined();
  });

  it('validates through the workspace reader with provenance lines and no warnings', () => {
    const contents = readWorkspaceRegistry(PY_SAMPLE, 'maria');
    expect(contents.warnings).toEqual([]);
    expect([...contents.localSteps.keys()]).toEqual(['LightGBMRankerTraining', 'FeatureDriftCheck']);
    const drift = contents.localSteps.get('FeatureDriftCheck');
    expect(drift).toMatchObject({ registry_type: 'workspace', workspace_id: 'maria', framework: null, compatibility_tags: ['monitoring'], priority: 100, source: { file: PY_SAMPLE, line: 18 } });
    expect(contents.stepOverrides.get('XGBoostTraining')?.source.line).toBe(32);
    expect(contents.metadata.preferred_frameworks).toEqual(['lightgbm', 'xgboost']);
  });
});

describe('module rules of a .py registry', () => {
  const errorOf = (text: string): string => {
    try {
      parsePythonRegistry(text, 'workspace_registry.py');
    } catch (error) {
      const e = error as RegistryError;
      expect(e.code).toBe('REGISTRY_LOAD_ERROR');
      return `${e.line}:${e.column}: ${e.detail}`;
    }
    throw new Error('no error');
  };

  it('ignores harmless imports and private helpers', () => {
    const doc = parsePythonRegistry('from typing import Any, Dict\nimport os\n__version__ = "1.0"\n_notes = ["x"]\nLOCAL_STEPS: Dict[str, Any] = {}\n', 'workspace_registry.py');
    expect([...doc.sections.keys()]).toEqual(['LOCAL_STEPS']);
  });

  it('refuses imports that decide the registry', () => {
    expect(errorOf('from base import *\nLOCAL_STEPS = {}')).toBe('1:18: `from base import *` may define LOCAL_STEPS, STEP_OVERRIDES, WORKSPACE_METADATA: a star import cannot be read without running Python');
    expect(errorOf('from team.shared import LOCAL_STEPS')).toBe('1:25: `from team.shared import LOCAL_STEPS` defines LOCAL_STEPS by importing it: the registry must be written in this file');
    expect(errorOf('from x import y as STEP_OVERRIDES')).toBe('1:20: `from x import y as STEP_OVERRIDES` defines STEP_OVERRIDES by importing it: the registry must be written in this file');
  });

  it('refuses an unknown public name (a typo would drop steps) with a suggestion', () => {
    expect(errorOf('LOCAL_STEP = {}')).toBe("1:1: unknown top-level name 'LOCAL_STEP' — did you mean 'LOCAL_STEPS'?");
    expect(errorOf('local_steps = {}')).toBe("1:1: unknown top-level name 'local_steps' — did you mean 'LOCAL_STEPS'?");
    expect(errorOf('LOCAL_STEPS = {}\nDEFAULTS = {}')).toBe("2:1: unknown top-level name 'DEFAULTS'");
  });

  it('refuses a section assigned twice (Python would keep the last)', () => {
    expect(errorOf('LOCAL_STEPS = {}\n\nLOCAL_STEPS = {"A": {}}')).toBe('3:1: LOCAL_STEPS is assigned twice (first at line 1)');
  });

  it('an empty or comment-only file is an error; a docstring-only module has no sections', () => {
    expect(errorOf('')).toBe('1:1: file is empty (no assignments in it)');
    expect(errorOf('# only a comment\n')).toBe('1:1: file is empty (no assignments in it)');
    expect(parsePythonRegistry('"""Nothing yet."""\n', 'workspace_registry.py').sections.size).toBe(0);
  });
});

describe('.py workspaces through HybridRegistryManager', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  const manager = () => new HybridRegistryManager({ workspacesRoot: tmp.dir, cwd: tmp.dir });

  it('loads a .py workspace next to a healthy YAML workspace', () => {
    tmp.write(registryPath('maria', 'py'), readFileSync(PY_SAMPLE, 'utf8'));
    tmp.write(registryPath('yuki'), `LOCAL_STEPS:\n${stepYaml('YukiCheck')}`);
    const registry = manager();
    expect(registry.getDiagnostics().filter((d) => d.severity === 'error')).toEqual([]);
    expect(registry.getWorkspaceIds()).toEqual(['maria', 'yuki']);
    expect(registry.getStepDefinition('XGBoostTraining', 'maria')).toMatchObject({ config_class: 'MariaXGBoostTrainingConfig', registry_type: 'override', source: { line: 32 } });
    expect(registry.getStepDefinition('LightGBMRankerTraining', 'maria')?.environment_tags).toEqual(['development', 'gpu']);
    expect(registry.getStepDefinition('XGBoostTraining', 'yuki')?.config_class).toBe('XGBoostTrainingConfig');
    expect(registry.getStepDefinition('YukiCheck', 'yuki')?.workspace_id).toBe('yuki');
    expect(registry.getWorkspaceMetadata('maria').conflict_tolerance).toBe('low');
    expect(registry.resolveStep('LightGBMRankerTraining', {}).selected_definition?.workspace_id).toBe('maria');
  });

  it('two registry files (.py and .yaml) in one workspace are ambiguous; the other workspaces load', () => {
    tmp.write(registryPath('maria', 'py'), readFileSync(PY_SAMPLE, 'utf8'));
    tmp.write(registryPath('maria', 'yaml'), 'LOCAL_STEPS: {}\n');
    tmp.write(registryPath('yuki'), `LOCAL_STEPS:\n${stepYaml('YukiCheck')}`);
    const registry = manager();
    const errors = registry.getDiagnostics().filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'REGISTRY_LOAD_ERROR', workspace_id: 'maria', file: join(tmp.dir, registryPath('maria', 'yaml')) });
    expect(errors[0]?.message).toBe('ambiguous workspace registry: 2 registry files (workspace_registry.yaml, workspace_registry.py)');
    expect(() => registry.getView('maria')).toThrow(/ambiguous workspace registry/);
    expect(registry.getStepDefinition('YukiCheck', 'yuki')).toBeDefined();
  });

  const BAD: [string, string, string, number, number, string][] = [
    ['function call', 'LOCAL_STEPS = {\n    "A": dict(config_class="AConfig"),\n}\n', 'REGISTRY_LOAD_ERROR', 2, 10, 'function call `dict(…)` is not a literal: write the value it returns'],
    ['variable reference', 'BASE_ = {}\nLOCAL_STEPS = {\n    "A": BASE_,\n}\n', 'REGISTRY_LOAD_ERROR', 3, 10, 'variable reference `BASE_` is not a literal: write its value here'],
    ['f-string', 'LOCAL_STEPS = {"A": {"description": f"step {1}"}}\n', 'REGISTRY_LOAD_ERROR', 1, 37, 'f-string `f…` is not a literal (it runs code when the module is imported)'],
    ['unbalanced brackets', 'LOCAL_STEPS = {\n    "A": {\n        "config_class": "AConfig",\n}\n', 'REGISTRY_LOAD_ERROR', 1, 15, 'bracket `{` is never closed'],
    ['non-dict LOCAL_STEPS', 'LOCAL_STEPS = ["A", "B"]\n', 'REGISTRY_LOAD_ERROR', 1, 1, 'LOCAL_STEPS must be a mapping of step name → fields, got a list'],
    ['duplicate step', `LOCAL_STEPS = {\n    "A": {},\n    "A": {},\n}\n`, 'REGISTRY_LOAD_ERROR', 3, 5, "duplicate key 'A' (first at line 2)"],
    [
      'unknown field',
      'LOCAL_STEPS = {"A": {"config_class": "AConfig", "builder_step_name": "AStepBuilder", "spec_type": "A",\n  "sagemaker_step_type": "Processing", "description": "a", "framwork": "x"}}\n',
      'STEP_DEFINITION_INVALID',
      2,
      60,
      "step 'A': `framwork`: unknown field — did you mean `framework`?",
    ],
  ];

  it.each(BAD)('bad .py (%s): one-line error with code and file:line:col; the other workspace loads', (_what, text, code, line, column, detail) => {
    const file = tmp.write(registryPath('maria', 'py'), text);
    tmp.write(registryPath('yuki'), `LOCAL_STEPS:\n${stepYaml('YukiCheck')}`);
    const registry = manager();
    const errors = registry.getDiagnostics().filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code, file, line, column, workspace_id: 'maria', message: detail });
    let thrown: RegistryError | undefined;
    try {
      registry.getView('maria');
    } catch (error) {
      thrown = error as RegistryError;
    }
    expect(thrown?.message).toBe(`${file}:${line}:${column}: ${detail}${/[.!?]$/.test(detail) ? '' : '.'} Hint: ${thrown?.hint ?? ''}`);
    expect(thrown?.message).not.toContain('\n');
    expect(registry.getStepDefinition('YukiCheck', 'yuki')).toBeDefined();
  });
});
