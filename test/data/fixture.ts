import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { prepareProgrammeSession } from '../../facilitator/programme/host-session.js';
import { importRoster } from '../../facilitator/programme/roster-import.js';
import { createProgramme, emptyRoster, emptyUsage, saveCosts, saveRoster, saveUsage } from '../../facilitator/programme/store.js';
import { mergeUsage, parseUsageFile } from '../../facilitator/programme/usage-import.js';
// @ts-expect-error plain JavaScript fixture shared with the benchmark
import { NOW, PACK, TIME_ZONE, buildSyntheticProgramme } from '../programme/fixtures/synthetic-programme.mjs';
import { type HubActivity, writeHubSession, writePack } from '../programme/helpers.js';

/**
 * A data folder as facilitators have them today, rich enough that a lossy move would show: the
 * 70-person synthetic programme (roster with keys and hints, two usage imports, three dates of joins,
 * doctor runs, graded exercises, pulse and shared use cases), two planned dates in programme.json
 * (one never hosted), a second small programme, a stand-alone session, and damage the folder reader
 * warns about (a line that is not JSON, a torn last line).
 */
export const RICH = 'synthetic';
export const SMALL = 'autumn';
export const REPORT_NOW = new Date(NOW);

export interface RichFolder {
  dataDir: string;
  packDir: string;
}

export async function buildRichFolder(root: string): Promise<RichFolder> {
  const dataDir = path.join(root, 'data');
  const fixture = buildSyntheticProgramme(1);
  await createProgramme(dataDir, { id: RICH, title: 'Codex for everyone', timeZone: TIME_ZONE, settings: { windowDays: 28, regularMinWeeks: 3 }, now: new Date('2026-02-20T01:02:03.456Z') });
  // Planned dates as `workshop host --programme … --starts` records them: one hosted, one not yet.
  await prepareProgrammeSession({ dataDir, programmeId: RICH, session: '2026-03-10-pm', starts: '13:30', title: 'Afternoon group' });
  await prepareProgrammeSession({ dataDir, programmeId: RICH, session: '2026-06-02', starts: '10:00' });
  const roster = importRoster(fixture.rosterCsv, emptyRoster(new Date('2026-02-21T00:00:00.000Z')), { file: 'roster.csv' });
  await saveRoster(dataDir, RICH, roster.roster);
  let usage = mergeUsage(emptyUsage(), parseUsageFile(fixture.usagePagesJsonLines, 'usage.jsonl', TIME_ZONE), { file: 'usage.jsonl', now: new Date('2026-04-20T08:00:00.000Z') });
  usage = mergeUsage(usage, parseUsageFile(fixture.usageCsv, 'usage.csv', TIME_ZONE), { file: 'usage.csv', now: new Date('2026-04-21T08:00:00.000Z') });
  await saveUsage(dataDir, RICH, usage);
  // Spend (issue 16) as `usage sync` stores it: per key where the key is known, and one project row.
  const costs = usage.days
    .filter((d) => d.source.kind === 'keyId')
    .map((d) => ({ source: { kind: 'keyId' as const, value: d.source.value }, lineItem: '', day: d.day, amount: Math.round(d.requests * 0.0137 * 1e6) / 1e6, currency: 'usd' }));
  costs.push({ source: { kind: 'project' as const, value: 'proj_workshop' }, lineItem: 'gpt-5-codex, input', day: usage.days[0].day, amount: 1.25, currency: 'usd' } as (typeof costs)[number]);
  await saveCosts(dataDir, RICH, { schemaVersion: 1, days: costs });
  for (const session of fixture.sessions) await writeHubSession(dataDir, RICH, session, fixture.hub[session.id]);
  // Damage the folder reader skips with a warning: a line that is not JSON, then a torn last line.
  const log = path.join(dataDir, 'programmes', RICH, 'sessions', '2026-03-17', 'log.jsonl');
  await appendFile(log, 'this is not json\n{"kind":"event","seq":99999,"receivedAt":"2026-03-1');

  await createProgramme(dataDir, { id: SMALL, title: 'Autumn pilot', timeZone: 'Europe/Paris', now: new Date('2026-09-01T07:00:00.000Z') });
  await writeHubSession(dataDir, SMALL, { id: '2026-10-06', startsAt: '2026-10-06T07:00:00.000Z' }, smallActivity());
  // A stand-alone session (no programme): it stays in the folder.
  await writeHubSession(dataDir, SMALL, { id: '2026-10-07', startsAt: '2026-10-07T07:00:00.000Z' }, smallActivity());
  await mkdir(path.join(dataDir, 'sessions'), { recursive: true });
  await rename(path.join(dataDir, 'programmes', SMALL, 'sessions', '2026-10-07'), path.join(dataDir, 'sessions', '2026-10-07'));
  const packDir = await writePack(path.join(root, 'pack'), PACK);
  return { dataDir, packDir };
}

function smallActivity(): HubActivity[] {
  const event = (n: number, ts: string) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, ts, type: 'exercise.setup' as const, exerciseId: PACK[0] });
  return [
    { kind: 'join', at: '2026-10-06T06:50:00.000Z', email: 'ana@example.com', name: 'Ana', team: 'Sales' },
    { kind: 'join', at: '2026-10-06T06:55:00.000Z', email: 'bo@example.com', name: 'Bo', team: 'HR' },
    { kind: 'event', email: 'ana@example.com', received: '2026-10-06T07:10:00.000Z', event: event(1, '2026-10-06T07:10:00.000Z') },
    { kind: 'event', email: 'bo@example.com', received: '2026-10-06T07:11:00.000Z', event: event(2, '2026-10-06T07:11:00.000Z') },
  ];
}

/** Every file under a folder with its SHA-256: to prove a command left the folders as they were. */
export async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  return out;
}
