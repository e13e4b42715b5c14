import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponse } from '../../src/protocol/server-api.js';
import { ENGINES, cleanupTargets, engineAvailable } from '../support/engines.js';
import { PROGRAMME, type TestServer, startTestServer } from './helpers.js';

/**
 * Who may do what on the programme server: owner > facilitator > viewer, 401 without a live token,
 * 403 for a role too low, and every change recorded under the token's name.
 */
afterAll(cleanupTargets);

const ROSTER = 'email,name,team\naiko@example.com,Aiko Tanaka,Sales\n';

describe.each(ENGINES)('roles and tokens on the %s engine', (kind) => {
  let server: TestServer;
  let viewer: string;
  let facilitator: string;

  beforeAll(async () => {
    if (!engineAvailable(kind)) return;
    server = await startTestServer(kind, { authLimits: { badTokenBurst: 1000, badTokensPerSecond: 1000 } });
    viewer = await server.token('viewer', 'Manager Sales');
    facilitator = await server.token('facilitator', 'Ken');
  });
  afterAll(async () => server?.close());

  it.skipIf(!engineAvailable(kind))('answers /healthz without a token, with no personal data', async () => {
    const response = await server.call('/healthz');
    expect(response.status).toBe(200);
    const body = HealthResponse.parse(await response.json());
    expect(body).toEqual({ ok: true, service: 'codex-workshop-server', protocol: 1, engine: kind, schemaVersion: expect.any(Number), programme: PROGRAMME.id });
  });

  it.skipIf(!engineAvailable(kind))('refuses a request without a token, with an unknown one, or with a malformed header: 401 with a reason', async () => {
    const none = await server.call(`/v1/programmes/${PROGRAMME.id}/report`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'token_required', reason: expect.stringContaining('Authorization: Bearer') });
    const unknown = await server.call(`/v1/programmes/${PROGRAMME.id}/report`, { token: `wst_${'x'.repeat(43)}` });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: 'unknown_token' });
    const basic = await server.call('/v1/whoami', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
  });

  it.skipIf(!engineAvailable(kind))('tells each token its name and role', async () => {
    expect(await (await server.call('/v1/whoami', { token: viewer })).json()).toEqual({ name: 'Manager Sales', role: 'viewer', programme: PROGRAMME.id });
    expect(await (await server.call('/v1/whoami', { token: facilitator })).json()).toEqual({ name: 'Ken', role: 'facilitator', programme: PROGRAMME.id });
  });

  it.skipIf(!engineAvailable(kind))('lets a viewer read the report but not upload a roster or usage (403, nothing changed)', async () => {
    expect((await server.call(`/v1/programmes/${PROGRAMME.id}/report?format=json`, { token: viewer })).status).toBe(200);
    const roster = await server.call(`/v1/programmes/${PROGRAMME.id}/roster`, { method: 'POST', token: viewer, body: { csv: ROSTER, file: 'r.csv' } });
    expect(roster.status).toBe(403);
    expect(await roster.json()).toEqual({ error: 'role_too_low', reason: 'the token "Manager Sales" has the role viewer; this needs facilitator or above' });
    const usage = await server.call(`/v1/programmes/${PROGRAMME.id}/usage`, { method: 'POST', token: viewer, body: { text: 'date,email,requests\n2026-03-04,aiko@example.com,3\n', file: 'u.csv' } });
    expect(usage.status).toBe(403);
    expect((await server.store.getRoster(PROGRAMME.id)).people).toEqual([]);
    expect((await server.store.getUsage(PROGRAMME.id)).days).toEqual([]);
  });

  it.skipIf(!engineAvailable(kind))('lets a facilitator upload, recording the change under its token name, but not manage tokens', async () => {
    const response = await server.call(`/v1/programmes/${PROGRAMME.id}/roster`, { method: 'POST', token: facilitator, body: { csv: ROSTER, file: '/home/ken/Desktop/people.csv' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ programme: PROGRAMME.id, file: 'people.csv', people: 1, added: 1 });
    expect((await server.store.changes(PROGRAMME.id))[0]).toMatchObject({ actor: 'Ken', action: 'roster.import' });
    expect((await server.call('/v1/tokens', { token: facilitator })).status).toBe(403);
    expect((await server.call('/v1/tokens', { method: 'POST', token: facilitator, body: { name: 'x', role: 'owner' } })).status).toBe(403);
  });

  it.skipIf(!engineAvailable(kind))('lets the owner add, list and revoke tokens; a revoked token is refused at its next request', async () => {
    const added = await server.call('/v1/tokens', { method: 'POST', token: server.owner, body: { name: 'Temp', role: 'viewer' } });
    expect(added.status).toBe(201);
    const { token } = (await added.json()) as { token: string };
    expect(token).toMatch(/^wst_[A-Za-z0-9_-]{43}$/);
    expect((await server.call('/v1/whoami', { token })).status).toBe(200);

    const list = (await (await server.call('/v1/tokens', { token: server.owner })).json()) as { tokens: Array<Record<string, unknown>> };
    expect(list.tokens.find((t) => t.name === 'Temp')).toMatchObject({ role: 'viewer', createdBy: expect.stringMatching(/^owner-/) });
    expect(JSON.stringify(list)).not.toMatch(/wst_|[0-9a-f]{64}/);

    expect((await server.call('/v1/tokens', { method: 'POST', token: server.owner, body: { name: 'Temp', role: 'viewer' } })).status).toBe(409);
    const revoked = await server.call('/v1/tokens/Temp', { method: 'DELETE', token: server.owner });
    expect(await revoked.json()).toEqual({ name: 'Temp', revoked: true });
    const after = await server.call('/v1/whoami', { token });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: 'unknown_token' });
    expect((await server.call('/v1/tokens/Temp', { method: 'DELETE', token: server.owner })).status).toBe(404);
    expect((await server.store.changes()).slice(0, 2).map((c) => [c.actor, c.action])).toEqual([
      [expect.stringMatching(/^owner-/), 'token.revoke'],
      [expect.stringMatching(/^owner-/), 'token.add'],
    ]);
  });

  it.skipIf(!engineAvailable(kind))('refuses to revoke the last live owner token (nobody could manage tokens any more)', async () => {
    const [owner] = (await server.store.listTokens()).filter((t) => t.role === 'owner' && !t.revokedAt);
    const response = await server.call(`/v1/tokens/${encodeURIComponent(owner.name)}`, { method: 'DELETE', token: server.owner });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: 'last_owner' });
    expect((await server.call('/v1/whoami', { token: server.owner })).status).toBe(200);
  });

  it.skipIf(!engineAvailable(kind))('says which programme it holds when asked about another', async () => {
    const response = await server.call('/v1/programmes/autumn/report', { token: viewer });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'unknown_programme', reason: `this server holds the programme "${PROGRAMME.id}", not "autumn"` });
  });

  it.skipIf(!engineAvailable(kind))('never reads an upload from someone without a token (401 before the body, not 413 after it)', async () => {
    const big = JSON.stringify({ csv: 'x'.repeat(2 * 1024 * 1024), file: 'big.csv' });
    const response = await server.call(`/v1/programmes/${PROGRAMME.id}/roster`, { method: 'POST', body: big });
    expect(response.status).toBe(401);
  });

  it.skipIf(!engineAvailable(kind))('answers bad bodies with 400 and a reason, never a stack trace', async () => {
    const bad = await server.call(`/v1/programmes/${PROGRAMME.id}/roster`, { method: 'POST', token: facilitator, body: '{"csv": ' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_json' });
    const wrong = await server.call(`/v1/programmes/${PROGRAMME.id}/roster`, { method: 'POST', token: facilitator, body: { csv: 'email,name,team\nnot-an-email,X,Y\n', file: 'r.csv' } });
    expect(wrong.status).toBe(400);
    const body = (await wrong.json()) as { error: string; reason: string };
    expect(body.error).toBe('rejected');
    expect(body.reason).toContain('line 2');
    expect(body.reason).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});

describe.each(ENGINES)('failed authentication on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('is rate-limited per address: 429 with Retry-After once the burst is spent, and a good token still works', async () => {
    const server = await startTestServer(kind, { authLimits: { badTokenBurst: 3, badTokensPerSecond: 0.01 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await server.call('/v1/whoami', { token: `wst_${'y'.repeat(43)}` })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const limited = await server.call('/v1/whoami');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await server.call('/v1/whoami', { token: server.owner })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
