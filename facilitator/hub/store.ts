import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError, describeFsError, isErrno } from '../../src/core/errors.js';
import type { ParticipantEvent } from '../../src/protocol/events.js';
import { AppendLog } from './append-log.js';
import type { ActionLine, EventLine, FacilitatorAction, JoinLine, ParticipantProfile, SessionRecord } from './log-records.js';
import { toRecord } from './log-records.js';
import { readLogFile } from './read-log.js';
import { type SessionMeta, readSessionMeta } from './session-meta.js';
import { hashToken, newParticipantId, newParticipantToken } from './tokens.js';

export { sessionDir, sessionsRoot } from './session-dir.js';
export { readSession, listSessions, type SessionData, type ParticipantEntry } from './session-reader.js';

/**
 * The hub's store for one session: the single writer of `log.jsonl`. Everything a participant or the
 * facilitator does becomes one line, flushed to disk before the HTTP answer goes out. In memory it
 * keeps only what the hot path needs, rebuilt from the log at start: which event ids each participant
 * has sent (for idempotence), token hashes, and profiles. Live views subscribe to new records.
 */
export const LOG_FILE = 'log.jsonl';
const LOCK_FILE = 'hub.lock';

export interface JoinInput {
  name: string;
  email: string;
  team: string;
}

export interface JoinResult {
  participantId: string;
  token: string;
  rejoined: boolean;
}

export interface AppendResult {
  accepted: number;
  duplicates: number;
}

export type RecordListener = (records: SessionRecord[]) => void;

export interface OpenedStore {
  store: SessionStore;
  /** Everything already in the log, for the live summary to fold once at start. */
  records: SessionRecord[];
  /** Skipped lines and a repaired torn tail, for the host to print. */
  warnings: string[];
}

export class SessionStore {
  readonly dir: string;
  readonly meta: SessionMeta;
  #log: AppendLog;
  #seq: number;
  #clock: () => Date;
  #profiles = new Map<string, ParticipantProfile>();
  #idByEmail = new Map<string, string>();
  #idByTokenHash = new Map<string, string>();
  #eventIds = new Map<string, Set<string>>();
  #eventCount = 0;
  #listeners = new Set<RecordListener>();
  #lockFile: string;

  private constructor(dir: string, meta: SessionMeta, log: AppendLog, seq: number, clock: () => Date) {
    this.dir = dir;
    this.meta = meta;
    this.#log = log;
    this.#seq = seq;
    this.#clock = clock;
    this.#lockFile = path.join(dir, LOCK_FILE);
  }

  /** Opens the session folder for writing (it must hold a session.json); one writer at a time. */
  static async open(dir: string, options: { clock?: () => Date } = {}): Promise<OpenedStore> {
    const meta = await readSessionMeta(dir);
    await takeLock(path.join(dir, LOCK_FILE));
    try {
      const file = path.join(dir, LOG_FILE);
      const read = await readLogFile(file);
      const warnings = [...read.warnings];
      if (read.tornTail) {
        // Keep the cut-off bytes for inspection, then cut them so the next line starts clean.
        const aside = `${file}.torn-${Date.now()}`;
        await fs.writeFile(aside, read.tornTail).catch(() => undefined);
        warnings.push(`the incomplete last line was moved to ${aside}`);
      }
      const log = await AppendLog.open(file, read.durableSize);
      const seq = read.lines.reduce((max, line) => Math.max(max, line.seq), 0);
      const store = new SessionStore(dir, meta, log, seq, options.clock ?? (() => new Date()));
      for (const line of read.lines) store.#index(line);
      return { store, records: read.lines.map(toRecord), warnings };
    } catch (error) {
      await fs.rm(path.join(dir, LOCK_FILE), { force: true }).catch(() => undefined);
      locksHeldHere.delete(path.join(dir, LOCK_FILE));
      throw error;
    }
  }

  get participantCount(): number {
    return this.#profiles.size;
  }

  get eventCount(): number {
    return this.#eventCount;
  }

  participant(id: string): ParticipantProfile | undefined {
    return this.#profiles.get(id);
  }

  /** The participant a token belongs to, or undefined. */
  authenticate(token: string): string | undefined {
    return this.#idByTokenHash.get(hashToken(token));
  }

  subscribe(listener: RecordListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * A participant joins. The same email joining again (new laptop, `workshop join` run twice) keeps
   * its participant id and gets an extra token; name and team are updated to the latest answer.
   */
  async join(input: JoinInput): Promise<JoinResult> {
    const email = input.email.trim().toLowerCase();
    const existing = this.#idByEmail.get(email);
    const participantId = existing ?? newParticipantId();
    // Reserve the email now so that two joins racing with one email get one id.
    if (!existing) this.#idByEmail.set(email, participantId);
    const token = newParticipantToken();
    const line: JoinLine = {
      kind: 'join',
      seq: (this.#seq += 1),
      at: this.#clock().toISOString(),
      participant: { id: participantId, name: input.name, email, team: input.team },
      tokenHash: hashToken(token),
    };
    try {
      await this.#log.append(`${JSON.stringify(line)}\n`);
    } catch (error) {
      if (!existing) this.#idByEmail.delete(email);
      throw storageError(error, this.#log.file);
    }
    this.#index(line);
    this.#notify([toRecord(line)]);
    return { participantId, token, rejoined: existing !== undefined };
  }

  /**
   * Appends a participant's events; resolves once they are on disk. Events already known (same
   * participant, same event id) are counted as duplicates and not written again; if their first copy
   * is still being flushed by another request, this waits for it, so a duplicate is only acknowledged
   * once the original is durable.
   */
  async appendEvents(participantId: string, events: ParticipantEvent[]): Promise<AppendResult> {
    const known = this.#idsOf(participantId);
    const fresh: ParticipantEvent[] = [];
    const duplicateIds: string[] = [];
    for (const event of events) {
      if (known.has(event.id)) duplicateIds.push(event.id);
      else {
        known.add(event.id);
        fresh.push(event);
      }
    }
    const receivedAt = this.#clock().toISOString();
    const lines: EventLine[] = fresh.map((event) => ({ kind: 'event', seq: (this.#seq += 1), receivedAt, participantId, event }));
    if (lines.length > 0) {
      try {
        await this.#log.append(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
      } catch (error) {
        for (const event of fresh) known.delete(event.id);
        throw storageError(error, this.#log.file);
      }
      this.#eventCount += lines.length;
    }
    if (duplicateIds.length > 0) {
      await this.#log.flushed();
      // The first copy's write failed meanwhile: it is not on disk, so this must not be acknowledged.
      if (duplicateIds.some((id) => !known.has(id))) throw new StorageError('an earlier copy of these events could not be saved');
    }
    if (lines.length > 0) this.#notify(lines);
    return { accepted: lines.length, duplicates: duplicateIds.length };
  }

  /** The facilitator lowered a hand or marked someone as helped. */
  async recordAction(participantId: string, action: FacilitatorAction): Promise<ActionLine> {
    const line: ActionLine = { kind: 'facilitator', seq: (this.#seq += 1), at: this.#clock().toISOString(), participantId, action };
    try {
      await this.#log.append(`${JSON.stringify(line)}\n`);
    } catch (error) {
      throw storageError(error, this.#log.file);
    }
    this.#notify([line]);
    return line;
  }

  /** Waits for pending writes, closes the log and releases the lock. */
  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#log.close();
    await fs.rm(this.#lockFile, { force: true }).catch(() => undefined);
    locksHeldHere.delete(this.#lockFile);
  }

  #index(line: JoinLine | EventLine | ActionLine): void {
    if (line.kind === 'join') {
      this.#profiles.set(line.participant.id, line.participant);
      this.#idByEmail.set(line.participant.email, line.participant.id);
      this.#idByTokenHash.set(line.tokenHash, line.participant.id);
    } else if (line.kind === 'event') {
      this.#idsOf(line.participantId).add(line.event.id);
      this.#eventCount += 1;
    }
  }

  #idsOf(participantId: string): Set<string> {
    let ids = this.#eventIds.get(participantId);
    if (!ids) {
      ids = new Set();
      this.#eventIds.set(participantId, ids);
    }
    return ids;
  }

  #notify(records: SessionRecord[]): void {
    for (const listener of this.#listeners) {
      try {
        listener(records);
      } catch {
        // A broken view must never fail a write that is already on disk.
      }
    }
  }
}

/** The hub could not save: the request is answered 503 and the client keeps the events to retry. */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

function storageError(error: unknown, file: string): StorageError {
  return new StorageError(describeFsError(error, `save to ${file}`).message, { cause: error });
}

/**
 * One hub per session folder: two writers would interleave lines. The lock names its process; a lock
 * left by a process that no longer runs (a crash, kill -9, a reboot) is taken over.
 */
const locksHeldHere = new Set<string>();

async function takeLock(file: string): Promise<void> {
  if (locksHeldHere.has(file)) {
    throw new UserError('This session is already being hosted by this process. Stop it first, or host another --session.');
  }
  const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await fs.writeFile(file, mine, { flag: 'wx' });
      locksHeldHere.add(file);
      return;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw describeFsError(error, `lock ${file}`);
    }
    const holder = await readLock(file);
    if (holder && holder.host === os.hostname() && holder.pid !== process.pid && processIsAlive(holder.pid)) {
      throw new UserError(
        `This session is already being hosted by another workshop process (pid ${holder.pid}). Stop that one first, or host another --session. (If no hub is running, delete ${file}.)`,
      );
    }
    await fs.rm(file, { force: true });
  }
  throw new UserError(`Could not lock ${file}: another hub is starting at the same moment. Try again.`);
}

async function readLock(file: string): Promise<{ pid: number; host: string } | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as { pid?: unknown; host?: unknown };
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host } : undefined;
  } catch {
    return undefined;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}
