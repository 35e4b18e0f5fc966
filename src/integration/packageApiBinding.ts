/**
 * The package's public API as builder modules see it (`import … from
 * 'cursus-registry'` during discovery). The package entry (src/packageEntry.ts)
 * binds it once it has loaded, so builder discovery never imports the entry
 * itself (no import cycle through index.ts).
 */
import { RegistryLoadError } from '../model/errors.js';

let bound: Readonly<Record<string, unknown>> | undefined;

/** Called by the package entry with its own namespace. */
export function bindPackageApi(api: Readonly<Record<string, unknown>>): void {
  bound = api;
}

/**
 * The bound public API.
 *
 * @throws RegistryLoadError when the package entry was not loaded (only code
 *   that imports internal modules directly can get here).
 */
export function boundPackageApi(file: string): Readonly<Record<string, unknown>> {
  if (bound) return bound;
  throw new RegistryLoadError("cannot import a builder module: the package entry is not loaded, so 'cursus-registry' has nothing to resolve to", {
    file,
    hint: "import from 'cursus-registry' (the package entry), not from its internal modules",
  });
}
