/**
 * The real `bin/cursus.js` in a child process (bundled from the current source
 * by test/globalSetup.ts): the launcher turns main()'s result into the process
 * exit code — 0 ok, 1 a check failed, 2 usage or load error — and errors reach
 * the real stderr as one line. Everything else about the CLI is tested
 * in-process (runCliInProcess); signals, pipes and the TTY have their own
 * real-process tests (crashSafety, listSteps, resolveStep).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/runCli.js';
import { EXAMPLES_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

describe('the real cursus process', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('exit 0 with the answer on stdout and nothing on stderr', () => {
    const run = runCliProcess(['--workspaces-root', EXAMPLES_ROOT, 'registry', 'resolve-step', 'ModelTraining', '--workspace', 'alice', '--format', 'json'], { cwd: tmp.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { selected_definition: { config_class: string } }).selected_definition.config_class).toBe('AliceModelTrainingConfig');
  });

  it('exit 1 when a check fails (validate-registry on a file with an error)', () => {
    tmp.write(`ws/${registryPath('bad')}`, `LOCAL_STEPS:\n${stepYaml('BadStep', { framwork: 'xgboost' })}`);
    const run = runCliProcess(['--workspaces-root', 'ws', 'registry', 'validate-registry'], { cwd: tmp.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('error STEP_DEFINITION_INVALID');
  });

  it('exit 2 on a usage error, one line on stderr', () => {
    const run = runCliProcess(['registry', 'list-steps', '--format', 'xml'], { cwd: tmp.dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain("argument 'xml' is invalid");
  });
});
