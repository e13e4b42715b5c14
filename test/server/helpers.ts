import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildProgrammeServer, type ProgrammeServerOptions } from '../../facilitator/server/app.js';
import { newServerToken } from '../../facilitator/server/auth.js';
import { hashToken } from '../../facilitator/hub/tokens.js';
import type { LogLine } from '../../facilitator/hub/log-records.js';
import type { Programme } from '../../facilitator/programme/store.js';
import { Store, type StoreTarget } from '../../facilitator/store/store.js';
import type { Role } from '../../src/protocol/server-api.js';
import { type EngineKind, freshTarget } from '../support/engines.js';

/**
 * A programme server on a fresh database of one engine, listening on 127.0.0.1 (any free port), with
 * an owner token; tests add tokens of other roles with `token(role)`.
 */
export const PROGRAMME: Programme = {
  schemaVersion: 1,
  id: 'spring',
  title: 'Codex for everyone',
  createdAt: '2026-03-01T00:00:00.000Z',
  timeZone: 'Asia/Tokyo',
  settings: { windowDays: 28, regularMinWeeks: 3 },
  sessions: [],
};

export interface TestServer {
  app: FastifyInstance;
  store: Store;
  target: StoreTarget;
  url: string;
  owner: string;
  /** Adds a live token with this role (a fresh name unless given); returns the token. */
  token(role: Role, name?: string): Promise<string>;
  /** fetch against the server, with a token when given. */
  call(path: string, init?: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

let names = 0;

export async function startTestServer(kind: EngineKind, options: Partial<ProgrammeServerOptions> & { programme?: Programme; target?: StoreTarget } = {}): Promise<TestServer> {
  const target = options.target ?? (await freshTarget(kind));
  const store = await Store.open(target);
  const programme = options.programme ?? PROGRAMME;
  if (!(await store.getProgramme(programme.id))) await store.putProgramme(programme, 'test');
  const owner = newServerToken();
  await store.addToken({ name: `owner-${(names += 1)}`, role: 'owner', tokenHash: hashToken(owner) }, 'test');
  const app = await buildProgrammeServer({ store, programmeId: programme.id, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    store,
    target,
    url,
    owner,
    async token(role, name) {
      const token = newServerToken();
      await store.addToken({ name: name ?? `${role}-${(names += 1)}`, role, tokenHash: hashToken(token) }, 'test');
      return token;
    },
    call(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token) headers.Authorization = `Bearer ${init.token}`;
      if (init.body !== undefined) headers['Content-Type'] = 'application/json';
      return fetch(`${url}${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}) });
    },
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/** A hub activity line of the synthetic programme fixture (test/programme/fixtures). */
export type HubActivity = { kind: 'join'; at: string; email: string; name: string; team: string } | { kind: 'event'; email: string; received: string; event: Record<string, unknown> & { id: string } };

/** The log lines a date's hub would have written for this activity (what a venue's outbox sends the server). */
export function hubLines(activity: HubActivity[]): LogLine[] {
  const ids = new Map<string, string>();
  let seq = 0;
  return activity.map((line): LogLine => {
    seq += 1;
    if (line.kind === 'join') {
      const id = `p_${randomBytes(6).toString('base64url')}`;
      ids.set(line.email, id);
      return { kind: 'join', seq, at: line.at, participant: { id, name: line.name, email: line.email, team: line.team }, tokenHash: hashToken(`wsp_${randomBytes(32).toString('base64url')}`) };
    }
    const participantId = ids.get(line.email);
    if (!participantId) throw new Error(`fixture: ${line.email} sends an event before joining`);
    return { kind: 'event', seq, receivedAt: line.received, participantId, event: line.event } as LogLine;
  });
}

export function sessionMeta(id: string, startsAt: string) {
  return { schemaVersion: 1 as const, id, title: `Session ${id}`, programmeId: PROGRAMME.id, startsAt, createdAt: startsAt, code: 'ABCD-1234' };
}

/** Every row of every table of the database, as text (to prove a secret is in none of them). */
export async function everyRow(store: Store): Promise<string> {
  const tables = await store.db.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
  let all = '';
  for (const { table_name } of tables) {
    const rows = await store.db.query<{ row: string }>(`select t::text as row from "${table_name}" t`);
    all += rows.map((r) => r.row).join('\n');
  }
  return all;
}

export interface RunningServe {
  info: Record<string, unknown> & { url: string };
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `workshop serve … --json` as an operator starts it: the one JSON line when ready, then SIGTERM. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<RunningServe> {
  const { spawn } = await import('node:child_process');
  const { workshopBin } = await import('../support/run-workshop.js');
  const child = spawn(process.execPath, [workshopBin, 'serve', ...args, '--port', '0', '--json'], { env: { ...process.env, NO_COLOR: '1', CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.split('\n')[0]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${err}`));
    });
  });
  return {
    info: JSON.parse(line),
    stdout: () => out,
    stderr: () => err,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.on('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
