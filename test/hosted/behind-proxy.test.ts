import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../facilitator/hub/tokens.js';
import { Store } from '../../facilitator/store/store.js';
import { type HostedTestServer, putTestProgramme, startHostedServer } from '../support/hosted-server.js';
import { call, tempDir } from '../hub/helpers.js';

/**
 * Behind a reverse proxy every laptop arrives from the proxy's address. With the proxy trusted, a
 * server-hosted date counts wrong join codes per laptop (X-Forwarded-For): one guesser is paused,
 * the rest of the room still joins.
 */
const TOKEN = `wst_${'p'.repeat(43)}`;
let tmp: { dir: string; cleanup: () => Promise<void> };
let store: Store;
let server: HostedTestServer;

beforeAll(async () => {
  tmp = await tempDir('hosted-proxy-');
  store = await Store.open({ kind: 'embedded', location: path.join(tmp.dir, 'database') });
  await putTestProgramme(store);
  await store.addToken({ name: 'Hana', role: 'facilitator', tokenHash: hashToken(TOKEN) }, 'test');
  server = await startHostedServer({ store, programmeId: 'pilot', pack: false, trustProxy: '127.0.0.1', joinGuard: { wrongCodesAllowed: 3 } });
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  await tmp?.cleanup();
});

describe('a server-hosted date behind a trusted reverse proxy', () => {
  it('pauses the laptop that guesses codes, not everyone behind the proxy', async () => {
    const created = await call(server.url, 'POST', '/v1/programmes/pilot/sessions', { token: TOKEN, body: { session: '2026-12-03' } });
    const join = (from: string, code: string, n: number) =>
      call(created.body.hubUrl, 'POST', '/v1/join', { headers: { 'x-forwarded-for': from }, body: { code, name: `P${n}`, email: `p${n}@example.com`, team: 'T' } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await join('10.1.1.1', 'ZZZZ-0000', i)).status);
    expect(statuses.at(-1)).toBe(429);
    expect((await join('10.1.1.1', created.body.code, 10)).body.error).toBe('join_locked');
    expect((await join('10.1.1.2', created.body.code, 11)).status).toBe(201);
  });
});
