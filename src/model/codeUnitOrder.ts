/**
 * Compare strings by UTF-16 code units — the same order on every file system
 * and in every locale (unlike `localeCompare`). Use it for every sort whose
 * order users can see or that breaks ties.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
