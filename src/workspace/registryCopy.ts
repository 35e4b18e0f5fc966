/**
 * `setup-developer --copy-from`: another workspace's registry, with only its
 * developer id changed (plus the places the template wrote the id: the header
 * comment and a `Workspace of <id>` description). The source is found and
 * confined exactly as discovery does (a symbolic link out of the root is
 * refused), loaded with the normal loader (the code-registry switch applies),
 * and edited structurally: YAML through the `yaml` Document model (block
 * scalars, anchors and aliases, flow style keep their meaning), other formats
 * through their data. `format` converts; the copy is later re-read with the
 * normal loader and compared with the source (see {@link sameMeaning}).
 */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Document, Pair, Scalar } from 'yaml';
import { closestMatch } from '../model/closestMatch.js';
import { RegistryLoadError, UnknownWorkspaceError } from '../model/errors.js';
import { lazyDependency } from '../model/lazyDependency.js';
import type { StepDefinition } from '../model/stepDefinition.js';
import { WORKSPACE_SECTIONS } from '../model/workspaceRegistryFile.js';
import { renderWorkspaceRegistry } from '../interop/registryRendering.js';
import type { PlainValue } from '../interop/literalWriter.js';
import { importCodeRegistry } from '../sources/codeRegistryLoader.js';
import { readPythonRegistry } from '../sources/pythonRegistryReader.js';
import { readRegistryText } from '../sources/regularFileReader.js';
import { inspectWorkspace, WORKSPACE_REGISTRY_DIR } from '../sources/workspaceDiscovery.js';
import { readWorkspaceRegistry, type WorkspaceRegistryContents } from '../sources/workspaceRegistryReader.js';
import type { ReadDocumentOptions } from '../sources/parsedDocument.js';
import type { RegistryFormat } from './registryTemplates.js';
import type { WorkspaceLocation } from './workspaceConfinement.js';

const yamlLibrary = lazyDependency<typeof import('yaml')>('yaml');

/** A registry copied for a new workspace. */
export interface CopiedRegistry {
  /** The text to write. */
  readonly text: string;
  /** The extension to write it with (`yaml`, `yml`, `json` or `ts`). */
  readonly ext: string;
  /** The source registry file. */
  readonly file: string;
  /** The source as the normal loader read it, to compare the copy with. */
  readonly source: WorkspaceRegistryContents;
  /** Step names the copy defines too: after the copy, both workspaces define each (a conflict). */
  readonly sharedNames: readonly string[];
}

/** Options of {@link copyWorkspaceRegistry}. */
export interface RegistryCopyOptions extends ReadDocumentOptions {
  /** Format to write; default: the source's (YAML for a `.py` or code registry). */
  readonly format?: RegistryFormat;
  /** `$schema` reference for the written file (YAML modeline, JSON `$schema`). */
  readonly schemaRef: (ext: string) => string;
}

/** What the template writes in a workspace's metadata description. */
const templateDescription = (id: string): string => `Workspace of ${id}`;

/** The lines of the template's header comment that name the workspace, as the `yaml` Document holds them (without `#`). */
function templateCommentLines(id: string): readonly string[] {
  return [` Workspace registry of "${id}".`, `   cursus registry validate-registry --workspace ${id}`];
}

function refuse(detail: string, file: string, sourceId: string, hint: string): RegistryLoadError {
  return new RegistryLoadError(detail, { file, workspaceId: sourceId, hint });
}

/** A replacement of source text: `[start, end)` becomes `text`. */
interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Looks like a YAML 1.2 core-schema number, boolean or null when written plain. */
const NON_STRING_PLAIN = /^(?:~|null|true|false|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/i;

/** `value` as a YAML scalar in the quoting style of `type`, always read back as that string. */
function scalarText(type: string | undefined, value: string): string {
  if (type === 'QUOTE_SINGLE') return `'${value.replaceAll("'", "''")}'`;
  if (type === 'QUOTE_DOUBLE' || NON_STRING_PLAIN.test(value) || !/^[A-Za-z0-9][A-Za-z0-9_. -]*$/.test(value) || value.endsWith(' ')) return JSON.stringify(value);
  return value;
}

/**
 * Replace the value of `pair` with the string `value`, keeping its quoting
 * style and comments. When the old value carries an anchor that aliases use,
 * the old node moves to the first such alias, so every alias keeps its value.
 * Returns a text edit when the change is a plain in-place replacement (a
 * plain or quoted scalar, no anchor or tag), else null (the document must be
 * written out again).
 */
function replaceScalar(doc: Document, pair: Pair<unknown, unknown>, value: string): TextEdit | null {
  const { Scalar: ScalarNode, isScalar, visit } = yamlLibrary();
  const old = pair.value;
  const next = new ScalarNode(value);
  let edit: TextEdit | null = null;
  if (isScalar(old)) {
    if (old.type === 'QUOTE_DOUBLE' || old.type === 'QUOTE_SINGLE') next.type = old.type;
    next.comment = old.comment;
    next.commentBefore = old.commentBefore;
    next.spaceBefore = old.spaceBefore;
    const simple = old.type === 'PLAIN' || old.type === 'QUOTE_DOUBLE' || old.type === 'QUOTE_SINGLE';
    if (simple && !old.anchor && !old.tag && old.range) edit = { start: old.range[0], end: old.range[1], text: scalarText(old.type, value) };
    if (old.anchor) {
      let moved = false;
      visit(doc, {
        Alias(_key, alias) {
          if (moved || alias.resolve(doc) !== old) return undefined;
          moved = true;
          return old;
        },
      });
    }
  }
  pair.value = next;
  return edit;
}

function metadataPair(map: { items: Pair<unknown, unknown>[] }, key: string): Pair<unknown, unknown> | undefined {
  const { isScalar } = yamlLibrary();
  return map.items.find((p) => isScalar(p.key) && (p.key as Scalar).value === key);
}

/** The template's header comment lines naming `sourceId`, renamed, in the comment block at the top of `text`. */
function headerEdits(text: string, sourceId: string, workspaceId: string): TextEdit[] {
  const from = templateCommentLines(sourceId).map((l) => `#${l}`);
  const to = templateCommentLines(workspaceId).map((l) => `#${l}`);
  const edits: TextEdit[] = [];
  let at = 0;
  while (at < text.length) {
    const eol = text.indexOf('\n', at);
    const end = eol < 0 ? text.length : eol;
    const line = text.slice(at, end).replace(/\r$/, '');
    if (line.trim() !== '' && !line.startsWith('#')) break;
    const i = from.indexOf(line);
    if (i >= 0) edits.push({ start: at, end: at + line.length, text: to[i] as string });
    at = end + 1;
  }
  return edits;
}

/**
 * YAML registry text with the developer id (and the template's mentions of
 * it) changed, through the Document model. A plain or quoted `developer_id`
 * is replaced in place, so every other byte stays; any other shape (block
 * scalar, anchor, alias, missing key) is written out from the edited document.
 */
export function editYamlRegistry(text: string, file: string, sourceId: string, workspaceId: string): string {
  const { parseDocument, isAlias, isMap, isScalar } = yamlLibrary();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const problem = doc.errors[0];
  if (problem) throw refuse(`cannot edit the YAML of the registry to copy: ${problem.message.split('\n')[0] ?? ''}`, file, sourceId, 'fix the source registry first');
  if (!isMap(doc.contents)) throw refuse('the registry to copy is not a YAML mapping', file, sourceId, 'a workspace registry is a mapping of LOCAL_STEPS / STEP_OVERRIDES / WORKSPACE_METADATA');
  const metadata = doc.get('WORKSPACE_METADATA', true);
  if (isAlias(metadata)) {
    throw refuse('WORKSPACE_METADATA of the registry to copy is an alias; the copy cannot change its developer_id without changing what the alias points at', file, sourceId, 'write WORKSPACE_METADATA out in the source registry, then copy again');
  }
  const edits: (TextEdit | null)[] = [];
  if (metadata === undefined || metadata === null || (isScalar(metadata) && metadata.value === null)) {
    doc.set('WORKSPACE_METADATA', doc.createNode({ developer_id: workspaceId }));
    edits.push(null);
  } else if (isMap(metadata)) {
    const id = metadataPair(metadata, 'developer_id');
    if (id) edits.push(replaceScalar(doc, id, workspaceId));
    else {
      metadata.add(doc.createPair('developer_id', workspaceId));
      edits.push(null);
    }
    const description = metadataPair(metadata, 'description');
    if (description && isScalar(description.value) && description.value.value === templateDescription(sourceId)) edits.push(replaceScalar(doc, description, templateDescription(workspaceId)));
  } else {
    throw refuse('WORKSPACE_METADATA of the registry to copy is not a mapping', file, sourceId, 'write WORKSPACE_METADATA as `developer_id: …` entries');
  }
  const header = headerEdits(text, sourceId, workspaceId);
  if (edits.every((e): e is TextEdit => e !== null)) {
    // Every change is in place: apply them to the text, last first, so every other byte stays.
    let out = text;
    for (const e of [...edits, ...header].sort((a, b) => b.start - a.start)) out = `${out.slice(0, e.start)}${e.text}${out.slice(e.end)}`;
    return out;
  }
  if (doc.commentBefore) {
    const [from, to] = [templateCommentLines(sourceId), templateCommentLines(workspaceId)];
    doc.commentBefore = doc.commentBefore
      .split('\n')
      .map((line) => {
        const at = from.indexOf(line);
        return at < 0 ? line : (to[at] as string);
      })
      .join('\n');
  }
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}

/** The sections of a registry as plain data, with the developer id (and the template's description) changed. */
function editedSections(data: Record<string, unknown>, sourceId: string, workspaceId: string): Map<string, PlainValue> {
  const sections = new Map<string, PlainValue>();
  for (const section of WORKSPACE_SECTIONS) {
    const value = data[section];
    if (value !== undefined) sections.set(section, JSON.parse(JSON.stringify(value)) as PlainValue);
  }
  const raw = sections.get('WORKSPACE_METADATA');
  const metadata: Record<string, PlainValue> = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Record<string, PlainValue>) } : {};
  metadata.developer_id = workspaceId;
  if (metadata.description === templateDescription(sourceId)) metadata.description = templateDescription(workspaceId);
  sections.set('WORKSPACE_METADATA', metadata);
  return sections;
}

/** Plain data of a registry file that is not edited as YAML text. */
function registryData(file: string, ext: string, sourceId: string, options: ReadDocumentOptions): Record<string, unknown> {
  if (ext === 'yaml' || ext === 'yml') return yamlLibrary().parse(readRegistryText(file, options.maxFileBytes), { uniqueKeys: true }) as Record<string, unknown>;
  if (ext === 'json') return JSON.parse(readRegistryText(file, options.maxFileBytes)) as Record<string, unknown>;
  // A .py registry is parsed, never run; a code registry was allowed (and already run) by the loader.
  const mod: Record<string, unknown> = ext === 'py' ? Object.fromEntries(readPythonRegistry(file, options).sections) : importCodeRegistry(file, sourceId, options.allowCodeRegistries);
  const fallback = (mod.default && typeof mod.default === 'object' ? mod.default : {}) as Record<string, unknown>;
  return Object.fromEntries(WORKSPACE_SECTIONS.map((s) => [s, mod[s] ?? fallback[s]]));
}

/**
 * Read workspace `source`'s registry for a copy into `workspaceId`.
 *
 * @throws UnknownWorkspaceError for a missing source; RegistryLoadError when
 *   discovery would refuse it (a symbolic link out of the root, two registry
 *   files), it has no registry, it does not load (including a code registry
 *   while code registries are disabled), or its shape cannot be edited.
 */
export function copyWorkspaceRegistry(source: WorkspaceLocation, workspaceId: string, options: RegistryCopyOptions): CopiedRegistry {
  if (!existsSync(source.dir)) {
    const known = existsSync(source.root) ? readdirSync(source.root).filter((n) => !n.startsWith('.')).sort() : [];
    throw new UnknownWorkspaceError(source.id, known, closestMatch(source.id, known), { hint: '--copy-from names a workspace under the same workspaces root' });
  }
  // The same confinement as discovery: what discovery would refuse to read is not copied either.
  const found = inspectWorkspace({ id: source.id, dir: source.dir, realRoot: realpathSync.native(source.root) });
  if (found.error) throw found.error;
  const file = found.registryFile;
  if (!file) {
    throw refuse(`workspace '${source.id}' has no registry file to copy`, join(source.dir, WORKSPACE_REGISTRY_DIR), source.id, 'create it with `cursus registry init-workspace`, or set up without --copy-from');
  }
  // The source must load: copying a broken registry would spread the breakage.
  const contents = readWorkspaceRegistry(file, source.id, options);
  const sourceExt = extname(file).slice(1).toLowerCase();
  const sharedNames = [...new Set([...contents.localSteps.keys(), ...contents.stepOverrides.keys()])];
  const isYaml = sourceExt === 'yaml' || sourceExt === 'yml';
  const format = options.format ?? (isYaml ? 'yaml' : sourceExt === 'json' ? 'json' : 'yaml');
  if (format === 'yaml' && isYaml) {
    const text = editYamlRegistry(readRegistryText(file, options.maxFileBytes), file, source.id, workspaceId);
    return { text, ext: sourceExt, file, source: contents, sharedNames };
  }
  const data = registryData(file, sourceExt, source.id, options);
  const sections = editedSections(data, source.id, workspaceId);
  if (format === 'json' && sourceExt === 'json') {
    // Same format: the source's keys (its `$schema` too) and order stay; only the metadata changes.
    const text = `${JSON.stringify({ ...data, WORKSPACE_METADATA: sections.get('WORKSPACE_METADATA') }, null, 2)}\n`;
    return { text, ext: 'json', file, source: contents, sharedNames };
  }
  const text = renderWorkspaceRegistry(sections, format, {
    schemaRef: format === 'ts' ? undefined : options.schemaRef(format),
    header: [`Copied from workspace ${source.id}'s ${sourceExt} registry by \`cursus developer setup-developer\`${format === sourceExt ? '' : ` (converted to ${format.toUpperCase()})`}.`],
  });
  return { text, ext: format, file, source: contents, sharedNames };
}

/** A definition as data, without where it was read from. */
function definitionData(def: StepDefinition): string {
  const { source: _source, workspace_id: _workspace, ...rest } = def as StepDefinition & Record<string, unknown>;
  return JSON.stringify(rest);
}

/**
 * What differs in meaning between the source registry and its copy (as the
 * normal loader read both), or null when they mean the same: the same steps
 * with the same fields, in the same order, and the same metadata apart from
 * the developer id and the template's description.
 */
export function sameMeaning(source: WorkspaceRegistryContents, copy: WorkspaceRegistryContents, sourceId: string, workspaceId: string): string | null {
  for (const [label, a, b] of [
    ['LOCAL_STEPS', source.localSteps, copy.localSteps],
    ['STEP_OVERRIDES', source.stepOverrides, copy.stepOverrides],
  ] as const) {
    if ([...a.keys()].join('\u0000') !== [...b.keys()].join('\u0000')) return `${label} names differ`;
    for (const [name, def] of a) if (definitionData(def) !== definitionData(b.get(name) as StepDefinition)) return `${label}.${name} differs`;
  }
  const expected: Record<string, unknown> = { ...source.metadata, developer_id: workspaceId };
  if (source.metadata.description === templateDescription(sourceId)) expected.description = templateDescription(workspaceId);
  const keys = new Set([...Object.keys(expected), ...Object.keys(copy.metadata)]);
  for (const key of keys) {
    if (JSON.stringify(expected[key]) !== JSON.stringify((copy.metadata as Record<string, unknown>)[key])) return `WORKSPACE_METADATA.${key} differs`;
  }
  return null;
}
