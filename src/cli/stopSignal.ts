/**
 * Resolves with the first of SIGINT / SIGTERM this process receives, and stops
 * listening for them. Call it before announcing that a long-running command is
 * ready ("listening on …", "watching …"): a signal sent as soon as the
 * announcement is read must find the listener in place, or Node's default
 * action kills the process without the command's exit code.
 */
export function stopSignal(): Promise<'SIGINT' | 'SIGTERM'> {
  return new Promise((resolve) => {
    const on = (signal: 'SIGINT' | 'SIGTERM') => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
