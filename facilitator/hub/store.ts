import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError, describeFsError, isErrno } from '../../src/core/errors.js';
import type { ParticipantEvent } from '../../src/protocol/events.js';
import { randomInt } from 'node:crypto';
import type { ActionLine, EventLine, FacilitatorAction, IdentityLine, JoinLine, LogLine, ParticipantProfile, RoomLine, SessionRecord } from './log-records.js';
import { toRecord } from './log-records.js';
import { type ParticipantLimits, UsageCounter } from './session-limits.js';
import { FileSessionLog, type SessionLog, StorageError } from './session-log.js';
import { type SessionMeta, readSessionMeta } from './session-meta.js';
import { hashToken, newParticipantId, newParticipantToken } from './tokens.js';

export { sessionDir, sessionsRoot } from './session-dir.js';
export { readSession, listSessions, type SessionData, type ParticipantEntry } from './session-reader.js';
export { LOG_FILE, StorageError, type SessionLog } from './session-log.js';

/**
 * The hub's store for one session: the single writer of its log (`log.jsonl` on a laptop, the
 * programme store's lines for a date hosted on the server: session-log.ts). Everything a participant
 * or the facilitator does becomes one line, durable before the HTTP answer goes out. In memory it
 * keeps only what the hot path needs, rebuilt from the log at start: which event ids each participant
 * has sent (for idempotence), token hashes, and profiles. Live views subscribe to new records.
 */
const LOCK_FILE = 'hub.lock';

export interface JoinInput {
  name: string;
  email: string;
  team: string;
  table?: string;
  /** A participant token this laptop was given before (issue 12: proof that it is the same person). */
  proof?: string;
}

export interface JoinResult {
  participantId: string;
  token: string;
  rejoined: boolean;
  /** Issue 12: `pending` = the email belonged to someone else here and no proof came with the join. */
  identity: 'confirmed' | 'pending';
  /** For a pending join: the participant whose email it used. */
  pendingOf?: string;
}

/** Issue 12: a join waiting for its one-time code (shown on the first laptop and the dashboard). */
interface PendingJoin {
  of: string;
  code: string;
  at: string;
  wrongCodes: number;
}

/** Wrong codes before a pending join can only be approved by the facilitator. */
export const MAX_WRONG_CONFIRM_CODES = 5;

export class IdentityError extends Error {
  constructor(
    readonly error: 'not_pending' | 'wrong_code' | 'too_many_wrong_codes',
    message: string,
  ) {
    super(message);
  }
}

export interface AppendResult {
  accepted: number;
  duplicates: number;
}

export type RecordListener = (records: SessionRecord[]) => void;

export interface OpenedStore {
  store: SessionStore;
  /** Everything already in the log, for the live summary to fold once at start (empty when `onRecord` took them one by one). */
  records: SessionRecord[];
  /** Skipped lines and a repaired torn tail, for the host to print. */
  warnings: string[];
}

export interface OpenOptions {
  clock?: () => Date;
  /** Folds records as they are read instead of collecting them in `records`. */
  onRecord?: (record: SessionRecord) => void;
  limits?: Partial<ParticipantLimits>;
}

export class SessionStore {
  readonly meta: SessionMeta;
  #log: SessionLog;
  #seq: number;
  #clock: () => Date;
  #profiles = new Map<string, ParticipantProfile>();
  #idByEmail = new Map<string, string>();
  #idByTokenHash = new Map<string, string>();
  #eventIds = new Map<string, Set<string>>();
  #eventCount = 0;
  #listeners = new Set<RecordListener>();
  #pending = new Map<string, PendingJoin>();
  /** Merged (confirmed) participant id → the person it was confirmed as. */
  #aliases = new Map<string, string>();
  /** Participants approved for their programme history without proof (issue 12). */
  #historyApproved = new Set<string>();
  /** The folder's writer lock, for a session kept in a folder. */
  #lockFile: string | undefined;

  #usage: UsageCounter;

  private constructor(meta: SessionMeta, log: SessionLog, clock: () => Date, usage: UsageCounter) {
    this.#usage = usage;
    this.meta = meta;
    this.#log = log;
    this.#seq = 0;
    this.#clock = clock;
  }

  /**
   * Opens the session folder for writing (it must hold a session.json); one writer at a time. The log
   * is streamed (issue 12: logs of any size): give `onRecord` to fold records as they are read
   * instead of collecting them all in `records`.
   */
  static async open(dir: string, options: OpenOptions = {}): Promise<OpenedStore> {
    const meta = await readSessionMeta(dir);
    const lockFile = path.join(dir, LOCK_FILE);
    await takeLock(lockFile);
    try {
      const opened = await SessionStore.openLog(meta, new FileSessionLog(dir), options);
      opened.store.#lockFile = lockFile;
      return opened;
    } catch (error) {
      await fs.rm(lockFile, { force: true }).catch(() => undefined);
      locksHeldHere.delete(lockFile);
      throw error;
    }
  }

  /** Opens a session kept in any log (a date hosted on the programme server keeps it in the database). */
  static async openLog(meta: SessionMeta, log: SessionLog, options: OpenOptions = {}): Promise<OpenedStore> {
    const records: SessionRecord[] = [];
    const store = new SessionStore(meta, log, options.clock ?? (() => new Date()), new UsageCounter(options.limits));
    const read = await log.replay(
      (line) => {
        store.#index(line);
        if (options.onRecord) options.onRecord(toRecord(line));
        else records.push(toRecord(line));
      },
      { limits: options.limits },
    );
    store.#seq = read.maxSeq;
    store.#usage = read.usage;
    return { store, records, warnings: read.warnings };
  }

  get participantCount(): number {
    return this.#profiles.size;
  }

  get eventCount(): number {
    return this.#eventCount;
  }

  /** Emails of everyone here (for the roster's "not here yet"). */
  emails(): string[] {
    return [...this.#idByEmail.keys()];
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
   * A participant joins. The same email joining again keeps its participant id and gets an extra
   * token only with proof that it is the same person: a token this laptop was given before. Without
   * proof (a second laptop, or someone else typing a colleague's email), the newcomer is a separate
   * participant, pending, until the one-time code shown on the first laptop and the dashboard is
   * typed, or the facilitator approves (issue 12). Name and team follow the latest confirmed answer.
   */
  async join(input: JoinInput): Promise<JoinResult> {
    const email = input.email.trim().toLowerCase();
    const existing = this.#idByEmail.get(email);
    const proven = input.proof ? this.authenticate(input.proof) : undefined;
    let participantId: string;
    let pendingOf: string | undefined;
    if (!existing) {
      participantId = newParticipantId();
      // Reserve the email now so that two joins racing with one email get one id.
      this.#idByEmail.set(email, participantId);
    } else if (proven === existing) {
      participantId = existing;
    } else if (proven && this.#pending.get(proven)?.of === existing) {
      // The pending laptop joined again: still the same newcomer, still pending, same code.
      participantId = proven;
      pendingOf = existing;
    } else {
      participantId = newParticipantId();
      pendingOf = existing;
    }
    const token = newParticipantToken();
    const fresh = pendingOf !== undefined && participantId !== proven;
    const code = fresh ? newConfirmCode() : undefined;
    const line: JoinLine = {
      kind: 'join',
      seq: (this.#seq += 1),
      at: this.#clock().toISOString(),
      participant: { id: participantId, name: input.name, email, team: input.team, ...(input.table ? { table: input.table } : {}) },
      tokenHash: hashToken(token),
      ...(pendingOf ? { pendingOf } : {}),
      ...(code ? { codeHash: hashToken(code) } : {}),
    };
    try {
      await this.#log.append([line]);
    } catch (error) {
      if (!existing) this.#idByEmail.delete(email);
      throw storageError(error, this.#log.where);
    }
    this.#index(line);
    if (code) this.#pending.set(participantId, { of: pendingOf!, code, at: line.at, wrongCodes: 0 });
    this.#notify([toRecord(line)]);
    return { participantId, token, rejoined: existing !== undefined && pendingOf === undefined, identity: pendingOf ? 'pending' : 'confirmed', ...(pendingOf ? { pendingOf } : {}) };
  }

  /** Issue 12: the pending joins that used this participant's email, with their codes (for their laptop and the dashboard). */
  claimsOn(participantId: string): Array<{ participantId: string; code: string; at: string }> {
    const claims: Array<{ participantId: string; code: string; at: string }> = [];
    for (const [id, pending] of this.#pending) if (pending.of === participantId) claims.push({ participantId: id, code: pending.code, at: pending.at });
    return claims;
  }

  pendingCode(participantId: string): string | undefined {
    return this.#pending.get(participantId)?.code;
  }

  isPending(participantId: string): boolean {
    return this.#pending.has(participantId);
  }

  historyApproved(participantId: string): boolean {
    return this.#historyApproved.has(participantId);
  }

  /** The person a (possibly merged) participant id now stands for. */
  resolve(participantId: string): string {
    return this.#aliases.get(participantId) ?? participantId;
  }

  /** Issue 12: the newcomer typed the code from the first laptop or the dashboard. */
  async confirm(participantId: string, code: string): Promise<string> {
    const pending = this.#pending.get(participantId);
    if (!pending) throw new IdentityError('not_pending', 'this laptop is not waiting for a confirmation');
    if (pending.wrongCodes >= MAX_WRONG_CONFIRM_CODES) throw new IdentityError('too_many_wrong_codes', 'too many wrong codes: ask the facilitator to approve this laptop on the dashboard');
    if (code !== pending.code) {
      pending.wrongCodes += 1;
      throw new IdentityError('wrong_code', 'that is not the code shown on your other laptop or the dashboard');
    }
    return this.#merge(participantId, pending.of, 'code');
  }

  /**
   * Issue 12: the facilitator approves a pending join (it becomes the person whose email it used), or
   * a returning participant's history at earlier dates (no one to merge with: it is confirmed as itself).
   */
  async approve(participantId: string): Promise<string> {
    const pending = this.#pending.get(participantId);
    return this.#merge(participantId, pending?.of ?? participantId, 'facilitator');
  }

  async #merge(participantId: string, into: string, by: IdentityLine['by']): Promise<string> {
    const line: IdentityLine = { kind: 'identity', seq: (this.#seq += 1), at: this.#clock().toISOString(), participantId, into: this.resolve(into), by };
    await this.#write(line);
    this.#index(line);
    this.#notify([line]);
    return line.into;
  }

  /** Issue 11: a message to every laptop (empty text clears it), or the room's target exercise. */
  async recordRoom(change: RoomLine['change']): Promise<RoomLine> {
    const line: RoomLine = { kind: 'room', seq: (this.#seq += 1), at: this.#clock().toISOString(), change };
    await this.#write(line);
    this.#notify([line]);
    return line;
  }

  async #write(line: LogLine): Promise<void> {
    try {
      await this.#log.append([line]);
    } catch (error) {
      throw storageError(error, this.#log.where);
    }
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
    // Numbered now, counted in #seq only once they fit (nothing awaits in between).
    const lines: EventLine[] = fresh.map((event, i) => ({ kind: 'event', seq: this.#seq + i + 1, receivedAt, participantId, event }));
    const texts = lines.map((line) => `${JSON.stringify(line)}\n`);
    // Issue 12 (item 4): one participant's share of the session is bounded (session-limits.ts).
    const sizes = texts.map((text) => Buffer.byteLength(text));
    const bytes = sizes.reduce((a, b) => a + b, 0);
    const { limits } = this.#usage;
    const tooBig = sizes.findIndex((size) => size > limits.bytesPerEvent);
    const refusal =
      tooBig !== -1
        ? new LimitError('event_too_large', `event ${fresh[tooBig].id} is ${Math.ceil(sizes[tooBig] / 1024)} KiB; the hub takes events of at most ${limits.bytesPerEvent / 1024} KiB`)
        : !this.#usage.fits(participantId, lines.length, bytes)
          ? new LimitError('participant_limit', `this session holds at most ${limits.eventsPerSession} events (${limits.bytesPerSession / 1024 / 1024} MiB) from one participant, and yours is full`)
          : undefined;
    if (refusal) {
      for (const event of fresh) known.delete(event.id);
      throw refusal;
    }
    if (lines.length > 0) {
      this.#seq += lines.length;
      try {
        await this.#log.append(lines, texts);
      } catch (error) {
        for (const event of fresh) known.delete(event.id);
        throw storageError(error, this.#log.where);
      }
      this.#eventCount += lines.length;
      this.#usage.add(participantId, lines.length, bytes);
    }
    if (duplicateIds.length > 0) {
      await this.#log.flushed();
      // The first copy's write failed meanwhile: it is not on disk, so this must not be acknowledged.
      if (duplicateIds.some((id) => !known.has(id))) throw new StorageError('an earlier copy of these events could not be saved');
    }
    if (lines.length > 0) this.#notify(lines);
    return { accepted: lines.length, duplicates: duplicateIds.length };
  }

  /** The facilitator lowered a hand (or undid that), claimed it for a helper, or marked someone as helped. */
  async recordAction(participantId: string, action: FacilitatorAction, helper?: string | null): Promise<ActionLine> {
    const line: ActionLine = { kind: 'facilitator', seq: (this.#seq += 1), at: this.#clock().toISOString(), participantId: this.resolve(participantId), action, ...(helper !== undefined ? { helper } : {}) };
    try {
      await this.#log.append([line]);
    } catch (error) {
      throw storageError(error, this.#log.where);
    }
    this.#notify([line]);
    return line;
  }

  /** Waits for pending writes, closes the log and releases the lock. */
  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#log.close();
    if (this.#lockFile) {
      await fs.rm(this.#lockFile, { force: true }).catch(() => undefined);
      locksHeldHere.delete(this.#lockFile);
    }
  }

  #index(line: LogLine): void {
    if (line.kind === 'join') {
      const id = this.resolve(line.participant.id);
      this.#profiles.set(id, { ...line.participant, id });
      // A pending join never takes the email over: it stays with its first owner.
      if (!line.pendingOf) this.#idByEmail.set(line.participant.email, id);
      this.#idByTokenHash.set(line.tokenHash, id);
      // After a restart a pending join gets a new code (only its hash was saved).
      if (line.pendingOf && id === line.participant.id && !this.#pending.has(id)) this.#pending.set(id, { of: this.resolve(line.pendingOf), code: newConfirmCode(), at: line.at, wrongCodes: 0 });
    } else if (line.kind === 'identity') {
      this.#pending.delete(line.participantId);
      if (line.participantId === line.into) {
        this.#historyApproved.add(line.participantId);
        return;
      }
      this.#aliases.set(line.participantId, line.into);
      this.#usage.merge(line.participantId, line.into);
      for (const [alias, target] of this.#aliases) if (target === line.participantId) this.#aliases.set(alias, line.into);
      for (const [hash, id] of this.#idByTokenHash) if (id === line.participantId) this.#idByTokenHash.set(hash, line.into);
      for (const [id, pending] of this.#pending) if (pending.of === line.participantId) pending.of = line.into;
      this.#profiles.delete(line.participantId);
      const ids = this.#eventIds.get(line.participantId);
      if (ids) for (const id of ids) this.#idsOf(line.into).add(id);
    } else if (line.kind === 'event') {
      this.#idsOf(this.resolve(line.participantId)).add(line.event.id);
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

/** Issue 12: a participant's event is larger than the hub takes, or their share of the session is full. */
export class LimitError extends Error {
  constructor(
    readonly error: 'event_too_large' | 'participant_limit',
    message: string,
  ) {
    super(message);
    this.name = 'LimitError';
  }
}

/** Six digits, easy to read off another laptop; guesses are capped (MAX_WRONG_CONFIRM_CODES). */
function newConfirmCode(): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

/** Logs reject with a StorageError already; anything else (a bug, an odd error) still answers 503, never 500. */
function storageError(error: unknown, where: string): StorageError {
  return error instanceof StorageError ? error : new StorageError(describeFsError(error, `save to ${where}`).message, { cause: error });
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
      await fs.writeFile(file, mine, { flag: 'wx', mode: 0o600 });
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
