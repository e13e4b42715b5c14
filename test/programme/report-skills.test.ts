import { afterAll, describe, expect, it } from 'vitest';
import { loadProgrammeReportFromStore } from '../../facilitator/programme/load-from-store.js';
import { renderHtml } from '../../facilitator/programme/render-html.js';
import { renderCsv, renderMarkdown } from '../../facilitator/programme/render-text.js';
import { buildProgrammeReport } from '../../facilitator/programme/report-data.js';
import { buildSkillsSection } from '../../facilitator/programme/skills-section.js';
import type { Programme } from '../../facilitator/programme/store.js';
import { personRef } from '../../facilitator/quests/people.js';
import { QuestService } from '../../facilitator/quests/service.js';
import { Store } from '../../facilitator/store/store.js';
import type { Quest } from '../../src/protocol/quests.js';
import type { Skill } from '../../src/protocol/skills.js';
import { approvedSkill } from '../quests/board-helpers.js';
import { addParticipants } from '../quests/helpers.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';

/**
 * The programme report's skills section (issue 15): the approved skills with team, author, quest,
 * version, installs and reported uses, and the totals; empty (and the same bytes whether skills were
 * passed as none or not at all) for a programme without skills, as every report from the folders is.
 */
afterAll(cleanupTargets);

const programme: Programme = { schemaVersion: 1, id: 'spring', title: 'Spring', createdAt: '2026-03-01T00:00:00.000Z', timeZone: 'UTC', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] };
const aiko = personRef({ email: 'aiko@example.com', name: 'Aiko', team: 'Finance' });
const ben = personRef({ email: 'ben@example.com', name: 'Ben <b>', team: 'Sales' });
const HOSTILE = 'Export | <script>alert(1)</script>';

const skill = (over: Partial<Skill>): Skill => ({
  name: 'expense-summary',
  team: 'Finance',
  author: aiko,
  description: 'Summarise',
  approvedVersion: 1,
  latestVersion: 1,
  latestState: 'approved',
  installs: { people: 0, byTeam: {} },
  uses: 0,
  ...over,
});

function report(skills?: Skill[], quests: Quest[] = []) {
  return buildProgrammeReport({
    programme,
    sessions: [],
    roster: { schemaVersion: 1, updatedAt: '2026-03-01T00:00:00Z', people: [{ email: 'a@example.com', name: 'A', team: 'T' }] },
    hub: [],
    usageByEmail: new Map(),
    unmatchedUsage: [],
    packExercises: [],
    quests,
    ...(skills ? { skills } : {}),
    now: new Date('2026-04-01T00:00:00Z'),
  });
}

describe('the report\'s skills section', () => {
  it('lists approved skills the most installed first, with author, quest title (id only when the quest is gone), version, installs by team and uses, and the totals', () => {
    const quests = [{ id: 7, title: HOSTILE } as Quest];
    const section = buildSkillsSection(
      [
        skill({ name: 'few', uses: 3 }),
        skill({ name: 'many', author: ben, team: 'Sales', questId: 7, approvedVersion: 2, latestVersion: 3, latestState: 'pending', installs: { people: 3, byTeam: { Sales: 2, '': 1 } }, uses: 1 }),
        skill({ name: 'orphan', questId: 99 }),
        skill({ name: 'pending', approvedVersion: undefined, latestState: 'pending', installs: { people: 9, byTeam: { X: 9 } } }),
      ],
      quests,
    );
    expect(section).toMatchObject({ skills: 3, installs: 3, uses: 4 });
    expect(section.list).toEqual([
      { name: 'many', team: 'Sales', author: 'Ben <b>', questId: 7, questTitle: HOSTILE, version: 2, installs: 3, installsByTeam: { '(no team)': 1, Sales: 2 }, uses: 1 },
      { name: 'few', team: 'Finance', author: 'Aiko', version: 1, installs: 0, installsByTeam: {}, uses: 3 },
      { name: 'orphan', team: 'Finance', author: 'Aiko', questId: 99, version: 1, installs: 0, installsByTeam: {}, uses: 0 },
    ]);
  });

  it('renders in Markdown and HTML with participant text made inert; the CSV (people rows) is unchanged', () => {
    const withSkills = report([skill({ name: 'many', author: ben, questId: 7, installs: { people: 2, byTeam: { Sales: 2 } }, uses: 5 })], [{ id: 7, title: HOSTILE, state: 'open', team: 'Finance', risk: 'low', claimers: [], reuseCount: 0 } as unknown as Quest]);
    const md = renderMarkdown(withSkills);
    expect(md).toContain('## Company skills');
    expect(md).toContain('1 approved skill(s), 2 install(s), 5 use(s) reported.');
    const row = md.split('\n').find((l) => l.startsWith('| many |'))!;
    expect(row).toMatch(/^\| many \| Finance \| Ben &lt;b&gt; \| #7 Export \\\| &lt;script&gt;/);
    expect(row).toMatch(/\| 1 \| 2 \| Sales 2 \| 5 \|$/);
    const html = renderHtml(withSkills);
    expect(html).toContain('<section id="skills">');
    expect(html).toContain('<td>#7 Export | &lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(html).not.toContain('<script>alert(1)');
    expect(renderCsv(withSkills)).toBe(renderCsv(report()));
  });

  it('is empty without skills, the same bytes whether none were passed or an empty list', () => {
    const none = report();
    expect(none.skills).toEqual(buildSkillsSection([], []));
    expect(none.skills).toMatchObject({ skills: 0, installs: 0, uses: 0, list: [] });
    expect(JSON.stringify(report([]))).toBe(JSON.stringify(none));
    expect(renderMarkdown(none)).toContain('No approved skills yet.');
    expect(renderHtml(report([]))).toBe(renderHtml(none));
  });
});

describe.each(ENGINES)('the report\'s skills from the store on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('reports the approved skills with the quest title, installs by team and uses; nothing before any is approved', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      await store.putProgramme(programme, 'test');
      await addParticipants(store, programme.id, [
        { name: 'Aiko', email: 'aiko@example.com', team: 'Finance' },
        { name: 'Ben <b>', email: 'ben@example.com', team: 'Sales' },
      ]);
      const service = new QuestService(store, programme.id, () => new Date('2026-04-10T00:00:00.000Z'));
      const won = await service.post({ kind: 'participant', ref: aiko }, { title: 'Weekly expense summary', today: 'By hand', team: 'Finance', often: { times: 1, per: 'week' }, minutesEach: 45, risk: 'low', sensitivity: 'internal' });
      const now = new Date('2026-04-30T00:00:00.000Z');
      const before = await loadProgrammeReportFromStore(store, programme.id, { now, saveFacts: false });
      expect(before.report.skills).toEqual(buildSkillsSection([], []));

      await approvedSkill(store, programme.id, { name: 'expense-summary', team: 'Finance', description: 'Summarise', author: aiko, reviewer: ben, questId: won.id, installedBy: [aiko, ben], uses: 6 });
      await store.publishSkillVersion(
        programme.id,
        { name: 'pending-one', team: 'Sales', description: 'x', files: [{ path: 'SKILL.md', content: 'eA==', executable: false }], bytes: 1, sha256: 'd'.repeat(64), scripts: [], by: ben, at: '2026-04-20T00:00:00.000Z' },
        () => undefined,
        'test',
      );
      const after = await loadProgrammeReportFromStore(store, programme.id, { now });
      expect(after.report.skills).toMatchObject({ skills: 1, installs: 2, uses: 6 });
      expect(after.report.skills.list).toEqual([
        { name: 'expense-summary', team: 'Finance', author: 'Aiko', questId: won.id, questTitle: 'Weekly expense summary', version: 1, installs: 2, installsByTeam: { Finance: 1, Sales: 1 }, uses: 6 },
      ]);
      // Only the skills section moved.
      expect({ ...after.report, skills: before.report.skills }).toEqual(before.report);
    } finally {
      await store.close();
    }
  });
});
