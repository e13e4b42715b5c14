import { describe, expect, it } from 'vitest';
import { buildProgrammeReport } from '../../facilitator/programme/report-data.js';
import { renderHtml } from '../../facilitator/programme/render-html.js';
import { renderMarkdown } from '../../facilitator/programme/render-text.js';
import type { Programme } from '../../facilitator/programme/store.js';

/**
 * Issue 11: the programme's Dates table said "Invited 0" for a later date when the roster has no date
 * column (everyone had come to the first date, so nobody "not yet attended" was left). Without that
 * column who was invited to which date is not known: the table says "—" and the roster total.
 */
const programme: Programme = {
  schemaVersion: 1,
  id: 'two-dates',
  title: 'Two dates',
  createdAt: '2026-03-01T00:00:00Z',
  timeZone: 'UTC',
  settings: { windowDays: 28, regularMinWeeks: 3 },
  sessions: [
    { id: '2026-03-03', date: '2026-03-03', startsAt: '2026-03-03T09:00:00.000Z' },
    { id: '2026-03-10', date: '2026-03-10', startsAt: '2026-03-10T09:00:00.000Z' },
  ],
};

function report(people: Array<{ email: string; name: string; team: string; session?: string }>) {
  const doctor = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, ts: '2026-03-03T09:30:00Z', type: 'doctor.completed' as const, ready: true, platform: 'linux', checks: [] });
  return buildProgrammeReport({
    programme,
    sessions: programme.sessions,
    roster: { schemaVersion: 1, updatedAt: '2026-03-01T00:00:00Z', people },
    hub: [
      {
        id: '2026-03-03',
        participants: people.map((p, i) => ({ id: `p${i}`, email: p.email, name: p.name, team: p.team, joinedAt: '2026-03-03T09:05:00Z' })),
        records: people.map((_, i) => ({ participantId: `p${i}`, receivedAt: '2026-03-03T09:30:01Z', event: doctor(i + 1) })),
      },
    ],
    usageByEmail: new Map(),
    unmatchedUsage: [],
    packExercises: [],
    now: new Date('2026-05-01T00:00:00Z'),
  });
}

describe('invited per date', () => {
  const roster = [
    { email: 'ana@example.com', name: 'Ana', team: 'Sales' },
    { email: 'ben@example.com', name: 'Ben', team: 'Ops' },
  ];

  it('is "—" with the roster total when the roster has no date column, never "Invited 0"', () => {
    const r = report(roster);
    expect(r.dates.map((d) => d.attended)).toEqual([2, 0]);
    expect(r.dates.map((d) => d.invited)).toEqual([null, null]);
    expect(r.dates.map((d) => d.notYetAttended)).toEqual([2, 0]);
    expect(r).toMatchObject({ invitedPerDateBasis: 'no roster date column', rosterSize: 2 });
    const markdown = renderMarkdown(r);
    expect(markdown).toContain('| 2026-03-10 | 2026-03-10 09:00 | — | 0 |');
    expect(markdown).toContain('all 2 people on the roster were invited to the programme');
    const html = renderHtml(r);
    expect(html).toMatch(/data-session="2026-03-10">.*?data-col="invited">—</);
    expect(html).not.toMatch(/data-col="invited">0</);
  });

  it('counts the roster date column when there is one', () => {
    const r = report(roster.map((p, i) => ({ ...p, session: programme.sessions[i].id })));
    expect(r.dates.map((d) => d.invited)).toEqual([1, 1]);
    expect(renderMarkdown(r)).toContain("from the roster's date column");
  });
});
