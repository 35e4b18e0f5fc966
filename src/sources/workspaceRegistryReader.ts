import { extname } from 'node:path';
import { closestMatch } from '../model/closestMatch.js';
import type { DiagnosticInput } from '../model/diagnostics.js';
import { errorOfFindings, RegistryError, RegistryLoadError } from '../model/errors.js';
import { makeFinding, type Finding } from '../model/finding.js';
import type { StepDefinition } from '../model/stepDefinition.js';
import type { PositionLookup } from '../model/stepDefinitionValidation.js';
import { acceptWorkspaceMetadata, WORKSPACE_METADATA_FIELDS, WorkspaceMetadataSchema, type WorkspaceMetadata } from '../model/workspaceMetadata.js';
import { WORKSPACE_SECTIONS } from '../model/workspaceRegistryFile.js';
import { assertCodeAllowed, importCodeRegistry } from './codeRegistryLoader.js';
import { createKeyLocator } from './keyLocator.js';
import { describeShape, isMapping, mappingEntries, readDataDocument, readRegistryText, type ReadDocumentOptions } from './parsedDocument.js';
import { readPythonRegistry } from './pythonRegistryReader.js';
import { readStepSection } from './stepSection.js';

/** The contents of one workspace registry file, validated. */
export interface WorkspaceRegistryContents {
  readonly file: string;
  readonly localSteps: Map<string, StepDefinition>;
  readonly stepOverrides: Map<string, StepDefinition>;
  readonly metadata: WorkspaceMetadata;
  readonly warnings: DiagnosticInput[];
}

const CODE_EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs']);

/** The three sections of a code module: named exports first, then a default object. */
function sectionsOfModule(mod: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const fallback = mod.default;
  for (const section of WORKSPACE_SECTIONS) {
    if (Object.prototype.hasOwnProperty.call(mod, section) && mod[section] !== undefined) out.set(section, mod[section]);
    else if (isMapping(fallback) && !(fallback instanceof Map) && Object.prototype.hasOwnProperty.call(fallback, section)) out.set(section, fallback[section]);
  }
  return out;
}

/** Sections of a YAML/JSON document; an unknown top-level key is an error (a typo would silently drop steps). */
function sectionsOfDocument(value: unknown, file: string, workspaceId: string, locate: PositionLookup, errors: Finding[]): Map<string, unknown> {
  if (!isMapping(value)) {
    throw new RegistryLoadError(`a workspace registry must be a mapping with LOCAL_STEPS / STEP_OVERRIDES / WORKSPACE_METADATA, got ${describeShape(value)}`, {
      file,
      ...locate([]),
      workspaceId,
      hint: 'start the file with `LOCAL_STEPS:` (an init-workspace template shows the shape)',
    });
  }
  const out = new Map<string, unknown>();
  for (const [key, section] of mappingEntries(value)) {
    if (key === '$schema') continue;
    if (!(WORKSPACE_SECTIONS as readonly string[]).includes(key)) {
      const guess = closestMatch(key, WORKSPACE_SECTIONS);
      const pos = locate([key]);
      errors.push(
        makeFinding({
          severity: 'error',
          code: 'REGISTRY_LOAD_ERROR',
          message: `unknown top-level key '${key}'${guess ? ` — did you mean '${guess}'?` : ''}`,
          file,
          line: pos?.line,
          column: pos?.column,
          workspace_id: workspaceId,
          field: key,
          hint: `a workspace registry has only ${WORKSPACE_SECTIONS.join(', ')}`,
          suggestions: guess ? [guess] : [],
        }),
      );
      continue;
    }
    out.set(key, section);
  }
  return out;
}

function readMetadata(value: unknown, file: string, workspaceId: string, locate: PositionLookup, warnings: DiagnosticInput[], errors: Finding[]): WorkspaceMetadata {
  if (value === undefined || value === null) return {};
  const pos = (key?: string) => locate(key ? ['WORKSPACE_METADATA', key] : ['WORKSPACE_METADATA']);
  if (!isMapping(value)) {
    const p = pos();
    errors.push(
      makeFinding({
        severity: 'error',
        code: 'REGISTRY_LOAD_ERROR',
        message: `WORKSPACE_METADATA must be a mapping, got ${describeShape(value)}`,
        file,
        line: p?.line,
        column: p?.column,
        workspace_id: workspaceId,
        hint: 'write WORKSPACE_METADATA as `developer_id: …`, `version: …` entries',
      }),
    );
    return {};
  }
  const known: Record<string, unknown> = Object.create(null);
  for (const [key, v] of mappingEntries(value)) {
    if (WORKSPACE_METADATA_FIELDS.includes(key)) {
      known[key] = v;
      continue;
    }
    const guess = closestMatch(key, WORKSPACE_METADATA_FIELDS);
    warnings.push({
      severity: 'warning',
      code: 'UNKNOWN_METADATA_KEY',
      message: `WORKSPACE_METADATA: unknown key '${key}'${guess ? ` — did you mean '${guess}'?` : ''} (ignored)`,
      file,
      line: pos(key)?.line,
      column: pos(key)?.column,
      field: key,
      workspace_id: workspaceId,
      hint: `known keys: ${WORKSPACE_METADATA_FIELDS.join(', ')}`,
      suggestions: guess ? [guess] : [],
    });
  }
  const accepted = acceptWorkspaceMetadata(known);
  const parsed = accepted ? ({ success: true, data: accepted } as const) : WorkspaceMetadataSchema.safeParse(known);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      const p = pos(field);
      errors.push(
        makeFinding({
          severity: 'error',
          code: 'REGISTRY_LOAD_ERROR',
          message: `WORKSPACE_METADATA.${issue.path.map(String).join('.')}: ${issue.message}`,
          file,
          line: p?.line,
          column: p?.column,
          field,
          workspace_id: workspaceId,
          hint: 'lists are lists of strings; conflict_tolerance is low, medium or high',
        }),
      );
    }
    return {};
  }
  const metadata = parsed.data;
  if (metadata.developer_id !== undefined && metadata.developer_id !== workspaceId) {
    warnings.push({
      severity: 'warning',
      code: 'DEVELOPER_ID_MISMATCH',
      message: `WORKSPACE_METADATA.developer_id '${metadata.developer_id}' differs from the workspace directory name '${workspaceId}'`,
      file,
      line: pos('developer_id')?.line,
      field: 'developer_id',
      workspace_id: workspaceId,
      hint: 'the directory name is the workspace id; make developer_id match it',
    });
  }
  return metadata;
}

/**
 * Read one workspace registry file (yaml, yml, json, ts, mts, js, mjs, py) and
 * validate every section. Throws a {@link RegistryLoadError} or a
 * `StepDefinitionInvalidError`: a file either loads completely or not at all.
 */
export function readWorkspaceRegistry(file: string, workspaceId: string, options: ReadDocumentOptions = {}): WorkspaceRegistryContents {
  try {
    return readWorkspaceFile(file, workspaceId, options);
  } catch (error) {
    throw error instanceof RegistryError ? error.inWorkspace(workspaceId) : error;
  }
}

function readWorkspaceFile(file: string, workspaceId: string, options: ReadDocumentOptions): WorkspaceRegistryContents {
  const ext = extname(file).toLowerCase();
  // Every problem of the file is collected, then the file is refused as a whole.
  const errors: Finding[] = [];
  let sections: Map<string, unknown>;
  let locate: PositionLookup;
  if (CODE_EXTENSIONS.has(ext)) {
    assertCodeAllowed(file, options.allowCodeRegistries, workspaceId);
    // Checked before running it: the size limit applies to code files too.
    const text = readRegistryText(file, options.maxFileBytes);
    sections = sectionsOfModule(importCodeRegistry(file, workspaceId, options.allowCodeRegistries));
    locate = createKeyLocator(text);
  } else if (ext === '.py') {
    // Parsed, never run: only literals are allowed (see pythonRegistryReader.ts).
    const doc = readPythonRegistry(file, options);
    locate = doc.locate;
    sections = new Map(doc.sections);
  } else {
    const doc = readDataDocument(file, { ...options, emptyHint: `write \`LOCAL_STEPS: {}\`, re-create the registry of workspace '${workspaceId}' from a template (init-workspace ${workspaceId} --force), or delete the file` });
    locate = doc.locate;
    sections = sectionsOfDocument(doc.value, file, workspaceId, locate, errors);
  }
  const warnings: DiagnosticInput[] = [];
  const local = readStepSection(sections.get('LOCAL_STEPS'), {
    file,
    path: ['LOCAL_STEPS'],
    label: 'LOCAL_STEPS',
    registryType: 'workspace',
    workspaceId,
    locate,
  });
  const overrides = readStepSection(sections.get('STEP_OVERRIDES'), {
    file,
    path: ['STEP_OVERRIDES'],
    label: 'STEP_OVERRIDES',
    registryType: 'override',
    workspaceId,
    locate,
  });
  warnings.push(...local.warnings, ...overrides.warnings);
  errors.push(...local.errors, ...overrides.errors);
  for (const name of local.definitions.keys()) {
    if (overrides.definitions.has(name)) {
      warnings.push({
        severity: 'warning',
        code: 'DEFINED_TWICE',
        message: `step '${name}' is in both LOCAL_STEPS and STEP_OVERRIDES; the STEP_OVERRIDES entry wins`,
        file,
        line: overrides.definitions.get(name)?.source.line,
        step: name,
        workspace_id: workspaceId,
        hint: 'keep one of the two entries',
      });
    }
  }
  const metadata = readMetadata(sections.get('WORKSPACE_METADATA'), file, workspaceId, locate, warnings, errors);
  if (errors.length > 0) throw errorOfFindings(errors);
  return { file, localSteps: local.definitions, stepOverrides: overrides.definitions, metadata, warnings };
}
