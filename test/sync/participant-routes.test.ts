import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../hub/helpers.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { PROGRAMME_ID, hintEvent, startTestServer, venueLines, venueMeta } from './helpers.js';

afterAll(cleanupTargets);

const SYNC = `/v1/programmes/${PROGRAMME_ID}/sync/2026-03-05`;

describe.each(ENGINES)('participants after the session on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('take events with the token the venue gave at join, store each once whichever way it came, and answer like the hub', async () => {
    const server = await startTestServer(await freshTarget(kind));
    try {
      const venue = venueLines(2, 1);
      await call(server.url, 'POST', SYNC, { token: server.token, body: { meta: venueMeta('2026-03-05'), lines: venue.lines } });
      const token = venue.tokens.get('p_0')!;

      const hello = await call(server.url, 'GET', '/p/v1/hello', { token });
      expect(hello).toMatchObject({ status: 200, body: { service: 'codex-workshop-hub', protocol: 1, session: { id: '2026-03-05', title: 'Date 2026-03-05', programmeId: PROGRAMME_ID } } });
      expect((await call(server.url, 'GET', '/p/v1/hello')).body.session).toMatchObject({ id: PROGRAMME_ID, title: 'Spring programme' });

      const after = [hintEvent('after-1', '2026-03-20T10:00:00.000Z'), hintEvent('after-2', '2026-03-20T10:01:00.000Z')];
      const first = await call(server.url, 'POST', '/p/v1/events', { token, body: { events: after } });
      expect(first).toMatchObject({ status: 200, body: { protocol: 1, accepted: 2, duplicates: 0 } });
      // A resend (the answer was lost), plus an event the venue had already forwarded: both duplicates.
      const resend = await call(server.url, 'POST', '/p/v1/events', { token, body: { events: [...after, hintEvent('p-0-0')] } });
      expect(resend.body).toMatchObject({ accepted: 0, duplicates: 3 });
      // The same event twice in one batch is stored once.
      const doubled = await call(server.url, 'POST', '/p/v1/events', { token, body: { events: [hintEvent('after-3'), hintEvent('after-3')] } });
      expect(doubled.body).toMatchObject({ accepted: 1, duplicates: 1 });

      const lines = await server.store.readLines(PROGRAMME_ID, '2026-03-05');
      const fromServer = lines.filter((l) => l.origin === 'server');
      expect(fromServer.map((l) => l.seq)).toEqual([1, 2, 3]);
      expect(fromServer.every((l) => l.line.kind === 'event' && l.line.participantId === 'p_0')).toBe(true);
      // The venue forwarding an event a laptop already sent directly: stored once.
      const late = { kind: 'event' as const, seq: 5, receivedAt: '2026-03-05T17:00:00.000Z', participantId: 'p_0', event: after[0] };
      const forwarded = await call(server.url, 'POST', SYNC, { token: server.token, body: { meta: venueMeta('2026-03-05'), lines: [late] } });
      expect(forwarded.body).toMatchObject({ stored: 0, skipped: 1 });
      const eventIds = (await server.store.readLines(PROGRAMME_ID, '2026-03-05')).flatMap((l) => (l.line.kind === 'event' ? [l.line.event.id] : []));
      expect(new Set(eventIds).size).toBe(eventIds.length);
      expect(eventIds).toHaveLength(2 + 3);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('a second laptop merged at the venue sends as the person it was confirmed as', async () => {
    const server = await startTestServer(await freshTarget(kind));
    try {
      const venue = venueLines(2, 0);
      // p_1 was a pending join with p_0's email, confirmed by code: one person, p_0.
      venue.lines.push({ kind: 'identity', seq: 3, at: '2026-03-05T09:30:00.000Z', participantId: 'p_1', into: 'p_0', by: 'code' });
      await call(server.url, 'POST', SYNC, { token: server.token, body: { meta: venueMeta('2026-03-05'), lines: venue.lines } });
      const answer = await call(server.url, 'POST', '/p/v1/events', { token: venue.tokens.get('p_1')!, body: { events: [hintEvent('second-laptop')] } });
      expect(answer.body).toMatchObject({ accepted: 1 });
      const stored = (await server.store.readLines(PROGRAMME_ID, '2026-03-05')).filter((l) => l.origin === 'server');
      expect(stored[0].line).toMatchObject({ kind: 'event', participantId: 'p_0' });
    } finally {
      await server.close();
    }
  });

  it.skipIf(!engineAvailable(kind))("refuses an unknown token, another programme's, and what the hub would refuse (one event too large, a full share)", async () => {
    const server = await startTestServer(await freshTarget(kind), { participant: { participantLimits: { eventsPerSession: 3 } } });
    try {
      const venue = venueLines(1, 2);
      await call(server.url, 'POST', SYNC, { token: server.token, body: { meta: venueMeta('2026-03-05'), lines: venue.lines } });
      const token = venue.tokens.get('p_0')!;
      const unknown = await call(server.url, 'POST', '/p/v1/events', { token: `wsp_${'x'.repeat(43)}`, body: { events: [hintEvent('x')] } });
      expect(unknown).toMatchObject({ status: 401, body: { error: 'unknown_participant' } });
      expect((await call(server.url, 'POST', '/p/v1/events', { body: { events: [hintEvent('x')] } })).status).toBe(401);
      // A facilitator token is not a participant token.
      expect((await call(server.url, 'POST', '/p/v1/events', { token: server.token, body: { events: [hintEvent('x')] } })).status).toBe(401);

      expect((await call(server.url, 'POST', '/p/v1/events', { token, body: { events: [hintEvent('third')] } })).body).toMatchObject({ accepted: 1 });
      const full = await call(server.url, 'POST', '/p/v1/events', { token, body: { events: [hintEvent('fourth')] } });
      expect(full).toMatchObject({ status: 413, body: { error: 'participant_limit' } });
      // A resend of what is stored is still acknowledged (its laptop must be able to move on).
      expect((await call(server.url, 'POST', '/p/v1/events', { token, body: { events: [hintEvent('third')] } })).body).toMatchObject({ accepted: 0, duplicates: 1 });

      const invalid = await call(server.url, 'POST', '/p/v1/events', { token, body: { events: [] } });
      expect(invalid).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    } finally {
      await server.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('one event larger than the limit is refused with 400 and nothing of its batch is stored, as the hub does', async () => {
    const server = await startTestServer(await freshTarget(kind), { participant: { participantLimits: { bytesPerEvent: 400 } } });
    try {
      const venue = venueLines(1, 0);
      await call(server.url, 'POST', SYNC, { token: server.token, body: { meta: venueMeta('2026-03-05'), lines: venue.lines } });
      const hand = { id: hintEvent('hand').id, ts: '2026-03-20T10:00:00.000Z', type: 'hand.raised', message: 'm'.repeat(280) };
      const refused = await call(server.url, 'POST', '/p/v1/events', { token: venue.tokens.get('p_0')!, body: { events: [hintEvent('ok'), hand] } });
      expect(refused).toMatchObject({ status: 400, body: { error: 'event_too_large' } });
      expect((await server.store.readLines(PROGRAMME_ID, '2026-03-05')).filter((l) => l.origin === 'server')).toHaveLength(0);
      const alone = await call(server.url, 'POST', '/p/v1/events', { token: venue.tokens.get('p_0')!, body: { events: [hintEvent('ok')] } });
      expect(alone.body).toMatchObject({ accepted: 1 });
    } finally {
      await server.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('many requests at once go in one commit: each event stored once, and a refusal stays with its own request', async () => {
    const server = await startTestServer(await freshTarget(kind), { participant: { participantLimits: { eventsPerSession: 10 } } });
    try {
      const venue = venueLines(3, 0);
      await call(server.url, 'POST', SYNC, { token: server.token, body: { meta: venueMeta('2026-03-05'), lines: venue.lines } });
      const send = (who: string, keys: string[]) => call(server.url, 'POST', '/p/v1/events', { token: venue.tokens.get(who)!, body: { events: keys.map((k) => hintEvent(`${who}-${k}`)) } });
      // p_0 and p_1 send overlapping batches at once; p_2 sends more than its share in one request.
      const answers = await Promise.all([
        ...Array.from({ length: 8 }, (_, i) => send('p_0', [`a${i % 4}`, `b${i % 3}`])),
        ...Array.from({ length: 8 }, (_, i) => send('p_1', [`a${i % 2}`])),
        send('p_2', Array.from({ length: 11 }, (_, i) => `c${i}`)),
        send('p_2', ['d0']),
      ]);
      const accepted = (from: number, to: number) => answers.slice(from, to).reduce((n, a) => n + a.body.accepted, 0);
      expect(accepted(0, 8)).toBe(4 + 3);
      expect(accepted(8, 16)).toBe(2);
      expect(answers[16]).toMatchObject({ status: 413, body: { error: 'participant_limit' } });
      expect(answers[17].body).toMatchObject({ accepted: 1 });
      const stored = (await server.store.readLines(PROGRAMME_ID, '2026-03-05')).filter((l) => l.origin === 'server');
      expect(stored).toHaveLength(4 + 3 + 2 + 1);
      expect(stored.map((l) => l.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    } finally {
      await server.close();
    }
  });
});
