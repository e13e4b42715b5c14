import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDatabase, importDatabase } from '../../facilitator/data/backup.js';
import { openBackup } from '../../facilitator/data/backup-file.js';
import { migrateFolders, programmesToMigrate } from '../../facilitator/data/migrate.js';
import { hashToken } from '../../facilitator/hub/tokens.js';
import { loadProgrammeReportFromStore } from '../../facilitator/programme/load-from-store.js';
import { LATEST_VERSION } from '../../facilitator/store/migrations.js';
import type { StoreTarget } from '../../facilitator/store/store.js';
import { Store } from '../../facilitator/store/store.js';
import { UserError } from '../../src/core/errors.js';
import { tempDir } from '../programme/helpers.js';
import { type EngineKind, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { REPORT_NOW, RICH, type RichFolder, SMALL, buildRichFolder } from './fixture.js';

/**
 * `workshop data export|import`: one file holds the whole database and restores it exactly, from one
 * engine into the other; a damaged file, or a database that already holds data, changes nothing.
 */
let root: { dir: string; cleanup: () => Promise<void> };
let rich: RichFolder;
const TOKEN = `wst_${randomBytes(32).toString('base64url')}`;

beforeAll(async () => {
  root = await tempDir('data-backup-');
  rich = await buildRichFolder(root.dir);
}, 120_000);
afterAll(async () => {
  await cleanupTargets();
  await root?.cleanup();
});

/** A database with everything a backup must carry: two programmes, tokens, server-side lines, 5,000 usage rows (batches). */
async function fullDatabase(kind: EngineKind): Promise<{ store: Store; target: StoreTarget }> {
  const target = await freshTarget(kind);
  const store = await Store.open(target);
  await migrateFolders(store, await programmesToMigrate(rich.dataDir), { dataDir: rich.dataDir, actor: 'cli:test' });
  await store.addToken({ name: 'lead', role: 'owner', tokenHash: hashToken(TOKEN) }, 'cli:test');
  await store.addToken({ name: 'old', role: 'viewer', tokenHash: hashToken(`${TOKEN}-old`) }, 'lead');
  await store.revokeToken('old', 'lead');
  const join = (await store.readLines(SMALL, '2026-10-06')).find((l) => l.line.kind === 'join')!.line as { participant: { id: string } };
  await store.appendLines(SMALL, '2026-10-06', 'server', [
    { kind: 'event', seq: 1, receivedAt: '2026-10-20T09:00:00.123Z', participantId: join.participant.id, event: { id: '00000000-0000-4000-8000-0000000f0001', ts: '2026-10-20T09:00:00.000Z', type: 'pulse.reported', since: '2026-10-06', until: '2026-10-20', days: [{ day: '2026-10-08', codexSessions: 3 }] } },
  ]);
  const days = Array.from({ length: 5000 }, (_, i) => ({ source: { kind: 'email' as const, value: `bulk${i % 250}@example.com` }, day: `2026-${String(1 + Math.floor(i / 250 / 28)).padStart(2, '0')}-${String(1 + ((i / 250) | 0) % 28).padStart(2, '0')}`, requests: i % 17 }));
  await store.addUsage(SMALL, days, { file: 'bulk.csv', importedAt: '2026-11-01T00:00:00.000Z', format: 'csv' }, 'lead');
  return { store, target };
}

async function reportJson(store: Store, id: string): Promise<string> {
  return JSON.stringify((await loadProgrammeReportFromStore(store, id, { packDir: rich.packDir, now: REPORT_NOW })).report);
}

/** The backup's lines, without the header (its time) and, optionally, without the restore's own change record. */
async function rowLines(file: string): Promise<string[]> {
  return gunzipSync(await readFile(file)).toString('utf8').trim().split('\n').slice(1);
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

const pg = engineAvailable('postgres');
const crossings: Array<[EngineKind, EngineKind]> = pg
  ? [
      ['embedded', 'postgres'],
      ['postgres', 'embedded'],
    ]
  : [['embedded', 'embedded']];

describe.each(crossings)('a backup from the %s engine restored into the %s engine', (from, to) => {
  it('restores every row exactly: the reports are identical and a second export has the same rows', async () => {
    const { store } = await fullDatabase(from);
    const file = path.join(root.dir, `${from}-to-${to}.jsonl.gz`);
    let exported;
    const before: Record<string, string> = {};
    try {
      for (const id of [RICH, SMALL]) before[id] = await reportJson(store, id);
      exported = await exportDatabase(store, file);
    } finally {
      await store.close();
    }
    expect(exported.rows).toMatchObject({ programmes: 2, facilitator_tokens: 2, roster: 70, hub_sessions: 4 });
    // Usage is one row per key (or hint, or email) holding its days (migration 2).
    expect(exported.rows.usage_series).toBeGreaterThanOrEqual(250);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const restoredStore = await Store.open(await freshTarget(to));
    try {
      const backup = await openBackup(file);
      expect(backup.header).toMatchObject({ format: 'codex-workshop-backup', schemaVersion: exported.schemaVersion, engine: from });
      const restored = await importDatabase(restoredStore, backup, { replace: false, actor: 'cli:restorer' });
      expect(restored.rows).toEqual(exported.rows);
      for (const id of [RICH, SMALL]) expect(await reportJson(restoredStore, id)).toBe(before[id]);
      expect(await restoredStore.tokenByHash(hashToken(TOKEN))).toEqual({ name: 'lead', role: 'owner' });
      expect(await restoredStore.tokenByHash(hashToken(`${TOKEN}-old`))).toBeUndefined();
      expect((await restoredStore.changes())[0]).toMatchObject({ action: 'data.import', actor: 'cli:restorer' });
      // Every row as it was, to the microsecond: only the restore's own change record is new.
      const again = path.join(root.dir, `${from}-to-${to}-again.jsonl.gz`);
      await exportDatabase(restoredStore, again);
      const first = await rowLines(file);
      const second = await rowLines(again);
      expect(second.filter((l) => !l.includes('"action":"data.import"') && !l.startsWith('{"end"'))).toEqual(first.filter((l) => !l.startsWith('{"end"')));
      // Serial columns go on after the restored rows: new writes do not collide with restored ids.
      await restoredStore.addToken({ name: 'after', role: 'viewer', tokenHash: hashToken('wst_after') }, 'cli:restorer');
      await restoredStore.addUsage(RICH, [{ source: { kind: 'keyId', value: 'key_new' }, day: '2026-12-01', requests: 1 }], { file: 'dec.csv', importedAt: '2026-12-02T00:00:00.000Z', format: 'csv' }, 'cli:restorer');
      expect((await restoredStore.changes())[0]).toMatchObject({ action: 'usage.import' });
    } finally {
      await restoredStore.close();
    }
  });
});

describe('a backup file', () => {
  let good: string;
  let source: Store;

  beforeAll(async () => {
    ({ store: source } = await fullDatabase('embedded'));
    good = path.join(root.dir, 'good.jsonl.gz');
    await exportDatabase(source, good);
  }, 120_000);
  afterAll(async () => source?.close());

  it('holds token hashes but no secret, and is readable by its owner only', async () => {
    const text = gunzipSync(await readFile(good)).toString('utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).toContain(hashToken(TOKEN));
    expect((await stat(good)).mode & 0o777).toBe(0o600);
  });

  it('is refused by a database that holds data, unless --replace; then it replaces everything', async () => {
    const { store } = await fullDatabase(pg ? 'postgres' : 'embedded');
    try {
      await store.putProgramme({ schemaVersion: 1, id: 'extra', title: 'Extra', createdAt: '2026-01-01T00:00:00.000Z', timeZone: 'UTC', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] }, 'cli:test');
      const rows = await store.countRows();
      const refused = await caught(importDatabase(store, await openBackup(good), { replace: false, actor: 'cli:test' }));
      expect(refused).toBeInstanceOf(UserError);
      expect(refused.message).toMatch(/^The database at .* is not empty \(3 programmes, 70 roster, .*add --replace .*nothing was changed\.$/);
      expect(await store.countRows()).toEqual(rows);
      const replaced = await importDatabase(store, await openBackup(good), { replace: true, actor: 'cli:test' });
      expect(replaced.replaced).toEqual(rows);
      expect(await store.listProgrammes()).toEqual([SMALL, RICH]);
    } finally {
      await store.close();
    }
  });

  const damage: Array<[string, (gz: Buffer, text: string) => Buffer, RegExp]> = [
    ['cut short inside the gzip stream', (gz) => gz.subarray(0, gz.length - 200), /is damaged or cut short \(unexpected end of file\)/],
    ['with a flipped byte', (gz) => flip(gz), /is damaged or cut short|is not valid JSON|is neither a row nor the end line|refuses|cannot read/],
    ['cut at a line boundary (no end line)', (_gz, text) => gzipSync(text.split('\n').slice(0, Math.floor(text.split('\n').length / 2)).join('\n') + '\n'), /is cut short: it has no end line/],
    ['whose end line does not match its rows', (_gz, text) => gzipSync(dropLine(text, (l) => l.includes('"t":"usage_series"'))), /its end line counts \d+ rows of usage_series, the file holds \d+/],
    ['with a column the schema does not have', (_gz, text) => gzipSync(text.replace('{"t":"programmes","r":{', '{"t":"programmes","r":{"owner_password":"x",')), /has a column the table programmes does not have \(owner_password\)/],
    ['with a log line the kit cannot read', (_gz, text) => gzipSync(editFirst(text, 'session_lines', (r) => ((r.line as { seq: unknown }).seq = 'one'))), /has a session_lines row the kit cannot read \(seq: /],
    ['with usage on a day that does not exist', (_gz, text) => gzipSync(editFirst(text, 'usage_series', (r) => ((r.days as Record<string, unknown>)['2026-02-30'] = [1, null, null]))), /has a usage_series row the kit cannot read \(2026-02-30: "2026-02-30" is not a calendar day/],
    ['with a row of an unknown table', (_gz, text) => gzipSync(text.replace('{"t":"changes",', '{"t":"pg_authid",')), /has rows of an unknown table "pg_authid"/],
  ];

  it.each(damage)('%s changes nothing, and says so', async (_what, spoil, message) => {
    const gz = await readFile(good);
    const bad = path.join(root.dir, `bad-${randomBytes(4).toString('hex')}.jsonl.gz`);
    await writeFile(bad, spoil(gz, gunzipSync(gz).toString('utf8')));
    // A database holding data, restored over with --replace: even the emptying is undone.
    const target = await freshTarget('embedded');
    const store = await Store.open(target);
    try {
      await store.putProgramme({ schemaVersion: 1, id: 'keep', title: 'Keep me', createdAt: '2026-01-01T00:00:00.000Z', timeZone: 'UTC', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] }, 'cli:test');
      const rows = await store.countRows();
      const error = await caught((async () => importDatabase(store, await openBackup(bad), { replace: true, actor: 'cli:test' }))());
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/nothing was changed/i);
      expect(error.message).not.toMatch(/\n/);
      expect(await store.countRows()).toEqual(rows);
      expect(await store.listProgrammes()).toEqual(['keep']);
    } finally {
      await store.close();
    }
  });

  it('that is not a backup, or from a newer kit, is refused before the database is opened', async () => {
    const notBackup = path.join(root.dir, 'notes.txt');
    await writeFile(notBackup, 'email,name\n');
    await expect(openBackup(notBackup)).rejects.toThrow(/notes\.txt is not a workshop backup/);
    await expect(openBackup(path.join(root.dir, 'missing.jsonl.gz'))).rejects.toThrow(/does not exist/);
    const text = gunzipSync(await readFile(good)).toString('utf8').replace(`"schemaVersion":${LATEST_VERSION}`, '"schemaVersion":99');
    const newer = path.join(root.dir, 'newer.jsonl.gz');
    await writeFile(newer, gzipSync(text));
    const store = await Store.open(await freshTarget('embedded'));
    try {
      const error = await caught((async () => importDatabase(store, await openBackup(newer), { replace: false, actor: 'cli:test' }))());
      expect(error.message).toMatch(new RegExp(`was written by a newer kit \\(database schema 99; this kit knows up to ${LATEST_VERSION}\\)\\. Update the kit`));
      expect(await store.listProgrammes()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

function flip(gz: Buffer): Buffer {
  const copy = Buffer.from(gz);
  copy[Math.floor(copy.length / 2)] ^= 0xff;
  return copy;
}

function dropLine(text: string, which: (line: string) => boolean): string {
  const lines = text.split('\n');
  lines.splice(lines.findIndex(which), 1);
  return lines.join('\n');
}

/** The text with the first row of `table` changed by `edit`. */
function editFirst(text: string, table: string, edit: (row: Record<string, unknown>) => void): string {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => l.startsWith(`{"t":"${table}"`));
  const value = JSON.parse(lines[index]) as { r: Record<string, unknown> };
  edit(value.r);
  lines[index] = JSON.stringify(value);
  return lines.join('\n');
}
