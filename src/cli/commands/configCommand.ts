import { SETTING_NAMES, SETTING_SPECS, resolveSettings, type ResolvedSetting } from '../../sources/settings.js';
import { displayPath, renderTable, stableJson, type CliIO } from '../output.js';
import type { GlobalOptions } from '../registryLoader.js';

/** Options of `cursus config`. */
export interface ConfigOptions extends GlobalOptions {
  showOrigin: boolean;
  format: 'text' | 'table' | 'json';
}

/** A setting's value as the user would write it (paths relative to the working directory). */
function shownValue(setting: ResolvedSetting, io: CliIO): string {
  return SETTING_SPECS[setting.name].kind === 'path' ? displayPath(setting.value as string, io.cwd) : String(setting.value);
}

/** A setting's origin as `git config --show-origin` would say it: flag, variable, `file:line`, or `default`. */
function shownOrigin(setting: ResolvedSetting, io: CliIO): string {
  return setting.origin === 'config' ? displayPath(setting.source, io.cwd) : setting.source;
}

/** `cursus config`: every setting with its value (and with --show-origin, where it came from). */
export async function runConfig(io: CliIO, opts: ConfigOptions): Promise<number> {
  const resolved = resolveSettings({
    options: { workspacesRoot: opts.workspacesRoot, coreRegistry: opts.coreRegistry },
    optionNaming: 'flag',
    env: io.env ?? process.env,
    cwd: io.cwd,
  });
  const settings = SETTING_NAMES.map((name) => resolved.settings[name] as ResolvedSetting);
  if (opts.format === 'json') {
    const out: Record<string, unknown> = {};
    for (const s of settings) out[s.name] = { value: s.value, origin: s.origin, source: s.source, env: SETTING_SPECS[s.name].env, flag: SETTING_SPECS[s.name].flag };
    io.stdout(stableJson({ config_file: resolved.configFile, config_search: resolved.configSearch, settings: out }));
    return 0;
  }
  io.stdout(
    resolved.configFile
      ? `config file: ${displayPath(resolved.configFile, io.cwd)}\n`
      : `config file: none (no cursus.config.json/.yaml/.yml in ${displayPath(resolved.configSearch.from, io.cwd) || '.'} or its parents up to ${resolved.configSearch.to})\n`,
  );
  const head = ['SETTING', 'VALUE', ...(opts.showOrigin ? ['ORIGIN'] : [])];
  const rows = settings.map((s) => [s.name, shownValue(s, io), ...(opts.showOrigin ? [shownOrigin(s, io)] : [])]);
  io.stdout(await renderTable(io, head, rows));
  return 0;
}
