import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiagnosticInput } from '../model/diagnostics.js';
import { errorOfFindings, RegistryLoadError } from '../model/errors.js';
import type { StepDefinition } from '../model/stepDefinition.js';
import { isMapping, mappingEntries, readDataDocument, describeShape, type ReadDocumentOptions } from './parsedDocument.js';
import { readRegularFileBytes } from './regularFileReader.js';
import { readStepSection } from './stepSection.js';

/** Absolute path of the core registry bundled with the package (17 core steps). */
export const BUNDLED_CORE_REGISTRY: string = fileURLToPath(new URL('../../core/step_names.yaml', import.meta.url));

/** The loaded core registry. */
export interface CoreRegistry {
  readonly file: string;
  /** Core definitions by name, in file order. */
  readonly definitions: ReadonlyMap<string, StepDefinition>;
  readonly warnings: readonly DiagnosticInput[];
}

const CORE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Read a core registry file: YAML or JSON, a mapping of step name → fields,
 * at top level or under a `STEP_NAMES` key (the legacy shape).
 * Throws a {@link RegistryLoadError} or `StepDefinitionInvalidError`: a broken core is fatal.
 */
export function readCoreRegistry(file: string, options: ReadDocumentOptions = {}): CoreRegistry {
  if (!CORE_EXTENSIONS.has(extname(file).toLowerCase())) {
    // What the path is comes first: `--core-registry /tmp` is a directory, not a file of an unknown format.
    readRegularFileBytes(file, { maxBytes: options.maxFileBytes, what: 'core registry' });
    throw new RegistryLoadError(`unsupported core registry format '${extname(file) || '(no extension)'}'`, {
      file,
      hint: 'a core registry is a .yaml, .yml or .json file mapping step names to fields',
    });
  }
  const doc = readDataDocument(file, { ...options, what: 'core registry', emptyHint: 'write `StepName: { config_class: …, … }` entries (at top level or under STEP_NAMES)' });
  if (!isMapping(doc.value)) {
    throw new RegistryLoadError(`a core registry must be a mapping of step name → fields, got ${describeShape(doc.value)}`, {
      file,
      ...doc.locate([]),
      hint: 'write `StepName: { config_class: …, … }` entries, at top level or under STEP_NAMES',
    });
  }
  const entries = mappingEntries(doc.value);
  const underStepNames = entries.some(([k]) => k === 'STEP_NAMES');
  if (underStepNames && entries.length > 1) {
    const other = entries.find(([k]) => k !== 'STEP_NAMES')?.[0] ?? '';
    const pos = doc.locate([other]);
    throw new RegistryLoadError(`unexpected top-level key '${other}' next to STEP_NAMES`, {
      file,
      line: pos?.line,
      column: pos?.column,
      hint: 'put every step under STEP_NAMES, or drop the STEP_NAMES key and list steps at top level',
    });
  }
  const section = underStepNames ? entries[0]?.[1] : doc.value;
  const { definitions, warnings, errors } = readStepSection(section, {
    file,
    path: underStepNames ? ['STEP_NAMES'] : [],
    label: underStepNames ? 'STEP_NAMES' : 'the core registry',
    registryType: 'core',
    workspaceId: null,
    locate: doc.locate,
  });
  if (errors.length > 0) throw errorOfFindings(errors);
  if (definitions.size === 0) {
    throw new RegistryLoadError('the core registry defines no steps', { file, hint: 'a core registry needs at least one step (e.g. Base)' });
  }
  return { file, definitions, warnings };
}
