import { describe, expect, it } from 'vitest';
import type { PersonRow } from '../../facilitator/programme/report-data.js';
import { buildDigest, officeHours, sameTeam } from '../../facilitator/quests/digest.js';
import { digestSubject, renderDigestHtml, renderDigestMarkdown } from '../../facilitator/quests/digest-render.js';
import { DIGEST_WORDS } from '../../facilitator/quests/digest-words.js';
import type { QuestRecord } from '../../facilitator/quests/lifecycle.js';
import { personRef } from '../../facilitator/quests/people.js';
import { toQuest } from '../../facilitator/store/quests.js';
import { escapeMarkdown } from '../../facilitator/render/escape.js';
import { Digest } from '../../src/protocol/digest.js';
import type { Quest, WinKind } from '../../src/protocol/quests.js';

/**
 * The weekly digest's data and its two renderings, without a store (issue 14): what is new in the
 * window, the team filter, what is worth trying from other teams, the office-hours list for the
 * facilitator only, and participant text that cannot become markup or a link in either format.
 */
const NOW = new Date('2026-04-20T12:00:00.000Z');
const SINCE = new Date('2026-04-13T00:00:00.000Z');
const PROGRAMME = { id: 'spring', title: 'Codex for everyone', timeZone: 'Asia/Tokyo' };

const aiko = personRef({ email: 'aiko@example.com', name: 'Aiko', team: 'Finance' });
const ben = personRef({ email: 'ben@example.com', name: 'Ben', team: 'Sales' });

let next = 0;
function quest(over: Partial<QuestRecord> & { win?: { kind: WinKind; minutesAfter: number; doneAt: string }; reuses?: number } = {}): Quest {
  const { win, reuses = 0, ...fields } = over;
  const record: QuestRecord = {
    id: (next += 1),
    title: `Quest ${next}`,
    today: 'By hand',
    team: 'Finance',
    often: { times: 1, per: 'week' },
    minutesEach: 45,
    risk: 'low',
    sensitivity: 'internal',
    benefitTeams: [],
    state: 'open',
    postedBy: aiko,
    postedAt: '2026-04-01T00:00:00.000Z',
    claimers: [],
    lastActivityAt: '2026-04-01T00:00:00.000Z',
    ...(win
      ? {
          state: 'done' as const,
          claimers: [aiko],
          submission: { kind: win.kind, text: 'what was built', minutesAfter: win.minutesAfter, at: win.doneAt, by: aiko },
          review: { verdict: 'approve' as const, note: 'works', by: ben, role: 'participant' as const, at: win.doneAt },
          doneAt: win.doneAt,
        }
      : {}),
    ...fields,
  };
  return toQuest(record, reuses);
}

const win = (doneAt: string, kind: WinKind = 'prompt', minutesAfter = 5) => ({ win: { kind, minutesAfter, doneAt } });

function person(over: Partial<PersonRow>): PersonRow {
  return {
    email: 'x@example.com',
    name: 'X',
    team: 'Finance',
    attended: ['2026-04-01'],
    returning: false,
    readyBeforeSession: true,
    tried: true,
    finished: false,
    exercisesPassed: 1,
    segment: 'triedOnly',
    regular: false,
    contributedWin: false,
    anchorDay: '2026-04-01',
    activeWeeks: 0,
    useDays: 1,
    windowOpen: false,
    useCasesShared: 0,
    ...over,
  };
}

describe('the digest data', () => {
  it('counts as new only the wins reviewed in the window, newest first, with their hours and the total', () => {
    const quests = [
      quest({ title: 'before', ...win('2026-04-12T23:59:59.999Z') }),
      quest({ title: 'at the start', ...win('2026-04-13T00:00:00.000Z') }),
      quest({ title: 'later', ...win('2026-04-19T10:00:00.000Z'), reuses: 2 }),
      quest({ title: 'after now', ...win('2026-04-20T12:00:00.001Z') }),
      quest({ title: 'submitted, not reviewed', state: 'submitted', claimers: [aiko] }),
    ];
    const digest = buildDigest({ programme: PROGRAMME, quests, audience: 'team', since: SINCE, now: NOW });
    expect(digest.newWins.shown.map((w) => w.title)).toEqual(['later', 'at the start']);
    // (45 − 5) min × 52/12 a month × 3 people = 8.7 h; × 1 person = 2.9 h.
    expect(digest.newWins.shown[0].hours).toEqual({ perMonth: 8.7, minutesBefore: 45, minutesAfter: 5, timesPerMonth: 4.33, people: 3 });
    expect(digest.newWins.hoursPerMonth).toBe(11.6);
    expect(digest.reviewed).toEqual({ wins: 4, hoursPerMonth: 17.4 });
    expect(digest.window).toEqual({ since: SINCE.toISOString(), until: NOW.toISOString() });
    expect(Digest.parse(digest)).toEqual(digest);
  });

  it('keeps to one team when asked (names compared loosely), and lists its open and in-progress quests', () => {
    const quests = [
      quest({ title: 'finance open', team: 'Finance' }),
      quest({ title: 'finance typed differently', team: ' ｆｉｎａｎｃｅ ' }),
      quest({ title: 'sales open', team: 'Sales' }),
      quest({ title: 'finance claimed', state: 'claimed', claimers: [aiko], lastActivityAt: '2026-04-15T00:00:00.000Z' }),
      quest({ title: 'finance submitted', state: 'submitted', claimers: [aiko], lastActivityAt: '2026-04-16T00:00:00.000Z' }),
      quest({ title: 'sales win', team: 'Sales', ...win('2026-04-14T00:00:00.000Z') }),
    ];
    const finance = buildDigest({ programme: PROGRAMME, quests, team: 'finance', audience: 'team', since: SINCE, now: NOW });
    expect(finance.team).toBe('finance');
    expect(finance.open.shown.map((q) => q.title).sort()).toEqual(['finance open', 'finance typed differently']);
    expect(finance.inProgress.shown.map((q) => q.title)).toEqual(['finance submitted', 'finance claimed']);
    expect(finance.newWins.total).toBe(0);
    const everyone = buildDigest({ programme: PROGRAMME, quests, audience: 'team', since: SINCE, now: NOW });
    expect([everyone.team, everyone.open.total, everyone.newWins.total]).toEqual([null, 3, 1]);
    expect(sameTeam('Sales ', 'SALES')).toBe(true);
  });

  it('offers as worth trying the most reused prompts and skills of other teams, never the own team\'s, scripts or how-tos', () => {
    const quests = [
      quest({ title: 'own team skill', team: 'Finance', ...win('2026-03-01T00:00:00.000Z', 'skill'), reuses: 9 }),
      quest({ title: 'sales prompt, reused twice', team: 'Sales', ...win('2026-03-01T00:00:00.000Z', 'prompt'), reuses: 2 }),
      quest({ title: 'hr skill, reused five times', team: 'HR', ...win('2026-03-01T00:00:00.000Z', 'skill'), reuses: 5 }),
      quest({ title: 'sales script', team: 'Sales', ...win('2026-03-01T00:00:00.000Z', 'script'), reuses: 20 }),
      quest({ title: 'sales how-to', team: 'Sales', ...win('2026-03-01T00:00:00.000Z', 'howto'), reuses: 20 }),
      quest({ title: 'sales open', team: 'Sales' }),
    ];
    const digest = buildDigest({ programme: PROGRAMME, quests, team: 'Finance', audience: 'team', since: SINCE, now: NOW });
    expect(digest.worthTrying.map((w) => w.title)).toEqual(['hr skill, reused five times', 'sales prompt, reused twice']);
    const all = buildDigest({ programme: PROGRAMME, quests, audience: 'team', since: SINCE, now: NOW });
    expect(all.worthTrying[0].title).toBe('own team skill');
  });

  it('names people to invite to office hours only in the facilitator\'s digest', () => {
    const people = [
      person({ name: 'Tried and stopped', email: 'a@example.com' }),
      person({ name: 'Tried, window open', email: 'b@example.com', windowOpen: true, anchorDay: '2026-04-10', team: 'Sales' }),
      person({ name: 'Kept using it', email: 'c@example.com', segment: 'continued', activeWeeks: 2 }),
      person({ name: 'Never tried in the session', email: 'd@example.com', tried: false }),
      person({ name: 'Did not attend', email: 'e@example.com', attended: [] }),
      person({ name: 'Never started', email: 'f@example.com', segment: 'notStarted', tried: false }),
    ];
    const report = { people, windowDays: 28 };
    const team = buildDigest({ programme: PROGRAMME, quests: [], audience: 'team', since: SINCE, now: NOW, report });
    expect(team.officeHours).toBeUndefined();
    expect(renderDigestMarkdown(team, 'en')).not.toContain('Tried and stopped');
    expect(renderDigestHtml(team, 'en')).not.toContain('a@example.com');
    const facilitator = buildDigest({ programme: PROGRAMME, quests: [], audience: 'facilitator', since: SINCE, now: NOW, report });
    expect(facilitator.officeHours?.people.map((p) => p.name)).toEqual(['Tried and stopped', 'Tried, window open']);
    expect(facilitator.officeHours?.people[1]).toEqual({ name: 'Tried, window open', email: 'b@example.com', team: 'Sales', sessionDay: '2026-04-10', windowOpen: true });
    expect(officeHours(people, 'sales').map((p) => p.name)).toEqual(['Tried, window open']);
    expect(() => buildDigest({ programme: PROGRAMME, quests: [], audience: 'facilitator', since: SINCE, now: NOW })).toThrow(/programme report/);
  });
});

const HOSTILE = '<img src=x onerror=alert(1)> [click](https://evil.example/x) ![i](http://evil.example/i.png) **bold** `code` | # www.evil.example mail@evil.example \u001b[31mred\u202e';

describe('the digest, rendered', () => {
  const hostileDigest = () =>
    buildDigest({
      programme: { ...PROGRAMME, title: `Programme ${HOSTILE}` },
      quests: [
        quest({ title: HOSTILE, team: HOSTILE }),
        quest({ title: `Win ${HOSTILE}`, team: HOSTILE, ...win('2026-04-15T00:00:00.000Z'), claimers: [{ key: 'p_1', name: `Name ${HOSTILE}`, team: HOSTILE }] }),
        quest({ title: `Tryable ${HOSTILE}`, team: 'Other', ...win('2026-03-01T00:00:00.000Z', 'skill'), reuses: 1 }),
      ],
      audience: 'facilitator',
      since: SINCE,
      now: NOW,
      report: { people: [person({ name: `Person ${HOSTILE}`, email: 'stopped@example.com', team: HOSTILE })], windowDays: 28 },
    });

  it('shows hostile participant text in Markdown as text: no HTML, link, image, emphasis, terminal control or bare URL', () => {
    const md = renderDigestMarkdown(hostileDigest(), 'en');
    expect(md).not.toMatch(/<img|<\/?[a-z]/i);
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(md).not.toMatch(/\]\(/); // no [text](url) and no ![alt](src)
    expect(md).toContain('\\[click\\]\\(https:\u200b//evil.example/x\\)');
    expect(md).not.toMatch(/https?:\/\//);
    expect(md).not.toMatch(/www\./);
    expect(md).not.toMatch(/[^\u200b]@evil/);
    expect(md).toContain('\\*\\*bold\\*\\* \\`code\\` \\| \\#');
    expect(md).not.toMatch(/[\u001b\u202e]/);
    // The facilitator's email address stays copyable (a code span: no renderer links inside one).
    expect(md).toContain('`stopped@example.com`');
  });

  it('writes one self-contained, email-safe HTML document with every participant string escaped', () => {
    const html = renderDigestHtml(hostileDigest(), 'en');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(script|style|link|img|iframe|object|embed|form|base|meta http-equiv)/i);
    // No attribute that fetches, links or runs anything, inside any tag.
    expect(html).not.toMatch(/<[^>]*\s(src|href|action|background|on[a-z]+)=/i);
    expect(html).not.toMatch(/url\(|@import|javascript:/i);
    // Attribute values are well formed: every style attribute closes before the tag does.
    for (const tag of html.match(/<[a-z][^>]*>/g) ?? []) expect((tag.match(/"/g) ?? []).length % 2).toBe(0);
    expect(html).not.toMatch(/onerror=alert\(1\)>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/[\u001b\u202e]/);
    // Participant backticks stay text; the catalogue's command names are <code>.
    expect(html).toContain('&#96;code&#96;');
    expect(html).toContain('>workshop quest post</code>');
    // Every element's look is inline (mail clients drop <style>).
    expect(html).toMatch(/<h1 style="/);
    expect(digestSubject(hostileDigest(), 'en')).not.toMatch(/https?:\/\/|[\u001b\u202e\n]/);
  });

  it('says each win\'s hours with their computation, in English and in Japanese', () => {
    const digest = buildDigest({ programme: PROGRAMME, quests: [quest({ title: '経費精算', ...win('2026-04-15T00:00:00.000Z'), reuses: 2 })], audience: 'team', since: SINCE, now: NOW });
    const en = renderDigestMarkdown(digest, 'en');
    expect(en).toContain('Saves (45 − 5) min × 4.33 a month × 3 people = 8.7 h a month. 2 other people use it too.');
    expect(en).toContain('## New reviewed wins');
    expect(en).toContain('only reviewed wins count');
    const ja = renderDigestMarkdown(digest, 'ja');
    expect(ja).toContain('削減：(45 − 5) 分 × 月 4.33 回 × 3 人 = 月 8.7 時間。');
    expect(ja).toContain('## 新しくレビューされた成果');
    expect(ja).not.toContain('New reviewed wins');
    expect(renderDigestHtml(digest, 'ja')).toContain('<html lang="ja">');
    expect(digestSubject(digest, 'ja')).toBe('Codex の成果：Codex for everyone、2026-04-13〜2026-04-20');
  });

  it('has the same sentences in both languages', () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(DIGEST_WORDS.ja)).toEqual(keys(DIGEST_WORDS.en));
    for (const key of ['kind', 'risk', 'state'] as const) expect(keys(DIGEST_WORDS.ja[key])).toEqual(keys(DIGEST_WORDS.en[key]));
  });

  it('escapes Markdown so that a title cannot start a link, a table cell or a heading', () => {
    expect(escapeMarkdown('[a](b) | # _x_')).toBe('\\[a\\]\\(b\\) \\| \\# \\_x\\_');
  });
});
