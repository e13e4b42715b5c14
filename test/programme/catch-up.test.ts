import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHistoryLookup, readProgrammeHistory } from '../../facilitator/programme/history.js';
import { prepareProgrammeSession } from '../../facilitator/programme/host-session.js';
import { createProgramme } from '../../facilitator/programme/store.js';
import type { ParticipantEvent } from '../../src/protocol/events.js';
import { type HubActivity, tempDir, writeHubSession } from './helpers.js';

let counter = 0;
function event(ts: string, body: Record<string, unknown>): ParticipantEvent {
  counter += 1;
  return { id: `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`, ts, ...body } as ParticipantEvent;
}
const graded = (ts: string, exerciseId: string) =>
  event(ts, { type: 'exercise.graded', exerciseId, passed: true, score: 1, maxScore: 1, noChange: false, failingChecks: [], attempt: 1, codexSessions: 1, changedAfterCodex: true });

describe('catch-up across two dates of a programme', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let data: string;

  beforeEach(async () => {
    root = await tempDir('catch-up-');
    data = path.join(root.dir, 'data');
    await createProgramme(data, { id: 'spring', title: 'Spring', timeZone: 'Europe/Paris' });
  });
  afterEach(async () => root.cleanup());

  it('registers a date with its start time in the programme time zone, and keeps it on a restart without --starts', async () => {
    const first = await prepareProgrammeSession({ dataDir: data, programmeId: 'spring', session: '2026-03-31-pm', starts: '13:30' });
    expect(first).toMatchObject({ sessionId: '2026-03-31-pm', startsAt: '2026-03-31T11:30:00.000Z', title: 'Spring — 2026-03-31 (pm)' });
    const again = await prepareProgrammeSession({ dataDir: data, programmeId: 'spring', session: '2026-03-31-pm' });
    expect(again.startsAt).toBe('2026-03-31T11:30:00.000Z');
    expect(again.title).toBeUndefined(); // no rename on resume
    const stored = JSON.parse(await readFile(path.join(data, 'programmes', 'spring', 'programme.json'), 'utf8'));
    expect(stored.sessions).toEqual([{ id: '2026-03-31-pm', date: '2026-03-31', startsAt: '2026-03-31T11:30:00.000Z', title: 'Spring — 2026-03-31 (pm)' }]);
    const winter = await prepareProgrammeSession({ dataDir: data, programmeId: 'spring', session: '2026-01-15' });
    expect(winter.startsAt).toBe('2026-01-15T08:00:00.000Z'); // 09:00 in Paris in winter
  });

  it('refuses a session id that is not a day, a bad --starts, and an unknown programme', async () => {
    await expect(prepareProgrammeSession({ dataDir: data, programmeId: 'spring', session: 'tuesday' })).rejects.toThrow(/YYYY-MM-DD/);
    await expect(prepareProgrammeSession({ dataDir: data, programmeId: 'spring', session: '2026-04-01', starts: '25:00' })).rejects.toThrow(/HH:MM/);
    await expect(prepareProgrammeSession({ dataDir: data, programmeId: 'autumn', session: '2026-04-01' })).rejects.toThrow(/no programme "autumn"/);
  });

  it('knows who is returning and what they passed, by email, from the earlier dates only', async () => {
    const d1 = await prepareProgrammeSession({ dataDir: data, programmeId: 'spring', session: '2026-03-03' });
    const d2 = await prepareProgrammeSession({ dataDir: data, programmeId: 'spring', session: '2026-03-10' });
    const d3 = await prepareProgrammeSession({ dataDir: data, programmeId: 'spring', session: '2026-03-17' });
    const first: HubActivity[] = [
      // Ann attends the first date and passes two exercises.
      { kind: 'join', at: '2026-03-03T07:50:00Z', email: 'ann@example.com', name: 'Ann', team: 'Sales' },
      { kind: 'event', email: 'ann@example.com', received: '2026-03-03T08:30:00Z', event: graded('2026-03-03T08:30:00Z', '01-first-file') },
      { kind: 'event', email: 'ann@example.com', received: '2026-03-03T09:10:00Z', event: graded('2026-03-03T09:10:00Z', '02-tidy-folder') },
      // Bob joined that hub from home the evening before, ran doctor, and never came.
      { kind: 'join', at: '2026-03-02T18:00:00Z', email: 'bob@example.com', name: 'Bob', team: 'HR' },
      { kind: 'event', email: 'bob@example.com', received: '2026-03-02T18:01:00Z', event: event('2026-03-02T18:01:00Z', { type: 'doctor.completed', ready: true, platform: 'linux', checks: [] }) },
    ];
    await writeHubSession(data, 'spring', { id: d1.sessionId, startsAt: d1.startsAt }, first);
    // Cy comes only to the third date, whose hub is already up.
    await writeHubSession(data, 'spring', { id: d3.sessionId, startsAt: d3.startsAt }, [
      { kind: 'join', at: '2026-03-17T07:55:00Z', email: 'cy@example.com', name: 'Cy', team: 'Ops' },
      { kind: 'event', email: 'cy@example.com', received: '2026-03-17T08:30:00Z', event: graded('2026-03-17T08:30:00Z', '01-first-file') },
    ]);

    const history = await readProgrammeHistory(data, 'spring', d2.sessionId);
    expect(history.get('ann@example.com')).toEqual({ returning: true, sessions: ['2026-03-03'], passedExercises: ['01-first-file', '02-tidy-folder'], finished: false });
    expect(history.has('bob@example.com')).toBe(false);
    expect(history.has('cy@example.com')).toBe(false); // the third date is not history for the second

    const lookup = createHistoryLookup(data, 'spring', d2.sessionId);
    expect(await lookup('ANN@example.com')).toMatchObject({ returning: true });
    expect(await lookup('cy@example.com')).toBeUndefined();
  });
});
