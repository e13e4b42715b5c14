import { ExitCode, UserError } from '../../src/core/errors.js';
import { cliActor } from '../server/cli-support.js';
import { DatabaseBusy } from '../store/embedded-engine.js';
import { Store, type StoreTarget } from '../store/store.js';
import type { SyncState } from '../store/cost-series.js';
import { type SyncPage, type SyncProgramme, type UsageSink, firstDateOf } from './sink.js';

/** A programme in the database: each page is one transaction of the store (`storeSyncPage`). */
export class StoreSink implements UsageSink {
  private constructor(
    readonly store: Store,
    readonly programmeId: string,
    readonly actor: string,
    readonly ownsStore: boolean,
  ) {}

  /** Opens the database itself (the command line); closed with the sink. */
  static async open(target: StoreTarget, programmeId: string): Promise<StoreSink> {
    let store: Store;
    try {
      store = await Store.open(target);
    } catch (error) {
      if (error instanceof DatabaseBusy && error.owner.url) {
        throw new UserError(`The database in ${error.folder} is held by the programme server at ${error.owner.url}: sync through it with --server ${error.owner.url} (and a facilitator token), or stop it first. Nothing was changed.`, ExitCode.failure);
      }
      throw error;
    }
    return new StoreSink(store, programmeId, cliActor(), true);
  }

  /** A store someone else owns (the server's route, a test, the bench). */
  static on(store: Store, programmeId: string, actor: string): StoreSink {
    return new StoreSink(store, programmeId, actor, false);
  }

  get where(): string {
    return this.store.where;
  }

  async programme(): Promise<SyncProgramme> {
    const p = await this.store.getProgramme(this.programmeId);
    if (!p) throw new UserError(`The database at ${this.store.where} holds no programme "${this.programmeId}". Check --programme, or move the folders in with \`workshop data migrate\`.`, ExitCode.failure);
    const firstDate = firstDateOf(p.sessions);
    return { id: p.id, timeZone: p.timeZone, ...(firstDate ? { firstDate } : {}) };
  }

  getState(stream: string, scope: string): Promise<SyncState> {
    return this.store.getSyncState(this.programmeId, stream, scope);
  }

  storePage(page: SyncPage): Promise<void> {
    return this.store.storeSyncPage(this.programmeId, page, this.actor);
  }

  roster() {
    return this.store.getRoster(this.programmeId);
  }

  async close(): Promise<void> {
    if (this.ownsStore) await this.store.close();
  }
}
