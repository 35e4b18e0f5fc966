/**
 * Runs the `cursus` binary in this process and prints its peak RSS (MB) on
 * stderr at exit, for the CLI-memory row of bench/startup.ts. Timing runs
 * spawn bin/cursus.js directly; this wrapper is only for memory.
 *
 * Usage: node dist-bench/cliPeakRss.js <path of bin/cursus.js> <cli args…>
 */
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const bin = process.argv[2] as string;
process.argv.splice(1, 2, bin);
process.on('exit', () => {
  writeSync(2, `\nPEAK_RSS_MB ${process.resourceUsage().maxRSS / 1024}\n`);
});
await import(pathToFileURL(bin).href);
