/**
 * For long-running commands (`workshop host`, `workshop serve`): resolves on the first SIGINT or
 * SIGTERM so the command can stop cleanly (close the store, finish writes); a second signal while
 * stopping ends the process at once (exit 130), for a stop that hangs.
 */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = () => {
      if (stopping) process.exit(130);
      stopping = true;
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
