import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { UsageError } from '../../src/core/errors.js';
import { kitVersion, packageRoot } from '../../src/core/paths.js';
import { type CreateSessionRequest, type CreateSessionResponse, ServerPaths } from '../../src/protocol/server-api.js';
import { DbSessionLog } from '../hub/db-session-log.js';
import { LiveSession } from '../hub/live.js';
import type { JoinGuardOptions } from '../hub/join-guard.js';
import { loadPackFacts } from '../hub/pack-facts-loader.js';
import { type HubLimits, buildHubServer } from '../hub/server.js';
import { isValidFolderId } from '../hub/session-dir.js';
import type { ParticipantLimits } from '../hub/session-limits.js';
import { SESSION_SCHEMA_VERSION, type SessionMeta } from '../hub/session-meta.js';
import { SessionStore } from '../hub/store.js';
import { hashToken, newFacilitatorToken, newSessionCode, sameHash } from '../hub/tokens.js';
import { planProgrammeSession } from '../programme/host-session.js';
import { rosterLive } from '../programme/roster-live.js';
import type { PackFacts } from '../summary/pack-facts.js';
import type { Actor, Store } from '../store/store.js';

/**
 * Dates hosted on the programme server (`workshop host --server URL --session DATE`): one live hub
 * per date, each the laptop's own hub (buildHubServer: the same protocol, dashboard, limits and join
 * guard) over a SessionStore whose log is the database (db-session-log.ts). The hubs do not listen:
 * the server hands them every request under `/s/<session id>/`, prefix stripped, through fastify's
 * own router (`app.routing`), so `workshop join <server>/s/<date> CODE` talks to it exactly as to a
 * laptop at a venue.
 *
 * A date's hub opens on its first request (after a restart too): nothing is held for dates nobody
 * uses, and a server with a year of dates starts at once.
 *
 * The date's dashboard: a facilitator key per date (`wsf_…`), of which only the SHA-256 is kept
 * (hub_sessions.facilitator_token_hash). The server cannot show a key it does not keep, so each
 * `host --server` issues a new one and the previous dashboard link stops working: one live link per
 * date, and a link that leaked is revoked by running the command again.
 */
export interface HostedSessionsOptions {
  store: Store;
  programmeId: string;
  /**
   * The address participants reach this server at (behind a reverse proxy, its https:// address); a
   * function when it is known only once the server listens. Default: what the request's Host says.
   */
  publicUrl?: string | (() => string);
  /** Expected minutes for an exercise the pack gives none for (a profile's `stuckAfterMinutes`). */
  stuckAfterMinutes?: number;
  /** The exercise pack participants use (default: the shipped one); `false`: none (tests). */
  pack?: PackFacts | string | false;
  dashboardDir?: string;
  limits?: Partial<HubLimits>;
  participantLimits?: Partial<ParticipantLimits>;
  joinGuard?: Partial<JoinGuardOptions>;
  /**
   * The reverse proxy in front of the server (fastify's `trustProxy`: an address, a list, or true):
   * each date's rate limits and join-code lockout then count laptops by X-Forwarded-For, not the
   * proxy. Without it, everyone comes from the proxy's address, and ten wrong codes would pause
   * joining for the whole room.
   */
  trustProxy?: boolean | string | string[];
  /** Warnings for the server's log (skipped lines, save failures, join-code guessing). */
  warn?: (message: string) => void;
  clock?: () => Date;
  pushIntervalMs?: number;
}

/** A refusal of the creation route, as the protocol's `{error, reason}`. */
export class HostedSessionError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'HostedSessionError';
  }
}

interface HostedHub {
  meta: SessionMeta;
  app: FastifyInstance;
  store: SessionStore;
  live: LiveSession;
  /** SHA-256 of the date's current dashboard key (replaced by each `host --server`). */
  tokenHash: string;
  close(): Promise<void>;
}

const PREFIX = `${ServerPaths.hostedPrefix}/`;

export class HostedSessions {
  readonly #options: HostedSessionsOptions;
  readonly #store: Store;
  readonly #hubs = new Map<string, Promise<HostedHub | undefined>>();
  /** Hubs being closed (a rename reopens one): the next open of that date waits, so two never write at once. */
  readonly #closing = new Map<string, Promise<void>>();
  #pack: Promise<PackFacts | undefined> | undefined;
  #lastBaseUrl: string | undefined;
  #closed = false;

  constructor(options: HostedSessionsOptions) {
    this.#options = options;
    this.#store = options.store;
  }

  get programmeId(): string {
    return this.#options.programmeId;
  }

  /**
   * For the programme server: a request under `/s/<session id>/` goes to that date's hub; true when
   * it was taken (answered, or being answered), false for any other path.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    if (!url.startsWith(PREFIX)) return false;
    const match = /^([^/?#]*)(.*)$/s.exec(url.slice(PREFIX.length))!;
    let id: string;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      id = '';
    }
    const rest = match[2].startsWith('/') ? match[2] : `/${match[2]}`;
    void this.#dispatch(id, rest, req, res);
    return true;
  }

  async #dispatch(id: string, rest: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let hub: HostedHub | undefined;
    try {
      hub = isValidFolderId(id) ? await this.#hub(id, baseUrlOf(req)) : undefined;
    } catch (error) {
      this.#warn(`could not open the hosted session ${id}: ${(error as Error).message}`);
      return sendJson(res, 503, { error: 'storage_unavailable', reason: 'the server could not open this session right now; your events stay on your laptop and will be sent again' }, { 'Retry-After': '30' });
    }
    if (!hub) {
      return sendJson(res, 404, { error: 'not_found', reason: `no session "${id}" is hosted on this server: check the address the facilitator gave (it ends in /s/<session>)` });
    }
    req.url = rest;
    hub.app.routing(req, res);
  }

  /**
   * Creates a date on this server, or resumes it (same code; a new --title renames it), with a new
   * dashboard key. The id, start and title are planned as `workshop host --programme` plans them,
   * and the date is registered in the programme's plan under its row lock.
   */
  async create(input: CreateSessionRequest, context: { actor: Actor; baseUrl: string; now?: Date }): Promise<CreateSessionResponse> {
    const { programmeId } = this.#options;
    const now = context.now ?? this.#options.clock?.() ?? new Date();
    const programme = await this.#store.getProgramme(programmeId);
    if (!programme) throw new HostedSessionError(404, 'programme_not_found', `this server holds no programme "${programmeId}"`);
    const wanted = { session: input.session, starts: input.starts, title: input.title, now };
    let planned: ReturnType<typeof planProgrammeSession>;
    try {
      planned = planProgrammeSession(programme, wanted);
    } catch (error) {
      if (error instanceof UsageError) throw new HostedSessionError(400, 'invalid_request', error.message);
      throw error;
    }
    const sessionId = planned.sessionId;
    const existing = await this.#store.getSession(programmeId, sessionId);
    if (existing?.hosted === 'venue') throw venueError(sessionId);
    // Planned again under the programme's row lock: a date another facilitator added meanwhile stays.
    await this.#store.updateProgramme(programmeId, context.actor, 'programme.date', (current) => {
      planned = planProgrammeSession(current, wanted);
      return planned.programme;
    });
    const token = newFacilitatorToken();
    const fresh: SessionMeta = {
      schemaVersion: SESSION_SCHEMA_VERSION,
      id: sessionId,
      title: planned.title ?? planned.registered.title ?? `Codex workshop ${sessionId}`,
      programmeId,
      startsAt: planned.startsAt,
      createdAt: now.toISOString(),
      code: newSessionCode(),
    };
    const hosted = await this.#store.hostSession(programmeId, fresh, planned.title, hashToken(token), context.actor);
    if (!hosted) throw venueError(sessionId);
    const baseUrl = this.#publicUrl() ?? context.baseUrl;
    this.#lastBaseUrl = baseUrl;
    await this.#refresh(sessionId, hosted.meta, hashToken(token));
    const hubUrl = `${trimSlash(baseUrl)}${PREFIX}${encodeURIComponent(sessionId)}`;
    return { session: sessionId, code: hosted.meta.code, hubUrl, dashboardUrl: `${hubUrl}/dashboard#token=${token}`, resumed: hosted.resumed };
  }

  /** Stops every date's hub: streams end, writes in flight are committed first. */
  async close(): Promise<void> {
    this.#closed = true;
    const hubs = [...this.#hubs.values()];
    this.#hubs.clear();
    await Promise.all(hubs.map(async (pending) => (await pending.catch(() => undefined))?.close()));
    await Promise.all(this.#closing.values());
  }

  /** The live hub of a date, if it is open (tests, the server's status). */
  async openHub(sessionId: string): Promise<{ store: SessionStore; live: LiveSession } | undefined> {
    return this.#hubs.get(sessionId)?.catch(() => undefined);
  }

  /** A live hub learns its new key; a renamed date is reopened so every view shows the new title. */
  async #refresh(sessionId: string, meta: SessionMeta, tokenHash: string): Promise<void> {
    const pending = this.#hubs.get(sessionId);
    if (!pending) return;
    const hub = await pending.catch(() => undefined);
    if (!hub) return;
    hub.tokenHash = tokenHash;
    if (hub.meta.title !== meta.title && this.#hubs.get(sessionId) === pending) {
      this.#hubs.delete(sessionId);
      const closing = hub.close().finally(() => this.#closing.delete(sessionId));
      this.#closing.set(sessionId, closing);
      await closing;
    }
  }

  #hub(sessionId: string, baseUrl: string): Promise<HostedHub | undefined> {
    if (this.#closed) return Promise.reject(new Error('the server is stopping'));
    let pending = this.#hubs.get(sessionId);
    if (!pending) {
      pending = this.#open(sessionId, baseUrl);
      this.#hubs.set(sessionId, pending);
      // A date that is not (yet) hosted here, or could not be opened, is looked up again next time.
      pending.then(
        (hub) => {
          if (!hub && this.#hubs.get(sessionId) === pending) this.#hubs.delete(sessionId);
        },
        () => {
          if (this.#hubs.get(sessionId) === pending) this.#hubs.delete(sessionId);
        },
      );
    }
    return pending;
  }

  async #open(sessionId: string, baseUrl: string): Promise<HostedHub | undefined> {
    await this.#closing.get(sessionId);
    const { programmeId } = this.#options;
    const row = await this.#store.getSession(programmeId, sessionId);
    if (!row || row.hosted !== 'server') return undefined;
    const options = this.#options;
    const warn = (message: string) => this.#warn(`session ${sessionId}: ${message}`);
    const pack = await this.#packFacts();
    let store: SessionStore | undefined;
    const live = new LiveSession(row.meta, {
      stuckAfterMinutes: options.stuckAfterMinutes ?? 10,
      pack,
      pendingCode: (id) => store?.pendingCode(id),
      clock: options.clock ? () => options.clock!().getTime() : undefined,
      ...(options.pushIntervalMs ? { pushIntervalMs: options.pushIntervalMs } : {}),
    });
    const opened = await SessionStore.openLog(row.meta, new DbSessionLog(this.#store, programmeId, sessionId), {
      clock: options.clock,
      ...(options.participantLimits ? { limits: options.participantLimits } : {}),
      onRecord: (record) => live.ingest([record]),
    });
    store = opened.store;
    for (const warning of opened.warnings) warn(warning);
    store.subscribe((fresh) => live.ingest(fresh));
    // Issue 11: the roster's names and teams on the cards, walk-ins marked, who is invited but not here yet.
    const people = await this.#store.getRoster(programmeId).then((r) => r.people, () => []);
    const roster = rosterLive(people, sessionId);
    live.decorateCards((cards) => roster.decorate(cards));
    live.listNotJoined(() => (people.length > 0 ? roster.notJoined(store!.emails()) : undefined));

    const hub: HostedHub = {
      meta: row.meta,
      store,
      live,
      tokenHash: row.facilitatorTokenHash ?? '',
      app: undefined as unknown as FastifyInstance,
      close: async () => {
        live.stop();
        await hub.app.close();
        await store!.close();
      },
    };
    try {
      hub.app = await buildHubServer({
        store,
        live,
        // No key stored (a date created by another tool): nobody opens its dashboard until `host --server` issues one.
        isFacilitator: (token) => hub.tokenHash !== '' && sameHash(hashToken(token), hub.tokenHash),
        kitVersion: kitVersion(),
        dashboardDir: options.dashboardDir ?? path.join(packageRoot(), 'dist', 'facilitator', 'dashboard'),
        limits: options.limits,
        onStorageError: (error) => warn(`could not save participants' events: ${error.message} (their laptops keep them and will send them again)`),
        ...(options.joinGuard ? { joinGuard: options.joinGuard } : {}),
        onWrongCode: (address, outcome) => {
          if (outcome.lockedNow) warn(`${address} sent ${outcome.recent} wrong join codes: joins from that address are paused`);
          else if (outcome.first || outcome.recent % 5 === 0) warn(`wrong join code from ${address} (${outcome.recent} recently)`);
        },
        onStreamDropped: (bytes) => warn(`a dashboard stopped reading its live stream (${Math.round(bytes / 1024)} KiB waiting); it was disconnected`),
        ...(people.length > 0 ? { roster } : {}),
        ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
      });
      await hub.app.ready();
    } catch (error) {
      await store.close();
      throw error;
    }
    live.start();
    const hubUrl = `${trimSlash(this.#publicUrl() ?? this.#lastBaseUrl ?? baseUrl)}${PREFIX}${encodeURIComponent(sessionId)}`;
    live.setJoinCommand(`workshop join ${hubUrl} --code ${row.meta.code}`);
    return hub;
  }

  #publicUrl(): string | undefined {
    const { publicUrl } = this.#options;
    return typeof publicUrl === 'function' ? publicUrl() : publicUrl;
  }

  #packFacts(): Promise<PackFacts | undefined> {
    const { pack } = this.#options;
    if (pack === false) return Promise.resolve(undefined);
    if (typeof pack === 'object') return Promise.resolve(pack);
    this.#pack ??= loadPackFacts(pack, (message) => this.#warn(message));
    return this.#pack;
  }

  #warn(message: string): void {
    this.#options.warn?.(message);
  }
}

function venueError(sessionId: string): HostedSessionError {
  return new HostedSessionError(409, 'hosted_at_venue', `session ${sessionId} is hosted on a laptop at its venue (it syncs here); host it there, or choose another --session`);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The address a request came to (no proxy headers: those are trusted only through `publicUrl`). */
function baseUrlOf(req: IncomingMessage): string {
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(text);
}
