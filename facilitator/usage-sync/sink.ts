import type { Roster, UsageDay } from '../programme/store.js';
import type { CostDay, SyncState } from '../store/cost-series.js';

/**
 * Where a sync's pages go. A programme lives in the data folder (folder-sink.ts), in the database
 * (store-sink.ts: the embedded one or PostgreSQL) or behind a programme server (server-sink.ts);
 * the sync (sync.ts) only talks to this interface. `storePage` must land a page and its stream's new
 * state together, or leave the stream where it was before: that is what makes a rerun after an
 * interruption continue at the stored cursor without losing or doubling a day.
 */
export interface SyncPage {
  stream: string;
  scope: string;
  usage: UsageDay[];
  costs: CostDay[];
  state: SyncState;
}

export interface SyncProgramme {
  id: string;
  timeZone: string;
  /** The programme's first session date, if it has one. */
  firstDate?: string;
}

export interface UsageSink {
  /** Where the data goes, safe to print (a folder, a database without its password, a server). */
  readonly where: string;
  programme(): Promise<SyncProgramme>;
  getState(stream: string, scope: string): Promise<SyncState>;
  storePage(page: SyncPage): Promise<void>;
  /** The roster, to say how many keys match people (undefined where it cannot be read). */
  roster(): Promise<Roster | undefined>;
  close(): Promise<void>;
}

export function firstDateOf(sessions: Array<{ date: string }>): string | undefined {
  return sessions.map((s) => s.date).sort()[0];
}
