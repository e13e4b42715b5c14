import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateFolders, programmesToMigrate } from '../../facilitator/data/migrate.js';
import { hashToken } from '../../facilitator/hub/tokens.js';
import { SessionStore } from '../../facilitator/hub/store.js';
import { readSessionMeta } from '../../facilitator/hub/session-meta.js';
import { prepareProgrammeSession } from '../../facilitator/programme/host-session.js';
import { loadProgrammeReport } from '../../facilitator/programme/load.js';
import { loadProgrammeReportFromStore } from '../../facilitator/programme/load-from-store.js';
import { loadProgramme, loadRoster, loadUsage, saveRoster, saveUsage } from '../../facilitator/programme/store.js';
import { Store } from '../../facilitator/store/store.js';
import { tempDir } from '../programme/helpers.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { REPORT_NOW, RICH, type RichFolder, SMALL, buildRichFolder, fingerprint } from './fixture.js';

/**
 * `workshop data migrate` on each engine: today's folders move in losslessly (the programme report is
 * the same JSON before and after), a second run writes nothing, and a database that holds a
 * programme differently is never overwritten unless --replace says so.
 */
let root: { dir: string; cleanup: () => Promise<void> };
let rich: RichFolder;
let copies = 0;

beforeAll(async () => {
  root = await tempDir('data-migrate-');
  rich = await buildRichFolder(root.dir);
}, 120_000);
afterAll(async () => {
  await cleanupTargets();
  await root?.cleanup();
});

/** A copy of the rich data folder a test may change. */
async function copyOfFolder(): Promise<string> {
  const dataDir = path.join(root.dir, `copy-${(copies += 1)}`);
  await cp(rich.dataDir, dataDir, { recursive: true });
  return dataDir;
}

async function migrate(store: Store, dataDir: string, options: { replace?: boolean } = {}) {
  return migrateFolders(store, await programmesToMigrate(dataDir), { dataDir, actor: 'cli:test', ...options });
}

async function reportsOf(store: Store, dataDir: string, id: string) {
  const folder = await loadProgrammeReport({ dataDir, programmeId: id, packDir: rich.packDir, now: REPORT_NOW });
  const stored = await loadProgrammeReportFromStore(store, id, { packDir: rich.packDir, now: REPORT_NOW });
  return { folder, stored };
}

async function joinTokenHashes(dataDir: string, id: string, session: string): Promise<string[]> {
  const text = await readFile(path.join(dataDir, 'programmes', id, 'sessions', session, 'log.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.startsWith('{"kind":"join"'))
    .map((l) => (JSON.parse(l) as { tokenHash: string }).tokenHash);
}

describe.each(ENGINES)('data migrate on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('moves every programme in: the report JSON is identical, every fact and token hash kept, the folders untouched', async () => {
    const before = await fingerprint(path.join(rich.dataDir, 'programmes'));
    const store = await Store.open(await freshTarget(kind));
    try {
      const summary = await migrate(store, rich.dataDir);
      expect(summary.programmes.map((p) => [p.programmeId, p.status])).toEqual([
        [SMALL, 'created'],
        [RICH, 'created'],
      ]);
      expect(summary.standaloneSessions).toBe(1);
      const richOutcome = summary.programmes.find((p) => p.programmeId === RICH)!;
      expect(richOutcome).toMatchObject({ added: { programme: 1, people: 70, usageImports: 2, sessions: 3 }, alreadyStored: 0, sameEventElsewhere: 0 });

      for (const id of [RICH, SMALL]) {
        const { folder, stored } = await reportsOf(store, rich.dataDir, id);
        expect(JSON.stringify(stored.report, null, 2)).toBe(JSON.stringify(folder.report, null, 2));
        // The folder reader's warnings about what it left out are the ones migrate gave.
        expect(summary.programmes.find((p) => p.programmeId === id)!.warnings).toEqual(folder.warnings.filter((w) => w.startsWith('Session ')));
        expect(await store.getProgramme(id)).toEqual(await loadProgramme(rich.dataDir, id));
        expect(await store.getRoster(id)).toEqual(await loadRoster(rich.dataDir, id));
        expect(await store.getUsage(id)).toEqual(await loadUsage(rich.dataDir, id));
      }
      expect(richOutcome.warnings).toEqual([
        expect.stringMatching(/^Session 2026-03-17: .*log\.jsonl line \d+: not valid JSON; skipped$/),
        expect.stringMatching(/^Session 2026-03-17: .*log\.jsonl line \d+: incomplete \(\d+ bytes, a write cut short by a crash\); skipped/),
      ]);
      // Exact strings, as the files had them.
      expect((await store.getProgramme(RICH))!.createdAt).toBe('2026-02-20T01:02:03.456Z');
      expect((await store.getSession(RICH, '2026-03-10-pm'))!.meta).toEqual(await readSessionMeta(path.join(rich.dataDir, 'programmes', RICH, 'sessions', '2026-03-10-pm')));
      // Participants authenticate after the session with the token they got at join: its hash moved in.
      const hashes = await joinTokenHashes(rich.dataDir, RICH, '2026-03-03');
      expect(hashes.length).toBeGreaterThan(10);
      for (const hash of hashes.slice(0, 5)) expect(await store.participantByTokenHash(hash)).toMatchObject({ programmeId: RICH, sessionId: '2026-03-03' });
      expect(await store.participantByTokenHash(hashToken('wsp_not-a-token-anyone-got'))).toBeUndefined();
      const changes = await store.changes();
      expect(changes.filter((c) => c.action === 'programme.migrate').map((c) => [c.programmeId, c.actor]).sort()).toEqual([
        [SMALL, 'cli:test'],
        [RICH, 'cli:test'],
      ]);
    } finally {
      await store.close();
    }
    expect(await fingerprint(path.join(rich.dataDir, 'programmes'))).toEqual(before);
  });

  it.skipIf(!engineAvailable(kind))('run twice, changes nothing: 0 new rows, no new change records, the same report', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      await migrate(store, rich.dataDir);
      const changes = await store.countRows();
      const again = await migrate(store, rich.dataDir);
      expect(again.newRows).toBe(0);
      expect(again.programmes.map((p) => p.status)).toEqual(['unchanged', 'unchanged']);
      expect(again.programmes.find((p) => p.programmeId === RICH)).toMatchObject({ alreadyStored: expect.any(Number), sameEventElsewhere: 0 });
      expect(await store.countRows()).toEqual(changes);
      const { folder, stored } = await reportsOf(store, rich.dataDir, RICH);
      expect(JSON.stringify(stored.report)).toBe(JSON.stringify(folder.report));
    } finally {
      await store.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('adds only what a folder recorded since the last run: new log lines, new planned dates', async () => {
    const dataDir = await copyOfFolder();
    const store = await Store.open(await freshTarget(kind));
    try {
      await migrate(store, dataDir);
      // The venue hub resumed the date and recorded one more event.
      const dir = path.join(dataDir, 'programmes', SMALL, 'sessions', '2026-10-06');
      const { store: hub } = await SessionStore.open(dir, { clock: () => new Date('2026-10-06T08:00:00.000Z') });
      const participant = (await store.readLines(SMALL, '2026-10-06')).find((l) => l.line.kind === 'join')!.line as { participant: { id: string } };
      await hub.appendEvents(participant.participant.id, [{ id: '00000000-0000-4000-8000-00000000abcd', ts: '2026-10-06T08:00:00.000Z', type: 'exercise.setup', exerciseId: '02-tidy' }]);
      await hub.close();
      // …and a new date was planned from the folders.
      await prepareProgrammeSession({ dataDir, programmeId: SMALL, session: '2026-11-03', starts: '09:00' });
      const again = await migrate(store, dataDir);
      expect(again.programmes.map((p) => [p.programmeId, p.status])).toEqual([
        [SMALL, 'updated'],
        [RICH, 'unchanged'],
      ]);
      expect(again.programmes[0]).toMatchObject({ added: { programme: 1, lines: 1, sessions: 0, people: 0 }, alreadyStored: 4, differences: [] });
      expect(again.newRows).toBe(2);
      expect(await store.getProgramme(SMALL)).toEqual(await loadProgramme(dataDir, SMALL));
      const { folder, stored } = await reportsOf(store, dataDir, SMALL);
      expect(JSON.stringify(stored.report)).toBe(JSON.stringify(folder.report));
    } finally {
      await store.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('leaves a programme the database holds differently alone, and lets --replace make the folder win', async () => {
    const dataDir = await copyOfFolder();
    const store = await Store.open(await freshTarget(kind));
    try {
      await migrate(store, dataDir);
      const stored = await store.getRoster(RICH);
      const roster = await loadRoster(dataDir, RICH);
      await saveRoster(dataDir, RICH, { ...roster, updatedAt: '2026-05-01T00:00:00.000Z', people: roster.people.map((p, i) => (i === 0 ? { ...p, team: 'Moved' } : p)) });
      const usage = await loadUsage(dataDir, RICH);
      await saveUsage(dataDir, RICH, { ...usage, days: usage.days.map((d, i) => (i === 7 ? { ...d, requests: d.requests + 1 } : d)) });
      const rows = await store.countRows();

      const refused = await migrate(store, dataDir);
      const outcome = refused.programmes.find((p) => p.programmeId === RICH)!;
      expect(outcome).toMatchObject({ status: 'conflict', added: { programme: 0, people: 0, lines: 0 } });
      expect(outcome.status === 'conflict' && outcome.differences).toEqual([
        expect.stringMatching(/^roster\.json: 70 people in the folder, 70 in the database \(70 in both\)/),
        expect.stringMatching(/^usage\.json: 2 imports and \d+ key-days in the folder, 2 and \d+ in the database$/),
      ]);
      expect(await store.getRoster(RICH)).toEqual(stored);
      expect(await store.countRows()).toEqual(rows);

      const replaced = await migrate(store, dataDir, { replace: true });
      expect(replaced.programmes.find((p) => p.programmeId === RICH)).toMatchObject({ status: 'replaced', added: { people: 70, usageImports: 2, lines: 0 } });
      expect(await store.getUsage(RICH)).toEqual(await loadUsage(dataDir, RICH));
      expect(await store.getRoster(RICH)).toEqual(await loadRoster(dataDir, RICH));
      const { folder, stored: fromStore } = await reportsOf(store, dataDir, RICH);
      expect(JSON.stringify(fromStore.report)).toBe(JSON.stringify(folder.report));
      expect((await store.changes(RICH))[0]).toMatchObject({ action: 'programme.replace', actor: 'cli:test' });
    } finally {
      await store.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('never replaces a date hosted on the programme server, even with --replace', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      await store.putProgramme(await loadProgramme(rich.dataDir, SMALL), 'tok:lead');
      const meta = await readSessionMeta(path.join(rich.dataDir, 'programmes', SMALL, 'sessions', '2026-10-06'));
      await store.putSession(SMALL, meta, 'server', 'tok:lead');
      const rows = await store.countRows();
      for (const replace of [false, true]) {
        const summary = await migrateFolders(store, [SMALL], { dataDir: rich.dataDir, actor: 'cli:test', replace });
        expect(summary.programmes[0]).toMatchObject({ status: 'conflict', differences: ['date 2026-10-06 is hosted on the programme server; a folder never replaces it'] });
      }
      expect(await store.countRows()).toEqual(rows);
    } finally {
      await store.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('stores an event once when it already reached the server another way', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      const dir = path.join(rich.dataDir, 'programmes', SMALL, 'sessions', '2026-10-06');
      await store.putProgramme(await loadProgramme(rich.dataDir, SMALL), 'tok:lead');
      await store.putSession(SMALL, await readSessionMeta(dir), 'venue', 'tok:lead');
      const lines = (await readFile(path.join(dir, 'log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      const event = lines.find((l) => l.kind === 'event');
      await store.appendLines(SMALL, '2026-10-06', 'server', [{ ...event, seq: 1 }]);
      const summary = await migrateFolders(store, [SMALL], { dataDir: rich.dataDir, actor: 'cli:test' });
      expect(summary.programmes[0]).toMatchObject({ status: 'updated', added: { lines: lines.length - 1 }, sameEventElsewhere: 1 });
      const events = (await store.readLines(SMALL, '2026-10-06')).filter((l) => l.line.kind === 'event');
      expect(events.map((l) => (l.line as { event: { id: string } }).event.id).sort()).toEqual(lines.filter((l) => l.kind === 'event').map((l) => l.event.id).sort());
    } finally {
      await store.close();
    }
  });
});
