import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every path under `dir`, relative, sorted; directories end in `/`. Empty when `dir` does not exist. */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out.push(`${p}/`);
        walk(p);
      } else out.push(p);
    }
  };
  if (existsSync(dir)) walk('');
  return out.sort();
}
