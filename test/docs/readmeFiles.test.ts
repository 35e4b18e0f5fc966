/**
 * The file examples of README.md are valid files of their format: each
 * ```python block is a `.py` workspace registry that loads (parsed, never run)
 * with no errors and no warnings, and each ```yaml block that declares the
 * workspace-registry schema loads the same way, and each that declares the
 * pipeline-spec schema is a pipeline spec that parses. (Shell examples are run
 * by readmeExamples.test.ts; ts snippets typechecked by readmeSnippets.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePipelineSpec, readWorkspaceRegistry } from '../../src/index.js';
import { fencedBlocks } from './readmeText.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const blocks = fencedBlocks(README);
const text = (lines: readonly { text: string }[]): string => lines.map((l) => `${l.text}\n`).join('');
const dir = mkdtempSync(join(tmpdir(), 'cursus-readme-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README file examples', () => {
  const python = blocks.filter((b) => b.lang === 'python');
  const specs = blocks.filter((b) => b.lang === 'yaml' && b.lines[0]?.text.includes('pipeline-spec.schema.json'));
  const registries = blocks.filter((b) => b.lang === 'yaml' && b.lines[0]?.text.includes('workspace-registry.schema.json'));

  for (const block of registries) {
    it(`README.md:${block.line}: the yaml block loads as a workspace registry, without warnings`, () => {
      const file = join(dir, `workspace_registry_${block.line}.yaml`);
      writeFileSync(file, text(block.lines));
      const contents = readWorkspaceRegistry(file, /developer_id: (\S+)/.exec(text(block.lines))?.[1] ?? 'readme');
      expect(contents.localSteps.size + contents.stepOverrides.size).toBeGreaterThan(0);
      expect(contents.warnings.map((w) => w.message)).toEqual([]);
    });
  }

  it('has a .py registry example, a YAML registry example and a pipeline spec example', () => {
    expect(python.length).toBeGreaterThan(0);
    expect(registries.length).toBeGreaterThan(0);
    expect(specs.length).toBeGreaterThan(0);
  });

  for (const block of python) {
    it(`README.md:${block.line}: the python block loads as a workspace registry, without warnings`, () => {
      const file = join(dir, `workspace_registry_${block.line}.py`);
      writeFileSync(file, text(block.lines));
      const id = /"developer_id":\s*"([^"]+)"/.exec(text(block.lines))?.[1] ?? 'readme';
      const contents = readWorkspaceRegistry(file, id);
      expect(contents.localSteps.size + contents.stepOverrides.size).toBeGreaterThan(0);
      expect(contents.warnings.map((w) => w.message)).toEqual([]);
    });
  }

  for (const block of specs) {
    it(`README.md:${block.line}: the yaml block parses as a pipeline spec`, () => {
      const spec = parsePipelineSpec(text(block.lines), `README.md:${block.line}`);
      expect(Object.keys(spec.nodes).length).toBeGreaterThan(0);
    });
  }
});
