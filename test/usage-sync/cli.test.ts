import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { addDays, utcDay } from '../../facilitator/programme/calendar.js';
import { type Programme, loadRoster, loadUsage, saveProgramme, saveRoster } from '../../facilitator/programme/store.js';
import { matchKeys } from '../../facilitator/roster-keys/match.js';
import type { ProjectApiKey } from '../../facilitator/admin-api/schemas.js';
import { ProjectApiKeyList } from '../../facilitator/admin-api/schemas.js';
import { AdminApiMock, KEYS_PATH, SCOPES, specExample } from '../support/admin-api-mock.js';
import { cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { Store } from '../../facilitator/store/store.js';
import { startTestServer } from '../server/helpers.js';
import { workshop, tempDir, isolatedEnv } from '../programme/helpers.js';
import { ADMIN_KEY, NO_SCOPE_KEY, ROSTER, everyFile } from './helpers.js';

/**
 * The built CLI (`workshop usage sync`, `workshop roster keys`) against the Admin API mock: into a
 * programme folder, into a programme server, and the admin key nowhere in what it prints or writes.
 */
afterAll(cleanupTargets);
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const today = utcDay(Date.now());
const generated = { keys: 5, days: 35, firstDay: addDays(today, -40) };
const programme = (): Programme => ({
  schemaVersion: 1,
  id: 'spring',
  title: 'Spring',
  createdAt: '2026-01-01T00:00:00.000Z',
  timeZone: 'Asia/Tokyo',
  settings: { windowDays: 28, regularMinWeeks: 3 },
  sessions: [{ id: `${addDays(today, -10)}-sales`, date: addDays(today, -10), startsAt: `${addDays(today, -10)}T01:00:00.000Z` }],
});

const PROJECT_KEYS = [
  { id: 'key_gen00000', email: 'Aiko@Example.com', userName: 'Aiko', lastUsedAt: 1_780_000_000 },
  { id: 'key_gen00001', email: 'ben@example.com', userName: 'Ben', lastUsedAt: 1_780_000_500 },
  { id: 'key_ben_old', email: 'ben@example.com', userName: 'Ben', lastUsedAt: 1_700_000_000 },
  { id: 'key_gen00002', serviceAccount: 'ci-bot' },
  { id: 'key_gen00003', email: 'outsider@example.com', userName: 'Out Sider' },
  { id: 'key_gen00004', email: 'dan@example.com', userName: 'Dan' },
];

async function setup(mockOptions: Partial<Parameters<typeof AdminApiMock.start>[0]> = {}) {
  const mock = await AdminApiMock.start({ keys: { [ADMIN_KEY]: [SCOPES.usage, SCOPES.keys], [NO_SCOPE_KEY]: [] }, generated, projectKeys: PROJECT_KEYS, ...mockOptions });
  const root = await tempDir('usage-sync-cli-');
  cleanups.push(() => mock.close(), root.cleanup);
  const env = { ...isolatedEnv(root.dir), OPENAI_ADMIN_KEY: ADMIN_KEY, WORKSHOP_DATABASE_URL: '' };
  const dataDir = env.WORKSHOP_DATA!;
  await saveProgramme(dataDir, programme());
  await saveRoster(dataDir, 'spring', ROSTER);
  return { mock, env, dataDir, root: root.dir };
}

function noKeyAnywhere(...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(ADMIN_KEY);
    expect(text).not.toContain('Zq7TestOnly');
  }
}

describe('workshop usage sync and roster keys (the built CLI)', () => {
  it('syncs into the folder, matches keys to people, and the admin key is nowhere but the Authorization header', async () => {
    const { mock, env, dataDir, root } = await setup();
    const first = await workshop(['usage', 'sync', '--programme', 'spring', '--api-base', mock.url, '--json'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const json = JSON.parse(first.stdout);
    expect(json).toMatchObject({ programme: 'spring', keys: 5, keysOnRoster: 0, streams: [{ stream: 'completions', startReason: 'first-sync', start: addDays(today, -100), end: today, pages: 4 }, { stream: 'costs', grouping: 'key' }] });
    const stored = await loadUsage(dataDir, 'spring');
    expect(new Set(stored.days.map((d) => d.source.value)).size).toBe(5);

    const dry = await workshop(['roster', 'keys', '--programme', 'spring', '--project', 'proj_workshop', '--api-base', mock.url], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('6 API key(s) in proj_workshop: 3 roster member(s) have one, 1 have none, 2 key(s) belong to no one on the roster.');
    expect(dry.stdout).toContain('chie@example.com');
    expect(dry.stdout).toContain('service account ci-bot');
    expect(dry.stdout).toContain('ben@example.com: key_gen00001 kept; also key_ben_old');
    expect(dry.stdout).toContain('dan@example.com: roster key_dan_old, API key_gen00004');
    expect(dry.stdout).toContain('2 key id(s) can be written');
    expect((await loadRoster(dataDir, 'spring')).people.find((p) => p.email === 'aiko@example.com')?.key).toBeUndefined();

    const apply = await workshop(['roster', 'keys', '--programme', 'spring', '--project', 'proj_workshop', '--api-base', mock.url, '--apply', '--json'], env);
    expect(apply.code).toBe(0);
    expect(JSON.parse(apply.stdout)).toMatchObject({ applied: 2, changes: [{ email: 'aiko@example.com', to: 'key_gen00000' }, { email: 'ben@example.com', from: 'sk-…abcd', to: 'key_gen00001' }] });
    const roster = await loadRoster(dataDir, 'spring');
    expect(roster.people.map((p) => p.key)).toEqual([{ kind: 'id', id: 'key_gen00000' }, { kind: 'id', id: 'key_gen00001' }, undefined, { kind: 'id', id: 'key_dan_old' }]);
    // Pages of 100 keys: one request, with after= absent; owner_project_access=any.
    expect(mock.requests.filter((r) => r.path.includes('/api_keys')).every((r) => r.params.get('owner_project_access') === 'any')).toBe(true);

    const again = await workshop(['usage', 'sync', '--programme', 'spring', '--api-base', mock.url], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Usage ${addDays(today, -2)} to the end of the day before ${today} (the last 2 days synced read again)`);
    const since = await workshop(['usage', 'sync', '--programme', 'spring', '--api-base', mock.url, '--since', addDays(today, -20)], env);
    expect(since.stdout).toContain("5 API keys seen: 2 of them are in the roster's key column");

    for (const r of mock.requests) {
      expect(r.authorization).toBe(`Bearer ${ADMIN_KEY}`);
      noKeyAnywhere(r.query, r.body, JSON.stringify(r.otherHeaders));
    }
    noKeyAnywhere(first.stdout, first.stderr, dry.stdout, dry.stderr, apply.stdout, apply.stderr, again.stdout, again.stderr, since.stdout, since.stderr, await everyFile(root));
  }, 60_000);

  it('refuses to run without OPENAI_ADMIN_KEY, and says what the key lacks on 401 and 403', async () => {
    const { mock, env } = await setup();
    const none = await workshop(['usage', 'sync', '--programme', 'spring', '--api-base', mock.url], { ...env, OPENAI_ADMIN_KEY: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Set OPENAI_ADMIN_KEY');
    const wrong = 'sk-admin-WrongKeyForTheTest0123456789abcdefgh';
    const bad = await workshop(['usage', 'sync', '--programme', 'spring', '--api-base', mock.url], { ...env, OPENAI_ADMIN_KEY: wrong });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('did not accept OPENAI_ADMIN_KEY (HTTP 401');
    expect(bad.stderr + bad.stdout).not.toContain('WrongKeyForTheTest');
    const scope = await workshop(['roster', 'keys', '--programme', 'spring', '--project', 'proj_workshop', '--api-base', mock.url], { ...env, OPENAI_ADMIN_KEY: NO_SCOPE_KEY });
    expect(scope.code).toBe(1);
    expect(scope.stderr).toContain('it lacks the scope api.management.read');
    expect(scope.stderr).not.toContain('NoScopesKey');
    const since = await workshop(['usage', 'sync', '--programme', 'spring', '--since', 'yesterday'], env);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since must be a day as YYYY-MM-DD');
  }, 60_000);

  it.skipIf(!engineAvailable('embedded'))('syncs into a programme server with a facilitator token: the server stores the pages, the admin key never reaches it', async () => {
    const { mock, env } = await setup();
    const server = await startTestServer('embedded', { programme: programme() });
    cleanups.push(() => server.close());
    const token = await server.token('facilitator');
    const run = await workshop(['usage', 'sync', '--programme', 'spring', '--server', server.url, '--api-base', mock.url, '--json'], { ...env, WORKSHOP_SERVER_TOKEN: token });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ where: server.url, keys: 5 });
    expect(new Set((await server.store.getUsage('spring')).days.map((d) => d.source.value)).size).toBe(5);
    expect((await server.store.getCosts('spring')).length).toBeGreaterThan(0);
    expect((await server.store.getSyncState('spring', 'costs', '')).syncedThrough).toBe(addDays(today, -1));
    const viewer = await server.token('viewer');
    const refused = await workshop(['usage', 'sync', '--programme', 'spring', '--server', server.url, '--api-base', mock.url], { ...env, WORKSHOP_SERVER_TOKEN: viewer });
    expect(refused.code).toBe(1);
    const rows: string[] = [];
    await server.store.exportRows(async (_t, batch) => {
      rows.push(...batch);
    });
    noKeyAnywhere(rows.join('\n'), run.stdout, run.stderr, refused.stderr);
  }, 60_000);
});

describe('workshop usage sync and roster keys against the database (--database)', () => {
  it.skipIf(!engineAvailable('embedded'))('syncs into the embedded database and writes key ids into its roster as a recorded change', async () => {
    const { mock, env } = await setup();
    const target = await freshTarget('embedded');
    const store = await Store.open(target);
    await store.putProgramme(programme(), 'test');
    await store.putRoster('spring', ROSTER, 'test');
    await store.close();
    const database = `embedded:${target.location}`;
    const apply = await workshop(['roster', 'keys', '--programme', 'spring', '--project', 'proj_workshop', '--database', database, '--api-base', mock.url, '--apply'], env);
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain("Wrote 2 key id(s) into the roster's key column");
    const sync = await workshop(['usage', 'sync', '--programme', 'spring', '--database', database, '--api-base', mock.url, '--json'], env);
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ keys: 5, keysOnRoster: 2 });
    const reopened = await Store.open(target);
    try {
      expect((await reopened.getRoster('spring')).people.find((p) => p.email === 'aiko@example.com')?.key).toEqual({ kind: 'id', id: 'key_gen00000' });
      const actions = (await reopened.changes('spring')).map((c) => c.action);
      expect(actions).toContain('roster.keys');
      expect(actions).toContain('usage.sync');
      const rows: string[] = [];
      await reopened.exportRows(async (_t, batch) => {
        rows.push(...batch);
      });
      noKeyAnywhere(rows.join('\n'), apply.stdout, sync.stdout, sync.stderr);
    } finally {
      await reopened.close();
    }
  }, 60_000);
});

describe('matching keys to people (pure)', () => {
  it("matches the spec's own key list example: a user owner by email", () => {
    const list = ProjectApiKeyList.parse(JSON.parse(specExample(KEYS_PATH)));
    const match = matchKeys(list.data, { schemaVersion: 1, updatedAt: '2026-01-01T00:00:00.000Z', people: [{ email: 'USER@example.com', name: 'First Last', team: 'T' }] });
    expect(match.matched).toEqual([{ email: 'USER@example.com', key: { id: 'key_abc', name: 'My API Key', lastUsedAt: 1711471534 }, others: [] }]);
    expect(match.changes).toEqual([{ email: 'USER@example.com', to: 'key_abc' }]);
    expect(JSON.stringify(match)).not.toContain('sk-abc');
  });

  it('keeps the key used most recently for someone with several, and never claims a service account', () => {
    const keys = [
      { object: 'organization.project.api_key', id: 'key_a', name: 'old', created_at: 1, last_used_at: 10, owner: { type: 'user', user: { id: 'u', email: 'a@x.com' } } },
      { object: 'organization.project.api_key', id: 'key_b', name: 'new', created_at: 2, last_used_at: 20, owner: { type: 'user', user: { id: 'u', email: 'a@x.com' } } },
      { object: 'organization.project.api_key', id: 'key_c', name: 'bot', created_at: 3, last_used_at: 30, owner: { type: 'service_account', service_account: { id: 's', name: 'a@x.com' } } },
    ] as ProjectApiKey[];
    const match = matchKeys(keys, { schemaVersion: 1, updatedAt: '2026-01-01T00:00:00.000Z', people: [{ email: 'a@x.com', name: 'A', team: 'T' }] });
    expect(match.matched[0].key.id).toBe('key_b');
    expect(match.matched[0].others.map((k) => k.id)).toEqual(['key_a']);
    expect(match.keysWithoutPerson.map((k) => [k.id, k.owner])).toEqual([['key_c', 'service_account']]);
  });
});
