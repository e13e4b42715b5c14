import type { SyncStatus } from './forwarder.js';

/**
 * The one line of sync state the host's terminal shows (issue 13): up to date, lines waiting, or the
 * server unreachable since when. Said so a facilitator knows nothing is lost while it is away.
 */
export function describeSyncStatus(status: SyncStatus, clockTime: (epochMs: number) => string = localClock): string {
  const lines = (n: number) => `${n} line${n === 1 ? '' : 's'}`;
  switch (status.state) {
    case 'synced':
      return `sync: up to date with ${status.url} (line ${status.lastAckedSeq})`;
    case 'waiting':
      return `sync: ${lines(status.waiting)} waiting for ${status.url}`;
    case 'unreachable':
      return `sync: server unreachable since ${clockTime(status.since ?? Date.now())} (${status.reason ?? 'no answer'}); ${lines(status.waiting)} waiting, kept here and sent when it answers`;
    case 'refused':
      return `sync: the server at ${status.url} refused: ${status.reason ?? 'no reason given'}; the session is kept here (fix that, then host again or run \`workshop session push\`)`;
  }
}

function localClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * Prints the status line when its meaning changes: at once when the server goes away, comes back or
 * refuses; while lines flow (up to date ↔ a few waiting, many times a second with a full room) at
 * most every `everyMs`, and the latest state once the flow pauses.
 */
export function syncStatusPrinter(write: (line: string) => void, everyMs = 10_000, now: () => number = Date.now): (status: SyncStatus) => void {
  const family = (s: SyncStatus) => (s.state === 'synced' || s.state === 'waiting' ? 'flowing' : `${s.state}:${s.reason ?? ''}`);
  let lastFamily: string | undefined;
  let lastLine: string | undefined;
  let lastAt = 0;
  let trailing: NodeJS.Timeout | undefined;
  let latest: SyncStatus | undefined;
  const print = (status: SyncStatus) => {
    const line = describeSyncStatus(status);
    lastFamily = family(status);
    lastAt = now();
    if (line === lastLine) return;
    lastLine = line;
    write(line);
  };
  return (status) => {
    latest = status;
    if (family(status) !== lastFamily || now() - lastAt >= everyMs) {
      if (trailing) clearTimeout(trailing);
      trailing = undefined;
      print(status);
      return;
    }
    if (family(status) !== 'flowing' || trailing) return;
    trailing = setTimeout(() => {
      trailing = undefined;
      if (latest && family(latest) === 'flowing') print(latest);
    }, everyMs - (now() - lastAt));
    trailing.unref?.();
  };
}
