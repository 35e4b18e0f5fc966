import { compareCodeUnits } from './codeUnitOrder.js';
import { lazyDependency } from './lazyDependency.js';

const levenshtein = lazyDependency<typeof import('fastest-levenshtein')>('fastest-levenshtein');

/**
 * The known names closest to `input`, best first — for "did you mean" hints.
 * Case-insensitive edit distance, bounded so unrelated names are not offered.
 */
export function closestMatches(input: string, known: Iterable<string>, limit = 3): string[] {
  const { distance } = levenshtein();
  const needle = input.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const name of known) {
    const hay = name.toLowerCase();
    let score = distance(needle, hay);
    if (needle.length >= 3 && (hay.includes(needle) || needle.includes(hay))) score = Math.min(score, 1);
    const longest = Math.max(needle.length, hay.length);
    const bound = Math.max(2, Math.floor(longest / 3));
    // A suggestion must share something: replacing every character is not "close".
    if (score <= bound && score < longest) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || compareCodeUnits(a.name, b.name));
  return scored.slice(0, limit).map((s) => s.name);
}

/** The single closest known name, if any is close enough. */
export function closestMatch(input: string, known: Iterable<string>): string | undefined {
  return closestMatches(input, known, 1)[0];
}
