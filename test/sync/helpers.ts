import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { hashToken } from '../../facilitator/hub/tokens.js';
import type { Programme } from '../../facilitator/programme/store.js';
import type { ParticipantRoutesOptions } from '../../facilitator/server/participant-routes.js';
import { buildProgrammeServer } from '../../facilitator/server/app.js';
import { followUpPlugins } from '../../facilitator/server/follow-up-plugins.js';
import { Store, type StoreTarget } from '../../facilitator/store/store.js';
import type { ParticipantEvent } from '../../src/protocol/events.js';
import type { LogLine } from '../../src/protocol/session-log.js';
import { type SessionMeta, createOrResumeSession } from '../../facilitator/hub/session-meta.js';
import { sessionDir } from '../../facilitator/hub/session-dir.js';
import { SessionStore } from '../../facilitator/hub/store.js';

/**
 * A programme server for the sync tests: the real `buildProgrammeServer` with the plugins `workshop
 * serve` adds for venue hubs and participants after the session (`followUpPlugins`).
 */
export const PROGRAMME_ID = 'spring';

export function testProgramme(id = PROGRAMME_ID): Programme {
  return { schemaVersion: 1, id, title: 'Spring programme', createdAt: '2026-03-01T00:00:00.000Z', timeZone: 'UTC', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] };
}

export function newServerToken(): string {
  return `wst_${randomBytes(32).toString('base64url')}`;
}

export interface TestServer {
  url: string;
  port: number;
  store: Store;
  /** A facilitator token named "venue". */
  token: string;
  viewerToken: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startTestServer(target: StoreTarget, options: { port?: number; store?: Store; participant?: Partial<ParticipantRoutesOptions> } = {}): Promise<TestServer> {
  const store = options.store ?? (await Store.open(target));
  if (!(await store.getProgramme(PROGRAMME_ID))) await store.putProgramme(testProgramme(), 'cli:test');
  const token = newServerToken();
  const viewerToken = newServerToken();
  const suffix = randomBytes(3).toString('hex');
  await store.addToken({ name: `venue-${suffix}`, role: 'facilitator', tokenHash: hashToken(token) }, 'cli:test');
  await store.addToken({ name: `manager-${suffix}`, role: 'viewer', tokenHash: hashToken(viewerToken) }, 'cli:test');
  // The programme server as `workshop serve` composes it (its auth, its error answers) with the plugins of this feature.
  const app = await buildProgrammeServer({ store, programmeId: PROGRAMME_ID, plugins: followUpPlugins(options.participant) });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const port = (app.server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    token,
    viewerToken,
    app,
    async close() {
      await app.close();
      if (!options.store) await store.close();
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A TCP relay on a fixed port to the server: closed, the address is unreachable (nothing listens
 * there); open, it forwards. One venue's network to the server, switched off and on.
 */
export async function switchableLink(targetPort: number): Promise<{ url: string; up(): Promise<void>; down(): Promise<void> }> {
  const port = await freePort();
  let server: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  return {
    url: `http://127.0.0.1:${port}`,
    async up() {
      if (server) return;
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, '127.0.0.1');
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    },
    async down() {
      const closing = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Session facts as a venue hub's session.json has them. */
export function venueMeta(id: string, overrides: Partial<SessionMeta> = {}): SessionMeta {
  return { schemaVersion: 1, id, title: `Date ${id}`, programmeId: PROGRAMME_ID, createdAt: '2026-03-05T08:00:00.000Z', code: 'ABCD-1234', ...overrides };
}

/** Log lines as a venue hub writes them: `people` joins (with the tokens they were given), then `eventsEach` events each. */
export function venueLines(people: number, eventsEach: number, options: { firstSeq?: number; prefix?: string } = {}): { lines: LogLine[]; tokens: Map<string, string> } {
  let seq = (options.firstSeq ?? 1) - 1;
  const lines: LogLine[] = [];
  const tokens = new Map<string, string>();
  const prefix = options.prefix ?? 'p';
  for (let i = 0; i < people; i += 1) {
    const id = `${prefix}_${i}`;
    const token = `wsp_${randomBytes(32).toString('base64url')}`;
    tokens.set(id, token);
    lines.push({ kind: 'join', seq: (seq += 1), at: '2026-03-05T09:00:00.000Z', participant: { id, name: `Person ${i}`, email: `${id}@example.com`, team: 'Sales' }, tokenHash: hashToken(token) });
  }
  for (let e = 0; e < eventsEach; e += 1) {
    for (let i = 0; i < people; i += 1) {
      lines.push({ kind: 'event', seq: (seq += 1), receivedAt: '2026-03-05T09:10:00.000Z', participantId: `${prefix}_${i}`, event: hintEvent(`${prefix}-${i}-${e}`) });
    }
  }
  return { lines, tokens };
}

/** A small participant event whose id (a UUID) is derived from `key`: the same key, the same event. */
export function hintEvent(key: string, ts = '2026-03-05T09:05:00.000Z'): ParticipantEvent {
  return { id: uuidOf(key), ts, type: 'hint.shown', exerciseId: '01-first-steps', hintIndex: 0 };
}

export function uuidOf(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A venue hub's session folder with its real store (the code `workshop host` writes through). */
export async function openVenueSession(dataDir: string, sessionId: string): Promise<{ dir: string; store: SessionStore; meta: SessionMeta }> {
  const dir = sessionDir(dataDir, sessionId, PROGRAMME_ID);
  const opened = await createOrResumeSession(dir, { id: sessionId, programmeId: PROGRAMME_ID, title: `Date ${sessionId}` });
  const { store } = await SessionStore.open(dir);
  return { dir, store, meta: opened.meta };
}

/** `people` join the venue store, then each sends `eventsEach` events; their tokens by participant id. */
export async function fillVenue(store: SessionStore, people: number, eventsEach: number, prefix = 'x'): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (let i = 0; i < people; i += 1) {
    const joined = await store.join({ name: `Person ${prefix}${i}`, email: `${prefix}${i}@example.com`, team: 'Sales' });
    tokens.set(joined.participantId, joined.token);
  }
  for (const id of tokens.keys()) {
    const events = Array.from({ length: eventsEach }, (_, e) => hintEvent(`${store.meta.id}-${id}-${e}`));
    for (let i = 0; i < events.length; i += 200) await store.appendEvents(id, events.slice(i, i + 200));
  }
  return tokens;
}
