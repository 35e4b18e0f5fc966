/**
 * Child process of the startup benchmark (bench/startup.ts): imports the
 * package, optionally loads a workspaces root fully (non-lazy), and prints one
 * JSON line with the in-process times and memory. Run fresh for every sample,
 * so each figure is a cold start.
 *
 * Usage: node dist-bench/startupChild.js <module specifier or file URL> [workspacesRoot]
 */
const specifier = process.argv[2] ?? 'cursus-registry';
const root = process.argv[3];
const c0 = process.cpuUsage();
const t0 = performance.now();
const mod = (await import(specifier)) as typeof import('../dist/index.js');
const t1 = performance.now();
const c1 = process.cpuUsage();
let registry: unknown;
if (root) registry = new mod.HybridRegistryManager({ workspacesRoot: root, cwd: root, env: {} });
const t2 = performance.now();
const c2 = process.cpuUsage();
/** CPU time (user + system) between two readings, in ms: on a loaded machine, steadier than wall time. */
const cpuMs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1000;
const rss = process.memoryUsage().rss / 2 ** 20;
process.stdout.write(`${JSON.stringify({ import_ms: t1 - t0, load_ms: t2 - t1, import_cpu_ms: cpuMs(c0, c1), load_cpu_ms: cpuMs(c1, c2), rss_mb: rss, workspaces: root ? (registry as { getWorkspaceIds(): string[] }).getWorkspaceIds().length : 0 })}\n`);
