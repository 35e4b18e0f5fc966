/**
 * Finding and importing builder modules: the files under a builders
 * directory, executed with jiti so TS and JS load synchronously.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryError, RegistryLoadError } from '../model/errors.js';
import { loadJiti, positionOfError } from '../sources/codeRegistryLoader.js';
import { boundPackageApi } from './packageApiBinding.js';
import { compareCodeUnits } from '../model/codeUnitOrder.js';

/** Where a workspace keeps its builder modules, relative to the workspace directory. */
export const WORKSPACE_BUILDERS_DIR = join('src', 'cursus_dev', 'steps', 'builders');

const MODULE_FILE = /\.(?:[cm]?ts|[cm]?js)$/;
const NOT_A_MODULE = /\.d\.[cm]?ts$|\.(?:test|spec)\.[cm]?[jt]s$/;

/**
 * The builder modules of a directory, in name order: `.ts/.mts/.cts/.js/.mjs/.cjs`
 * files, except declaration files, tests (`*.test.*`, `*.spec.*`) and names
 * starting with `_` or `.` (helpers that builder modules import themselves).
 * A missing directory has none.
 */
export function listBuilderModules(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new RegistryLoadError(`cannot read the builders directory: ${(error as Error).message}`, { file: dir, hint: 'check the directory permissions', cause: error });
  }
  return names
    .filter((name) => MODULE_FILE.test(name) && !NOT_A_MODULE.test(name) && !/^[_.]/.test(name))
    .sort(compareCodeUnits)
    .map((name) => join(dir, name));
}

/**
 * Execute one builder module synchronously. Its `import … from 'cursus-registry'`
 * gets this very package instance (a jiti virtual module, bound by the package
 * entry: see packageApiBinding), not a second copy:
 * `StepBuilderBase` is the host's class and `registerBuilder` writes to the
 * host's registry. No module cache, so a second discovery sees edits.
 *
 * @throws the module's own {@link RegistryError}s as they are; anything else as a
 *   {@link RegistryLoadError} naming the file (and line, when known).
 */
export function importBuilderModule(file: string, workspaceId: string | null): void {
  const jiti = loadJiti()(import.meta.url, {
    moduleCache: false,
    virtualModules: { 'cursus-registry': boundPackageApi(file) },
  });
  try {
    jiti(file);
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new RegistryLoadError(`failed to import the builder module: ${message.split('\n')[0]}`, {
      file,
      ...positionOfError(error, file, jiti),
      workspaceId: workspaceId ?? undefined,
      hint: 'fix the error the module throws when imported (builder modules are loaded synchronously: no top-level await)',
      cause: error,
    });
  }
}
