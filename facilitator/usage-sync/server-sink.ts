import type { Roster } from '../programme/store.js';
import type { ServerClient } from '../server/client.js';
import type { SyncState } from '../store/cost-series.js';
import type { SyncPage, SyncProgramme, UsageSink } from './sink.js';

/** A programme behind a programme server: each page is one POST, stored there in one transaction. */
export class ServerSink implements UsageSink {
  #programme?: SyncProgramme;

  constructor(
    readonly client: ServerClient,
    readonly programmeId: string,
  ) {}

  get where(): string {
    return this.client.url;
  }

  async programme(): Promise<SyncProgramme> {
    if (!this.#programme) {
      // The state answer carries the programme's time zone and first date: one request for both.
      const answer = await this.client.usageSyncState(this.programmeId, 'completions', '');
      this.#programme = { id: answer.programme, timeZone: answer.timeZone, ...(answer.firstDate ? { firstDate: answer.firstDate } : {}) };
    }
    return this.#programme;
  }

  async getState(stream: string, scope: string): Promise<SyncState> {
    return (await this.client.usageSyncState(this.programmeId, stream, scope)).state;
  }

  async storePage(page: SyncPage): Promise<void> {
    const usage = page.usage.map((d) => {
      if (d.source.kind !== 'keyId') throw new Error('a sync only stores usage per key id');
      return { ...d, source: { kind: 'keyId' as const, value: d.source.value } };
    });
    const { updatedAt: _ignored, ...state } = page.state;
    await this.client.storeUsageSyncPage(this.programmeId, { stream: page.stream, scope: page.scope, usage, costs: page.costs, state });
  }

  /** The server has no roster download for the CLI; the summary then leaves out the matching. */
  async roster(): Promise<Roster | undefined> {
    return undefined;
  }

  async close(): Promise<void> {}
}
