/**
 * The real `cursus serve` process (built CLI): the exact first stdout line,
 * the catalogue and API answering, and the exit codes of SIGINT (130) and
 * SIGTERM (0) after a clean close. Two processes, run side by side.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { CLI, EXAMPLES_ROOT, REPO_ROOT } from '../helpers/tempRegistry.js';
import { runCli } from '../helpers/runCli.js';

function serve(...extra: string[]): ChildProcessWithoutNullStreams {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CURSUS_WORKSPACE_ID;
  return spawn(process.execPath, [CLI, '--workspaces-root', EXAMPLES_ROOT, 'serve', '--port', '0', ...extra], { cwd: REPO_ROOT, env });
}

async function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return line;
}

describe('cursus serve as a process', () => {
  it('prints exactly `listening on http://HOST:PORT` first, serves, and exits 130 on SIGINT and 0 on SIGTERM', async () => {
    const a = serve('--no-watch');
    const b = serve();
    try {
      const [lineA, lineB] = await Promise.all([firstLine(a), firstLine(b)]);
      expect(lineA).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      expect(lineB).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = lineA.slice('listening on '.length);
      const steps = (await (await fetch(`${url}/api/v1/steps?workspace=alice`)).json()) as Record<string, { config_class: string }>;
      expect(steps.XGBoostTraining?.config_class).toBe('AliceXGBoostTrainingConfig');
      const page = await fetch(`${url}/`);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('<script type="module" src="/assets/app.js">');
      // An open event stream must not keep the server from closing.
      const events = await fetch(`${lineB.slice('listening on '.length)}/api/v1/events`);
      expect(events.status).toBe(200);
      a.kill('SIGINT');
      b.kill('SIGTERM');
      const [[codeA], [codeB]] = await Promise.all([once(a, 'exit'), once(b, 'exit')]);
      expect(codeA).toBe(130);
      expect(codeB).toBe(0);
    } finally {
      a.kill('SIGKILL');
      b.kill('SIGKILL');
    }
  });

  it('a bad --port is a usage error (exit 2) with a hint', () => {
    const run = runCli(['serve', '--port', 'http'], { cwd: REPO_ROOT });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--port must be an integer from 0 to 65535');
  });
});
