import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../facilitator/hub/host.js';
import { call, doctorEvent, event, joinAs, tempDir, testHub } from './helpers.js';

/**
 * Issue 12 item 2 with issue 11 item 4: a person is not an email address. Someone who joins with an
 * email that already has a participant here, without proof, is a separate flagged participant until
 * the one-time code from the first laptop (or the dashboard) is typed, or the facilitator approves.
 * Then the new laptop continues where the person is.
 */
let data: { dir: string; cleanup: () => Promise<void> };
let hub: RunningHub;

beforeEach(async () => {
  data = await tempDir('identity-');
  hub = await testHub(data.dir, { pack: false });
});
afterEach(async () => {
  await hub.close();
  await data.cleanup();
});

const state = async () => (await call(hub.joinUrl, 'GET', '/v1/facilitator/state', { token: hub.facilitatorToken })).body;
const room = async (token: string) => (await call(hub.joinUrl, 'GET', '/v1/room', { token })).body;
const post = (token: string, events: unknown[]) => call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events } });

async function anaWithProgress() {
  const ana = await joinAs(hub, 'Ana Souza', 'ana@example.com', 'Finance');
  await post(ana.token, [
    doctorEvent(true),
    event({ type: 'exercise.setup', exerciseId: '01-first-file' }),
    event({ type: 'exercise.graded', exerciseId: '01-first-file', passed: true, score: 4, maxScore: 4, noChange: false, failingChecks: [], attempt: 1, codexSessions: 1, changedAfterCodex: true }),
    event({ type: 'exercise.setup', exerciseId: '02-tidy-folder' }),
  ]);
  return ana;
}

async function intruder(email = 'ana@example.com') {
  const answer = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: hub.meta.code, name: 'Mallory', email, team: 'Red' } });
  return answer;
}

describe('joining with an email that already has a participant', () => {
  it('without proof gets a separate, pending participant: no history, no name change, events kept apart', async () => {
    const ana = await anaWithProgress();
    const other = await intruder();
    expect(other.status).toBe(201);
    expect(other.body.participantId).not.toBe(ana.participantId);
    expect(other.body.rejoined).toBe(false);
    expect(other.body.identity).toEqual({ state: 'pending' });
    expect(other.body.history).toBeUndefined();
    expect(JSON.stringify(other.body)).not.toContain('01-first-file');
    // The newcomer's events are filed under the newcomer, never under Ana.
    expect((await post(other.body.token, [event({ type: 'hand.raised', message: 'hi' })])).status).toBe(200);
    const cards = (await state()).cards;
    const anaCard = cards.find((c: any) => c.id === ana.participantId);
    const newcomer = cards.find((c: any) => c.id === other.body.participantId);
    expect(anaCard).toMatchObject({ name: 'Ana Souza', team: 'Finance', exercisesDone: 1, laptops: 1 });
    expect(anaCard.hand).toBeUndefined();
    expect(newcomer).toMatchObject({ name: 'Mallory', pending: { of: ana.participantId, ofName: 'Ana Souza', code: expect.stringMatching(/^\d{6}$/) } });
    // The newcomer's own room answer says pending and shows no code (the code is for the first laptop).
    const theirs = await room(other.body.token);
    expect(theirs.identity).toMatchObject({ state: 'pending', participantId: other.body.participantId });
    expect(theirs.claims).toEqual([]);
    expect(theirs.history).toBeUndefined();
  });

  it('shows the code on the first laptop; the right code merges: one card, both laptops, the new laptop continues', async () => {
    const ana = await anaWithProgress();
    const second = await intruder();
    const first = await room(ana.token);
    expect(first.claims).toHaveLength(1);
    const code = first.claims[0].code;
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await call(hub.joinUrl, 'POST', '/v1/identity/confirm', { token: second.body.token, body: { code: wrong } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('wrong_code');
    const confirmed = await call(hub.joinUrl, 'POST', '/v1/identity/confirm', { token: second.body.token, body: { code } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ participantId: ana.participantId, history: { passedExercises: ['01-first-file'] } });
    const cards = (await state()).cards;
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ id: ana.participantId, laptops: 2, exercise: { id: '02-tidy-folder' } });
    // The second laptop now reports as Ana, and learns it on its next command.
    expect((await post(second.body.token, [event({ type: 'hint.shown', exerciseId: '02-tidy-folder', hintIndex: 0 })])).status).toBe(200);
    expect((await state()).cards[0].exercise.hints).toBe(1);
    const after = await room(second.body.token);
    expect(after.identity).toMatchObject({ state: 'confirmed', participantId: ana.participantId, laptops: 2 });
    expect(after.history.passedExercises).toEqual(['01-first-file']);
  });

  it('locks the code after 5 wrong guesses; the facilitator can still approve on the dashboard', async () => {
    const ana = await anaWithProgress();
    const second = await intruder();
    const code = (await room(ana.token)).claims[0].code;
    const wrong = (n: number) => String((Number(code) + n) % 1_000_000).padStart(6, '0');
    for (let i = 1; i <= 5; i += 1) expect((await call(hub.joinUrl, 'POST', '/v1/identity/confirm', { token: second.body.token, body: { code: wrong(i) } })).status).toBe(403);
    const locked = await call(hub.joinUrl, 'POST', '/v1/identity/confirm', { token: second.body.token, body: { code } });
    expect(locked.body.error).toBe('too_many_wrong_codes');
    const approved = await call(hub.joinUrl, 'POST', `/v1/facilitator/participants/${second.body.participantId}/approve`, { token: hub.facilitatorToken });
    expect(approved.status).toBe(200);
    expect((await state()).cards).toHaveLength(1);
    expect((await room(second.body.token)).identity).toMatchObject({ state: 'confirmed', participantId: ana.participantId });
  });

  it('refuses to approve someone who is not waiting for anything, and keeps a pending join pending across a hub restart', async () => {
    const ana = await anaWithProgress();
    const refused = await call(hub.joinUrl, 'POST', `/v1/facilitator/participants/${ana.participantId}/approve`, { token: hub.facilitatorToken });
    expect(refused.status).toBe(409);
    const second = await intruder();
    await hub.close();
    hub = await testHub(data.dir, { pack: false });
    const cards = (await state()).cards;
    expect(cards).toHaveLength(2);
    expect(cards.find((c: any) => c.id === second.body.participantId).pending.code).toMatch(/^\d{6}$/);
    expect((await room(second.body.token)).identity.state).toBe('pending');
  });
});
