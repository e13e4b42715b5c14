import type { Quest, QuestPostRequest, ReviewRequest, Submission } from '../../src/protocol/quests.js';
import type { Store } from '../store/store.js';
import type { QuestFilter } from '../store/quests.js';
import { QuestRuleError, claimQuest, isStale, postQuest, releaseQuest, releaseStale, reuseQuest, reviewQuest, submitQuest } from './lifecycle.js';
import { type QuestActor, SYSTEM_REF, personRef } from './people.js';

/** A claimed quest with no activity for this many days goes back to open, unless the programme says otherwise. */
export const DEFAULT_STALE_DAYS = 14;

/** Filters whose lists are kept (states × a few teams); the oldest is forgotten first. */
const LISTS_KEPT = 8;

export class QuestNotFound extends Error {
  constructor(readonly questId: number) {
    super(`there is no quest #${questId} in this programme`);
    this.name = 'QuestNotFound';
  }
}

/**
 * The quests of one programme: the lifecycle's pure steps (lifecycle.ts) applied through the store,
 * with the clock injected (tests move it to check the stale-claim rule). The server's routes, the
 * board and the digest all come through here, so the stale-claim sweep runs before anything is read.
 */
export class QuestService {
  readonly #store: Store;
  readonly #programmeId: string;
  readonly #clock: () => Date;
  #sweptAt = 0;
  readonly #lists = new Map<string, { version: string; quests: Quest[] }>();

  constructor(store: Store, programmeId: string, clock: () => Date = () => new Date()) {
    this.#store = store;
    this.#programmeId = programmeId;
    this.#clock = clock;
  }

  /** The actor a change is recorded as in `changes`: the facilitator token's name, or `quest:<person key>`. */
  static changeActor(actor: QuestActor): string {
    return actor.kind === 'token' ? actor.ref.name : `quest:${actor.ref.key}`;
  }

  async post(actor: QuestActor, input: QuestPostRequest): Promise<Quest> {
    const now = this.#clock();
    return this.#store.postQuest(this.#programmeId, (id) => postQuest(id, input, actor, now), QuestService.changeActor(actor));
  }

  /** Claims alone, or as a pair with the participant whose email is `withEmail`. */
  async claim(actor: QuestActor, id: number, withEmail?: string): Promise<Quest> {
    await this.sweepStaleClaims();
    let partner: ReturnType<typeof personRef> | undefined;
    if (withEmail) {
      const found = await this.#store.personByEmail(this.#programmeId, withEmail);
      if (!found) throw new QuestRuleError('unknown_partner', `nobody with the email ${withEmail} is on this programme's roster or joined one of its dates`);
      partner = personRef(found);
    }
    return this.#change(actor, id, (quest) => claimQuest(quest, actor, partner, this.#clock()));
  }

  async release(actor: QuestActor, id: number, note?: string): Promise<Quest> {
    return this.#change(actor, id, (quest) => releaseQuest(quest, actor, note, this.#clock()));
  }

  async submit(actor: QuestActor, id: number, submission: Submission): Promise<Quest> {
    return this.#change(actor, id, (quest) => submitQuest(quest, actor, submission, this.#clock()));
  }

  async review(actor: QuestActor, id: number, request: ReviewRequest): Promise<Quest> {
    return this.#change(actor, id, (quest) => reviewQuest(quest, actor, request, this.#clock()));
  }

  async reuse(actor: QuestActor, id: number, note?: string): Promise<Quest> {
    return this.#change(actor, id, async (quest, context) => {
      const step = reuseQuest(quest, actor, await context.alreadyReused(actor.ref.key), this.#clock());
      return note ? { ...step, event: { ...step.event, detail: { note } } } : step;
    });
  }

  async list(filter: QuestFilter = {}): Promise<Quest[]> {
    await this.sweepStaleClaims();
    return this.#store.listQuests(this.#programmeId, filter);
  }

  /**
   * The same list, kept in memory until a quest changes: reading 2,000 quests takes the embedded
   * engine about 300 ms, and the board and `quest list` are read far more often than quests change.
   * Whether anything changed is one small query (every change of a quest is a step in quest_events,
   * stale claims given back included); it is read before the list, so a change landing in between
   * leaves an older stamp and the next read makes the list again. Callers must not change what it gives.
   */
  async listCurrent(filter: Omit<QuestFilter, 'personKey'> = {}): Promise<readonly Quest[]> {
    await this.sweepStaleClaims();
    const version = await this.#store.questsVersion(this.#programmeId);
    const key = JSON.stringify(filter);
    const kept = this.#lists.get(key);
    if (kept && kept.version === version) return kept.quests;
    const quests = await this.#store.listQuests(this.#programmeId, filter);
    this.#lists.delete(key);
    if (this.#lists.size >= LISTS_KEPT) this.#lists.delete(this.#lists.keys().next().value!);
    this.#lists.set(key, { version, quests });
    return quests;
  }

  async show(id: number): Promise<{ quest: Quest; history: Awaited<ReturnType<Store['questHistory']>>; reusers: Awaited<ReturnType<Store['questReusers']>> }> {
    await this.sweepStaleClaims();
    const quest = await this.#store.getQuest(this.#programmeId, id);
    if (!quest) throw new QuestNotFound(id);
    const [history, reusers] = await Promise.all([this.#store.questHistory(this.#programmeId, id), this.#store.questReusers(this.#programmeId, id)]);
    return { quest, history, reusers };
  }

  /**
   * Claimed quests nobody touched for the programme's `questStaleDays` go back to open, recorded as a
   * `stale` step by `system`. Lazy (before reads and claims, at most once a minute of the clock), so a
   * server that nobody asks does no work; each quest is checked again under its lock, so a claimer's
   * submission arriving at the same moment wins.
   */
  async sweepStaleClaims(): Promise<number[]> {
    const now = this.#clock();
    if (Math.abs(now.getTime() - this.#sweptAt) < 60_000) return [];
    this.#sweptAt = now.getTime();
    const days = (await this.#store.getProgramme(this.#programmeId))?.settings.questStaleDays ?? DEFAULT_STALE_DAYS;
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const released: number[] = [];
    for (const id of await this.#store.staleQuestIds(this.#programmeId, cutoff)) {
      const quest = await this.#store.changeQuest(this.#programmeId, id, 'system', (q) => (isStale(q, now, days) ? releaseStale(q, now, days, SYSTEM_REF) : null));
      if (quest && quest.state === 'open') released.push(id);
    }
    return released;
  }

  async #change(actor: QuestActor, id: number, step: Parameters<Store['changeQuest']>[3]): Promise<Quest> {
    const quest = await this.#store.changeQuest(this.#programmeId, id, QuestService.changeActor(actor), step);
    if (!quest) throw new QuestNotFound(id);
    return quest;
  }
}
