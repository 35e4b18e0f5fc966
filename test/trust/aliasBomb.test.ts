/**
 * Trust (issue 11, class 11): YAML aliases are bounded by what they expand to,
 * not only by how many there are — in pipeline specs, registries, config, and
 * everywhere else YAML is read.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDataDocument } from '../../src/sources/parsedDocument.js';
import { EXAMPLES_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';
import { runMain } from '../helpers/mainCapture.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

/** `levels` anchors, each a list of two aliases of the previous one: 2 × levels aliases, 2^levels leaves. */
function bomb(levels: number, indent = ''): string {
  const lines = [`${indent}l0: &l0 [x, x]`];
  for (let i = 1; i <= levels; i++) lines.push(`${indent}l${i}: &l${i} [*l${i - 1}, *l${i - 1}]`);
  return `${lines.join('\n')}\n`;
}

const cli = (args: string[], cwd: string) => runMain(args, { cwd });

describe('alias amplification', () => {
  it('44 levels (88 aliases, under the alias-count limit) in a pipeline config: build and validate refuse it at once', async () => {
    temp = makeTempDir('cursus-alias-');
    const spec = temp.write(
      'bomb.yaml',
      `name: bomb\nnodes:\n  load:\n    step: CradleDataLoading\n    config:\n${bomb(44, '      ')}`,
    );
    for (const command of ['build', 'validate']) {
      const run = await cli(['pipeline', command, spec, '--workspaces-root', EXAMPLES_ROOT], temp.dir);
      expect(run.code, command).toBe(2);
      expect(run.stderr, command).toContain('YAML aliases expand to more than 1000000 nodes');
      expect(run.stderr.trim().split('\n'), command).toHaveLength(1);
      expect(run.stdout, command).toBe('');
    }
  });

  it('the same bomb in a workspace registry or any data file is a load error', () => {
    temp = makeTempDir('cursus-alias-');
    const file = temp.write(join('any.yaml'), bomb(30));
    expect(() => readDataDocument(file)).toThrow(/YAML aliases expand to more than 1000000 nodes/);
  });

  it('ordinary aliases (shared tag lists) load', () => {
    temp = makeTempDir('cursus-alias-');
    const file = temp.write('ok.yaml', 'tags: &t [a, b]\nmore: *t\n' + bomb(10));
    const doc = readDataDocument(file);
    expect(doc.value).toBeTruthy();
  });
});
