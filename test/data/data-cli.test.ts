import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveRoster, loadRoster } from '../../facilitator/programme/store.js';
import { Store } from '../../facilitator/store/store.js';
import { isolatedEnv, tempDir, workshop } from '../programme/helpers.js';
import { engineAvailable, freshTarget, postgresUrl, cleanupTargets } from '../support/engines.js';
import { freePort } from '../support/postgres.js';
import { RICH, SMALL, buildRichFolder } from './fixture.js';
import { LATEST_VERSION } from '../../facilitator/store/migrations.js';

/**
 * `workshop data migrate|export|import` through the real CLI, as a facilitator types them: one JSON
 * document with --json, one clear sentence and the right exit code for bad input, never a stack
 * trace, never a password.
 */
let root: { dir: string; cleanup: () => Promise<void> };
let env: NodeJS.ProcessEnv;
let data: string;

beforeAll(async () => {
  root = await tempDir('data-cli-');
  env = isolatedEnv(root.dir);
  ({ dataDir: data } = await buildRichFolder(root.dir));
}, 120_000);
afterAll(async () => {
  await cleanupTargets();
  await root?.cleanup();
});

const NO_STACK = /\n\s+at |Error: |node:internal/;
// Each CLI run that creates an embedded database pays PGlite's initdb (3 s quiet, 20 s on a busy box).
const SLOW = 240_000;

describe('workshop data (embedded database)', () => {
  it('moves the folders in, backs the database up and restores it elsewhere', async () => {
    const first = await workshop(['data', 'migrate', '--data', data, '--json'], env);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ dataDir: data, engine: 'embedded', database: path.join(data, 'database'), standaloneSessions: 1 });
    expect(summary.programmes.map((p: { programmeId: string; status: string }) => [p.programmeId, p.status])).toEqual([
      [SMALL, 'created'],
      [RICH, 'created'],
    ]);
    expect(summary.newRows).toBeGreaterThan(800);

    const again = await workshop(['data', 'migrate', '--data', data], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${RICH}: already in the database, nothing new (0 new rows).`);
    expect(again.stdout).toContain('0 new rows. The folders');
    // The folder reader's warnings, on stderr, every run.
    expect(again.stderr).toMatch(/Session 2026-03-17: .*not valid JSON; skipped/);

    const backup = path.join(root.dir, 'backup.jsonl.gz');
    const exported = await workshop(['data', 'export', '--data', data, '--out', backup, '--json'], env);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ file: backup, schemaVersion: LATEST_VERSION, rows: { programmes: 2, roster: 70 } });
    expect((await stat(backup)).mode & 0o777).toBe(0o600);

    const elsewhere = path.join(root.dir, 'restored');
    const restored = await workshop(['data', 'import', backup, '--data', elsewhere], env);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^✓ Restored .*backup\.jsonl\.gz \(written .* from the embedded engine\) into .*restored\/database: \d+ rows \(2 programmes, 70 roster people/);
    const refused = await workshop(['data', 'import', backup, '--data', elsewhere], env);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/is not empty .*add --replace/);
    const store = await Store.open({ kind: 'embedded', location: path.join(elsewhere, 'database') });
    try {
      expect(await store.listProgrammes()).toEqual([SMALL, RICH]);
    } finally {
      await store.close();
    }
  }, SLOW);

  it('reports a programme the database holds differently, exits 1, and lets --replace make the folder win', async () => {
    const copy = path.join(root.dir, 'conflict');
    await cp(data, copy, { recursive: true });
    expect((await workshop(['data', 'migrate', '--data', copy, '--programme', SMALL], env)).code).toBe(0);
    const roster = await loadRoster(copy, SMALL);
    await saveRoster(copy, SMALL, { ...roster, updatedAt: '2026-10-01T00:00:00.000Z', people: [{ email: 'new@example.com', name: 'New', team: 'Sales' }] });
    const conflict = await workshop(['data', 'migrate', '--data', copy, '--programme', SMALL], env);
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toContain(`✗ ${SMALL}: the database holds a different copy, so nothing of it was changed:`);
    expect(conflict.stdout).toContain('run again with --replace');
    const replaced = await workshop(['data', 'migrate', '--data', copy, '--programme', SMALL, '--replace', '--json'], env);
    expect(replaced.code).toBe(0);
    expect(JSON.parse(replaced.stdout).programmes[0]).toMatchObject({ status: 'replaced', added: { people: 1 } });
  }, SLOW);

  it('says what is wrong with the input, in one sentence, with the right exit code', async () => {
    const missing = await workshop(['data', 'migrate', '--data', path.join(root.dir, 'nowhere')], env);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/^The data folder .*nowhere does not exist\. Point --data at the folder that holds programmes\//);

    const empty = path.join(root.dir, 'empty');
    await cp(path.join(data, 'sessions'), path.join(empty, 'sessions'), { recursive: true });
    const none = await workshop(['data', 'migrate', '--data', empty], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^There are no programmes in .*empty/);

    const scheme = await workshop(['data', 'migrate', '--data', data, '--database', 'mysql://root:hunter2@db/workshop'], env);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toMatch(/^--database must be a PostgreSQL address/);
    expect(scheme.stderr).not.toContain('hunter2');

    const unknown = await workshop(['data', 'migrate', '--data', data, '--programme', 'winter'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/There is no programme "winter" in .* \(it holds autumn, synthetic\)/);

    const notBackup = path.join(root.dir, 'notes.txt');
    await writeFile(notBackup, 'email,name\n');
    const wrongFile = await workshop(['data', 'import', notBackup, '--data', path.join(root.dir, 'never')], env);
    expect(wrongFile.code).toBe(2);
    expect(wrongFile.stderr).toMatch(/notes\.txt is not a workshop backup/);
    // A wrong file is refused before any database is created.
    await expect(stat(path.join(root.dir, 'never'))).rejects.toThrow();

    const backup = path.join(root.dir, 'for-truncation.jsonl.gz');
    expect((await workshop(['data', 'export', '--data', data, '--out', backup], env)).code).toBe(0);
    const bytes = await readFile(backup);
    const cut = path.join(root.dir, 'cut.jsonl.gz');
    await writeFile(cut, bytes.subarray(0, bytes.length - 300));
    const truncated = await workshop(['data', 'import', cut, '--data', path.join(root.dir, 'cut-target')], env);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/cut\.jsonl\.gz is damaged or cut short \(unexpected end of file\)\. Nothing was changed in the database\./);

    const noOut = await workshop(['data', 'export', '--data', data], env);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("required option '--out <file>' not specified");

    for (const result of [missing, none, scheme, unknown, wrongFile, truncated]) {
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, SLOW);

  it('tells a second command that the embedded database is in use, and by whom', async () => {
    const copy = path.join(root.dir, 'busy');
    await cp(data, copy, { recursive: true });
    const store = await Store.open({ kind: 'embedded', location: path.join(copy, 'database') });
    try {
      await store.announceServer('http://127.0.0.1:4999');
      const busy = await workshop(['data', 'migrate', '--data', copy], env);
      expect(busy.code).toBe(1);
      expect(busy.stderr.trim()).toBe(
        `The database in ${path.join(copy, 'database')} is held by the programme server at http://127.0.0.1:4999 (process ${process.pid}). Stop that server for \`workshop data\` (it needs the database to itself), then start it again; nothing was changed.`,
      );
    } finally {
      await store.close();
    }
  }, SLOW);
});

describe('workshop data with PostgreSQL', () => {
  it('an address where nothing listens: one sentence, exit 1, no password', async () => {
    const port = await freePort();
    const result = await workshop(['data', 'migrate', '--data', data, '--database', `postgres://workshop:pw-s3cret@127.0.0.1:${port}/workshop`], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`The database at postgres://workshop:***@127.0.0.1:${port}/workshop cannot be reached (nothing is listening there). Check that PostgreSQL is running and the address is right; nothing was changed.`);
  });

  it.skipIf(!engineAvailable('postgres'))('migrates, exports and imports through WORKSHOP_DATABASE_URL, never printing the password', async () => {
    const target = await freshTarget('postgres');
    // The throwaway cluster trusts local connections, so any password works, and must appear nowhere.
    const url = new URL(target.location);
    url.password = 'pw-s3cret';
    const withUrl = { ...env, WORKSHOP_DATABASE_URL: url.toString() };
    const migrated = await workshop(['data', 'migrate', '--data', data, '--json'], withUrl);
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ engine: 'postgres', database: expect.stringContaining(':***@') });
    const backup = path.join(root.dir, 'pg.jsonl.gz');
    const exported = await workshop(['data', 'export', '--out', backup, '--data', data], withUrl);
    expect(exported.code).toBe(0);
    const restoredTarget = await freshTarget('postgres');
    const imported = await workshop(['data', 'import', backup, '--database', restoredTarget.location, '--json'], env);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout).rows).toEqual(JSON.parse((await workshop(['data', 'export', '--out', path.join(root.dir, 'pg2.jsonl.gz'), '--database', target.location, '--json'], env)).stdout).rows);
    const { gunzipSync } = await import('node:zlib');
    const everything = [migrated, exported, imported].map((r) => r.stdout + r.stderr).join('') + gunzipSync(await readFile(backup)).toString('utf8');
    expect(everything).not.toContain('pw-s3cret');
    expect(postgresUrl()).not.toBeNull();
  });
});
