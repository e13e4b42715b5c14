import { UserError } from '../../src/core/errors.js';
import {
  type CostsData,
  type SyncStates,
  type UsageData,
  type UsageDay,
  loadCosts,
  loadProgramme,
  loadRoster,
  loadSyncStates,
  loadUsage,
  saveCosts,
  saveSyncStates,
  saveUsage,
} from '../programme/store.js';
import type { CostDay, SyncState } from '../store/cost-series.js';
import { type SyncPage, type SyncProgramme, type UsageSink, firstDateOf } from './sink.js';

/**
 * A programme in the data folder: usage.json, costs.json and usage-sync.json, each written atomically
 * (temporary file, then rename). Three files cannot change in one step, so the order is what keeps an
 * interruption harmless: the page's days first, the stream's state last. Stopped in between, the state
 * still points at this page; the rerun reads it again and its days replace themselves.
 */
export const SYNC_IMPORT_NAME = 'OpenAI Admin API (usage sync)';

const usageId = (d: UsageDay) => `${d.source.kind}:${d.source.value}|${d.day}`;
const costId = (d: CostDay) => JSON.stringify([d.source.kind, d.source.value, d.lineItem, d.currency, d.day]);
const byDayThenSource = (a: { day: string; source: { kind: string; value: string } }, b: typeof a) =>
  a.day < b.day ? -1 : a.day > b.day ? 1 : a.source.kind < b.source.kind ? -1 : a.source.kind > b.source.kind ? 1 : a.source.value < b.source.value ? -1 : a.source.value > b.source.value ? 1 : 0;

export class FolderSink implements UsageSink {
  #usage?: { imports: UsageData['imports']; days: Map<string, UsageDay> };
  #costs?: Map<string, CostDay>;
  #states?: SyncStates;

  constructor(
    readonly dataDir: string,
    readonly programmeId: string,
    readonly now: () => Date = () => new Date(),
  ) {}

  get where(): string {
    return this.dataDir;
  }

  async programme(): Promise<SyncProgramme> {
    const p = await loadProgramme(this.dataDir, this.programmeId);
    const firstDate = firstDateOf(p.sessions);
    return { id: p.id, timeZone: p.timeZone, ...(firstDate ? { firstDate } : {}) };
  }

  async getState(stream: string, scope: string): Promise<SyncState> {
    this.#states ??= await loadSyncStates(this.dataDir, this.programmeId);
    return this.#states.streams[`${stream}|${scope}`] ?? {};
  }

  async storePage(page: SyncPage): Promise<void> {
    if (page.usage.length > 0) {
      const usage = await this.#loadUsage();
      for (const d of page.usage) usage.days.set(usageId(d), d);
      const at = this.now().toISOString();
      // One line in the imports list for the sync (its latest page), not one per page.
      const imports = usage.imports.filter((i) => i.file !== SYNC_IMPORT_NAME);
      usage.imports = [...imports, { file: SYNC_IMPORT_NAME, importedAt: at, format: 'admin-api', rows: usage.days.size }];
      await saveUsage(this.dataDir, this.programmeId, { schemaVersion: 1, imports: usage.imports, days: [...usage.days.values()].sort(byDayThenSource) });
    }
    if (page.costs.length > 0) {
      const costs = await this.#loadCosts();
      for (const d of page.costs) costs.set(costId(d), d);
      const data: CostsData = { schemaVersion: 1, days: [...costs.values()].sort((a, b) => byDayThenSource(a, b) || (a.lineItem < b.lineItem ? -1 : a.lineItem > b.lineItem ? 1 : 0)) };
      await saveCosts(this.dataDir, this.programmeId, data);
    }
    this.#states ??= await loadSyncStates(this.dataDir, this.programmeId);
    const state: SyncState = { ...page.state, updatedAt: this.now().toISOString() };
    const next: SyncStates = { ...this.#states, streams: { ...this.#states.streams, [`${page.stream}|${page.scope}`]: state } };
    await saveSyncStates(this.dataDir, this.programmeId, next);
    this.#states = next;
  }

  async roster() {
    return loadRoster(this.dataDir, this.programmeId);
  }

  async close(): Promise<void> {}

  async #loadUsage() {
    if (!this.#usage) {
      const data = await loadUsage(this.dataDir, this.programmeId);
      this.#usage = { imports: data.imports, days: new Map(data.days.map((d) => [usageId(d), d])) };
    }
    return this.#usage;
  }

  async #loadCosts() {
    if (!this.#costs) {
      const data = await loadCosts(this.dataDir, this.programmeId);
      this.#costs = new Map(data.days.map((d) => [costId(d), d]));
    }
    return this.#costs;
  }
}

export function notHere(dataDir: string, programmeId: string): UserError {
  return new UserError(`There is no programme "${programmeId}" in ${dataDir} (neither its folder nor a database there holds it). Point --data at the folder that holds it, or give --database or --server.`);
}
