import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSettings } from '../../src/index.js';
import { runMain } from '../helpers/mainCapture.js';
import { makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

let tmp: TempDir;
let repo: string;
beforeEach(() => {
  tmp = makeTempDir('cursus-config-');
  repo = realpathSync(tmp.dir);
  mkdirSync(join(repo, '.git'));
  tmp.write('cursus.config.json', '{\n  "workspacesRoot": "ws",\n  "maxAliasCount": 7,\n  "hybridRegistry": true\n}\n');
  tmp.write(join('ws', registryPath('alice')), `LOCAL_STEPS:\n${stepYaml('AliceStep')}`);
  mkdirSync(join(repo, 'deep', 'er'), { recursive: true });
});
afterEach(() => tmp.cleanup());

describe('one settings resolver: option > env > cursus.config > default, with origins', () => {
  it('every setting, each with its layer (config file:line, variable name, flag, default)', () => {
    const s = resolveSettings({ cwd: join(repo, 'deep', 'er'), env: { CURSUS_MAX_FILE_BYTES: '2048', CURSUS_HYBRID_REGISTRY: 'off' }, options: { coreRegistry: 'core.yaml' }, optionNaming: 'flag' });
    expect(s.configFile).toBe(join(repo, 'cursus.config.json'));
    const shown = Object.values(s.settings).map((x) => [x.name, x.value, x.source]);
    expect(shown).toEqual([
      ['workspacesRoot', join(repo, 'ws'), `${join(repo, 'cursus.config.json')}:2`],
      ['coreRegistry', join(repo, 'deep', 'er', 'core.yaml'), '--core-registry'],
      ['hybridRegistry', false, 'CURSUS_HYBRID_REGISTRY'],
      ['workspaceContext', true, 'default'],
      ['registryFallback', 'strict', 'default'],
      ['allowCodeRegistries', true, 'default'],
      ['maxFileBytes', 2048, 'CURSUS_MAX_FILE_BYTES'],
      ['maxAliasCount', 7, `${join(repo, 'cursus.config.json')}:3`],
    ]);
  });

  it('the config search stops at the repository root (a directory holding .git)', () => {
    const inner = join(repo, 'sub');
    mkdirSync(join(inner, '.git'), { recursive: true });
    const s = resolveSettings({ cwd: inner, env: {} });
    expect(s.configFile).toBeNull();
    expect(s.configSearch).toEqual({ from: inner, to: inner });
  });

  it('a malformed limit in the environment is an error naming the variable', () => {
    expect(() => resolveSettings({ cwd: repo, env: { CURSUS_MAX_ALIAS_COUNT: 'lots' } })).toThrow(/environment variable CURSUS_MAX_ALIAS_COUNT="lots" is not a whole number/);
  });
});

describe('cursus config', () => {
  it('--show-origin from a subdirectory: the config file found upward, every setting, piped as plain columns', async () => {
    const run = await runMain(['config', '--show-origin'], { cwd: join(repo, 'deep', 'er'), env: { CURSUS_ALLOW_CODE_REGISTRIES: 'false' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    const config = join(repo, 'cursus.config.json');
    expect(lines[0]).toBe(`config file: ${config}`);
    expect(lines[1]).toMatch(/^SETTING\s+VALUE\s+ORIGIN$/);
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/))).toEqual([
      ['workspacesRoot', join(repo, 'ws'), `${config}:2`],
      ['coreRegistry', expect.stringMatching(/core\/step_names\.yaml$/), 'default'],
      ['hybridRegistry', 'true', `${config}:4`],
      ['workspaceContext', 'true', 'default'],
      ['registryFallback', 'strict', 'default'],
      ['allowCodeRegistries', 'false', 'CURSUS_ALLOW_CODE_REGISTRIES'],
      ['maxFileBytes', '10485760', 'default'],
      ['maxAliasCount', '7', `${config}:3`],
    ]);
  });

  it('--format json: value, origin and source of each setting; a flag is named as the flag', async () => {
    const run = await runMain(['--workspaces-root', 'elsewhere', 'config', '--format', 'json'], { cwd: repo });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { config_file: string; settings: Record<string, { value: unknown; origin: string; source: string }> };
    expect(out.config_file).toBe(join(repo, 'cursus.config.json'));
    expect(out.settings.workspacesRoot).toMatchObject({ value: join(repo, 'elsewhere'), origin: 'option', source: '--workspaces-root' });
    expect(out.settings.maxAliasCount).toMatchObject({ value: 7, origin: 'config', source: `${join(repo, 'cursus.config.json')}:3` });
  });

  it('--help names the config file and its search', async () => {
    const run = await runMain(['--help'], { cwd: repo });
    expect(run.stdout).toContain('cursus.config.json / cursus.config.yaml (searched upward from the working directory to the repository root)');
  });

  it('on a terminal the table fits the width, with no rule between rows', async () => {
    const run = await runMain(['config', '--show-origin'], { cwd: join(repo, 'deep', 'er'), isTTY: true, columns: 60 });
    // eslint-disable-next-line no-control-regex
    const lines = run.stdout.replace(/\u001b\[\d+m/g, '').trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(11); // top rule, head, 8 settings, bottom rule
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines.filter((l) => l.startsWith('├'))).toHaveLength(0);
    expect(run.stdout).toContain('…');
  });
});

describe('workspaces switched off', () => {
  it('list-steps says so, and by what', async () => {
    const run = await runMain(['registry', 'list-steps'], { cwd: repo, env: { CURSUS_HYBRID_REGISTRY: 'off' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Workspaces are switched off (hybridRegistry is off, set by CURSUS_HYBRID_REGISTRY): only the core registry is served.');
  });
});
