import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../facilitator/hub/host.js';
import { readSession } from '../../facilitator/hub/store.js';
import { call, doctorEvent, event, joinAs, tempDir, testHub } from './helpers.js';

let data: { dir: string; cleanup: () => Promise<void> };
let hub: RunningHub;

beforeEach(async () => {
  data = await tempDir();
  hub = await testHub(data.dir);
});

afterEach(async () => {
  await hub.close();
  await data.cleanup();
});

describe('joining a session', () => {
  it('gives a participant with the right code an id and a token', async () => {
    const answer = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: hub.meta.code, name: 'Aiko Tanaka', email: 'Aiko@Example.com', team: 'Finance' } });
    expect(answer.status).toBe(201);
    expect(answer.body.protocol).toBe(1);
    expect(answer.body.participantId).toMatch(/^p_/);
    expect(answer.body.token).toMatch(/^wsp_/);
    expect(answer.body.rejoined).toBe(false);
    expect(answer.body.session).toEqual({ id: 'test-session', title: 'Test session' });
    const stored = await readSession(hub.dir);
    expect(stored.participants).toMatchObject([{ id: answer.body.participantId, name: 'Aiko Tanaka', email: 'aiko@example.com', team: 'Finance' }]);
  });

  it('accepts the code as people type it from the screen (lower case, no dash, spaces)', async () => {
    const typed = ` ${hub.meta.code.replace('-', ' ').toLowerCase()} `;
    const answer = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: typed, name: 'Ben', email: 'ben@example.com', team: 'Ops' } });
    expect(answer.status).toBe(201);
  });

  it('refuses a wrong code with a reason, and locks out someone guessing codes (issue 12: the right code too)', async () => {
    const wrong = hub.meta.code === 'AAAA-0000' ? 'BBBB-0000' : 'AAAA-0000';
    const first = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: wrong, name: 'Eve', email: 'eve@example.com', team: 'X' } });
    expect(first.status).toBe(403);
    expect(first.body).toEqual({ error: 'wrong_code', reason: expect.stringMatching(/code on the screen/) });
    let last = first;
    for (let i = 0; i < 21; i += 1) last = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: wrong, name: 'Eve', email: 'eve@example.com', team: 'X' } });
    expect(last.status).toBe(429);
    expect(last.body.error).toBe('join_locked');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    const right = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: hub.meta.code, name: 'Eve', email: 'eve@example.com', team: 'X' } });
    expect(right.status).toBe(429);
    expect((await readSession(hub.dir)).participants).toHaveLength(0);
  });

  it('answers a join without an email with 400 naming the field', async () => {
    const answer = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: hub.meta.code, name: 'No Mail', team: 'Ops' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_request');
    expect(answer.body.reason).toMatch(/^email: /);
  });

  it('refuses names with control characters (they would break the CSV report)', async () => {
    const answer = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: hub.meta.code, name: 'Line\nbreak', email: 'lb@example.com', team: 'Ops' } });
    expect(answer.status).toBe(400);
    expect(answer.body.reason).toMatch(/name: must be one line/);
  });

  it('keeps the same participant when the same laptop joins again (it proves it with its token), and both tokens work', async () => {
    const first = await joinAs(hub, 'Carla', 'carla@example.com', 'HR');
    const again = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: hub.meta.code, name: 'Carla M.', email: 'CARLA@example.com', team: 'People', proof: first.token } });
    expect(again.status).toBe(200);
    expect(again.body.rejoined).toBe(true);
    expect(again.body.participantId).toBe(first.participantId);
    expect(again.body.token).not.toBe(first.token);
    for (const token of [first.token, again.body.token]) {
      const posted = await call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events: [doctorEvent(true)] } });
      expect(posted.status).toBe(200);
    }
    const state = await call(hub.joinUrl, 'GET', '/v1/facilitator/state', { token: hub.facilitatorToken });
    expect(state.body.cards).toHaveLength(1);
    expect(state.body.cards[0]).toMatchObject({ name: 'Carla M.', team: 'People' });
  });
});

describe('posting events', () => {
  it('acknowledges events only after they are in the session log, and counts a resend as duplicates', async () => {
    const { token, participantId } = await joinAs(hub, 'Dana', 'dana@example.com');
    const events = [doctorEvent(false, [['codex.installed', 'codex_not_found']]), event({ type: 'exercise.setup', exerciseId: 'first-file' })];
    const answer = await call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ protocol: 1, accepted: 2, duplicates: 0 });
    const log = await readFile(path.join(hub.dir, 'log.jsonl'), 'utf8');
    for (const e of events) expect(log).toContain(e.id);

    const resend = await call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events } });
    expect(resend.body).toEqual({ protocol: 1, accepted: 0, duplicates: 2 });
    const stored = await readSession(hub.dir);
    expect(stored.events.map((r) => r.event.id)).toEqual(events.map((e) => e.id));
    expect(stored.events.every((r) => r.participantId === participantId)).toBe(true);
  });

  it('refuses events without a token, or with a token this hub never issued', async () => {
    const body = { events: [doctorEvent(true)] };
    const none = await call(hub.joinUrl, 'POST', '/v1/events', { body });
    expect(none.status).toBe(401);
    expect(none.body.reason).toMatch(/workshop join/);
    const forged = await call(hub.joinUrl, 'POST', '/v1/events', { token: 'wsp_' + 'x'.repeat(43), body });
    expect(forged.status).toBe(401);
    expect((await readSession(hub.dir)).events).toHaveLength(0);
  });

  it("files events under the sender's own id: nobody can write as another participant", async () => {
    const alice = await joinAs(hub, 'Alice', 'alice@example.com');
    const mallory = await joinAs(hub, 'Mallory', 'mallory@example.com');
    const raised = event({ type: 'hand.raised', message: 'help' });
    const claimed = await call(hub.joinUrl, 'POST', '/v1/events', { token: mallory.token, body: { participantId: alice.participantId, events: [raised] } });
    expect(claimed.status).toBe(400);
    expect(claimed.body.reason).toMatch(/participantId/);
    const aliceEvent = event({ type: 'exercise.setup', exerciseId: 'first-file' });
    await call(hub.joinUrl, 'POST', '/v1/events', { token: alice.token, body: { events: [aliceEvent] } });
    // Replaying Alice's event id with Mallory's token records it as Mallory's, never Alice's.
    const replay = await call(hub.joinUrl, 'POST', '/v1/events', { token: mallory.token, body: { events: [raised, aliceEvent] } });
    expect(replay.body.accepted).toBe(2);
    const stored = await readSession(hub.dir);
    expect(stored.events.filter((r) => r.participantId === alice.participantId).map((r) => r.event.id)).toEqual([aliceEvent.id]);
    const state = await call(hub.joinUrl, 'GET', '/v1/facilitator/state', { token: hub.facilitatorToken });
    const aliceCard = state.body.cards.find((c: { id: string }) => c.id === alice.participantId);
    expect(aliceCard.hand).toBeUndefined();
  });

  it('answers an event of an unknown type with 400 naming the event', async () => {
    const { token } = await joinAs(hub, 'Finn', 'finn@example.com');
    const bad = { ...doctorEvent(true), type: 'keylogger.upload' };
    const answer = await call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events: [doctorEvent(true), bad] } });
    expect(answer.status).toBe(400);
    expect(answer.body.reason).toMatch(/^events\[1\]/);
    expect((await readSession(hub.dir)).events).toHaveLength(0);
  });

  it('refuses extra fields that could smuggle data (an api key in an event)', async () => {
    const { token } = await joinAs(hub, 'Gus', 'gus@example.com');
    const smuggled = { ...event({ type: 'hand.lowered' }) } as Record<string, unknown>;
    smuggled.apiKey = 'sk-proj-SMUGGLEDSMUGGLEDSMUGGLED';
    const answer = await call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events: [smuggled] } });
    // zod objects strip unknown keys: the event is stored without the extra field.
    expect(answer.status).toBe(200);
    const log = await readFile(path.join(hub.dir, 'log.jsonl'), 'utf8').catch(() => '');
    expect(log).not.toContain('SMUGGLED');
  });

  it('answers a body over the size limit with 413', async () => {
    const { token } = await joinAs(hub, 'Hana', 'hana@example.com');
    const huge = JSON.stringify({ events: [{ ...event({ type: 'hand.raised', message: 'x' }), padding: 'y'.repeat(600 * 1024) }] });
    const answer = await call(hub.joinUrl, 'POST', '/v1/events', { token, rawBody: huge, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toBe('body_too_large');
    const bigJoin = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: hub.meta.code, name: 'n'.repeat(10_000), email: 'a@b.co', team: 't' } });
    expect(bigJoin.status).toBe(413);
  });

  it('answers broken JSON with 400 and a non-JSON body with 415', async () => {
    const { token } = await joinAs(hub, 'Ivo', 'ivo@example.com');
    const broken = await call(hub.joinUrl, 'POST', '/v1/events', { token, rawBody: '{"events": [', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe('invalid_json');
    const form = await call(hub.joinUrl, 'POST', '/v1/events', { token, rawBody: 'events=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
  });

  it('limits how fast one participant can send', async () => {
    await hub.close();
    hub = await testHub(data.dir, { limits: { requestBurst: 3, requestsPerSecond: 0.01 } });
    const { token } = await joinAs(hub, 'Jo', 'jo@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events: [doctorEvent(true)] } })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // Someone else is not slowed down by Jo.
    const other = await joinAs(hub, 'Kim', 'kim@example.com');
    expect((await call(hub.joinUrl, 'POST', '/v1/events', { token: other.token, body: { events: [doctorEvent(true)] } })).status).toBe(200);
  });
});

describe('the facilitator API', () => {
  it('needs the facilitator token: none, a participant token or a wrong one get 401', async () => {
    const { token } = await joinAs(hub, 'Lea', 'lea@example.com');
    for (const t of [undefined, token, 'wsf_' + 'z'.repeat(43)]) {
      const answer = await call(hub.joinUrl, 'GET', '/v1/facilitator/state', { token: t });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('facilitator_token_required');
    }
    const ok = await call(hub.joinUrl, 'GET', '/v1/facilitator/state', { token: hub.facilitatorToken });
    expect(ok.status).toBe(200);
    expect(ok.body.session).toMatchObject({ id: 'test-session', code: hub.meta.code });
  });

  it('shows a failing doctor check in words and a raised hand, then lowers the hand and marks helped', async () => {
    const { token, participantId } = await joinAs(hub, 'Mia', 'mia@example.com', 'Sales');
    await call(hub.joinUrl, 'POST', '/v1/events', {
      token,
      body: { events: [doctorEvent(false, [['api.key', 'key_no_quota']]), event({ type: 'hand.raised', message: 'my key says quota' })] },
    });
    const before = await call(hub.joinUrl, 'GET', '/v1/facilitator/state', { token: hub.facilitatorToken });
    const card = before.body.cards[0];
    expect(card.readiness).toMatchObject({ state: 'not-ready', words: 'key has no credit left', code: 'key_no_quota' });
    expect(card.hand).toMatchObject({ message: 'my key says quota' });
    expect(before.body.aggregates.setupBlockers).toEqual([{ key: 'key_no_quota', words: 'key has no credit left', count: 1 }]);

    const lowered = await call(hub.joinUrl, 'POST', `/v1/facilitator/participants/${participantId}/lower-hand`, { token: hub.facilitatorToken });
    expect(lowered.status).toBe(200);
    const helped = await call(hub.joinUrl, 'POST', `/v1/facilitator/participants/${participantId}/helped`, { token: hub.facilitatorToken });
    expect(helped.status).toBe(200);
    const after = await call(hub.joinUrl, 'GET', '/v1/facilitator/state', { token: hub.facilitatorToken });
    expect(after.body.cards[0].hand).toBeUndefined();
    expect(after.body.cards[0].helpedMinutesAgo).toBe(0);
    expect((await readSession(hub.dir)).actions.map((a) => a.action)).toEqual(['hand.lowered', 'helped']);
  });

  it('answers an action on an unknown participant with 404, and a participant token with 401', async () => {
    const { token, participantId } = await joinAs(hub, 'Nico', 'nico@example.com');
    expect((await call(hub.joinUrl, 'POST', '/v1/facilitator/participants/p_nobody/helped', { token: hub.facilitatorToken })).status).toBe(404);
    expect((await call(hub.joinUrl, 'POST', `/v1/facilitator/participants/${participantId}/lower-hand`, { token })).status).toBe(401);
  });

  it('streams a snapshot and then live updates over SSE', async () => {
    const controller = new AbortController();
    const response = await fetch(`${hub.joinUrl}/v1/facilitator/stream`, { headers: { authorization: `Bearer ${hub.facilitatorToken}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextEvent = async (name: string) => {
      for (;;) {
        const match = new RegExp(`event: ${name}\\ndata: (.*)\\n\\n`).exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return JSON.parse(match[1]);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    const snapshot = await nextEvent('snapshot');
    expect(snapshot.cards).toEqual([]);
    const started = Date.now();
    const { token } = await joinAs(hub, 'Olga', 'olga@example.com', 'Legal');
    await call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events: [event({ type: 'hand.raised', message: 'stuck on 2' })] } });
    let update = await nextEvent('update');
    while (!update.cards.some((c: { hand?: unknown }) => c.hand)) update = await nextEvent('update');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(update.cards[0]).toMatchObject({ name: 'Olga', team: 'Legal', hand: { message: 'stuck on 2' } });
    expect(update.aggregates.funnel.joined).toBe(1);
    controller.abort();
  });
});

describe('what a browser on another site can do', () => {
  it('gets no CORS permission: preflights and cross-origin reads are not allowed', async () => {
    const preflight = await fetch(`${hub.joinUrl}/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    const read = await fetch(`${hub.joinUrl}/v1/hello`, { headers: { origin: 'https://evil.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('restarting the hub', () => {
  it('resumes the same session: same code, same facilitator token, participants and their events', async () => {
    const { token } = await joinAs(hub, 'Pia', 'pia@example.com');
    const sent = doctorEvent(true);
    await call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events: [sent] } });
    const { code } = hub.meta;
    const facilitatorToken = hub.facilitatorToken;
    await hub.close();
    hub = await testHub(data.dir);
    expect(hub.resumed).toBe(true);
    expect(hub.meta.code).toBe(code);
    expect(hub.facilitatorToken).toBe(facilitatorToken);
    // The old participant token still works, and the index of event ids was rebuilt from the log.
    const resend = await call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events: [sent] } });
    expect(resend.body).toMatchObject({ accepted: 0, duplicates: 1 });
    const state = await call(hub.joinUrl, 'GET', '/v1/facilitator/state', { token: facilitatorToken });
    expect(state.body.cards[0]).toMatchObject({ name: 'Pia', readiness: { state: 'ready' } });
  });

  it('refuses a second hub on the same session folder while the first runs', async () => {
    await expect(testHub(data.dir)).rejects.toThrow(/already being hosted/);
  });

  it('keeps participant tokens out of the data folder (only hashes are stored)', async () => {
    const { token } = await joinAs(hub, 'Quin', 'quin@example.com');
    const log = await readFile(path.join(hub.dir, 'log.jsonl'), 'utf8');
    const meta = await readFile(path.join(hub.dir, 'session.json'), 'utf8');
    expect(log).not.toContain(token);
    expect(meta).not.toContain(hub.facilitatorToken);
  });
});
