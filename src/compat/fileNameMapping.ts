import { UnknownStepError } from '../model/errors.js';
import { closestMatches } from '../model/closestMatch.js';

/** Job-type suffixes a step file or node name may carry (`xgboost_training` is the exception: a real step). */
export const JOB_TYPE_SUFFIXES: readonly string[] = Object.freeze(['training', 'validation', 'testing', 'calibration']);

/** Abbreviations in file names and their PascalCase expansion ('' drops the part). */
const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['xgb', 'XGBoost'],
  ['xgboost', 'XGBoost'],
  ['pytorch', 'PyTorch'],
  ['mims', ''],
  ['tabular', 'Tabular'],
  ['preprocess', 'Preprocessing'],
]);

/** Python's `str.capitalize`: first character upper, the rest lower. */
export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function expand(part: string, evaluationAsEval = false): string {
  const abbreviation = ABBREVIATIONS.get(part);
  if (abbreviation !== undefined) return abbreviation;
  if (evaluationAsEval && part === 'evaluation') return 'Eval';
  return capitalize(part);
}

/** The plan's similarity score between a file name and a step name (0..1). */
export function nameSimilarity(fileName: string, stepName: string): number {
  const fileLower = fileName.toLowerCase().replaceAll('_', '');
  const stepLower = stepName.toLowerCase();
  if (fileLower === stepLower) return 1;
  if (fileLower.length > 0 && stepLower.includes(fileLower)) return 0.9;
  const parts = fileName.toLowerCase().split('_').filter(Boolean);
  if (parts.length === 0) return 0;
  const matches = parts.filter((p) => stepLower.includes(p)).length;
  if (matches === parts.length) return 0.85;
  if (matches >= parts.length * 0.8) return 0.8;
  return (matches / parts.length) * 0.7;
}

/** The result of mapping a file name, with the variations tried on the way. */
export interface FileNameMapping {
  readonly stepName: string | null;
  /** Which strategy matched: `pascal_case`, `job_type_suffix`, `abbreviation`, `compound`, `fuzzy`. */
  readonly strategy: 'pascal_case' | 'job_type_suffix' | 'abbreviation' | 'compound' | 'fuzzy' | null;
  readonly tried: readonly string[];
}

/**
 * Map a snake_case file name (`xgboost_training`, `tabular_preprocess`) to a step
 * name known to `isKnown`, by the plan's five strategies in order: PascalCase,
 * job-type suffix removal, abbreviation expansion, compound reordering, and
 * fuzzy matching (score ≥ 0.8, first best in `names` order).
 */
export function mapFileNameToStepName(fileName: string, names: readonly string[], isKnown: (name: string) => boolean): FileNameMapping {
  const parts = fileName.split('_');
  const tried: string[] = [];
  const attempt = (candidate: string): boolean => {
    if (!candidate) return false;
    tried.push(candidate);
    return isKnown(candidate);
  };
  const hasSuffix = parts.length > 1 && JOB_TYPE_SUFFIXES.includes(parts[parts.length - 1] ?? '');

  const pascal = parts.map(capitalize).join('');
  if (attempt(pascal)) return { stepName: pascal, strategy: 'pascal_case', tried };
  if (hasSuffix) {
    const base = parts.slice(0, -1).map(capitalize).join('');
    if (attempt(base)) return { stepName: base, strategy: 'job_type_suffix', tried };
  }
  const expanded = parts.map((p) => expand(p));
  const expandedName = expanded.join('');
  if (attempt(expandedName)) return { stepName: expandedName, strategy: 'abbreviation', tried };
  if (hasSuffix) {
    const expandedBase = expanded.slice(0, -1).join('');
    if (attempt(expandedBase)) return { stepName: expandedBase, strategy: 'abbreviation', tried };
  }
  if (parts.length >= 3) {
    const first = parts[0] ?? '';
    const second = parts[1] ?? '';
    const last = parts[parts.length - 1] ?? '';
    for (const combo of [[last, first, second], [first, second, last]]) {
      const name = combo.map((p) => expand(p, true)).join('');
      if (attempt(name)) return { stepName: name, strategy: 'compound', tried };
    }
  }
  let best: string | null = null;
  let bestScore = 0;
  for (const name of names) {
    const score = nameSimilarity(fileName, name);
    if (score > bestScore && score >= 0.8) {
      bestScore = score;
      best = name;
    }
  }
  return best ? { stepName: best, strategy: 'fuzzy', tried } : { stepName: null, strategy: null, tried };
}

/** The error for a file name that maps to no step. */
export function unmappableFileNameError(fileName: string, names: readonly string[], tried: readonly string[], workspaceId: string | null): UnknownStepError {
  return new UnknownStepError(fileName, closestMatches(tried[0] ?? fileName, names), {
    what: `Unknown step name: cannot map file name '${fileName}' to a step (tried ${tried.join(', ') || 'nothing'})`,
    workspaceId: workspaceId ?? undefined,
  });
}
