/**
 * Trust (issue 11, classes 9 and 14): only regular files are read, with the
 * size limit enforced while reading; a FIFO, device, directory, dangling link
 * or link loop is a one-line load error — never a hang, never "valid".
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HybridRegistryManager, readRegistryText } from '../../src/index.js';
import { readDataDocument } from '../../src/sources/parsedDocument.js';
import { makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { registryErrorOf } from '../helpers/registryErrorOf.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});
function newTemp(): TempDir {
  temp = makeTempDir('cursus-special-');
  return temp;
}
function fifo(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  execFileSync('mkfifo', [path]);
  return path;
}
describe('only regular files are read', () => {
  it('a FIFO is refused at once, naming it', () => {
    const t = newTemp();
    const path = fifo(join(t.dir, 'core.yaml'));
    const error = registryErrorOf(() => readRegistryText(path));
    expect(error.code).toBe('REGISTRY_LOAD_ERROR');
    expect(error.message).toBe(`${path}: is a FIFO (named pipe), not a regular file. Hint: the registry must be a regular file`);
  });

  it('a symbolic link to /dev/zero as core registry is a character device, not read', () => {
    const t = newTemp();
    const link = join(t.dir, 'core.yaml');
    symlinkSync('/dev/zero', link);
    const error = registryErrorOf(() => new HybridRegistryManager({ coreRegistry: link, workspacesRoot: join(t.dir, 'ws'), cwd: t.dir }));
    expect(error.message).toContain('is a character device, not a regular file');
  });

  it('a directory, a dangling link and a link loop as core registry are load errors', () => {
    const t = newTemp();
    mkdirSync(join(t.dir, 'dir.yaml'));
    symlinkSync(join(t.dir, 'nowhere.yaml'), join(t.dir, 'dangling.yaml'));
    symlinkSync(join(t.dir, 'loop2.yaml'), join(t.dir, 'loop1.yaml'));
    symlinkSync(join(t.dir, 'loop1.yaml'), join(t.dir, 'loop2.yaml'));
    const core = (name: string) => registryErrorOf(() => new HybridRegistryManager({ coreRegistry: join(t.dir, name), workspacesRoot: join(t.dir, 'ws'), cwd: t.dir }));
    expect(core('dir.yaml').message).toContain('dir.yaml: is a directory, not a regular file');
    expect(core('dangling.yaml').message).toContain('dangling.yaml: dangling symbolic link: its target does not exist');
    expect(core('loop1.yaml').message).toContain('loop1.yaml: symbolic link loop');
  });

  it('pipeline specs, config files and --extra rows go through the same reader', () => {
    const t = newTemp();
    const path = fifo(join(t.dir, 'spec.yaml'));
    expect(registryErrorOf(() => readDataDocument(path)).message).toContain('is a FIFO (named pipe), not a regular file');
  });

  it('the size limit holds for a file larger than the limit', () => {
    const t = newTemp();
    const path = t.write('big.yaml', `a: ${'x'.repeat(5000)}\n`);
    expect(registryErrorOf(() => readRegistryText(path, 1000)).message).toContain('file is 5004 bytes, more than the limit of 1000');
  });
});

describe('a workspace registry path that is not a regular file is a load error, not "no registry"', () => {
  const cases: [string, (t: TempDir, file: string) => void, RegExp][] = [
    ['a directory', (_t, file) => mkdirSync(file, { recursive: true }), /is a directory, not a regular file/],
    ['a FIFO', (_t, file) => fifo(file), /is a FIFO \(named pipe\), not a regular file/],
    [
      'a dangling symbolic link',
      (t, file) => {
        mkdirSync(join(file, '..'), { recursive: true });
        symlinkSync(join(t.dir, 'gone.yaml'), file);
      },
      /dangling symbolic link/,
    ],
    [
      'a symbolic link loop',
      (_t, file) => {
        mkdirSync(join(file, '..'), { recursive: true });
        symlinkSync(`${file}.other`, file);
        symlinkSync(file, `${file}.other`);
      },
      /symbolic link loop/,
    ],
  ];
  for (const [what, make, message] of cases) {
    it(`${what}: the workspace fails with the reason; the others load`, () => {
      const t = newTemp();
      const root = join(t.dir, 'ws');
      t.write(join('ws', registryPath('good')), `LOCAL_STEPS:\n${stepYaml('GoodStep')}`);
      make(t, join(root, registryPath('alice')));
      const manager = new HybridRegistryManager({ workspacesRoot: root, cwd: t.dir });
      const errors = manager.getDiagnostics().filter((d) => d.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]?.workspace_id).toBe('alice');
      expect(errors[0]?.message).toMatch(message);
      expect(() => manager.getStepDefinition('XGBoostTraining', 'alice')).toThrow(message);
      expect(manager.getStepDefinition('GoodStep', 'good')?.config_class).toBe('GoodStepConfig');
    });
  }
});
