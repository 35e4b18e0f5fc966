/**
 * Sizes of the stress tests. `npm test` runs them small enough for the suite's
 * two-minute budget, still large enough that each assertion can fail;
 * `npm run test:stress` (CURSUS_TEST_STRESS=1) runs the full sizes.
 */

/** Whether the full stress sizes were asked for (`npm run test:stress`). */
export const STRESS: boolean = process.env.CURSUS_TEST_STRESS === '1';

/** `full` under `npm run test:stress`, else `quick`. */
export function stressSize(quick: number, full: number): number {
  return STRESS ? full : quick;
}
