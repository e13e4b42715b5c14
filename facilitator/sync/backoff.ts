/**
 * How long the venue's outbox waits before trying an unreachable server again: doubling from
 * `initialMs` up to `maxMs`, with "equal jitter" (between half and all of that), so that the hubs
 * of several venues that lost the same server do not all come back in the same second.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 60_000 };

export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
