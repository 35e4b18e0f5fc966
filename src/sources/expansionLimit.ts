import { RegistryLoadError } from '../model/errors.js';

/**
 * Most nodes a parsed YAML document may expand to, counting every alias at
 * full size. A few aliases of aliases ("billion laughs") stay small in memory —
 * the parser shares the nodes — but every consumer that walks or serializes
 * the value (validation, pipeline building, JSON output) pays the expanded
 * size. Bounding the alias count alone is not enough: 88 aliases can expand to
 * 2^88 nodes.
 */
export const DEFAULT_MAX_EXPANDED_NODES = 1_000_000;

/**
 * Throw a load error when `value` — a parsed document whose mappings are `Map`s
 * or plain objects — has more than `limit` nodes once every shared (aliased)
 * node is counted at each place it appears. Stops as soon as the limit is
 * passed, so its own cost is bounded by the limit.
 */
export function assertExpansionWithin(file: string, value: unknown, limit: number = DEFAULT_MAX_EXPANDED_NODES): void {
  const stack: unknown[] = [value];
  let count = 0;
  while (stack.length) {
    const node = stack.pop();
    if (++count > limit) {
      throw new RegistryLoadError(`YAML aliases expand to more than ${limit} nodes`, {
        file,
        hint: `anchors and aliases that refer to each other multiply the data (an "alias bomb"); a file may expand to at most ${limit} nodes — write the values out or use fewer nested aliases`,
      });
    }
    if (node === null || typeof node !== 'object') continue;
    if (node instanceof Map) {
      for (const [k, v] of node) stack.push(k, v);
    } else if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
    } else {
      for (const key of Object.keys(node)) stack.push((node as Record<string, unknown>)[key]);
    }
  }
}
