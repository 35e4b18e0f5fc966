import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryError } from '../../src/index.js';
import { MAX_NESTING_DEPTH } from '../../src/sources/jsonPositions.js';
import { readDataDocument } from '../../src/sources/parsedDocument.js';
import { readWorkspaceRegistry } from '../../src/sources/workspaceRegistryReader.js';
import { makeTempDir, type TempDir } from '../helpers/tempRegistry.js';

let tmp: TempDir;
beforeEach(() => {
  tmp = makeTempDir('cursus-positions-');
});
afterEach(() => tmp.cleanup());

const HEAD = ['LOCAL_STEPS:', '  MyStep:', '    config_class: MyStepConfig', '    builder_step_name: MyStepStepBuilder', '    spec_type: MyStep', '    sagemaker_step_type: Processing'];

/** The findings of reading `text` as workspace `w`'s registry (fails the test when it loads). */
function findingsOf(name: string, text: string): readonly { line: number | null; column: number | null; step: string | null; field: string | null; message: string }[] {
  const file = tmp.write(name, text);
  try {
    readWorkspaceRegistry(file, 'w');
  } catch (error) {
    if (error instanceof RegistryError) return error.findings;
    throw error;
  }
  throw new Error(`${name} loaded`);
}

describe('positions come from the parser', () => {
  it('a `priority:` inside a block-scalar description is text, not a key: the real key on line 10 is reported', () => {
    const text = [...HEAD, '    description: |', '      Long text that mentions', '      priority: 5', '    priority: high', ''].join('\n');
    expect(findingsOf('block.yaml', text).map((f) => [f.line, f.column, f.field])).toEqual([[10, 5, 'priority']]);
  });

  it('a YAML key missing its colon is reported on its own line, naming step and field', () => {
    const text = [...HEAD, '    description: fine', '    priority 10', '  Other:', '    config_class: OtherConfig', ''].join('\n');
    const [f] = findingsOf('colon.yaml', text);
    expect(f).toMatchObject({ line: 8, column: 5, step: 'MyStep', field: 'priority' });
    expect(f?.message).toBe('YAML syntax error: a key is missing its colon (in LOCAL_STEPS › MyStep › priority)');
  });

  it('a missing colon before the next key (a "multiline key") is still reported on the key without the colon', () => {
    const text = [...HEAD, '    priority 10', '    description: fine', ''].join('\n');
    expect(findingsOf('multiline.yaml', text)[0]).toMatchObject({ line: 7, column: 5, step: 'MyStep', field: 'priority' });
  });

  it('a YAML syntax error inside a value names the step and field', () => {
    const text = [...HEAD, '    description: Compares distributions: training vs serving', ''].join('\n');
    expect(findingsOf('indent.yaml', text)[0]).toMatchObject({ line: 7, step: 'MyStep', field: 'description' });
  });

  it('one-line (minified) JSON: exact columns on line 1', () => {
    const doc = { LOCAL_STEPS: { A: { config_class: 'AConfig', builder_step_name: 'AStepBuilder', spec_type: 'A', sagemaker_step_type: 'Processing', description: 'a', priority: 'x' } } };
    const text = JSON.stringify(doc);
    const [f] = findingsOf('min.json', text);
    expect(f).toMatchObject({ line: 1, column: text.indexOf('"priority"') + 1, step: 'A', field: 'priority' });
  });

  it('flow-style YAML on one line: exact column of the key', () => {
    const text = 'LOCAL_STEPS: {A: {config_class: AConfig, builder_step_name: AStepBuilder, spec_type: A, sagemaker_step_type: Processing, description: a, priority: x}}\n';
    expect(findingsOf('flow.yaml', text)[0]).toMatchObject({ line: 1, column: text.indexOf('priority') + 1, field: 'priority' });
  });

  it('locates keys, sequence items and the first key of a document', () => {
    const yaml = readDataDocument(tmp.write('doc.yaml', '# comment\nnodes:\n  - name: a\n  - { name: b, "quoted key": 1 }\nother: 2\n'));
    expect(yaml.locate([])).toEqual({ line: 2, column: 1 });
    expect(yaml.locate(['nodes', 1])).toEqual({ line: 4, column: 5 });
    expect(yaml.locate(['nodes', 1, 'quoted key'])).toEqual({ line: 4, column: 16 });
    expect(yaml.locate(['other'])).toEqual({ line: 5, column: 1 });
    expect(yaml.locate(['missing'])).toBeUndefined();
    const json = readDataDocument(tmp.write('doc.json', '{\n  "nodes": [\n    {"name": "a"},\n    {"name": "b\\"c", "k": [1, 2]}\n  ]\n}\n'));
    expect(json.locate(['nodes', 1, 'k'])).toEqual({ line: 4, column: 22 });
    expect(json.locate(['nodes', 1, 'k', 1])).toEqual({ line: 4, column: 31 });
  });

  it('a JSON duplicate key written with an escape is found, with its position', () => {
    const file = tmp.write('dup.json', '{"LOCAL_STEPS": {}, "LOCAL_\\u0053TEPS": {}}');
    expect(() => readDataDocument(file)).toThrow(`${file}:1:21: duplicate key 'LOCAL_STEPS'.`);
  });
});

describe('messages stay one line and bounded', () => {
  it('valid JSON nested deeper than the limit says it exceeds the nesting limit and names it', () => {
    let deep = '1';
    for (let i = 0; i < 120; i++) deep = `{"a":${deep}}`;
    const file = tmp.write('deep.json', deep);
    expect(() => readDataDocument(file)).toThrow(`nesting exceeds the nesting limit of ${MAX_NESTING_DEPTH} levels`);
    try {
      readDataDocument(file);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/YAML|syntax/);
    }
  });

  it('deeply nested YAML says the same', () => {
    let deep = '1';
    for (let i = 0; i < 120; i++) deep = `[${deep}]`;
    expect(() => readDataDocument(tmp.write('deep.yaml', `a: ${deep}\n`))).toThrow(/nesting exceeds the nesting limit of 100 levels/);
  });

  it('a huge scalar in an error message is cut to 80 characters with an ellipsis', () => {
    const long = 'x'.repeat(5000);
    const [f] = findingsOf('long.yaml', [...HEAD, '    description: ok', `    priority: ${long}`, ''].join('\n'));
    expect(f?.message.length).toBeLessThan(200);
    expect(f?.message).toContain(`${'x'.repeat(40)}…`);
  });
});
