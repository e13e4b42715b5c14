import { describe, expect, it } from 'vitest';
import { buildQuestsSection } from '../../facilitator/programme/quests-section.js';
import { buildProgrammeReport } from '../../facilitator/programme/report-data.js';
import type { Programme } from '../../facilitator/programme/store.js';

/**
 * The programme report without quests (issue 14): a programme kept in folders has none, and a
 * programme moved into the store that has none yet must report byte for byte the same (test/data,
 * test/server check that on real programmes); here the section's shape when it is empty.
 */
const programme: Programme = { schemaVersion: 1, id: 'p', title: 'P', createdAt: '2026-03-01T00:00:00Z', timeZone: 'UTC', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] };

function report(quests?: []) {
  return buildProgrammeReport({
    programme,
    sessions: [],
    roster: { schemaVersion: 1, updatedAt: '2026-03-01T00:00:00Z', people: [{ email: 'a@example.com', name: 'A', team: 'T' }] },
    hub: [],
    usageByEmail: new Map(),
    unmatchedUsage: [],
    packExercises: [],
    ...(quests ? { quests } : {}),
    now: new Date('2026-04-01T00:00:00Z'),
  });
}

describe('the report without quests', () => {
  it('has the quests section with zeros and nobody marked as having contributed a win, whether quests were passed or not', () => {
    const none = report();
    expect(none.quests).toEqual(buildQuestsSection([]));
    expect(none.quests).toMatchObject({ posted: 0, claimed: 0, done: 0, hoursPerMonth: 0, risk: { low: 0, medium: 0, high: 0 }, byTeam: {}, topReused: [] });
    expect(none.people.map((p) => p.contributedWin)).toEqual([false]);
    expect(JSON.stringify(report([]))).toBe(JSON.stringify(none));
  });
});
