/**
 * Resolves with the first of SIGINT / SIGTERM this process receives, and stops
 * listening for them. Call it before announcing that a long-running command is
 * ready ("listening on …", "watching …") — for a command that announces
 * nothing (`cursus mcp`), before it starts loading: a signal sent as soon as
 * the process runs must find the listener in place, or Node's default action
 * kills the process without the command's exit code.
 *
 * @param until When given, listening also stops once it settles (the command
 *   ended another way, e.g. its input closed); the result then never resolves.
 */
export function stopSignal(until?: Promise<unknown>): Promise<'SIGINT' | 'SIGTERM'> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
    const on = (signal: 'SIGINT' | 'SIGTERM') => () => {
      stop();
      resolve(signal);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    until?.then(stop, stop);
  });
}
