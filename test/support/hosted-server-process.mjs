#!/usr/bin/env node
// The hosted sessions as a process of their own (the built code in dist/), for the kill -9 test and
// bench/server-ingest.bench.mjs, until `workshop serve` composes them: the same composition as
// test/support/hosted-server.ts. Listens on 127.0.0.1 only. Environment:
//   HOSTED_DATABASE   the store: a folder (embedded engine) or postgres://… (required)
//   HOSTED_PROGRAMME  the programme id (created if missing)
//   HOSTED_TOKEN      a facilitator token to accept (added if missing; only its hash is stored)
//   HOSTED_PORT       the port (default: any free one)
// Prints one JSON line {url, pid} when it listens; stops on SIGTERM.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const load = (file) => import(path.join(root, 'dist', ...file.split('/')));
const { default: Fastify } = await import('fastify');
const { Store } = await load('facilitator/store/store.js');
const { HostedSessions, HostedSessionError } = await load('facilitator/server/hosted-sessions.js');
const { registerHostedSessionRoutes } = await load('facilitator/server/hosted-routes.js');
const { hashToken, bearerToken } = await load('facilitator/hub/tokens.js');
const { ROLE_RANK } = await load('src/protocol/server-api.js');
const { DEFAULT_SETTINGS } = await load('facilitator/programme/store.js');

const database = process.env.HOSTED_DATABASE;
const programmeId = process.env.HOSTED_PROGRAMME ?? 'pilot';
const token = process.env.HOSTED_TOKEN;
if (!database || !token) {
  process.stderr.write('HOSTED_DATABASE and HOSTED_TOKEN are required\n');
  process.exit(2);
}
const store = await Store.open(/^postgres(ql)?:\/\//.test(database) ? { kind: 'postgres', location: database } : { kind: 'embedded', location: path.resolve(database) });
if (!(await store.getProgramme(programmeId))) {
  await store.putProgramme({ schemaVersion: 1, id: programmeId, title: 'Pilot programme', createdAt: '2026-11-01T00:00:00.000Z', timeZone: 'Asia/Tokyo', settings: DEFAULT_SETTINGS, sessions: [] }, 'system');
}
if (!(await store.tokenByHash(hashToken(token)))) await store.addToken({ name: 'bench', role: 'facilitator', tokenHash: hashToken(token) }, 'system');

const hosted = new HostedSessions({ store, programmeId, pack: false, warn: (message) => process.stderr.write(`warning: ${message}\n`) });
let server;
const app = Fastify({
  logger: false,
  serverFactory: (handler) => {
    server = http.createServer((req, res) => {
      if (!hosted.handle(req, res)) handler(req, res);
    });
    // What fastify sets on a server it makes itself, but not on one from serverFactory: Node's 5 s
    // keep-alive would close laptops' idle connections under them (the hub keeps them 72 s).
    server.keepAliveTimeout = 72_000;
    server.requestTimeout = 30_000;
    return server;
  },
});
registerHostedSessionRoutes(app, {
  hosted,
  async authorise(request, _reply, role) {
    const given = bearerToken(request.headers.authorization);
    const found = given ? await store.tokenByHash(hashToken(given)) : undefined;
    if (!found) throw new HostedSessionError(401, 'token_required', 'this server needs a facilitator token');
    if (ROLE_RANK[found.role] < ROLE_RANK[role]) throw new HostedSessionError(403, 'forbidden', `a ${found.role} token cannot do this`);
    return found.name;
  },
});
await app.listen({ port: Number(process.env.HOSTED_PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}`, pid: process.pid })}\n`);

process.once('SIGTERM', async () => {
  await hosted.close();
  await app.close();
  await store.close();
  process.exit(0);
});
