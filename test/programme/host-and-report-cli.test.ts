import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, startProgrammeHub, tempDir, workshop } from './helpers.js';

describe('workshop host and report with --programme', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    root = await tempDir('programme-host-');
    env = isolatedEnv(root.dir);
    expect((await workshop(['programme', 'create', 'spring', '--title', 'Spring rollout', '--time-zone', 'Asia/Tokyo'], env)).code).toBe(0);
    await writeFile(path.join(root.dir, 'roster.csv'), 'email,name,team\nann@example.com,Ann,Sales\nbob@example.com,Bob,HR\n');
    expect((await workshop(['roster', 'import', path.join(root.dir, 'roster.csv'), '--programme', 'spring'], env)).code).toBe(0);
  });
  afterAll(async () => root?.cleanup());

  it('hosts a date of the programme in the programme folder, with its start time, and the report lists it', async () => {
    const hub = await startProgrammeHub(['--programme', 'spring', '--session', '2026-03-31-pm', '--starts', '13:30'], env);
    try {
      expect(hub.info.session).toBe('2026-03-31-pm');
      expect(hub.info.sessionDir).toBe(path.join(env.WORKSHOP_DATA!, 'programmes', 'spring', 'sessions', '2026-03-31-pm'));
      const meta = JSON.parse(await readFile(path.join(hub.info.sessionDir, 'session.json'), 'utf8'));
      expect(meta).toMatchObject({ programmeId: 'spring', startsAt: '2026-03-31T04:30:00.000Z', title: 'Spring rollout — 2026-03-31 (pm)' });
      const joined = await fetch(`${hub.info.joinUrl}/v1/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: hub.info.code, name: 'Ann', email: 'ann@example.com', team: 'Sales' }),
      });
      expect(joined.status).toBe(201);
    } finally {
      expect(await hub.stop()).toBe(0);
    }
    const report = await workshop(['report', '--programme', 'spring', '--format', 'json'], env);
    expect(report.code).toBe(0);
    const json = JSON.parse(report.stdout);
    expect(json.dates).toEqual([expect.objectContaining({ session: '2026-03-31-pm', startsLocal: '2026-03-31 13:30', invited: null, notYetAttended: 2 })]);
    expect(json).toMatchObject({ invitedPerDateBasis: 'no roster date column', rosterSize: 2 });
    expect(Object.keys(json.funnel)).toEqual(['invited', 'exploredBeforeTraining', 'readyBeforeSession', 'attended', 'tried', 'finished', 'continued']);
    expect(Object.keys(json.segments)).toEqual(['notStarted', 'triedOnly', 'continued', 'regular']);
    expect(Object.keys(json.byTeam)).toEqual(['HR', 'Sales']);
    expect(json.byTeam.Sales).toEqual({ funnel: expect.any(Object), funnelPercent: expect.any(Object), segments: expect.any(Object) });
    const session = await workshop(['report', '--programme', 'spring', '--session', '2026-03-31-pm', '--format', 'json'], env);
    expect(session.code).toBe(0);
    expect(JSON.parse(session.stdout).session).toMatchObject({ id: '2026-03-31-pm' });
  }, 60_000);

  it('writes the report to a file in each format and says what it holds', async () => {
    for (const format of ['html', 'md', 'csv', 'json']) {
      const out = path.join(root.dir, `report.${format}`);
      const result = await workshop(['report', '--programme', 'spring', '--format', format, '--out', out], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/Programme report written to .*: 2 invited/);
      expect((await readFile(out, 'utf8')).length).toBeGreaterThan(100);
    }
  });

  it('refuses what does not make sense, with exit 2 and one line', async () => {
    expect(await workshop(['host', '--starts', '10:00', '--port', '0'], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--starts belongs to a date of a programme/) });
    expect(await workshop(['host', '--programme', 'spring', '--session', 'next-tuesday', '--port', '0'], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/YYYY-MM-DD/) });
    expect(await workshop(['host', '--programme', 'spring', '--session', '2026-04-01', '--starts', '9am', '--port', '0'], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/HH:MM/) });
    expect(await workshop(['report'], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--session ID .* or --programme ID/) });
    expect(await workshop(['report', '--programme', 'nope'], env)).toMatchObject({ code: 1, stderr: expect.stringMatching(/no programme "nope"/) });
  });
});
