import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/atomic-write.js';
import { isErrno } from '../core/errors.js';
import { configDir } from '../core/paths.js';
import { ParticipantEvent } from '../protocol/events.js';
import { MAX_EVENTS_PER_REQUEST } from '../protocol/hub-api.js';
import { eventLogPath } from '../state/event-log.js';
import { HubClient, HubRefused, HubUnreachable } from './hub-client.js';
import { type HubLink, readHubLink } from './hub-link.js';

/**
 * The outbox: every event `recordEvent` wrote to `<configDir>/events.jsonl` is sent to the joined hub
 * until the hub acknowledges it. The local log IS the durable outbox (it is flushed to disk before a
 * command reports anything); this module only remembers how far the hub has acknowledged: a byte
 * offset into the log (`outbox.json`). Sending from the offset in order, in batches, and moving the
 * offset only after an acknowledgement means a crash, a dead Wi-Fi or a killed process can only cause
 * a resend, which the hub deduplicates by event id. An event is delivered to one hub: the one joined
 * when it is first acknowledged (a later date's hub does not get the earlier date's events again).
 */
const OutboxState = z.object({
  schemaVersion: z.literal(1),
  /** Bytes of events.jsonl acknowledged (or given up on) so far. */
  offset: z.number().int().min(0),
  /** Id of the log's first event, to notice a log that was deleted and started again. */
  head: z.string().optional(),
  /** Events the hub refused as invalid (a newer kit's event type): kept for the record, not resent. */
  refused: z.array(z.object({ id: z.string(), reason: z.string() })).max(100).default([]),
  /**
   * Issue 13, for the current join (its `joinedAt`): since when its hub has not answered, and where
   * the last delivery went (the hub, or the programme server after the session).
   */
  route: z.object({ joinedAt: z.string(), hubDownSince: z.string().optional(), lastVia: z.enum(['hub', 'follow-up']).optional() }).optional(),
});
type OutboxState = z.infer<typeof OutboxState>;

export function outboxStatePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'outbox.json');
}

async function readState(env: NodeJS.ProcessEnv): Promise<OutboxState> {
  try {
    const parsed = OutboxState.safeParse(JSON.parse(await fs.readFile(outboxStatePath(env), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // missing or damaged: start from the beginning; the hub deduplicates what it already has
  }
  return { schemaVersion: 1, offset: 0, refused: [] };
}

async function writeState(state: OutboxState, env: NodeJS.ProcessEnv): Promise<void> {
  await writeFileAtomic(outboxStatePath(env), `${JSON.stringify(state)}\n`);
}

interface PendingEvent {
  event: ParticipantEvent;
  /** Offset just after this event's line. */
  end: number;
}

interface PendingRead {
  pending: PendingEvent[];
  /** Offset after the last complete line read (skipped lines included). */
  end: number;
  head?: string;
}

async function readPending(state: OutboxState, env: NodeJS.ProcessEnv): Promise<PendingRead> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(eventLogPath(env));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { pending: [], end: 0 };
    throw error;
  }
  const firstNewline = bytes.indexOf(0x0a);
  const head = firstNewline > 0 ? firstEventId(bytes.toString('utf8', 0, firstNewline)) : undefined;
  let start = state.offset;
  if (start > bytes.length || (state.head !== undefined && head !== state.head)) start = 0;
  const pending: PendingEvent[] = [];
  let position = start;
  for (;;) {
    const newline = bytes.indexOf(0x0a, position);
    if (newline === -1) break; // an incomplete last line: being written, or torn; not sent
    const line = bytes.toString('utf8', position, newline);
    position = newline + 1;
    if (!line.trim()) continue;
    try {
      const parsed = ParticipantEvent.safeParse(JSON.parse(line));
      if (parsed.success) pending.push({ event: parsed.data, end: position });
    } catch {
      // a damaged line is skipped; readEventLog() skips it the same way
    }
  }
  return { pending, end: position, head };
}

function firstEventId(line: string): string | undefined {
  try {
    const id = (JSON.parse(line) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export interface OutboxCount {
  joined: boolean;
  pending: number;
}

/** How many events wait for the hub (cheap; no network). */
export async function countPending(env: NodeJS.ProcessEnv = process.env): Promise<OutboxCount> {
  const link = await readHubLink(env);
  if (!link) return { joined: false, pending: 0 };
  const { pending } = await readPending(await readState(env), env);
  return { joined: true, pending: pending.length };
}

export type FlushOutcome =
  /** Not joined to any hub: nothing to do. */
  | { status: 'not-joined' }
  /** Everything acknowledged; issue 13: `via` the programme server when the hub is gone. */
  | { status: 'delivered'; sent: number; duplicates: number; refused: number; via: Via }
  /** Some or all left for later: the hub is down, slow, busy or out of disk. */
  | { status: 'later'; sent: number; pending: number; hubUrl: string; why: string }
  /** The hub no longer knows this laptop's token (a new session at the same address). */
  | { status: 'unknown-participant'; sent: number; pending: number; hubUrl: string; reason: string }
  /** Issue 12: the hub holds no more from this participant in this session (their share is full). */
  | { status: 'over-limit'; sent: number; pending: number; hubUrl: string };

/** Where events went: the joined hub, or (issue 13) the programme server it synced to. */
export type Via = 'hub' | 'follow-up';

export interface FlushOptions {
  /** Hard budget for all network calls together, in ms. */
  budgetMs: number;
  env?: NodeJS.ProcessEnv;
  batchSize?: number;
  /** Tests: the clock that decides whether the session is over. */
  now?: () => number;
}

/**
 * Issue 13: how long the hub must have been unreachable, on the day of the join, before results go
 * to the programme server instead. During a session a hub that is away for a few minutes (the
 * facilitator's laptop asleep, a Wi-Fi hiccup) gets them when it is back, so its live dashboard
 * misses nothing; after the session (a later day, or this long without it) the server takes them.
 */
export const FOLLOW_UP_AFTER_MS = 10 * 60_000;

/** Sends pending events to the joined hub within the budget. Never throws for network trouble. */
export async function flushOutbox(options: FlushOptions): Promise<FlushOutcome> {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const deadline = now() + options.budgetMs;
  const link = await readHubLink(env);
  if (!link) return { status: 'not-joined' };
  const state = await readState(env);
  const read = await readPending(state, env);
  const route = state.route?.joinedAt === link.joinedAt ? { ...state.route } : { joinedAt: link.joinedAt };
  const batchSize = Math.min(options.batchSize ?? 200, MAX_EVENTS_PER_REQUEST);
  let sent = 0;
  let duplicates = 0;
  let refused = 0;
  let index = 0;
  const save = async (offset: number) => {
    state.offset = offset;
    state.head = read.head;
    state.route = route;
    await writeState(state, env);
  };
  const remaining = () => read.pending.length - index;

  /** Sends from `index` on through one address; the first request may be held to a shorter deadline. */
  const sendAll = async (client: HubClient, firstDeadline: number) => {
    let first = true;
    const signal = () => AbortSignal.timeout(Math.max(1, Math.ceil((first ? Math.min(firstDeadline, deadline) : deadline) - now())));
    while (index < read.pending.length) {
      if (now() >= deadline) throw new OutOfTime();
      const batch = read.pending.slice(index, index + batchSize);
      try {
        const answer = await client.postEvents(batch.map((p) => p.event), signal());
        first = false;
        sent += answer.accepted;
        duplicates += answer.duplicates;
      } catch (error) {
        if (!(error instanceof HubRefused) || error.status !== 400) throw error;
        first = false;
        // One bad event must not block the rest: send them one by one, and set aside what is refused.
        for (const item of batch) {
          try {
            const answer = await client.postEvents([item.event], signal());
            sent += answer.accepted;
            duplicates += answer.duplicates;
          } catch (single) {
            if (!(single instanceof HubRefused) || single.status !== 400) throw single;
            refused += 1;
            state.refused = [...state.refused, { id: item.event.id, reason: single.reason }].slice(-100);
          }
          await save(item.end);
        }
      }
      index += batch.length;
      await save(batch[batch.length - 1].end);
    }
    if (read.end > state.offset) await save(read.end);
  };

  const followUp = link.followUpUrl;
  const sessionOver = () => joinedBeforeToday(link.joinedAt, now()) || (route.hubDownSince !== undefined && now() - Date.parse(route.hubDownSince) >= FOLLOW_UP_AFTER_MS);
  // After the session, once the server took them, results go there first (the venue laptop is gone).
  const serverFirst = followUp !== undefined && route.lastVia === 'follow-up' && joinedBeforeToday(link.joinedAt, now());
  const delivered = async (via: Via): Promise<FlushOutcome> => {
    // Only an answer says where results go now; nothing to send asked no one.
    if (read.pending.length > 0 && (route.lastVia !== via || (via === 'hub' && route.hubDownSince !== undefined))) {
      route.lastVia = via;
      if (via === 'hub') delete route.hubDownSince;
      await save(state.offset);
    }
    return { status: 'delivered', sent, duplicates, refused, via };
  };

  if (serverFirst) {
    try {
      await sendAll(new HubClient(followUp, link.token), deadline);
      return await delivered('follow-up');
    } catch (error) {
      if (!(error instanceof HubUnreachable)) return failed(error, link, { sent, pending: remaining(), followUp: true });
      // The server is away: perhaps the laptop is back on the venue's network with its hub.
    }
  }
  try {
    // When the server could take over, the hub gets half the budget: a venue hub that is gone
    // usually hangs rather than refuses.
    const half = followUp && sessionOver() ? now() + (deadline - now()) / 2 : deadline;
    await sendAll(new HubClient(link.hubUrl, link.token), half);
    return await delivered('hub');
  } catch (error) {
    const gone = error instanceof HubUnreachable || (error instanceof HubRefused && (error.status === 401 || error.status === 404 || error.error === 'not_a_hub'));
    if (!gone || !followUp || serverFirst) {
      if (gone && followUp) await markHubDown(route, now, save, state.offset);
      return failed(error, link, { sent, pending: remaining() });
    }
    await markHubDown(route, now, save, state.offset);
    // A hub that does not know this laptop is not its session's hub any more: the session is over.
    const unknownHere = error instanceof HubRefused;
    if (!unknownHere && !sessionOver()) return failed(error, link, { sent, pending: remaining() });
    try {
      await sendAll(new HubClient(followUp, link.token), deadline);
      return await delivered('follow-up');
    } catch (second) {
      return failed(second, link, { sent, pending: remaining(), followUp: true, hubWhy: describe(error) });
    }
  }
}

class OutOfTime extends Error {}

async function markHubDown(route: NonNullable<OutboxState['route']>, now: () => number, save: (offset: number) => Promise<void>, offset: number): Promise<void> {
  if (route.hubDownSince !== undefined) return;
  route.hubDownSince = new Date(now()).toISOString();
  await save(offset).catch(() => undefined);
}

/** The join was on an earlier day than today, on this laptop's clock: that session is over. */
function joinedBeforeToday(joinedAt: string, now: number): boolean {
  const joined = new Date(joinedAt);
  if (Number.isNaN(joined.getTime())) return false;
  const today = new Date(now);
  const day = (d: Date) => d.getFullYear() * 10_000 + (d.getMonth() + 1) * 100 + d.getDate();
  return day(joined) < day(today);
}

function describe(error: unknown): string {
  if (error instanceof HubUnreachable) return error.why;
  if (error instanceof HubRefused) return error.reason;
  return (error as Error).message;
}

function failed(error: unknown, link: HubLink, progress: { sent: number; pending: number; followUp?: boolean; hubWhy?: string }): FlushOutcome {
  const { sent, pending } = progress;
  const where = (why: string) => (progress.followUp ? `${progress.hubWhy ? `${progress.hubWhy}; ` : ''}the programme server: ${why}` : why);
  if (error instanceof OutOfTime) return later(link, sent, pending, 'out of time for now');
  if (error instanceof HubUnreachable) return later(link, sent, pending, where(error.why));
  if (error instanceof HubRefused) {
    // The server does not know the token yet: the venue hub has not sent its records. Keep them.
    if (error.status === 401 && progress.followUp) return later(link, sent, pending, where('it does not know this laptop yet (the venue hub has not sent its records)'));
    if (error.status === 401) return { status: 'unknown-participant', sent, pending, hubUrl: link.hubUrl, reason: error.reason };
    if (error.error === 'participant_limit') return { status: 'over-limit', sent, pending, hubUrl: progress.followUp ? link.followUpUrl! : link.hubUrl };
    return later(link, sent, pending, where(error.status === 429 ? 'busy' : error.reason));
  }
  throw error;
}

function later(link: HubLink, sent: number, pending: number, why: string): FlushOutcome {
  return { status: 'later', sent, pending, hubUrl: link.hubUrl, why };
}
