import type { Programme } from '../../facilitator/programme/store.js';
import { type QuestActor, personRef } from '../../facilitator/quests/people.js';
import { QuestService } from '../../facilitator/quests/service.js';
import type { Store } from '../../facilitator/store/store.js';
import type { QuestPostRequest } from '../../src/protocol/quests.js';
import { type HubActivity, hubLines, sessionMeta } from '../server/helpers.js';

/**
 * One small programme with quests, for the digest and the report's quests section (issue 14):
 *   - one date (day 0, 09:00 UTC); Aiko and Dan (Finance) passed an exercise with Codex there and
 *     never used it again (who to invite to office hours); Ben (Sales) did and kept using it; Chika
 *     (HR) joined and tried nothing;
 *   - #1 Finance prompt by Aiko and Ben, reviewed on day 13 (new since SINCE, day 12), reused by Dan;
 *   - #2 Sales skill by Ben, reviewed on day 7 (older), reused by Aiko, Chika and Dan;
 *   - #3 Finance, open, with a hostile title; #4 HR claimed by Chika; #5 Finance, submitted by Dan.
 * Day 0 is 19 days before the real today: the CLI reads the real clock (the stale-claim sweep and the
 * default window count from it), so the scenario moves with it and never goes stale.
 */
const BASE = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - 19 * 86_400_000;
/** Day `d` of the scenario at `hhmm` UTC, as an ISO time. */
export const day = (d: number, hhmm = '09:00') => new Date(BASE + d * 86_400_000 + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000).toISOString();
/** After every step of the scenario, and before the real now. */
export const NOW = new Date(day(17));
export const SINCE = day(12, '00:00');
export const SESSION_DAY = day(0).slice(0, 10);

export const HOSTILE_TITLE = '<img src=x onerror=alert(1)> [click](https://evil.example/x) **bold** `code` www.evil.example';

export const DIGEST_PROGRAMME: Programme = {
  schemaVersion: 1,
  id: 'spring',
  title: 'Codex for everyone',
  createdAt: '2026-03-01T00:00:00.000Z',
  timeZone: 'UTC',
  settings: { windowDays: 28, regularMinWeeks: 3 },
  sessions: [{ id: SESSION_DAY, date: SESSION_DAY, startsAt: day(0) }],
};

export const PEOPLE = {
  aiko: { email: 'aiko@example.com', name: 'Aiko', team: 'Finance' },
  ben: { email: 'ben@example.com', name: 'Ben', team: 'Sales' },
  chika: { email: 'chika@example.com', name: 'Chika', team: 'HR' },
  dan: { email: 'dan@example.com', name: 'Dan', team: 'Finance' },
};

const as = (p: { email: string; name: string; team: string }): QuestActor => ({ kind: 'participant', ref: personRef(p) });

let ids = 0;
const uuid = () => `00000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`;

function graded(email: string, at: string): HubActivity {
  return {
    kind: 'event',
    email,
    received: at,
    event: { id: uuid(), ts: at, type: 'exercise.graded', exerciseId: '01-first-file', passed: true, score: 3, maxScore: 3, noChange: false, failingChecks: [], attempt: 1, codexSessions: 1, changedAfterCodex: true },
  };
}

function post(over: Partial<QuestPostRequest>): QuestPostRequest {
  return { title: 'A task', today: 'By hand', team: 'Finance', often: { times: 1, per: 'week' }, minutesEach: 45, risk: 'low', sensitivity: 'internal', benefitTeams: [], ...over };
}

/** The programme, its roster and date, and the five quests, on a store that has none of them. */
export async function seedDigestScenario(store: Store): Promise<void> {
  const { aiko, ben, chika, dan } = PEOPLE;
  if (!(await store.getProgramme(DIGEST_PROGRAMME.id))) await store.putProgramme(DIGEST_PROGRAMME, 'test');
  await store.putRoster(DIGEST_PROGRAMME.id, { schemaVersion: 1, updatedAt: '2026-03-20T00:00:00.000Z', people: Object.values(PEOPLE) }, 'test');
  await store.putSession(DIGEST_PROGRAMME.id, { ...sessionMeta(SESSION_DAY, day(0)), programmeId: DIGEST_PROGRAMME.id }, 'venue', 'test');
  const activity: HubActivity[] = [
    ...Object.values(PEOPLE).map((p): HubActivity => ({ kind: 'join', at: day(0, '08:55'), ...p })),
    graded(aiko.email, day(0, '10:00')),
    graded(ben.email, day(0, '10:05')),
    graded(dan.email, day(0, '10:10')),
    // Ben again four days later: Codex use after the session day (continued).
    graded(ben.email, day(4, '15:00')),
  ];
  await store.appendLines(DIGEST_PROGRAMME.id, SESSION_DAY, 'hub', hubLines(activity));

  const clock = { t: new Date(day(1)) };
  const quests = new QuestService(store, DIGEST_PROGRAMME.id, () => clock.t);
  const at = async (iso: string, step: () => Promise<unknown>) => {
    clock.t = new Date(iso);
    await step();
  };
  await at(day(1), () => quests.post(as(chika), post({ title: 'Monthly expense summary', team: 'Finance', minutesEach: 45, benefitTeams: ['Sales'] })));
  await at(day(1, '09:10'), () => quests.post(as(ben), post({ title: 'Weekly pipeline report', team: 'Sales', minutesEach: 40, risk: 'medium' })));
  await at(day(2), () => quests.claim(as(aiko), 1, ben.email));
  await at(day(2, '09:05'), () => quests.claim(as(ben), 2));
  await at(day(5), () => quests.submit(as(ben), 2, { kind: 'skill', text: 'The pipeline skill', minutesAfter: 10 }));
  await at(day(7), () => quests.review(as(aiko), 2, { verdict: 'approve', note: "Ran it on last week's pipeline" }));
  for (const who of [aiko, chika, dan]) await at(day(8), () => quests.reuse(as(who), 2));
  await at(day(11), () => quests.submit(as(aiko), 1, { kind: 'prompt', text: 'Summarise the card export', minutesAfter: 5 }));
  await at(day(13), () => quests.review(as(chika), 1, { verdict: 'approve', note: "March's export: totals match" }));
  await at(day(14), () => quests.reuse(as(dan), 1));
  await at(day(13, '10:00'), () => quests.post(as(dan), post({ title: HOSTILE_TITLE, team: 'Finance', risk: 'high' })));
  await at(day(15), () => quests.post(as(chika), post({ title: 'Onboarding checklist', team: 'HR', often: { times: 2, per: 'month' } })));
  await at(day(15, '09:05'), () => quests.claim(as(chika), 4));
  await at(day(16), () => quests.post(as(dan), post({ title: 'Invoice matching', team: 'Finance', alreadyDone: { kind: 'script', text: 'match.py', minutesAfter: 10 } })));
}
