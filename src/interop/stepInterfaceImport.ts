/**
 * Derive a core registry from a directory of `*.step.yaml` interface files,
 * the way the Python cursus project does (`interface_registry_loader.py`):
 *
 * - the step name is the file's `step_type`; `spec_type` = the name;
 * - `sagemaker_step_type` and `description` come from its `registry:` block;
 * - `config_class` = `<Name>Config` and `builder_step_name` = `<Name>StepBuilder`
 *   unless the block says otherwise;
 * - steps with no interface file (`Base`, `Processing`, `HyperparameterPrep`)
 *   come from an extra rows file (legacy `STEP_NAMES` shape, YAML or JSON);
 *   an interface file wins over an extra row of the same name, as in Python.
 *
 * Stricter than Python, so the result always loads: a file without
 * `step_type` (Python skips it), without `sagemaker_step_type` or with an
 * empty `description` (Python writes ""), and two files declaring the same
 * step (Python keeps the last) are errors, each with file:line and a hint.
 */
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { makeDiagnostic, type Diagnostic, type DiagnosticInput } from '../model/diagnostics.js';
import { RegistryLoadError, StepDefinitionInvalidError } from '../model/errors.js';
import { toLegacyRecord, type LegacyStepRecord } from '../model/stepDefinition.js';
import { validateStepDefinition } from '../model/stepDefinitionValidation.js';
import { readCoreRegistry } from '../sources/coreRegistryReader.js';
import { describeShape, isMapping, mappingEntries, readDataDocument } from '../sources/parsedDocument.js';
import { STEP_INTERFACE_SUFFIX } from './importSource.js';
import { assertWritable, plural, writePlanned, type ImportReport } from './importReport.js';
import { CORE_IMPORT_FORMATS, renderCoreRegistry, type CoreImportFormat } from './registryRendering.js';
import { compareCodeUnits } from '../model/codeUnitOrder.js';

/** Keys of an interface file's `registry:` block that feed the registry. */
const REGISTRY_BLOCK_FIELDS = ['sagemaker_step_type', 'description', 'config_class', 'builder_step_name'];
/** Keys the Python project uses in the block for other purposes (ignored without a warning). */
const REGISTRY_BLOCK_OTHER = ['requires'];

/** A core registry derived from interface files. */
export interface DerivedCoreRegistry {
  /** Step name → legacy record (interface rows and extra rows). */
  readonly rows: ReadonlyMap<string, LegacyStepRecord>;
  /** Step name → the interface file (or extra rows file) it came from. */
  readonly origins: ReadonlyMap<string, string>;
  readonly interfaceCount: number;
  readonly extraCount: number;
  readonly warnings: readonly Diagnostic[];
}

/** The `*.step.yaml` files of a directory (not recursive), in code-unit order like Python's `sorted(glob)`. */
export function listStepInterfaceFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(STEP_INTERFACE_SUFFIX))
    .sort(compareCodeUnits)
    .map((name) => join(dir, name));
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Derive one legacy row from an interface file. Throws with file:line on a missing step_type or sagemaker_step_type. */
function deriveRow(file: string, warnings: DiagnosticInput[]): { name: string; row: LegacyStepRecord; line: number | undefined } {
  const doc = readDataDocument(file, { what: 'step interface', emptyHint: 'an interface file starts with `step_type: <StepName>` and has a `registry:` block' });
  if (!isMapping(doc.value)) {
    throw new RegistryLoadError(`an interface file must be a mapping, got ${describeShape(doc.value)}`, { file, ...doc.locate([]), hint: 'start it with `step_type: <StepName>`' });
  }
  const top = new Map(mappingEntries(doc.value));
  const name = str(top.get('step_type'));
  if (name === undefined) {
    const pos = doc.locate(top.has('step_type') ? ['step_type'] : []);
    throw new RegistryLoadError(top.has('step_type') ? `\`step_type\` must be a non-empty string (the step name), got ${describeShape(top.get('step_type'))}` : 'no `step_type` (the step name) in the interface file', {
      file,
      line: pos?.line ?? 1,
      column: pos?.column,
      field: 'step_type',
      hint: 'add `step_type: <StepName>` at the top of the file, e.g. `step_type: XGBoostTraining`',
    });
  }
  const stepPos = doc.locate(['step_type']);
  const blockValue = top.get('registry');
  const block = isMapping(blockValue) ? new Map(mappingEntries(blockValue)) : new Map<string, unknown>();
  if (blockValue !== undefined && blockValue !== null && !isMapping(blockValue)) {
    const pos = doc.locate(['registry']);
    throw new StepDefinitionInvalidError(`step '${name}': the \`registry:\` block must be a mapping, got ${describeShape(blockValue)}`, { file, line: pos?.line, column: pos?.column, step: name, field: 'registry', hint: 'write `registry:` with `sagemaker_step_type:` and `description:` under it' });
  }
  const missing = (field: string, what: string): StepDefinitionInvalidError => {
    const pos = doc.locate(block.has(field) ? ['registry', field] : top.has('registry') ? ['registry'] : ['step_type']);
    return new StepDefinitionInvalidError(`step '${name}': ${what}`, {
      file,
      line: pos?.line,
      column: pos?.column,
      step: name,
      field,
      hint: `add \`${field}:\` to the \`registry:\` block (e.g. \`registry: { sagemaker_step_type: Processing, description: "…" }\`)`,
    });
  };
  const sagemakerType = block.get('sagemaker_step_type');
  if (str(sagemakerType) === undefined) throw missing('sagemaker_step_type', block.has('sagemaker_step_type') ? '`registry.sagemaker_step_type` is empty' : 'no `registry.sagemaker_step_type`');
  const description = block.get('description');
  if (str(description) === undefined) throw missing('description', block.has('description') ? '`registry.description` is empty' : 'no `registry.description`');
  for (const key of block.keys()) {
    if (REGISTRY_BLOCK_FIELDS.includes(key) || REGISTRY_BLOCK_OTHER.includes(key)) continue;
    warnings.push({
      severity: 'warning',
      code: 'INTERFACE_KEY_IGNORED',
      message: `registry.${key}: not a registry field (ignored${key === 'spec_type' ? '; spec_type is always the step name' : ''})`,
      file,
      line: doc.locate(['registry', key])?.line,
      step: name,
      field: key,
      hint: `the registry block feeds ${REGISTRY_BLOCK_FIELDS.join(', ')}`,
    });
  }
  // Python: `block.get(field) or default` — absent, null and "" all take the default.
  const orDefault = (field: string, fallback: string): unknown => {
    const value = block.get(field);
    return value === undefined || value === null || value === '' ? fallback : value;
  };
  const raw = {
    config_class: orDefault('config_class', `${name}Config`),
    builder_step_name: orDefault('builder_step_name', `${name}StepBuilder`),
    spec_type: name,
    sagemaker_step_type: sagemakerType,
    description,
  };
  // Same schema and conventions as every registry file; errors point into the interface file.
  const { warnings: found } = validateStepDefinition(name, raw, { file, registryType: 'core', workspaceId: null, path: ['registry'], locate: doc.locate });
  warnings.push(...found);
  // The values exactly as written (Python does not trim them); the schema has checked they are strings.
  return { name, row: raw as LegacyStepRecord, line: stepPos?.line };
}

/**
 * Derive the core registry of a directory of interface files, plus the rows
 * of `extraFile` (optional). Throws on the first bad file; returns warnings.
 */
export function deriveCoreRegistry(dir: string, extraFile?: string): DerivedCoreRegistry {
  const files = listStepInterfaceFiles(dir);
  if (files.length === 0) throw new RegistryLoadError('no *.step.yaml interface files in this directory', { file: dir, hint: 'point at the directory holding the step interface files' });
  const inputs: DiagnosticInput[] = [];
  const rows = new Map<string, LegacyStepRecord>();
  const origins = new Map<string, string>();
  const where = new Map<string, string>();
  if (extraFile !== undefined) {
    const extra = readCoreRegistry(extraFile);
    inputs.push(...extra.warnings);
    for (const [name, def] of extra.definitions) {
      rows.set(name, toLegacyRecord(def));
      origins.set(name, extra.file);
    }
  }
  const extraNames = new Set(rows.keys());
  for (const file of files) {
    const { name, row, line } = deriveRow(file, inputs);
    const first = where.get(name);
    if (first !== undefined) {
      throw new RegistryLoadError(`step '${name}' is declared by two interface files (also ${first})`, { file, line, step: name, hint: 'each step has one interface file; remove or rename one `step_type`' });
    }
    where.set(name, `${basename(file)}${line ? `:${line}` : ''}`);
    if (extraNames.has(name)) {
      inputs.push({
        severity: 'warning',
        code: 'EXTRA_ROW_REPLACED',
        message: `step '${name}' has an interface file: it replaces the extra row of the same name`,
        file,
        line,
        step: name,
        hint: `drop '${name}' from the extra rows file`,
      });
    }
    rows.set(name, row);
    origins.set(name, file);
  }
  return { rows, origins, interfaceCount: files.length, extraCount: extraNames.size, warnings: inputs.map(makeDiagnostic) };
}

/** Options of {@link importStepInterfaces}. */
export interface StepInterfaceImportOptions {
  /** A YAML/JSON file of rows without interface files (e.g. Base, Processing, HyperparameterPrep). */
  readonly extra?: string;
  /** Output format; default: the extension of `to`, else `yaml`. */
  readonly format?: CoreImportFormat;
  /** Output file; default `step_names.<format>` in the working directory. */
  readonly to?: string;
  readonly force?: boolean;
  readonly cwd?: string;
  readonly now?: Date;
}

/** The core format: explicit, else from the target's extension, else YAML; `ts` is refused. */
export function coreFormatFor(to: string | undefined, format: string | undefined): CoreImportFormat {
  const fromTarget = to?.match(/\.(ya?ml|json)$/i)?.[1]?.toLowerCase().replace('yml', 'yaml');
  if (format !== undefined && !(CORE_IMPORT_FORMATS as readonly string[]).includes(format)) {
    throw new RegistryLoadError(`a core registry cannot be written as ${format}`, { file: to, hint: 'use --format yaml or --format json (the core reader reads those)' });
  }
  if (format !== undefined && fromTarget !== undefined && format !== fromTarget) {
    throw new RegistryLoadError(`--format ${format} does not match the extension of --to`, { file: to, hint: 'drop --format, or give --to a matching extension' });
  }
  return (format as CoreImportFormat | undefined) ?? (fromTarget as CoreImportFormat | undefined) ?? 'yaml';
}

/**
 * Write the core registry derived from a directory of interface files.
 * Nothing is written when a file is bad or the target exists without `force`.
 */
export function importStepInterfaces(dir: string, options: StepInterfaceImportOptions = {}): ImportReport {
  const cwd = options.cwd ?? process.cwd();
  const format = coreFormatFor(options.to, options.format);
  const source = resolve(cwd, dir);
  const derived = deriveCoreRegistry(source, options.extra === undefined ? undefined : resolve(cwd, options.extra));
  const target = resolve(cwd, options.to ?? `step_names.${format}`);
  const header = [
    `Core step registry derived by \`cursus registry import\` from ${plural(derived.interfaceCount, 'step interface file')} in ${basename(source)}/`,
    ...(options.extra ? [`plus ${plural(derived.extraCount, 'row')} of ${basename(options.extra)}.`] : []),
    'Legacy STEP_NAMES shape: step name -> fields.',
  ];
  const plan = { root: resolve(target, '..'), target, content: renderCoreRegistry(derived.rows, format, header), workspaceId: null };
  assertWritable(plan, options.force ?? false);
  const backup = writePlanned(plan, options.now ?? new Date());
  return {
    written: [
      {
        source,
        target,
        workspaceId: null,
        contents: `${plural(derived.rows.size, 'step')}: ${derived.interfaceCount} from interface files${options.extra ? `, ${derived.rows.size - derived.interfaceCount} from ${basename(options.extra)}` : ''}`,
        backup,
        movedSource: null,
      },
    ],
    warnings: derived.warnings,
  };
}
