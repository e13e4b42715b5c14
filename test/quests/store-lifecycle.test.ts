import { afterAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../facilitator/hub/tokens.js';
import type { LogLine } from '../../facilitator/hub/log-records.js';
import type { Programme } from '../../facilitator/programme/store.js';
import { QuestRuleError } from '../../facilitator/quests/lifecycle.js';
import { type QuestActor, personRef, tokenRef } from '../../facilitator/quests/people.js';
import { QuestService } from '../../facilitator/quests/service.js';
import { Store } from '../../facilitator/store/store.js';
import type { QuestPostRequest } from '../../src/protocol/quests.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';

/**
 * The quest lifecycle through the store, on each engine (issue 14): every step stored with who and
 * when, the review rules, reuse once per person, the stale-claim sweep with a moved clock, and two
 * claims at once with one winner. (The same through the CLI and a running server: test/quests/cli.)
 */
afterAll(cleanupTargets);

const PROGRAMME: Programme = { schemaVersion: 1, id: 'spring', title: 'Spring', createdAt: '2026-03-01T00:00:00.000Z', timeZone: 'Asia/Tokyo', settings: { windowDays: 28, regularMinWeeks: 3, questStaleDays: 7 }, sessions: [] };

const people = {
  aiko: { email: 'aiko@example.com', name: 'Aiko', team: 'Finance' },
  ben: { email: 'Ben@Example.com', name: 'Ben', team: 'Sales' },
  chika: { email: 'chika@example.com', name: 'Chika', team: 'HR' },
};
const participant = (p: { email: string; name: string; team: string }): QuestActor => ({ kind: 'participant', ref: personRef(p) });
const facilitator: QuestActor = { kind: 'token', role: 'facilitator', ref: tokenRef('fac-1') };
const viewer: QuestActor = { kind: 'token', role: 'viewer', ref: tokenRef('manager') };

const post = (over: Partial<QuestPostRequest> = {}): QuestPostRequest => ({
  title: 'Monthly expense summary',
  today: 'Copy rows from the card export into the template by hand',
  team: 'Finance',
  often: { times: 1, per: 'week' },
  minutesEach: 45,
  risk: 'low',
  sensitivity: 'internal',
  benefitTeams: ['Sales'],
  ...over,
});

async function openStore(kind: 'embedded' | 'postgres', now: { t: Date }) {
  const store = await Store.open(await freshTarget(kind));
  await store.putProgramme(PROGRAMME, 'test');
  await store.putRoster('spring', { schemaVersion: 1, updatedAt: '2026-03-01T00:00:00.000Z', people: Object.values(people).map((p) => ({ ...p, email: p.email.toLowerCase() })) }, 'test');
  return { store, quests: new QuestService(store, 'spring', () => now.t) };
}

function ruleCode(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (error) => (error instanceof QuestRuleError ? error.code : `other: ${(error as Error).message}`),
  );
}

describe.each(ENGINES)('quests in the store on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('goes open → claimed → submitted → done, records every step, and counts reuse once per person', async () => {
    const now = { t: new Date('2026-04-01T09:00:00Z') };
    const { store, quests } = await openStore(kind, now);
    try {
      const posted = await quests.post(participant(people.chika), post());
      expect(posted).toMatchObject({ id: 1, state: 'open', claimers: [], reuseCount: 0 });
      expect((await quests.post(participant(people.chika), post({ title: 'Second' }))).id).toBe(2);

      now.t = new Date('2026-04-02T09:00:00Z');
      const claimed = await quests.claim(participant(people.aiko), 1, 'ben@example.com');
      expect(claimed.state).toBe('claimed');
      expect(claimed.claimers.map((c) => c.name)).toEqual(['Aiko', 'Ben']);
      expect(await ruleCode(quests.claim(participant(people.chika), 1))).toBe('wrong_state');
      expect(await ruleCode(quests.submit(participant(people.chika), 1, { kind: 'prompt', text: 'x', minutesAfter: 5 }))).toBe('not_claimer');

      now.t = new Date('2026-04-03T09:00:00Z');
      await quests.submit(participant(people.ben), 1, { kind: 'prompt', text: 'Summarise the card export into the template', minutesAfter: 5 });
      expect(await ruleCode(quests.review(participant(people.aiko), 1, { verdict: 'approve', note: 'mine' }))).toBe('own_review');
      expect(await ruleCode(quests.review(viewer, 1, { verdict: 'approve', note: 'looks fine' }))).toBe('read_only');
      const changes = await quests.review(participant(people.chika), 1, { verdict: 'changes', note: 'The totals row is missing' });
      expect(changes.state).toBe('claimed');
      await quests.submit(participant(people.aiko), 1, { kind: 'prompt', text: 'Now with the totals row', minutesAfter: 5 });
      now.t = new Date('2026-04-04T09:00:00Z');
      const done = await quests.review(participant(people.chika), 1, { verdict: 'approve', note: "Tried it on March's export: totals match" });
      expect(done).toMatchObject({ state: 'done', doneAt: '2026-04-04T09:00:00.000Z', review: { verdict: 'approve', role: 'participant', by: { name: 'Chika' } } });
      // (45 − 5) min × 52/12 a month × 1 person = 2.9 h.
      expect(done.hours).toEqual({ perMonth: 2.9, minutesBefore: 45, minutesAfter: 5, timesPerMonth: 4.33, people: 1 });

      expect(await ruleCode(quests.reuse(participant(people.ben), 1))).toBe('own_win');
      const reused = await quests.reuse(participant(people.chika), 1, 'Using it for HR expenses');
      expect(reused.reuseCount).toBe(1);
      expect(reused.hours?.people).toBe(2);
      expect(await ruleCode(quests.reuse(participant(people.chika), 1))).toBe('already_reused');

      const shown = await quests.show(1);
      expect(shown.history.map((e) => `${e.action}:${e.by.name}`)).toEqual(['post:Chika', 'claim:Aiko', 'submit:Ben', 'review:Chika', 'submit:Aiko', 'review:Chika', 'reuse:Chika']);
      expect(shown.history.every((e) => /^2026-04-0\dT/.test(e.at))).toBe(true);
      expect(shown.reusers.map((r) => r.name)).toEqual(['Chika']);
      // No email anywhere in what quests store or show.
      expect(JSON.stringify(shown)).not.toMatch(/example\.com/i);
      const changesLog = await store.changes('spring');
      expect(changesLog.filter((c) => c.action.startsWith('quest.')).length).toBe(8);

      expect((await quests.list({ state: 'done' })).map((q) => q.id)).toEqual([1]);
      expect((await quests.list({ personKey: personRef(people.chika).key })).map((q) => q.id)).toEqual([2, 1]);
      expect((await quests.list({ personKey: personRef(people.ben).key })).map((q) => q.id)).toEqual([1]);
    } finally {
      await store.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('needs a facilitator to review high risk or sensitive data, and never the claimer', async () => {
    const now = { t: new Date('2026-04-01T09:00:00Z') };
    const { store, quests } = await openStore(kind, now);
    try {
      await quests.post(participant(people.chika), post({ risk: 'high' }));
      await quests.post(participant(people.chika), post({ sensitivity: 'personal' }));
      for (const id of [1, 2]) {
        await quests.claim(participant(people.aiko), id);
        await quests.submit(participant(people.aiko), id, { kind: 'script', text: 'run it', minutesAfter: 10 });
        expect(await ruleCode(quests.review(participant(people.ben), id, { verdict: 'approve', note: 'ok' }))).toBe('needs_facilitator');
      }
      // A facilitator token linked to the claimer's email is the claimer.
      const aikoFacilitator: QuestActor = { kind: 'token', role: 'facilitator', ref: personRef(people.aiko) };
      expect(await ruleCode(quests.review(aikoFacilitator, 1, { verdict: 'approve', note: 'ok' }))).toBe('own_review');
      const approved = await quests.review(facilitator, 1, { verdict: 'approve', note: 'Tried on a real file; risk accepted with the reviewer watching' });
      expect(approved.review?.role).toBe('facilitator');
      expect(approved.state).toBe('done');
    } finally {
      await store.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('gives a stale claim back after questStaleDays, recorded as system', async () => {
    const now = { t: new Date('2026-04-01T09:00:00Z') };
    const { store, quests } = await openStore(kind, now);
    try {
      await quests.post(participant(people.chika), post());
      await quests.post(participant(people.chika), post({ title: 'Busy one' }));
      await quests.claim(participant(people.aiko), 1);
      await quests.claim(participant(people.ben), 2);
      now.t = new Date('2026-04-06T09:00:00Z');
      await quests.submit(participant(people.ben), 2, { kind: 'howto', text: 'steps', minutesAfter: 20 });
      now.t = new Date('2026-04-08T09:00:01Z'); // 7 days after Aiko's claim; Ben submitted 2 days ago
      const [first, second] = [await quests.show(1), await quests.show(2)];
      expect(first.quest).toMatchObject({ state: 'open', claimers: [] });
      expect(first.history.at(-1)).toMatchObject({ action: 'stale', by: { key: 'system' }, detail: { days: 7 } });
      expect(second.quest.state).toBe('submitted');
      expect((await quests.claim(participant(people.chika), 1)).state).toBe('claimed');
    } finally {
      await store.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('lets one of two claims at the same moment win', async () => {
    const now = { t: new Date('2026-04-01T09:00:00Z') };
    const { store, quests } = await openStore(kind, now);
    try {
      await quests.post(participant(people.chika), post());
      const outcomes = await Promise.allSettled([quests.claim(participant(people.aiko), 1), quests.claim(participant(people.ben), 1)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(QuestRuleError);
      expect((await quests.show(1)).history.filter((e) => e.action === 'claim')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('knows a participant by their join token, and not a pending join', async () => {
    const now = { t: new Date('2026-04-01T09:00:00Z') };
    const { store } = await openStore(kind, now);
    try {
      await store.putSession('spring', { schemaVersion: 1, id: '2026-04-01', title: 'Day one', programmeId: 'spring', createdAt: '2026-04-01T00:00:00.000Z', code: 'ABCD-1234' }, 'server', 'test');
      const join = (seq: number, id: string, token: string, pendingOf?: string): LogLine => ({ kind: 'join', seq, at: '2026-04-01T00:10:00.000Z', participant: { id, name: 'Aiko', email: 'aiko@example.com', team: 'Finance' }, tokenHash: hashToken(token), ...(pendingOf ? { pendingOf } : {}) });
      await store.appendLines('spring', '2026-04-01', 'hub', [join(1, 'p1', 'token-one-aaaaaaaaaaaaaaaa'), join(2, 'p2', 'token-two-bbbbbbbbbbbbbbbb', 'p1')]);
      expect(await store.personByTokenHash(hashToken('token-one-aaaaaaaaaaaaaaaa'))).toMatchObject({ participantId: 'p1', email: 'aiko@example.com', team: 'Finance', pending: false });
      expect(await store.personByTokenHash(hashToken('token-two-bbbbbbbbbbbbbbbb'))).toMatchObject({ participantId: 'p2', pending: true });
      await store.appendLines('spring', '2026-04-01', 'hub', [{ kind: 'identity', seq: 3, at: '2026-04-01T00:12:00.000Z', participantId: 'p2', into: 'p1', by: 'code' }]);
      expect((await store.personByTokenHash(hashToken('token-two-bbbbbbbbbbbbbbbb')))?.pending).toBe(false);
      expect(await store.personByTokenHash(hashToken('nobody'))).toBeUndefined();
      expect(await store.personByEmail('spring', 'AIKO@example.com')).toEqual({ name: 'Aiko', email: 'aiko@example.com', team: 'Finance' });
    } finally {
      await store.close();
    }
  });
});
