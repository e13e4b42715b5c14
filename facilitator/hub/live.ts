import type { SessionMeta } from './session-meta.js';
import type { SessionRecord } from './log-records.js';
import { type SessionFold, createFold, foldRecord } from '../summary/fold.js';
import type { DashboardSnapshot, DashboardUpdate, ParticipantCard } from '../summary/types.js';
import { allCards, sessionAggregates } from '../summary/views.js';

/**
 * The live view of a session: folds every new record into the summary and pushes what changed to
 * the dashboards that are watching (Server-Sent Events). Updates are batched (at most one push per
 * `pushIntervalMs`) so 300 laptops reporting at once cost a few pushes, not thousands; a slow tick
 * re-sends cards whose minutes changed, so "on this step for 12 min" and the stuck flag stay right
 * on a projector nobody touches.
 */
export interface LiveOptions {
  stuckAfterMinutes: number;
  clock?: () => number;
  pushIntervalMs?: number;
  tickIntervalMs?: number;
  heartbeatMs?: number;
  maxWatchers?: number;
}

export interface Watcher {
  send(event: 'snapshot' | 'update', data: unknown): void;
  ping(): void;
  close(): void;
}

export class LiveSession {
  readonly #meta: SessionMeta;
  readonly #fold: SessionFold;
  readonly #options: Required<Omit<LiveOptions, 'clock'>>;
  readonly #clock: () => number;
  readonly #watchers = new Set<Watcher>();
  /** Last JSON sent per card, to send only cards that changed. */
  #sent = new Map<string, string>();
  #pushTimer: NodeJS.Timeout | undefined;
  #tickTimer: NodeJS.Timeout | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #joinCommand: string | undefined;
  /** Issue 6: a programme's date marks returning participants on their cards. */
  #decorate: (cards: ParticipantCard[]) => ParticipantCard[] = (cards) => cards;

  constructor(meta: SessionMeta, options: LiveOptions) {
    this.#meta = meta;
    this.#clock = options.clock ?? (() => Date.now());
    this.#options = {
      stuckAfterMinutes: options.stuckAfterMinutes,
      pushIntervalMs: options.pushIntervalMs ?? 150,
      tickIntervalMs: options.tickIntervalMs ?? 20_000,
      heartbeatMs: options.heartbeatMs ?? 15_000,
      maxWatchers: options.maxWatchers ?? 32,
    };
    this.#fold = createFold({ stuckAfterMinutes: options.stuckAfterMinutes });
  }

  get watcherCount(): number {
    return this.#watchers.size;
  }

  get stuckAfterMinutes(): number {
    return this.#options.stuckAfterMinutes;
  }

  /** Starts the timers (the tick and the SSE heartbeat); `stop()` clears them. */
  start(): void {
    this.#tickTimer = setInterval(() => this.#push(), this.#options.tickIntervalMs);
    this.#heartbeatTimer = setInterval(() => {
      for (const watcher of this.#watchers) watcher.ping();
    }, this.#options.heartbeatMs);
    this.#tickTimer.unref();
    this.#heartbeatTimer.unref();
  }

  stop(): void {
    clearInterval(this.#tickTimer);
    clearInterval(this.#heartbeatTimer);
    clearTimeout(this.#pushTimer);
    this.#pushTimer = undefined;
    for (const watcher of this.#watchers) watcher.close();
    this.#watchers.clear();
  }

  ingest(records: SessionRecord[]): void {
    for (const record of records) foldRecord(this.#fold, record);
    if (this.#watchers.size > 0 && !this.#pushTimer) {
      this.#pushTimer = setTimeout(() => {
        this.#pushTimer = undefined;
        this.#push();
      }, this.#options.pushIntervalMs);
    }
  }

  /** Known once the hub listens: shown in the dashboard header for the projector. */
  setJoinCommand(command: string): void {
    this.#joinCommand = command;
  }

  decorateCards(decorate: (cards: ParticipantCard[]) => ParticipantCard[]): void {
    this.#decorate = decorate;
  }

  hasParticipant(id: string): boolean {
    return this.#fold.participants.has(id);
  }

  snapshot(): DashboardSnapshot {
    const now = this.#clock();
    const cards = this.#decorate(allCards(this.#fold, { now }));
    return {
      session: { id: this.#meta.id, title: this.#meta.title, code: this.#meta.code, ...(this.#meta.programmeId ? { programmeId: this.#meta.programmeId } : {}),
        ...(this.#joinCommand ? { joinCommand: this.#joinCommand } : {}),
      },
      generatedAt: new Date(now).toISOString(),
      stuckAfterMinutes: this.#options.stuckAfterMinutes,
      aggregates: sessionAggregates(this.#fold, cards),
      cards,
    };
  }

  /** Adds a dashboard; it gets the full snapshot now and updates afterwards. False when full. */
  watch(watcher: Watcher): boolean {
    if (this.#watchers.size >= this.#options.maxWatchers) return false;
    const snapshot = this.snapshot();
    // A new watcher needs every card; the others only what changed, so reset nothing shared.
    watcher.send('snapshot', snapshot);
    this.#watchers.add(watcher);
    if (this.#sent.size === 0) this.#remember(snapshot.cards);
    return true;
  }

  unwatch(watcher: Watcher): void {
    this.#watchers.delete(watcher);
  }

  #push(): void {
    this.#fold.changed.clear();
    if (this.#watchers.size === 0) {
      this.#sent.clear();
      return;
    }
    const now = this.#clock();
    const cards = this.#decorate(allCards(this.#fold, { now }));
    const changed = cards.filter((card) => this.#sent.get(card.id) !== cardKey(card));
    this.#remember(changed);
    const update: DashboardUpdate = {
      generatedAt: new Date(now).toISOString(),
      aggregates: sessionAggregates(this.#fold, cards),
      cards: changed,
      order: cards.map((card) => card.id),
    };
    for (const watcher of this.#watchers) watcher.send('update', update);
  }

  #remember(cards: ParticipantCard[]): void {
    for (const card of cards) this.#sent.set(card.id, cardKey(card));
  }
}

/** A card's identity for "did it change": everything but the rank (order travels separately). */
function cardKey(card: ParticipantCard): string {
  return JSON.stringify({ ...card, rank: 0 });
}
