import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { RegistryDiff } from '../../src/index.js';
import { makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { commitAll, git, repositoryFingerprint } from './gitRepository.js';

/** The five kinds a CI gate uses (the issue's list). */
const GATE_KINDS = ['new-conflict', 'ambiguous', 'changed-resolution', 'removed-step', 'broken'] as const;

let temp: TempDir;
let repo: string;
let fingerprint: string;

const ws = (id: string) => `workspaces/${registryPath(id).split(/[\\/]/).join('/')}`;
const yaml = (local: string, overrides = '', id = '') =>
  `LOCAL_STEPS:\n${local || '  {}\n'}${overrides ? `STEP_OVERRIDES:\n${overrides}` : ''}${id ? `WORKSPACE_METADATA:\n  developer_id: ${id}\n` : ''}`;
const training = (priority: number, framework: string) => stepYaml('ModelTraining', { sagemaker_step_type: 'Training', priority, framework });

async function cursus(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'cursus', ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: repo, isTTY: false });
  return { code, stdout, stderr };
}

async function diffJson(...revs: string[]): Promise<RegistryDiff> {
  const run = await cursus('registry', 'diff', ...revs, '--format', 'json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as RegistryDiff;
}

/** `diff <revs> --fail-on K --format json` for each gate kind: the diff (the same every run) and each exit code. */
async function gated(...revs: string[]): Promise<{ diff: RegistryDiff; codes: Record<string, number> }> {
  let diff: RegistryDiff | undefined;
  const codes: Record<string, number> = {};
  for (const kind of GATE_KINDS) {
    const run = await cursus('registry', 'diff', ...revs, '--fail-on', kind, '--format', 'json');
    expect(run.stderr).toBe('');
    const parsed = JSON.parse(run.stdout) as RegistryDiff & { fail_on: string[]; failing: string[] };
    expect(parsed.fail_on).toEqual([kind]);
    expect(parsed.failing).toEqual(run.code === 1 ? [kind] : []);
    diff ??= parsed;
    codes[kind] = run.code;
  }
  return { diff: diff as RegistryDiff, codes };
}
const gate = (...failing: string[]) => Object.fromEntries(GATE_KINDS.map((k) => [k, failing.includes(k) ? 1 : 0]));

beforeAll(() => {
  temp = makeTempDir('cursus-diff-git-');
  repo = temp.dir;
  git(repo, 'init', '-q', '-b', 'main');
  temp.write('cursus.config.json', '{ "workspacesRoot": "workspaces" }\n');
  temp.write(ws('alice'), yaml(stepYaml('FeatureDriftCheck') + training(90, 'pytorch'), '', 'alice'));
  temp.write(ws('bob'), yaml(training(80, 'tensorflow'), '', 'bob'));
  temp.write(ws('dave'), yaml(stepYaml('DaveOnly'), '', 'dave'));
  temp.write('README.md', 'not a registry file\n');
  commitAll(repo, 'c0-base');
  // 1. alice adds a local step.
  temp.write(ws('alice'), yaml(stepYaml('FeatureDriftCheck') + training(90, 'pytorch') + stepYaml('AliceNewStep'), '', 'alice'));
  commitAll(repo, 'c1-add-local');
  // 2. alice overrides a core step.
  const override = stepYaml('XGBoostTraining', { config_class: 'AliceXGBoostTrainingConfig', builder_step_name: 'XGBoostTrainingStepBuilder', spec_type: 'XGBoostTraining', sagemaker_step_type: 'Training', description: 'XGBoost model training step' });
  temp.write(ws('alice'), yaml(stepYaml('FeatureDriftCheck') + training(90, 'pytorch') + stepYaml('AliceNewStep'), override, 'alice'));
  commitAll(repo, 'c2-override-core');
  // 3. A new workspace ties bob at priority 80: an ambiguous resolution (bob still wins, by id).
  temp.write(ws('erin'), yaml(training(80, 'jax'), '', 'erin'));
  commitAll(repo, 'c3-ambiguous-tie');
  // 4. alice lowers her priority number: she wins ModelTraining now.
  temp.write(ws('alice'), yaml(stepYaml('FeatureDriftCheck') + training(50, 'pytorch') + stepYaml('AliceNewStep'), override, 'alice'));
  commitAll(repo, 'c4-priority-wins');
  // 5. bob's file breaks.
  temp.write(ws('bob'), 'LOCAL_STEPS:\n  ModelTraining: [unclosed\n');
  commitAll(repo, 'c5-break-file');
  // 6. dave's workspace is deleted.
  rmSync(join(repo, 'workspaces', 'dave'), { recursive: true });
  commitAll(repo, 'c6-delete-workspace');
  // Uncommitted: alice adds a step in the working tree; a staged change in the index too.
  temp.write(ws('alice'), yaml(stepYaml('FeatureDriftCheck') + training(50, 'pytorch') + stepYaml('AliceNewStep') + stepYaml('Uncommitted'), override, 'alice'));
  temp.write('notes.txt', 'staged\n');
  git(repo, 'add', 'notes.txt');
  fingerprint = repositoryFingerprint(repo);
});

afterAll(() => temp.cleanup());

const aliceFile = ws('alice');

describe('cursus registry diff <base> <head> (git revisions)', () => {
  it('a local step added: one added-step entry in the view of alice, with file:line; no gate kind', async () => {
    const { diff, codes } = await gated('c0-base', 'c1-add-local');
    expect(diff.before.label).toMatch(/^c0-base \([0-9a-f]{7}\)$/);
    expect(diff.kinds).toEqual(['added-step']);
    expect(diff.views.map((v) => v.view)).toEqual([null, 'alice', 'bob', 'dave']);
    expect(diff.views[1]).toEqual({
      view: 'alice',
      added: [{ name: 'AliceNewStep', definition: { registry_type: 'workspace', workspace_id: 'alice', file: aliceFile, line: 16 }, inherited: false }],
      removed: [],
      changed: [],
    });
    expect(codes).toEqual(gate());
  });

  it('a core step overridden: field-by-field change in alice, and her context now resolves to her override', async () => {
    const { diff, codes } = await gated('c1-add-local', 'c2-override-core');
    expect(diff.kinds).toEqual(['changed-resolution', 'changed-step']);
    const alice = diff.views.find((v) => v.view === 'alice');
    expect(alice?.changed).toEqual([
      {
        name: 'XGBoostTraining',
        before: { registry_type: 'core', workspace_id: null, file: expect.stringMatching(/core\/step_names\.yaml$/), line: 48 },
        after: { registry_type: 'override', workspace_id: 'alice', file: aliceFile, line: 23 },
        fields: [
          { field: 'config_class', before: 'XGBoostTrainingConfig', after: 'AliceXGBoostTrainingConfig' },
          { field: 'registry_type', before: 'core', after: 'override' },
          { field: 'workspace_id', before: null, after: 'alice' },
        ],
        inherited: false,
      },
    ]);
    expect(diff.views.find((v) => v.view === null)).toEqual({ view: null, added: [], removed: [], changed: [] });
    expect(diff.resolutions).toHaveLength(1);
    expect(diff.resolutions[0]).toMatchObject({
      name: 'XGBoostTraining',
      context: 'alice',
      kinds: ['changed-resolution'],
      before: { selected: { workspace_id: null }, strategy: 'no_conflict', rule: 'chose core: the only definition (no_conflict)' },
      after: { selected: { workspace_id: 'alice', registry_type: 'override' }, strategy: 'workspace_priority' },
    });
    expect(diff.resolutions[0]?.after.rule).toBe("chose workspace 'alice' (STEP_OVERRIDES): it is the context workspace (workspace_priority)");
    expect(codes).toEqual(gate('changed-resolution'));
  });

  it('an ambiguous tie introduced: erin joins the ModelTraining conflict at bob\'s priority', async () => {
    const { diff, codes } = await gated('c2-override-core', 'c3-ambiguous-tie');
    expect(diff.kinds).toEqual(['new-conflict', 'ambiguous', 'added-workspace', 'changed-conflict']);
    expect(diff.workspaces.added).toEqual([{ workspace_id: 'erin', registry_file: ws('erin'), status: 'loaded', local_steps: ['ModelTraining'], step_overrides: [] }]);
    expect(diff.conflicts.changed.map((c) => [c.name, c.before.map((x) => x.workspace_id), c.after.map((x) => x.workspace_id)])).toEqual([['ModelTraining', ['alice', 'bob'], ['alice', 'bob', 'erin']]]);
    // The default context, and dave's (no ModelTraining, no preferences: resolves like it): bob still wins, now by id order.
    expect(diff.resolutions.map((r) => [r.name, r.context, r.like_default, r.before.ambiguous, r.after.ambiguous, r.after.tied, r.kinds])).toEqual([
      ['ModelTraining', null, ['dave'], false, true, ['bob', 'erin'], ['ambiguous']],
    ]);
    expect(diff.resolutions[0]?.after.rule).toBe("chose workspace 'bob' (LOCAL_STEPS): lowest priority 80 (ambiguous: a tie between workspaces, settled by workspace id) (priority_based)");
    expect(codes).toEqual(gate('new-conflict', 'ambiguous'));
  });

  it('a priority changed so another workspace wins: changed-resolution with the deciding rule, the tie settled', async () => {
    const { diff, codes } = await gated('c3-ambiguous-tie', 'c4-priority-wins');
    expect(diff.kinds).toEqual(['changed-resolution', 'changed-step', 'changed-conflict']);
    expect(diff.views.find((v) => v.view === 'alice')?.changed.map((c) => [c.name, c.fields])).toEqual([['ModelTraining', [{ field: 'priority', before: 90, after: 50 }]]]);
    expect(diff.resolutions.map((r) => [r.context, r.like_default, r.before.selected?.workspace_id, r.after.selected?.workspace_id, r.before.ambiguous, r.after.ambiguous, r.kinds])).toEqual([
      [null, ['dave'], 'bob', 'alice', true, false, ['changed-resolution']],
    ]);
    expect(diff.resolutions[0]?.after.rule).toBe("chose workspace 'alice' (LOCAL_STEPS): lowest priority 50 (priority_based)");
    expect(codes).toEqual(gate('changed-resolution'));
  });

  it('a broken file is a broken finding with file:line, never skipped; its definitions leave the conflict', async () => {
    const { diff, codes } = await gated('c4-priority-wins', 'c5-break-file');
    expect(diff.kinds).toEqual(['broken', 'changed-conflict']);
    expect(diff.broken).toHaveLength(1);
    expect(diff.broken[0]).toMatchObject({ side: 'after', new: true, code: 'REGISTRY_LOAD_ERROR', file: ws('bob'), workspace_id: 'bob' });
    expect(diff.broken[0]?.line).toBeGreaterThan(0);
    // bob's view cannot be compared: it failed on the head side.
    expect(diff.views.map((v) => v.view)).toEqual([null, 'alice', 'dave', 'erin']);
    expect(diff.conflicts.changed.map((c) => c.after.map((x) => x.workspace_id))).toEqual([['alice', 'erin']]);
    expect(codes).toEqual(gate('broken'));
  });

  it('a workspace deleted: removed-workspace and removed-step; a file broken on both sides is not new', async () => {
    const { diff, codes } = await gated('c5-break-file', 'c6-delete-workspace');
    expect(diff.kinds).toEqual(['removed-step', 'removed-workspace']);
    expect(diff.workspaces.removed).toEqual([{ workspace_id: 'dave', registry_file: ws('dave'), status: 'loaded', local_steps: ['DaveOnly'], step_overrides: [] }]);
    expect(diff.broken.map((b) => [b.side, b.new, b.workspace_id])).toEqual([
      ['before', false, 'bob'],
      ['after', false, 'bob'],
    ]);
    expect(codes).toEqual(gate('removed-step'));
  });

  it('the whole history at once: every gate kind', async () => {
    expect((await gated('c0-base', 'c6-delete-workspace')).codes).toEqual(gate('new-conflict', 'changed-resolution', 'removed-step', 'broken'));
  });

  it('head defaults to the working tree (uncommitted edits included)', async () => {
    const diff = await diffJson('HEAD');
    expect(diff.after.label).toBe('working tree');
    expect(diff.views.find((v) => v.view === 'alice')?.added.map((e) => [e.name, e.definition.file])).toEqual([['Uncommitted', aliceFile]]);
    const same = await diffJson('HEAD', 'c6-delete-workspace');
    expect(same.kinds).toEqual([]);
  });

  it('an unknown revision is a one-line error, exit 2; a revision never becomes a git option', async () => {
    const run = await cursus('registry', 'diff', 'no-such-branch');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^cursus: error REGISTRY_LOAD_ERROR: unknown revision 'no-such-branch' in .*Hint: .*\n$/);
    expect(run.stderr.split('\n')).toHaveLength(2);
    const pwned = join(temp.dir, 'pwned');
    const option = await cursus('registry', 'diff', '--', `--output=${pwned}`, 'c0-base');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown revision '--output=");
    expect(existsSync(pwned)).toBe(false);
    const json = await cursus('registry', 'diff', 'c0-base', 'nope', '--format', 'json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'REGISTRY_LOAD_ERROR' });
  });

  it('--fail-on with an unknown kind is a usage error with a suggestion, exit 2', async () => {
    const run = await cursus('registry', 'diff', 'c0-base', 'c1-add-local', '--fail-on', 'new-conflcit');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("cursus: error USAGE: --fail-on: unknown kind 'new-conflcit' — did you mean 'new-conflict'? Hint: kinds are new-conflict, ambiguous, changed-resolution, removed-step, broken, added-step, changed-step, added-workspace, removed-workspace, removed-conflict, changed-conflict\n");
  });

  it('--workspace limits the views and contexts; an unknown one is an error, exit 2', async () => {
    const diff = await diffJson('c2-override-core', 'c3-ambiguous-tie', '--workspace', 'alice');
    expect(diff.views.map((v) => v.view)).toEqual([null, 'alice']);
    expect(diff.resolutions.map((r) => r.context)).toEqual([null]);
    const run = await cursus('registry', 'diff', 'c0-base', '--workspace', 'alcie');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'alcie'");
  });

  it('--format markdown: a summary line, then tables', async () => {
    const run = await cursus('registry', 'diff', 'c3-ambiguous-tie', 'c4-priority-wins', '--format', 'markdown', '--fail-on', 'changed-resolution,broken');
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^### Registry diff: `c3-ambiguous-tie \([0-9a-f]{7}\)` → `c4-priority-wins \([0-9a-f]{7}\)`$/);
    expect(lines[2]).toBe('**1 changed resolution · 1 changed step · 1 changed conflict** — ❌ fails on `changed-resolution`');
    expect(run.stdout).toContain(`| alice | changed | \`ModelTraining\` | \`priority\`: \`90\` → \`50\` | alice (LOCAL_STEPS) \`${aliceFile}:8\` | alice (LOCAL_STEPS) \`${aliceFile}:8\` |`);
    expect(run.stdout).toContain("| `ModelTraining` | default context (and workspace dave like it) | bob (LOCAL_STEPS), ambiguous: tie of bob, erin | alice (LOCAL_STEPS) | chose workspace 'alice' (LOCAL_STEPS): lowest priority 50 (priority_based) | `changed-resolution` |");
  });

  it('leaves the working tree and the index byte-identical', () => {
    expect(repositoryFingerprint(repo)).toBe(fingerprint);
    writeFileSync(join(repo, 'untouched-check'), '');
    expect(repositoryFingerprint(repo)).not.toBe(fingerprint);
    rmSync(join(repo, 'untouched-check'));
  });
});
