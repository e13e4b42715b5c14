import path from 'node:path';
import type { SessionMeta } from '../hub/session-meta.js';
import { LOG_FILE } from '../hub/store.js';
import { MAX_SYNC_BODY_BYTES, MAX_SYNC_LINES, type SyncRequest } from '../../src/protocol/server-api.js';
import { type BackoffOptions, DEFAULT_BACKOFF, backoffDelay } from './backoff.js';
import { readBatch, surveyLog } from './log-tail.js';
import { type SyncClient, SyncRefused, SyncUnreachable } from './sync-client.js';
import { readSyncState, writeSyncState } from './sync-state.js';

/**
 * The venue hub's outbox to the programme server (issue 13). The hub's own `log.jsonl` stays the
 * durable record, exactly as without a server; the forwarder only sends its lines, in order, in
 * batches of at most 1,000 lines (and 4 MiB), after the highest seq the server acknowledged. The
 * server stores each line once (by seq, and each event by its id), so a resend is harmless and the
 * only rule is: move the cursor only after an acknowledgement.
 *
 * Where to resume is the server's word: on start and after any failure the forwarder asks it
 * (`GET …/sync/:sessionId`) before sending, so a restarted laptop, a lost `sync.json` or a server
 * restored from a backup all end with the server holding every line. While the server cannot be
 * reached it waits with exponential backoff and jitter, and the hub goes on as if offline.
 *
 * With a running hub (`live`), only lines the hub has said are on disk are sent (`durable(seq)`,
 * from its store's notifications, which come after the flush): a line a failed write takes back
 * must never reach the server.
 */
export type SyncState = 'synced' | 'waiting' | 'unreachable' | 'refused';

export interface SyncStatus {
  state: SyncState;
  url: string;
  /** The highest seq the server holds. */
  lastAckedSeq: number;
  /** Lines here the server does not have yet (counted by seq). */
  waiting: number;
  /** Unreachable since (epoch ms). */
  since?: number;
  /** The network trouble, or the server's refusal. */
  reason?: string;
  /** Lines new to the server since this forwarder started. */
  stored: number;
}

export interface ForwarderOptions {
  /** The session folder (log.jsonl, sync.json). */
  dir: string;
  programmeId: string;
  meta: SessionMeta;
  client: SyncClient;
  live?: boolean;
  backoff?: BackoffOptions;
  random?: () => number;
  now?: () => number;
  onStatus?: (status: SyncStatus) => void;
  onWarning?: (message: string) => void;
  maxLines?: number;
  maxBytes?: number;
  requestTimeoutMs?: number;
  /** A live hub: how long new records gather before they go (one request for many; default 250 ms). */
  coalesceMs?: number;
}

export interface PushTotals {
  stored: number;
  skipped: number;
}

export class Forwarder {
  readonly #o: ForwarderOptions;
  readonly #file: string;
  readonly #now: () => number;
  #cursor: number;
  /** Byte offset where lines after `#offsetSeq` start. */
  #offset = 0;
  #offsetSeq = 0;
  /** The highest seq known to be on disk (live), else Infinity. */
  #bound: number;
  /** The highest seq known in the log. */
  #maxSeq: number;
  #needsResync = true;
  #caughtUp = false;
  #status: SyncStatus;
  #stopped = false;
  #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #wakeIdle: (() => void) | undefined;
  #cutSleep: (() => void) | undefined;
  #persistedSeq: number;
  #persistedAt = 0;

  private constructor(options: ForwarderOptions, cursor: number, maxSeq: number) {
    this.#o = options;
    this.#file = path.join(options.dir, LOG_FILE);
    this.#now = options.now ?? Date.now;
    this.#cursor = cursor;
    this.#persistedSeq = cursor;
    this.#maxSeq = maxSeq;
    this.#bound = options.live ? maxSeq : Number.POSITIVE_INFINITY;
    this.#status = { state: 'waiting', url: options.client.baseUrl, lastAckedSeq: cursor, waiting: Math.max(0, maxSeq - cursor), stored: 0 };
  }

  /**
   * Opens the outbox of a session folder. For a live hub, call it after the hub's store is open and
   * before it takes requests: everything in the log then is on disk.
   */
  static async open(options: ForwarderOptions): Promise<Forwarder> {
    const state = await readSyncState(options.dir, options.client.baseUrl);
    const cursor = state && state.programmeId === options.programmeId ? state.lastAckedSeq : 0;
    const { maxSeq } = await surveyLog(path.join(options.dir, LOG_FILE), cursor);
    return new Forwarder(options, cursor, maxSeq);
  }

  get status(): SyncStatus {
    return { ...this.#status };
  }

  /** The hub flushed lines up to `seq`: they may go. */
  durable(seq: number): void {
    if (seq <= this.#bound) return;
    this.#bound = seq;
    this.#maxSeq = Math.max(this.#maxSeq, seq);
    this.#caughtUp = false;
    this.#update({});
    this.#wakeIdle?.();
  }

  /** Runs in the background until stop(): sends whenever there is something, backs off while the server is away. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /**
   * Sends everything not yet on the server once (resyncing first when needed). Resolves when the
   * server has it all; throws SyncUnreachable or SyncRefused otherwise (what was acknowledged stays
   * acknowledged). `session push` calls this; the background loop too.
   */
  async syncOnce(onProgress?: (status: SyncStatus) => void): Promise<PushTotals> {
    const totals: PushTotals = { stored: 0, skipped: 0 };
    const { client, programmeId, meta } = this.#o;
    try {
      if (this.#needsResync) {
        const remote = await client.status(programmeId, meta.id, this.#signal());
        if (remote.hosted === 'server') throw new SyncRefused(409, 'hosted_on_server', `session "${meta.id}" is hosted on the programme server itself; a venue hub cannot sync into it`);
        if (remote.lastSeq < this.#offsetSeq) {
          // The server holds less than we thought (restored from a backup, or a fresh server): read from the start.
          this.#offset = 0;
          this.#offsetSeq = 0;
        }
        this.#cursor = remote.lastSeq;
        this.#needsResync = false;
        this.#caughtUp = false;
        this.#update({});
      }
      const maxLines = Math.min(this.#o.maxLines ?? MAX_SYNC_LINES, MAX_SYNC_LINES);
      for (;;) {
        const batch = await readBatch(this.#file, {
          from: this.#offset,
          after: this.#cursor,
          upTo: this.#o.live ? this.#bound : undefined,
          maxLines,
          maxBytes: this.#o.maxBytes ?? MAX_SYNC_BODY_BYTES / 2,
        });
        for (const warning of batch.warnings) this.#o.onWarning?.(warning);
        if (batch.lines.length === 0) {
          this.#offset = batch.end;
          this.#offsetSeq = this.#cursor;
          this.#caughtUp = true;
          break;
        }
        const body: SyncRequest = { meta: syncMeta(meta), lines: batch.lines };
        const answer = await client.send(programmeId, meta.id, body, this.#signal());
        this.#cursor = Math.max(this.#cursor, batch.lastSeq, answer.lastSeq);
        this.#offset = batch.end;
        this.#offsetSeq = batch.lastSeq;
        totals.stored += answer.stored;
        totals.skipped += answer.skipped;
        this.#update({ state: 'waiting', stored: this.#status.stored + answer.stored, since: undefined, reason: undefined });
        onProgress?.(this.status);
        await this.#persist(false);
        // A live hub's lines trickle in while a batch travels: rather than chase them a few at a
        // time, let them gather (the background loop waits coalesceMs); a full batch means a backlog.
        if (this.#o.live && batch.lines.length < maxLines && this.#loop) break;
      }
      // Caught up: the cursor is saved now; between a live hub's batches at most once a second.
      await this.#persist(this.#caughtUp);
      this.#update({ state: 'synced', since: undefined, reason: undefined });
      return totals;
    } catch (error) {
      this.#needsResync = true;
      if (error instanceof SyncRefused) this.#update({ state: 'refused', reason: error.reason, since: undefined });
      else if (error instanceof SyncUnreachable) this.#update({ state: 'unreachable', reason: error.why, since: this.#status.since ?? this.#now() });
      await this.#persist(true);
      throw error;
    }
  }

  /**
   * Stops the background loop. With `drainMs`, first keeps trying for up to that long to send what
   * is left (`allDurable`: the hub has closed its log, so every line in it may go).
   */
  async stop(options: { drainMs?: number; allDurable?: boolean } = {}): Promise<SyncStatus> {
    if (options.allDurable && this.#bound !== Number.POSITIVE_INFINITY) {
      this.#bound = Number.POSITIVE_INFINITY;
      this.#maxSeq = Math.max(this.#maxSeq, (await surveyLog(this.#file, this.#cursor)).maxSeq);
      this.#caughtUp = false;
      this.#update({});
      this.#wakeIdle?.();
    }
    const drainUntil = this.#now() + (options.drainMs ?? 0);
    const refused = () => this.#status.state === 'refused';
    if (this.#loop && !refused()) {
      this.#cutSleep?.();
      while ((this.#needsResync || !this.#caughtUp) && this.#now() < drainUntil && !refused()) await delay(25);
    }
    this.#stopped = true;
    this.#abort.abort();
    this.#cutSleep?.();
    this.#wakeIdle?.();
    await this.#loop;
    await this.#persist(true);
    return this.status;
  }

  async #run(): Promise<void> {
    let attempt = 0;
    while (!this.#stopped) {
      if (!this.#needsResync && this.#caughtUp) {
        await new Promise<void>((resolve) => (this.#wakeIdle = resolve));
        this.#wakeIdle = undefined;
        // Let a burst of records gather into one batch: a full room is a few requests a second, not hundreds.
        if (!this.#stopped) await delay(this.#o.coalesceMs ?? 250);
        continue;
      }
      try {
        await this.syncOnce();
        attempt = 0;
        if (!this.#caughtUp && !this.#stopped) await delay(this.#o.coalesceMs ?? 250);
      } catch (error) {
        if (this.#stopped) break;
        const backoff = this.#o.backoff ?? DEFAULT_BACKOFF;
        // A refusal needs a person (a token, another --session): ask again only now and then.
        const wait =
          error instanceof SyncRefused
            ? backoff.maxMs
            : Math.min(backoff.maxMs, Math.max(backoffDelay(attempt, backoff, this.#o.random), ((error as SyncUnreachable).retryAfterSeconds ?? 0) * 1000));
        attempt += 1;
        if (!(error instanceof SyncRefused) && !(error instanceof SyncUnreachable)) this.#o.onWarning?.(`could not forward to the programme server: ${(error as Error).message}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          timer.unref?.();
          this.#cutSleep = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#cutSleep = undefined;
      }
    }
  }

  #signal(): AbortSignal {
    return AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#o.requestTimeoutMs ?? 30_000)]);
  }

  #update(patch: Partial<SyncStatus>): void {
    const known = Math.min(this.#bound, this.#maxSeq);
    const next: SyncStatus = { ...this.#status, ...patch, lastAckedSeq: this.#cursor, waiting: this.#caughtUp && !this.#needsResync ? 0 : Math.max(0, known - this.#cursor) };
    if (next.state === 'synced' && next.waiting > 0) next.state = 'waiting';
    if (next.state === 'waiting' && next.waiting === 0 && this.#caughtUp) next.state = 'synced';
    const changed = next.state !== this.#status.state || next.waiting !== this.#status.waiting || next.reason !== this.#status.reason || next.lastAckedSeq !== this.#status.lastAckedSeq;
    this.#status = next;
    if (changed) this.#o.onStatus?.(this.status);
  }

  /** sync.json is a hint (the server's figure wins), so it is written at most once a second. */
  async #persist(force: boolean): Promise<void> {
    if (this.#cursor === this.#persistedSeq) return;
    if (!force && this.#now() - this.#persistedAt < 1000) return;
    const seq = this.#cursor;
    try {
      await writeSyncState(this.#o.dir, { url: this.#o.client.baseUrl, programmeId: this.#o.programmeId, lastAckedSeq: seq });
      this.#persistedSeq = seq;
      this.#persistedAt = this.#now();
    } catch (error) {
      this.#o.onWarning?.(`could not save how far the server has the session (${(error as Error).message}); it is asked again on restart`);
    }
  }
}

/** What the server is told about the session: session.json's facts, nothing secret (it has none). */
function syncMeta(meta: SessionMeta): SyncRequest['meta'] {
  return {
    schemaVersion: 1,
    id: meta.id,
    title: meta.title,
    ...(meta.programmeId ? { programmeId: meta.programmeId } : {}),
    ...(meta.startsAt ? { startsAt: meta.startsAt } : {}),
    createdAt: meta.createdAt,
    code: meta.code,
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
