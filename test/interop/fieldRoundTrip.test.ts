import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { definitionToJSON, HybridRegistryManager, STEP_FIELD_NAMES, type StepDefinition } from '../../src/index.js';
import { runMain } from '../helpers/mainCapture.js';
import { makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';

const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

/**
 * A Python workspace registry using every field, with values that are easy to
 * get wrong on the way through YAML, JSON, TypeScript and Python: a version
 * that looks like a number, quotes, backslashes, newlines, non-ASCII, a
 * `__proto__` key, nested lists and objects, floats, booleans and None.
 */
const FULL_PY = String.raw`"""Every field of the Python project's StepDefinition."""
LOCAL_STEPS = {
    "MariaCalibration": {
        "config_class": "MariaCalibrationConfig",
        "builder_step_name": "MariaCalibrationStepBuilder",
        "spec_type": "MariaCalibration",
        "sagemaker_step_type": "Processing",
        "description": "Calibrates scores: \"isotonic\" \\ platt\nsecond line — é",
        "framework": "sklearn",
        "framework_version": "2.0",
        "job_types": ["training", "calibration"],
        "override_source": None,
        "priority": 70,
        "environment_tags": ["development", "gpu"],
        "compatibility_tags": ["v2"],
        "conflict_resolution_strategy": "framework_match",
        "metadata": {
            "owner": "maria",
            "__proto__": {"polluted": True},
            "constructor": "plain data",
            "ticket": "ML-1234",
            "thresholds": [0.5, 1e-07, -3, 12345678901],
            "flags": {"beta": False, "note": None, "tags": ["a", "b"]},
            "unicode": "naïve ✓ 🚀",
        },
    },
    "PlainStep": {
        "config_class": "PlainStepConfig",
        "builder_step_name": "PlainStepStepBuilder",
        "spec_type": "PlainStep",
        "sagemaker_step_type": "Processing",
        "description": "No optional field set",
    },
}

STEP_OVERRIDES = {
    "XGBoostTraining": {
        "config_class": "MariaXGBoostTrainingConfig",
        "builder_step_name": "MariaXGBoostTrainingStepBuilder",
        "spec_type": "XGBoostTraining",
        "sagemaker_step_type": "Training",
        "description": "XGBoost training, Maria's",
        "framework": "xgboost",
        "framework_version": "1.7-1",
        "job_types": ["training"],
        "override_source": "maria/experiments#42",
        "metadata": {"owner": "maria", "reviewed": True},
    },
}
`;

/** Every stored field of a definition (not where it was loaded from), as JSON text: the byte-for-byte comparison. */
function fieldsText(def: StepDefinition | undefined): string {
  expect(def).toBeDefined();
  const json = definitionToJSON(def as StepDefinition);
  const out: Record<string, unknown> = {};
  for (const key of STEP_FIELD_NAMES) if (key !== 'registry_type' && key !== 'workspace_id') out[key] = json[key];
  return JSON.stringify(out);
}

const cli = (args: string[], cwd: string) => runMain(args, { cwd });

const STEPS = ['MariaCalibration', 'PlainStep', 'XGBoostTraining'];

describe('every field round-trips: .py → import (yaml/json/ts) → load → export (json/yaml/python) → load', () => {
  let tmp: TempDir;
  let original: HybridRegistryManager;
  beforeEach(() => {
    tmp = makeTempDir('cursus-roundtrip-');
    tmp.write(join('py', registryPath('maria', 'py')), FULL_PY);
    original = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, 'py'), cwd: tmp.dir, env: {} });
  });
  afterEach(() => tmp.cleanup());

  it('the .py loads with every value as written (metadata key order and prototype keys kept)', () => {
    const def = original.requireStepDefinition('MariaCalibration', 'maria');
    expect(def.framework_version).toBe('2.0');
    expect(def.description).toBe('Calibrates scores: "isotonic" \\ platt\nsecond line — é');
    expect(Object.keys(def.metadata)).toEqual(['owner', '__proto__', 'constructor', 'ticket', 'thresholds', 'flags', 'unicode']);
    expect(def.metadata.thresholds).toEqual([0.5, 1e-7, -3, 12345678901]);
    expect(original.requireStepDefinition('XGBoostTraining', 'maria').override_source).toBe('maria/experiments#42');
  });

  for (const format of ['yaml', 'json', 'ts'] as const) {
    it(`registry import --format ${format}: the converted file loads to the same fields, byte for byte`, async () => {
      const target = join(tmp.dir, format, registryPath('maria', format));
      mkdirSync(join(target, '..'), { recursive: true });
      const run = await cli(['registry', 'import', join('py', registryPath('maria', 'py')), '--format', format, '--to', target], tmp.dir);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const converted = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, format), cwd: tmp.dir, env: {} });
      for (const name of STEPS) expect([name, fieldsText(converted.getStepDefinition(name, 'maria'))]).toEqual([name, fieldsText(original.getStepDefinition(name, 'maria'))]);
      const metadata = converted.requireStepDefinition('MariaCalibration', 'maria').metadata;
      expect(Object.getPrototypeOf(metadata)).toBeNull();
      expect(JSON.stringify(metadata.__proto__)).toBe('{"polluted":true}');
    });
  }

  for (const format of ['json', 'yaml'] as const) {
    it(`registry export --format ${format} → --core-registry → export again is byte-identical; every field survives`, async () => {
      const first = await cli(['--workspaces-root', 'py', 'registry', 'export', '--workspace', 'maria', '--format', format], tmp.dir);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      tmp.write(`exported.${format}`, first.stdout);
      mkdirSync(join(tmp.dir, 'empty'));
      const second = await cli(['--core-registry', `exported.${format}`, '--workspaces-root', 'empty', 'registry', 'export', '--format', format], tmp.dir);
      expect(second.code).toBe(0);
      // The YAML header names the view and the core file; the data below it must not change by one byte.
      const body = (text: string) => (format === 'yaml' ? text.replace(/^(#.*\n)+\n?/, '') : text);
      expect(body(second.stdout)).toBe(body(first.stdout));
      const reloaded = new HybridRegistryManager({ coreRegistry: join(tmp.dir, `exported.${format}`), workspacesRoot: join(tmp.dir, 'empty'), cwd: tmp.dir, env: {} });
      for (const name of STEPS) expect([name, fieldsText(reloaded.getStepDefinition(name, null))]).toEqual([name, fieldsText(original.getStepDefinition(name, 'maria'))]);
    });
  }

  it('export rows: the five legacy fields first, then only fields not at their default, never registry_type/workspace_id', async () => {
    const run = await cli(['--workspaces-root', 'py', 'registry', 'export', '--workspace', 'maria', '--format', 'json'], tmp.dir);
    const rows = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(rows.PlainStep ?? {})).toEqual(['config_class', 'builder_step_name', 'spec_type', 'sagemaker_step_type', 'description']);
    expect(Object.keys(rows.MariaCalibration ?? {})).toEqual([
      'config_class', 'builder_step_name', 'spec_type', 'sagemaker_step_type', 'description',
      'priority', 'framework', 'environment_tags', 'compatibility_tags', 'conflict_resolution_strategy', 'job_types', 'framework_version', 'metadata',
    ]);
    expect(rows.XGBoostTraining?.override_source).toBe('maria/experiments#42');
  });

  it.skipIf(!HAS_PYTHON)("python3: the exported module imports, equals the JSON export, and the Python project's model accepts every row", async () => {
    const python = await cli(['--workspaces-root', 'py', 'registry', 'export', '--workspace', 'maria', '--format', 'python'], tmp.dir);
    const json = await cli(['--workspaces-root', 'py', 'registry', 'export', '--workspace', 'maria', '--format', 'json'], tmp.dir);
    expect(python.code).toBe(0);
    tmp.write('step_names_export.py', python.stdout);
    tmp.write('step_names_export.json', json.stdout);
    // Loads the module the way the Python project loads a registry file (importlib, not literal_eval), then
    // checks each row against the Python StepDefinition's field types (pydantic, extra="forbid", when installed).
    const check = String.raw`
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("registry", "step_names_export.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
rows = module.STEP_NAMES
assert rows == json.load(open("step_names_export.json", encoding="utf-8")), "python export differs from json export"
from typing import Any, Dict, List, Optional
try:
    from pydantic import BaseModel, ConfigDict
except ImportError:
    BaseModel = None
if BaseModel is not None:
    class Row(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        name: str
        registry_type: str
        config_class: Optional[str] = None
        builder_step_name: Optional[str] = None
        spec_type: Optional[str] = None
        sagemaker_step_type: Optional[str] = None
        description: Optional[str] = None
        framework: Optional[str] = None
        framework_version: Optional[str] = None
        job_types: List[str] = []
        override_source: Optional[str] = None
        workspace_id: Optional[str] = None
        priority: int = 100
        environment_tags: List[str] = []
        compatibility_tags: List[str] = []
        conflict_resolution_strategy: str = "workspace_priority"
        metadata: Dict[str, Any] = {}
    for name, row in rows.items():
        Row(name=name, registry_type="core", **row)
row = rows["MariaCalibration"]
print(json.dumps([len(rows), row["job_types"], row["framework_version"], list(row["metadata"]), row["metadata"]["__proto__"], BaseModel is not None]))
`;
    const run = spawnSync('python3', ['-c', check], { cwd: tmp.dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [count, jobTypes, version, keys, proto] = JSON.parse(run.stdout) as unknown[];
    expect([count, jobTypes, version, keys, proto]).toEqual([
      19,
      ['training', 'calibration'],
      '2.0',
      ['owner', '__proto__', 'constructor', 'ticket', 'thresholds', 'flags', 'unicode'],
      { polluted: true },
    ]);
  });

  it('the TypeScript output writes a `__proto__` key as a computed key (a plain `__proto__:` would set the prototype)', async () => {
    const target = join(tmp.dir, 'ts', registryPath('maria', 'ts'));
    mkdirSync(join(target, '..'), { recursive: true });
    await cli(['registry', 'import', join('py', registryPath('maria', 'py')), '--format', 'ts', '--to', target], tmp.dir);
    const text = readFileSync(target, 'utf8');
    expect(text).toContain('        ["__proto__"]: {\n');
    expect(text).not.toMatch(/^\s*"?__proto__"?:/m);
  });
});
