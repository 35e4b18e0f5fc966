/** Bundle src/packageEntry.ts and src/cli/main.ts into dist/bundle/ (see bundle.mjs). */
export function bundle(): Promise<void>;
