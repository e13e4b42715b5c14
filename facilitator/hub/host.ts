import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { UsageError, UserError, isErrno } from '../../src/core/errors.js';
import { kitVersion, packageRoot } from '../../src/core/paths.js';
import { HubPaths } from '../../src/protocol/hub-api.js';
import { ServerPaths } from '../../src/protocol/server-api.js';
import type { BackoffOptions } from '../sync/backoff.js';
import { Forwarder, type SyncStatus } from '../sync/forwarder.js';
import { SyncClient } from '../sync/sync-client.js';
import { defaultKitSource } from './kit-builder.js';
import type { KitSource } from './kit-route.js';
import { advertisedHost, bindsAllInterfaces, isLoopback, lanAddresses } from './lan-address.js';
import { LiveSession } from './live.js';
import { type HubLimits, buildHubServer } from './server.js';
import { DEFAULT_JOIN_GUARD, type JoinGuardOptions } from './join-guard.js';
import { createOrResumeSession } from './session-meta.js';
import type { SessionMeta } from './session-meta.js';
import { sessionDir } from './session-dir.js';
import { SessionStore } from './store.js';
import type { ParticipantLimits } from './session-limits.js';
import { type ReturningHooks, returningParticipants } from '../programme/returning.js';
import { type RosterLive, rosterLive } from '../programme/roster-live.js';
import { loadProgramme, loadRoster } from '../programme/store.js';
import { readProgrammeHistory } from '../programme/history.js';
import { localMinuteOfDay, systemTimeZone } from '../programme/calendar.js';
import { loadPackFacts } from './pack-facts-loader.js';
import type { PackFacts } from '../summary/pack-facts.js';
import { writeEndpoint, removeEndpoint } from './endpoint.js';

/**
 * Starts a hub for one session: creates or resumes the session folder, opens its store, folds what
 * is already there into the live view, and listens. Used by `workshop host` and by tests (in-process).
 */
export interface HostOptions {
  dataDir: string;
  sessionId: string;
  /** Issue 6: a session that is one date of a programme. */
  programmeId?: string;
  title?: string;
  startsAt?: string;
  port: number;
  bind: string;
  stuckAfterMinutes: number;
  /** Issue 11: the profile's pace rules (stuck factor, quiet window, timetable) and the facilitator's language. */
  pace?: { stuckFactor?: number; quietMinutes?: number; timetable?: Array<{ at: string; exercise: string }> };
  language?: string;
  /** Time zone of the timetable (default: the programme's, else this computer's). */
  timeZone?: string;
  /** The exercise pack participants use (default: the shipped one); `false`: none (tests). */
  pack?: PackFacts | string | false;
  /** Defaults to building dist/kit with scripts/build-kit.mjs on demand; `false` serves no kit. */
  kit?: KitSource | false;
  dashboardDir?: string;
  limits?: Partial<HubLimits>;
  joinGuard?: Partial<JoinGuardOptions>;
  /** Issue 12: one participant's share of the session (tests shorten it). */
  participantLimits?: Partial<ParticipantLimits>;
  /** Warnings for the facilitator (skipped log lines, save failures). */
  warn?: (message: string) => void;
  clock?: () => Date;
  /** Tests: how often the dashboards get updates (default 150 ms). */
  pushIntervalMs?: number;
  /** Issue 13: forward the log to a programme server (`--sync URL`) and tell laptops where to send after the session. */
  sync?: HubSyncOptions;
}

export interface HubSyncOptions {
  /** The server's address, normalised (normaliseServerUrl). */
  url: string;
  /** A facilitator token of the server (WORKSHOP_SERVER_TOKEN): only ever in the Authorization header. */
  token: string;
  onStatus?: (status: SyncStatus) => void;
  /** How long stopping the hub keeps trying to send what is left (default 10 s). */
  drainMs?: number;
  backoff?: BackoffOptions;
  requestTimeoutMs?: number;
}

export interface RunningHub {
  meta: SessionMeta;
  dir: string;
  resumed: boolean;
  port: number;
  /** `http://<LAN address>:<port>`: what participants pass to `workshop join`. */
  joinUrl: string;
  joinCommand: string;
  /** Dashboard with the facilitator token in the fragment (never sent to servers or logs). */
  dashboardUrl: string;
  /** The same on this computer (127.0.0.1), when the hub listens there. */
  localDashboardUrl?: string;
  kitUrl?: string;
  /** Other addresses this computer has, in case the first is not the room's network. */
  otherAddresses: string[];
  facilitatorToken: string;
  participants: number;
  events: number;
  warnings: string[];
  app: FastifyInstance;
  store: SessionStore;
  live: LiveSession;
  /** Issue 13: the outbox to the programme server, with `--sync`. */
  forwarder?: Forwarder;
  /** Issue 13: where laptops send after the session (`<server>/p`), with `--sync`. */
  followUpUrl?: string;
  close(): Promise<void>;
}

export async function startHub(options: HostOptions): Promise<RunningHub> {
  const warn = options.warn ?? (() => undefined);
  if (options.sync && !options.programmeId) throw new UsageError('--sync forwards a date of a programme to its server: add --programme ID.');
  const dir = sessionDir(options.dataDir, options.sessionId, options.programmeId);
  const opened = await createOrResumeSession(dir, {
    id: options.sessionId,
    title: options.title,
    programmeId: options.programmeId,
    startsAt: options.startsAt,
    now: options.clock?.(),
  });
  const pack = options.pack === false ? undefined : typeof options.pack === 'object' ? options.pack : await loadPackFacts(options.pack, warn);
  const programme = options.programmeId ? await loadProgramme(options.dataDir, options.programmeId).catch(() => undefined) : undefined;
  const timeZone = options.timeZone ?? programme?.timeZone ?? systemTimeZone();
  let store: SessionStore | undefined;
  const live = new LiveSession(opened.meta, {
    stuckAfterMinutes: options.stuckAfterMinutes,
    pack,
    stuckFactor: options.pace?.stuckFactor,
    quietMinutes: options.pace?.quietMinutes,
    language: options.language,
    timetableTarget: timetableOf(options.pace?.timetable ?? [], timeZone),
    pendingCode: (id) => store?.pendingCode(id),
    clock: options.clock ? () => options.clock!().getTime() : undefined,
    ...(options.pushIntervalMs ? { pushIntervalMs: options.pushIntervalMs } : {}),
  });
  // Issue 12 (item 4): the log is folded as it is streamed, never held whole, so a session of any size resumes.
  const joined: Array<{ id: string; email: string }> = [];
  const openedStore = await SessionStore.open(dir, {
    clock: options.clock,
    ...(options.participantLimits ? { limits: options.participantLimits } : {}),
    onRecord: (record) => {
      live.ingest([record]);
      if (record.kind === 'join') joined.push({ id: record.participant.id, email: record.participant.email });
    },
  });
  store = openedStore.store;
  const warnings = openedStore.warnings;
  for (const warning of warnings) warn(warning);
  store.subscribe((fresh) => live.ingest(fresh));
  // Issue 13: opened before the hub takes requests, so everything in the log now is on disk; later
  // lines go once the store says they are (its notifications follow the flush).
  let forwarder: Forwarder | undefined;
  const followUpUrl = options.sync ? `${options.sync.url}${ServerPaths.participantPrefix}` : undefined;
  if (options.sync && options.programmeId) {
    try {
      forwarder = await Forwarder.open({
        dir,
        programmeId: options.programmeId,
        meta: store.meta,
        client: new SyncClient(options.sync.url, options.sync.token),
        live: true,
        onStatus: options.sync.onStatus,
        onWarning: warn,
        ...(options.sync.backoff ? { backoff: options.sync.backoff } : {}),
        ...(options.sync.requestTimeoutMs ? { requestTimeoutMs: options.sync.requestTimeoutMs } : {}),
      });
    } catch (error) {
      await store.close();
      throw error;
    }
    const outbox = forwarder;
    store.subscribe((fresh) => outbox.durable(fresh.reduce((max, record) => Math.max(max, record.seq), 0)));
  }
  // Issue 6: a date of a programme knows who came to its earlier dates (catch-up, "returning" cards).
  let history: ReturningHooks | undefined;
  let roster: RosterLive | undefined;
  if (options.programmeId) {
    history = await returningParticipants(options.dataDir, options.programmeId, options.sessionId, joined, warn);
    // Issue 11: the roster's names and teams, walk-ins marked, who is invited but not here yet.
    const people = await loadRoster(options.dataDir, options.programmeId).then((r) => r.people).catch(() => []);
    const attended = await readProgrammeHistory(options.dataDir, options.programmeId, options.sessionId).catch(() => new Map());
    roster = rosterLive(people, options.sessionId, new Set([...attended.entries()].filter(([, h]) => h.returning).map(([email]) => email)));
    const marks = history;
    const list = roster;
    live.decorateCards((cards) => list.decorate(marks.decorate(cards)));
    live.returningBy((id) => marks.isReturning(id));
    live.listNotJoined(() => (people.length > 0 ? list.notJoined(store.emails()) : undefined));
  }

  const kit = options.kit === false ? undefined : (options.kit ?? defaultKitSource());
  let app: FastifyInstance;
  try {
    app = await buildHubServer({
      store,
      live,
      facilitatorToken: opened.facilitatorToken,
      kitVersion: kitVersion(),
      dashboardDir: options.dashboardDir ?? path.join(packageRoot(), 'dist', 'facilitator', 'dashboard'),
      kit,
      limits: options.limits,
      onStorageError: (error) => warn(`could not save participants' events: ${error.message} (their laptops keep them and will send them again)`),
      ...(options.joinGuard ? { joinGuard: options.joinGuard } : {}),
      onWrongCode: (address, outcome) => {
        const window = Math.round((options.joinGuard?.windowMs ?? DEFAULT_JOIN_GUARD.windowMs) / 60_000);
        if (outcome.lockedNow) warn(`${address} sent ${outcome.recent} wrong join codes within ${window} min: joins from that address are refused for ${Math.round((options.joinGuard?.lockoutMs ?? DEFAULT_JOIN_GUARD.lockoutMs) / 60_000)} min, the right code too (someone guessing, or a whole table behind one address mistyping it)`);
        else if (outcome.first || outcome.recent % 5 === 0) warn(`wrong join code from ${address} (${outcome.recent} within ${window} min)`);
      },
      onStreamDropped: (bytes) => warn(`a dashboard stopped reading its live stream (${Math.round(bytes / 1024)} KiB waiting); it was disconnected and gets everything again when it reconnects`),
      ...(history ? { history } : {}),
      ...(roster ? { roster } : {}),
      ...(followUpUrl ? { followUpUrl } : {}),
    });
    await app.listen({ port: options.port, host: options.bind });
  } catch (error) {
    await store.close();
    throw listenError(error, options);
  }
  live.start();
  forwarder?.start();
  // So that `workshop room say` on this computer finds the hub (the port may be chosen at random).
  const listening = app.server.address();
  await writeEndpoint(dir, { port: typeof listening === 'object' && listening ? listening.port : options.port, pid: process.pid }).catch((error) => warn(`could not write the hub's address for \`workshop room\`: ${(error as Error).message}`));

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = advertisedHost(options.bind);
  const joinUrl = `http://${host}:${port}`;
  const fragment = `#token=${opened.facilitatorToken}`;
  const localDashboardUrl = bindsAllInterfaces(options.bind) || isLoopback(options.bind) ? `http://127.0.0.1:${port}${HubPaths.dashboard}${fragment}` : undefined;
  let closing: Promise<void> | undefined;
  const joinCommand = `workshop join ${joinUrl} --code ${store.meta.code}`;
  live.setJoinCommand(joinCommand);

  return {
    meta: store.meta,
    dir,
    resumed: opened.resumed,
    port,
    joinUrl,
    joinCommand,
    dashboardUrl: `${joinUrl}${HubPaths.dashboard}${fragment}`,
    localDashboardUrl,
    kitUrl: kit ? `${joinUrl}${HubPaths.kit}` : undefined,
    otherAddresses: bindsAllInterfaces(options.bind) ? lanAddresses().filter((ip) => ip !== host) : [],
    facilitatorToken: opened.facilitatorToken,
    participants: store.participantCount,
    events: store.eventCount,
    warnings,
    app,
    store,
    live,
    ...(forwarder ? { forwarder } : {}),
    ...(followUpUrl ? { followUpUrl } : {}),
    close() {
      // Stop the live streams first: fastify waits for open connections, and SSE never ends by itself.
      closing ??= (async () => {
        live.stop();
        await app.close();
        await store.close();
        // The log is closed: every line in it may go. What cannot go now is sent on the next start.
        await forwarder?.stop({ drainMs: options.sync?.drainMs ?? 10_000, allDurable: true });
        await removeEndpoint(dir);
      })();
      return closing;
    },
  };
}

/** The profile's timetable as "the exercise the room should be on at this moment". */
export function timetableOf(timetable: Array<{ at: string; exercise: string }>, timeZone: string): ((now: number) => string | undefined) | undefined {
  if (timetable.length === 0) return undefined;
  const entries = timetable
    .map((entry) => {
      const [h, m] = entry.at.split(':').map(Number);
      return { minute: h * 60 + m, exercise: entry.exercise };
    })
    .sort((a, b) => a.minute - b.minute);
  return (now) => {
    const minute = localMinuteOfDay(now, timeZone);
    let current: string | undefined;
    for (const entry of entries) if (entry.minute <= minute) current = entry.exercise;
    return current;
  };
}

function listenError(error: unknown, options: HostOptions): unknown {
  if (isErrno(error, 'EADDRINUSE')) {
    return new UserError(`Port ${options.port} is already in use (another hub, or another program). Start with another port, e.g. --port ${options.port + 1}.`);
  }
  if (isErrno(error, 'EADDRNOTAVAIL')) {
    return new UserError(`This computer has no network address ${options.bind}. Leave out --bind to listen on every network, or pick one of: ${lanAddresses().join(', ') || '127.0.0.1'}.`);
  }
  if (isErrno(error, 'EACCES')) {
    return new UserError(`Not allowed to listen on port ${options.port} (ports below 1024 need admin rights). Use --port 4545.`);
  }
  return error;
}
