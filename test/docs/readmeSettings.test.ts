/**
 * The README's settings table ("Project config and precedence") is the
 * settings `cursus config --format json` reports: the same names, each with
 * the flag and environment variable the table gives it, and the default it
 * names (run in an empty directory, where every value is its default); and
 * the feature-flag table of "Operations" gives each flag its variable, config
 * key and default.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/mainCapture.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const empty = realpathSync(mkdtempSync(join(tmpdir(), 'cursus-readme-settings-')));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

interface Row {
  readonly setting: string;
  readonly flag: string | null;
  readonly env: string | null;
  readonly defaultText: string;
}

/** The rows of the table whose header is `| setting | flag | environment | default |`. */
function tableRows(): Row[] {
  const lines = README.split('\n');
  const i = lines.indexOf('| setting | flag | environment | default |');
  expect(i, 'the settings table').toBeGreaterThan(0);
  const rows: Row[] = [];
  for (let j = i + 2; lines[j]?.startsWith('|'); j++) {
    const cells = lines[j]!.split('|').slice(1, -1).map((c) => c.trim());
    const code = (c: string) => /^`([^`]+)`$/.exec(c)?.[1] ?? null;
    rows.push({ setting: code(cells[0]!)!, flag: code(cells[1]!), env: code(cells[2]!), defaultText: cells[3]! });
  }
  return rows;
}

/** The settings as `cursus config --format json` reports them in an empty directory. */
async function reportedSettings(): Promise<Record<string, { value: unknown; origin: string; env: string | null; flag: string | null }>> {
  const run = await runMain(['config', '--format', 'json'], { cwd: empty });
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { settings: Record<string, { value: unknown; origin: string; env: string | null; flag: string | null }> }).settings;
}

describe('README settings table', () => {
  it('names every setting, with its flag, environment variable and default', async () => {
    const settings = await reportedSettings();
    const rows = tableRows();
    expect(rows.map((r) => r.setting).sort()).toEqual(Object.keys(settings).sort());
    for (const row of rows) {
      const s = settings[row.setting]!;
      expect({ setting: row.setting, flag: row.flag, env: row.env }).toEqual({ setting: row.setting, flag: s.flag, env: s.env });
      expect(s.origin).toBe('default');
      // A default written as a value (`strict`, `true`, 100, a path) is the value; prose ("the bundled 17-step core") is left alone.
      const literal = /^`([^`]+)`$/.exec(row.defaultText)?.[1] ?? (/^\d+$/.test(row.defaultText) ? row.defaultText : null);
      if (literal !== null) {
        const value = typeof s.value === 'string' && s.value.startsWith(empty) ? s.value.slice(empty.length + 1) : String(s.value);
        expect(`${row.setting}: ${value}`).toBe(`${row.setting}: ${literal}`);
      }
    }
  });

  it('the feature-flag table (Operations) gives each flag its variable, config key and default', async () => {
    const settings = await reportedSettings();
    const lines = README.split('\n');
    const i = lines.indexOf('| flag (env) | project config key | default | effect |');
    expect(i, 'the feature-flag table').toBeGreaterThan(0);
    const wrong: string[] = [];
    let rows = 0;
    for (let j = i + 2; lines[j]?.startsWith('|'); j++, rows++) {
      const [env, key, def] = lines[j]!.split('|').slice(1, 4).map((c) => c.trim().replace(/^`|`$/g, ''));
      const s = settings[key!];
      const shown = def === 'on' ? true : def === 'off' ? false : def;
      if (!s) wrong.push(`${key}: no such setting`);
      else if (s.env !== env || s.value !== shown) wrong.push(`${key}: table says ${env}, ${def}; cursus config says ${s.env}, ${String(s.value)}`);
    }
    expect(rows).toBeGreaterThan(3);
    expect(wrong).toEqual([]);
  });
});
