import { describe, expect, it } from 'vitest';
import { type BoardViewer, buildBoard } from '../../facilitator/quests/board.js';
import { hoursSaved } from '../../facilitator/quests/hours.js';
import { personRef } from '../../facilitator/quests/people.js';
import { BOARD_LIMITS, BoardResponse, type PersonRef, type Quest } from '../../src/protocol/quests.js';
import type { Skill } from '../../src/protocol/skills.js';

/**
 * The board as a pure function (facilitator/quests/board.ts): what goes in each section, how hours
 * and points are counted, that nothing but titles, teams and names leaves, and that the reply stays
 * bounded for 2,000 quests and 10,000 people.
 */
const NOW = new Date('2026-05-01T09:00:00.000Z');
const PROGRAMME = { id: 'spring', title: 'Spring' };
const person = (name: string, team = 'Finance'): PersonRef => personRef({ email: `${name.toLowerCase()}@example.com`, name, team });
const aiko = person('Aiko');
const ben = person('Ben', 'Sales');
const chika = person('Chika', 'HR');
const reviewer = person('Dai', 'IT');
const viewer: BoardViewer = { kind: 'viewer', name: 'Manager' };

let ids = 0;
function quest(over: Partial<Quest> & { minutesAfter?: number } = {}): Quest {
  ids += 1;
  const { minutesAfter, ...rest } = over;
  const base: Quest = {
    id: ids,
    title: `Quest ${ids}`,
    today: 'SECRET-TODAY the task as it is done today',
    team: 'Finance',
    often: { times: 1, per: 'week' },
    minutesEach: 45,
    risk: 'low',
    sensitivity: 'internal',
    benefitTeams: [],
    state: 'open',
    postedBy: aiko,
    postedAt: `2026-04-${String((ids % 28) + 1).padStart(2, '0')}T10:00:00.000Z`,
    claimers: [],
    lastActivityAt: '2026-04-20T10:00:00.000Z',
    reuseCount: 0,
    ...rest,
  };
  if (base.state === 'done') {
    base.submission ??= { kind: 'prompt', text: 'SECRET-SUBMISSION the prompt', minutesAfter: minutesAfter ?? 5, at: '2026-04-21T10:00:00.000Z', by: base.claimers[0] ?? aiko };
    base.review ??= { verdict: 'approve', note: 'SECRET-NOTE worked on April', by: reviewer, role: 'participant', at: base.doneAt ?? '2026-04-22T10:00:00.000Z' };
    base.doneAt ??= base.review.at;
    base.hours ??= hoursSaved({ minutesEach: base.minutesEach, minutesAfter: base.submission.minutesAfter, often: base.often, reuseCount: base.reuseCount });
  }
  return base;
}

describe('the board', () => {
  it('puts each quest in its section: open by team, in progress (claimed and submitted), wins newest first, top reused', () => {
    const quests = [
      quest({ team: 'Finance', title: 'Open F1' }),
      quest({ team: 'Finance', title: 'Open F2', postedAt: '2026-04-29T00:00:00.000Z' }),
      quest({ team: 'Sales', title: 'Open S1' }),
      quest({ state: 'claimed', claimers: [ben], claimedAt: '2026-04-10T00:00:00.000Z', title: 'Claimed' }),
      quest({ state: 'submitted', claimers: [ben, chika], claimedAt: '2026-04-12T00:00:00.000Z', title: 'Submitted', submission: { kind: 'script', text: 'x', minutesAfter: 1, at: '2026-04-13T00:00:00.000Z', by: ben } }),
      quest({ state: 'done', claimers: [aiko], doneAt: '2026-04-25T00:00:00.000Z', title: 'Old win', reuseCount: 2 }),
      quest({ state: 'done', claimers: [ben], doneAt: '2026-04-28T00:00:00.000Z', title: 'New win', reuseCount: 0 }),
    ];
    const board = BoardResponse.parse(buildBoard(quests, { viewer, now: NOW, programme: PROGRAMME }));
    expect(board.open.teams.map((t) => [t.team, t.count, t.quests.map((q) => q.title)])).toEqual([
      ['Finance', 2, ['Open F2', 'Open F1']],
      ['Sales', 1, ['Open S1']],
    ]);
    expect(board.inProgress.quests.map((q) => [q.title, q.state])).toEqual([
      ['Submitted', 'submitted'],
      ['Claimed', 'claimed'],
    ]);
    expect(board.inProgress.quests[0]).toMatchObject({ kind: 'script', claimers: [ben, chika] });
    expect(board.wins.quests.map((q) => q.title)).toEqual(['New win', 'Old win']);
    expect(board.topReused.map((q) => q.title)).toEqual(['Old win']);
    expect(board.totals).toMatchObject({ quests: 7, open: 3, inProgress: 2, done: 2, reuses: 2, contributors: 2 });
    expect(board.teams).toEqual(['Finance', 'Sales']);
  });

  it('shows each win with its hours and the numbers they come from, in both languages', () => {
    // (45 − 5) min × 52/12 a month × (1 + 2) people = 8.7 h a month
    const win = quest({ state: 'done', claimers: [aiko], reuseCount: 2, minutesEach: 45, minutesAfter: 5 });
    const [shown] = buildBoard([win], { viewer, now: NOW, programme: PROGRAMME }).wins.quests;
    expect(shown.hours).toEqual({ perMonth: 8.7, minutesBefore: 45, minutesAfter: 5, timesPerMonth: 4.33, people: 3 });
    expect(shown.formula.en).toBe('(45 − 5) min × 4.33 a month × 3 people = 8.7 h a month');
    expect(shown.formula.ja).toBe('(45 − 5) 分 × 月 4.33 回 × 3 人 = 月 8.7 時間');
    expect(shown).toMatchObject({ kind: 'prompt', reviewedBy: reviewer, reviewRole: 'participant' });
  });

  it('counts hours only for reviewed wins, never below zero, and sums them per team and in total', () => {
    const quests = [
      quest({ state: 'done', team: 'Finance', claimers: [aiko], often: { times: 1, per: 'day' }, minutesEach: 10, minutesAfter: 4 }), // 6 × 21 / 60 = 2.1
      quest({ state: 'done', team: 'Finance', claimers: [aiko], minutesEach: 10, minutesAfter: 30 }), // slower: 0
      quest({ state: 'submitted', team: 'Finance', claimers: [ben], minutesEach: 600, submission: { kind: 'prompt', text: 'x', minutesAfter: 0, at: NOW.toISOString(), by: ben } }),
      quest({ state: 'done', team: 'Sales', claimers: [ben], often: { times: 1, per: 'month' }, minutesEach: 90, minutesAfter: 30, reuseCount: 1 }), // 60 × 1 × 2 / 60 = 2
    ];
    const board = buildBoard(quests, { viewer, now: NOW, programme: PROGRAMME });
    expect(board.totals.hoursPerMonth).toBe(4.1);
    expect(board.teamView.teams).toEqual([
      { team: 'Finance', posted: 3, open: 0, inProgress: 1, done: 2, hoursPerMonth: 2.1, reuses: 0 },
      { team: 'Sales', posted: 1, open: 0, inProgress: 0, done: 1, hoursPerMonth: 2, reuses: 1 },
    ]);
  });

  it('gives points for reviewed wins and reuse of them only: 10 per claimer of a win, 2 per reuse, ties sharing a rank', () => {
    const quests = [
      quest({ state: 'done', claimers: [aiko, ben], reuseCount: 3 }), // Aiko and Ben: 10 + 6 each
      quest({ state: 'done', claimers: [chika] }), // Chika: 10
      quest({ state: 'done', claimers: [chika], reuseCount: 3 }), // Chika: +16 = 26
      quest({ state: 'submitted', claimers: [reviewer], submission: { kind: 'prompt', text: 'x', minutesAfter: 1, at: NOW.toISOString(), by: reviewer } }), // nothing yet
      quest({ state: 'open', postedBy: reviewer }), // posting scores nothing
    ];
    const board = buildBoard(quests, { viewer, now: NOW, programme: PROGRAMME });
    expect(board.points.rules).toEqual({ win: 10, reuse: 2 });
    expect(board.points.top.map((p) => [p.rank, p.person.name, p.points, p.wins, p.reusesOfWins])).toEqual([
      [1, 'Chika', 26, 2, 3],
      [2, 'Aiko', 16, 1, 3],
      [2, 'Ben', 16, 1, 3],
    ]);
    expect(board.points.you).toBeUndefined();
  });

  it('shows a participant their own row as "you", wherever they rank, and zero before their first win', () => {
    const many = Array.from({ length: 30 }, (_, i) => quest({ state: 'done', claimers: [person(`P${String(i).padStart(2, '0')}`)], reuseCount: 30 - i }));
    const last = many.at(-1)!.claimers[0];
    const board = buildBoard(many, { viewer: { kind: 'participant', name: last.name, key: last.key }, now: NOW, programme: PROGRAMME });
    expect(board.points.top).toHaveLength(BOARD_LIMITS.points);
    expect(board.points.you).toMatchObject({ rank: 30, person: { key: last.key }, points: 12 });
    const newcomer = person('Newcomer');
    const fresh = buildBoard(many, { viewer: { kind: 'participant', name: 'Newcomer', key: newcomer.key }, now: NOW, programme: PROGRAMME });
    expect(fresh.points.you).toEqual({ person: { key: newcomer.key, name: 'Newcomer', team: '' }, points: 0, wins: 0, reusesOfWins: 0 });
    expect(fresh.points.you?.rank).toBeUndefined();
  });

  it('narrows everything to one team with the filter, still offering every team', () => {
    const quests = [quest({ team: 'Finance' }), quest({ team: 'Sales', state: 'done', claimers: [ben] }), quest({ team: 'HR', state: 'done', claimers: [chika] })];
    const board = buildBoard(quests, { team: 'Sales', viewer, now: NOW, programme: PROGRAMME });
    expect(board.team).toBe('Sales');
    expect(board.teams).toEqual(['Finance', 'HR', 'Sales']);
    expect(board.totals).toMatchObject({ quests: 1, open: 0, done: 1 });
    expect(board.teamView.teams.map((t) => t.team)).toEqual(['Sales']);
    expect(board.points.top.map((p) => p.person.name)).toEqual(['Ben']);
  });

  it('sends titles, teams and names only: never the task as done today, a submission or a review note', () => {
    const quests = [quest({ state: 'done', claimers: [aiko], reuseCount: 1 }), quest({ state: 'submitted', claimers: [ben], submission: { kind: 'prompt', text: 'SECRET-SUBMISSION', minutesAfter: 1, at: NOW.toISOString(), by: ben } }), quest()];
    const text = JSON.stringify(buildBoard(quests, { viewer, now: NOW, programme: PROGRAMME }));
    expect(text).not.toMatch(/SECRET-|@example\.com/);
  });

  it('stays bounded for 2,000 quests and 10,000 people, and says how much lies beyond each cap', () => {
    const people = Array.from({ length: 10_000 }, (_, i) => person(`Person ${i}`, `Team ${i % 150}`));
    const states: Quest['state'][] = ['open', 'claimed', 'submitted', 'done'];
    const quests = Array.from({ length: 2_000 }, (_, i) => {
      const state = states[i % 4];
      const claimers = state === 'open' ? [] : [people[(i * 5) % 10_000], people[(i * 5 + 1) % 10_000]];
      return quest({
        team: `Team ${i % 150}`,
        title: `${'長い題名'.repeat(20)} ${i}`.slice(0, 120),
        state,
        claimers,
        postedBy: people[i % 10_000],
        reuseCount: state === 'done' ? i % 17 : 0,
        ...(state !== 'open' ? { claimedAt: '2026-04-10T00:00:00.000Z' } : {}),
        ...(state === 'submitted' ? { submission: { kind: 'skill' as const, text: 'x'.repeat(20_000), minutesAfter: 5, at: NOW.toISOString(), by: claimers[0] } } : {}),
      });
    });
    const started = performance.now();
    const board = buildBoard(quests, { viewer: { kind: 'participant', name: 'Person 9999', key: people[9_999].key }, now: NOW, programme: PROGRAMME });
    const took = performance.now() - started;
    expect(BoardResponse.safeParse(board).success).toBe(true);
    expect(board.totals).toMatchObject({ quests: 2_000, open: 500, inProgress: 1_000, done: 500, contributors: 1_000 });
    expect(board.open.teams).toHaveLength(BOARD_LIMITS.openTeams);
    expect(board.open.moreTeams).toBe(150 / 2 - BOARD_LIMITS.openTeams); // open quests fall on even teams only
    expect(Math.max(...board.open.teams.map((t) => t.quests.length))).toBe(BOARD_LIMITS.openPerTeam);
    expect(board.inProgress.quests).toHaveLength(BOARD_LIMITS.inProgress);
    expect(board.wins.quests).toHaveLength(BOARD_LIMITS.wins);
    expect(board.topReused).toHaveLength(BOARD_LIMITS.topReused);
    expect(board.teamView.teams).toHaveLength(BOARD_LIMITS.teams);
    expect(board.teamView.moreTeams).toBe(150 - BOARD_LIMITS.teams);
    expect(board.points.top).toHaveLength(BOARD_LIMITS.points);
    expect(board.points.you).toMatchObject({ points: 0 });
    // The same size as a board a tenth as large: the caps, not the data, decide it.
    const bytes = JSON.stringify(board).length;
    const tenth = JSON.stringify(buildBoard(quests.slice(0, 200), { viewer, now: NOW, programme: PROGRAMME })).length;
    expect(bytes).toBeLessThan(120_000);
    expect(bytes).toBeLessThan(tenth * 2);
    expect(took).toBeLessThan(1_000);
  });
});

describe('the board\'s company skills', () => {
  const skill = (over: Partial<Skill> = {}): Skill => ({
    name: 'expense-summary',
    team: 'Finance',
    author: aiko,
    description: 'Summarise a card export',
    approvedVersion: 2,
    latestVersion: 3,
    latestState: 'pending',
    installs: { people: 0, byTeam: {} },
    uses: 0,
    ...over,
  });

  it('lists approved skills, the most installed first, then the most used, then by name; with author, installs by team, uses, quest title and approved version', () => {
    const won = quest({ state: 'done', claimers: [aiko], title: 'Weekly expense summary' });
    const skills = [
      skill({ name: 'b-used', uses: 9, installs: { people: 1, byTeam: { Sales: 1 } } }),
      skill({ name: 'a-used', uses: 9, installs: { people: 1, byTeam: { Sales: 1 } } }),
      skill({ name: 'top', questId: won.id, installs: { people: 5, byTeam: { Sales: 2, Finance: 3 } }, uses: 1 }),
      skill({ name: 'gone-quest', questId: 9_999 }),
      skill({ name: 'pending-only', approvedVersion: undefined, latestVersion: 1, installs: { people: 50, byTeam: { Sales: 50 } } }),
    ];
    const board = BoardResponse.parse(buildBoard([won], { viewer, now: NOW, programme: PROGRAMME, skills }));
    expect(board.skills.count).toBe(4);
    expect(board.skills.more).toBe(0);
    expect(board.skills.skills.map((s) => s.name)).toEqual(['top', 'a-used', 'b-used', 'gone-quest']);
    expect(board.skills.skills[0]).toEqual({
      name: 'top',
      description: 'Summarise a card export',
      team: 'Finance',
      author: aiko,
      version: 2,
      installs: { people: 5, byTeam: [{ team: 'Finance', people: 3 }, { team: 'Sales', people: 2 }], moreTeams: 0 },
      uses: 1,
      quest: { id: won.id, title: 'Weekly expense summary' },
    });
    expect(board.skills.skills[3].quest).toEqual({ id: 9_999 });
    expect(board.skills.skills[1].quest).toBeUndefined();
  });

  it('with the team filter keeps the team\'s own skills and those the team installed, and offers skill-only teams in the filter', () => {
    const skills = [skill({ name: 'finance-own' }), skill({ name: 'sales-own', team: 'Sales' }), skill({ name: 'legal-used-by-finance', team: 'Legal', installs: { people: 1, byTeam: { Finance: 1 } } })];
    const board = buildBoard([quest({ team: 'Finance' })], { team: 'Finance', viewer, now: NOW, programme: PROGRAMME, skills });
    expect(board.skills.skills.map((s) => s.name)).toEqual(['legal-used-by-finance', 'finance-own']);
    expect(board.teams).toEqual(['Finance', 'Legal', 'Sales']);
    expect(buildBoard([], { viewer, now: NOW, programme: PROGRAMME }).skills).toEqual({ count: 0, skills: [], more: 0 });
  });

  it('caps the list and the teams of each skill, counting the rest', () => {
    const byTeam = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`Team ${String(i).padStart(2, '0')}`, i + 1]));
    const skills = Array.from({ length: BOARD_LIMITS.skills + 7 }, (_, i) => skill({ name: `skill-${String(i).padStart(2, '0')}`, installs: { people: 78, byTeam } }));
    const board = BoardResponse.parse(buildBoard([], { viewer, now: NOW, programme: PROGRAMME, skills }));
    expect(board.skills).toMatchObject({ count: BOARD_LIMITS.skills + 7, more: 7 });
    expect(board.skills.skills).toHaveLength(BOARD_LIMITS.skills);
    expect(board.skills.skills[0].installs.byTeam).toHaveLength(BOARD_LIMITS.skillInstallTeams);
    expect(board.skills.skills[0].installs.byTeam[0]).toEqual({ team: 'Team 11', people: 12 });
    expect(board.skills.skills[0].installs.moreTeams).toBe(12 - BOARD_LIMITS.skillInstallTeams);
  });
});
