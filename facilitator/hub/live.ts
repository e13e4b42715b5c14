import type { SessionMeta } from './session-meta.js';
import type { SessionRecord } from './log-records.js';
import { type SessionFold, createFold, foldRecord } from '../summary/fold.js';
import type { DashboardSnapshot, DashboardUpdate, ParticipantCard, RoomView } from '../summary/types.js';
import { type ViewContext, allCards, sessionAggregates } from '../summary/views.js';
import { type PackFacts, checkTextOf, paceFromPack, textIn } from '../summary/pack-facts.js';

/**
 * The live view of a session: folds every new record into the summary and pushes what changed to
 * the dashboards that are watching (Server-Sent Events). Updates are batched (at most one push per
 * `pushIntervalMs`) so 300 laptops reporting at once cost a few pushes, not thousands; a slow tick
 * re-sends cards whose minutes changed, so "on this step for 12 min" and the stuck flag stay right
 * on a projector nobody touches.
 */
export interface LiveOptions {
  stuckAfterMinutes: number;
  /** Issue 11: the pack's minutes, order and check sentences; the profile's pace rules and language. */
  pack?: PackFacts;
  stuckFactor?: number;
  quietMinutes?: number;
  language?: string;
  /** The profile's timetable: the exercise the room should be on at a moment (hub clock, ms). */
  timetableTarget?: (now: number) => string | undefined;
  /** Issue 12: the confirmation code of a pending join, shown on its card. */
  pendingCode?: (participantId: string) => string | undefined;
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
  readonly #options: Required<Pick<LiveOptions, 'stuckAfterMinutes' | 'pushIntervalMs' | 'tickIntervalMs' | 'heartbeatMs' | 'maxWatchers'>>;
  readonly #extras: LiveOptions;
  #notJoined: () => RoomView['notJoined'] = () => undefined;
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
    this.#extras = options;
    this.#fold = createFold({
      stuckAfterMinutes: options.stuckAfterMinutes,
      pace: { ...paceFromPack(options.pack), ...(options.stuckFactor ? { stuckFactor: options.stuckFactor } : {}), ...(options.quietMinutes ? { quietMinutes: options.quietMinutes } : {}) },
    });
  }

  /** The room's target exercise now: the facilitator's, else the timetable's. */
  target(now = this.#clock()): RoomView['target'] {
    const set = this.#fold.room.targetExerciseId;
    if (set) return { exerciseId: set, source: 'facilitator' };
    const planned = this.#extras.timetableTarget?.(now);
    return planned ? { exerciseId: planned, source: 'timetable' } : undefined;
  }

  roomMessage(): { id: string; text: string; at: number } | undefined {
    return this.#fold.room.message;
  }

  /** Issue 11: invited people who have not joined yet (a date of a programme). */
  listNotJoined(list: () => RoomView['notJoined']): void {
    this.#notJoined = list;
  }

  /** Exercise ids of the pack, or of the exercises seen so far. */
  knowsExercise(id: string): boolean {
    return this.#fold.pace.order.length === 0 || this.#fold.pace.order.includes(id);
  }

  #context(now: number): ViewContext {
    return {
      now,
      targetExerciseId: this.target(now)?.exerciseId,
      checkText: checkTextOf(this.#extras.pack, this.#extras.language ?? 'en'),
      pendingCode: this.#extras.pendingCode,
    };
  }

  #room(now: number): RoomView {
    const message = this.#fold.room.message;
    const lang = this.#extras.language ?? 'en';
    const notJoined = this.#notJoined();
    const alert = this.#joinAlerts();
    return {
      ...(alert && (alert.wrongCodes > 0 || alert.lockedAddresses > 0) ? { joinAlert: alert } : {}),
      ...(message ? { message: { id: message.id, text: message.text, minutesAgo: Math.max(0, Math.floor((now - message.at) / 60_000)) } } : {}),
      ...(this.target(now) ? { target: this.target(now) } : {}),
      exercises: (this.#extras.pack?.exercises ?? []).map((e) => ({ id: e.id, title: textIn(e.title, lang, this.#extras.pack?.languages), minutes: e.minutes })),
      ...(notJoined ? { notJoined } : {}),
    };
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
    this.schedulePush();
  }

  /** Something outside the log changed what cards show (a pending code): push soon. */
  schedulePush(): void {
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

  handOf(id: string): { message: string } | undefined {
    const hand = this.#fold.participants.get(id)?.hand;
    return hand ? { message: hand.message } : undefined;
  }

  laptopsOf(id: string): number {
    return this.#fold.participants.get(id)?.laptops ?? 1;
  }

  /** What a participant passed here, for their new laptop's catch-up (issue 11 item 4). */
  progressOf(id: string): { passed: string[]; finished: boolean } {
    const p = this.#fold.participants.get(id);
    if (!p) return { passed: [], finished: false };
    const passed = [...p.exercises.values()].filter((e) => e.passed).map((e) => e.id);
    const order = this.#fold.pace.order;
    if (order.length > 0) passed.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return { passed, finished: p.finished };
  }

  /** Returning from an earlier date of the programme (set by the decorator's marks). */
  isReturning(id: string): boolean {
    return this.#returning(id);
  }

  returningBy(test: (id: string) => boolean): void {
    this.#returning = test;
  }

  #returning: (id: string) => boolean = () => false;

  /** Issue 12: wrong join codes lately, for a warning on the dashboard. */
  joinAlertsFrom(summary: () => { wrongCodes: number; addresses: number; lockedAddresses: number; windowMinutes: number }): void {
    this.#joinAlerts = summary;
  }

  #joinAlerts: () => RoomView['joinAlert'] | undefined = () => undefined;

  snapshot(): DashboardSnapshot {
    const now = this.#clock();
    const ctx = this.#context(now);
    const cards = this.#decorate(allCards(this.#fold, ctx));
    return {
      session: { id: this.#meta.id, title: this.#meta.title, code: this.#meta.code, ...(this.#meta.programmeId ? { programmeId: this.#meta.programmeId } : {}),
        ...(this.#joinCommand ? { joinCommand: this.#joinCommand } : {}),
      },
      generatedAt: new Date(now).toISOString(),
      stuckAfterMinutes: this.#options.stuckAfterMinutes,
      aggregates: sessionAggregates(this.#fold, cards, 5, ctx),
      room: this.#room(now),
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
    const ctx = this.#context(now);
    const cards = this.#decorate(allCards(this.#fold, ctx));
    const changed = cards.filter((card) => this.#sent.get(card.id) !== cardKey(card));
    this.#remember(changed);
    const present = new Set(cards.map((card) => card.id));
    const removed = [...this.#sent.keys()].filter((id) => !present.has(id));
    for (const id of removed) this.#sent.delete(id);
    const update: DashboardUpdate = {
      generatedAt: new Date(now).toISOString(),
      aggregates: sessionAggregates(this.#fold, cards, 5, ctx),
      room: this.#room(now),
      cards: changed,
      order: cards.map((card) => card.id),
      removed,
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
