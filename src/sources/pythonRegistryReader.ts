/**
 * Reads a `workspace_registry.py` — the Python format of the hybrid registry
 * plan — without running Python: the module is parsed (see
 * {@link parsePythonModule}) and its top-level `LOCAL_STEPS`, `STEP_OVERRIDES`
 * and `WORKSPACE_METADATA` assignments become the file's sections.
 *
 * Module rules, beyond "values are literals":
 * - `import …` / `from … import …` are ignored (they cannot change a literal),
 *   unless they bind one of the three section names or use `*`: then the
 *   import decides the registry, and that is refused.
 * - Names starting with `_` (`__all__`, `__version__`, `_notes`) are private
 *   helpers: ignored (their values must still be literals).
 * - Any other top-level name is an error with a "did you mean": `LOCAL_STEP`
 *   or `local_steps` would otherwise silently drop steps (YAML and JSON
 *   registries refuse unknown top-level keys for the same reason).
 * - A section assigned twice is an error (Python would keep the last).
 */
import { closestMatch } from '../model/closestMatch.js';
import type { PositionLookup } from '../model/stepDefinitionValidation.js';
import { WORKSPACE_SECTIONS } from '../model/workspaceRegistryFile.js';
import { readRegistryText, type ReadDocumentOptions } from './parsedDocument.js';
import { parsePythonModule, type PositionTree, type PythonAssignment, type PythonValue } from './pythonLiteralParser.js';
import { pythonRegistryError, type SourcePosition } from './pythonTokenizer.js';

/** The sections of a `.py` registry, as parsed data, with a way back to line/column of any key. */
export interface PythonRegistryDocument {
  readonly file: string;
  /** Section name → value, for the sections the module assigns, in file order. */
  readonly sections: ReadonlyMap<string, PythonValue>;
  readonly locate: PositionLookup;
}

const SECTIONS: readonly string[] = WORKSPACE_SECTIONS;

/** A {@link PositionLookup} over the parse trees of the section assignments. */
export function createPythonPositionLookup(assignments: readonly PythonAssignment[]): PositionLookup {
  const byName = new Map<string, PythonAssignment>();
  for (const a of assignments) byName.set(a.name, a);
  const plain = (pos: SourcePosition) => ({ line: pos.line, column: pos.column });
  return (path) => {
    if (path.length === 0) {
      const first = assignments[0];
      return first ? plain(first.pos) : { line: 1, column: 1 };
    }
    const assignment = byName.get(String(path[0]));
    if (!assignment) return undefined;
    let pos: SourcePosition = assignment.pos;
    let tree: PositionTree | undefined = assignment.tree;
    for (const segment of path.slice(1)) {
      if (!tree) return undefined;
      if (tree.keys) {
        const entry = tree.keys.get(String(segment));
        if (!entry) return undefined;
        pos = entry.pos;
        tree = entry.value;
      } else if (tree.items && typeof segment === 'number') {
        tree = tree.items[segment];
        if (!tree) return undefined;
        pos = tree.pos;
      } else return undefined;
    }
    return plain(pos);
  };
}

/**
 * Parse a `.py` workspace registry's text into its sections.
 * Throws a `RegistryLoadError` with file, line and column on anything the rules above refuse.
 */
export function parsePythonRegistry(text: string, file: string): PythonRegistryDocument {
  const module = parsePythonModule(text, file);
  if (module.statementCount === 0) {
    throw pythonRegistryError(file, { line: 1, column: 1 }, 'file is empty (no assignments in it)', 'write `LOCAL_STEPS = {}`, or delete the file');
  }
  for (const binding of module.imports) {
    if (binding.name === '*' || SECTIONS.includes(binding.name)) {
      throw pythonRegistryError(
        file,
        binding.pos,
        binding.name === '*'
          ? `\`${binding.statement}\` may define ${SECTIONS.join(', ')}: a star import cannot be read without running Python`
          : `\`${binding.statement}\` defines ${binding.name} by importing it: the registry must be written in this file`,
      );
    }
  }
  const sections = new Map<string, PythonValue>();
  const kept: PythonAssignment[] = [];
  for (const assignment of module.assignments) {
    const { name } = assignment;
    if (SECTIONS.includes(name)) {
      const first = kept.find((a) => a.name === name);
      if (first) {
        throw pythonRegistryError(file, assignment.pos, `${name} is assigned twice (first at line ${first.pos.line})`, 'assign each section once; Python would silently keep only the last value — merge the two');
      }
      kept.push(assignment);
      sections.set(name, assignment.value);
      continue;
    }
    if (name.startsWith('_')) continue;
    const guess = closestMatch(name.toUpperCase(), SECTIONS) ?? closestMatch(name, SECTIONS);
    throw pythonRegistryError(
      file,
      assignment.pos,
      `unknown top-level name '${name}'${guess ? ` — did you mean '${guess}'?` : ''}`,
      `a workspace registry defines only ${SECTIONS.join(', ')}; start a helper's name with \`_\` to keep it (it is ignored)`,
    );
  }
  return { file, sections, locate: createPythonPositionLookup(kept) };
}

/**
 * Read a `workspace_registry.py` (UTF-8, size-limited like every registry
 * file) and parse it with {@link parsePythonRegistry}. Never runs Python.
 */
export function readPythonRegistry(file: string, options: Pick<ReadDocumentOptions, 'maxFileBytes'> = {}): PythonRegistryDocument {
  return parsePythonRegistry(readRegistryText(file, options.maxFileBytes), file);
}
