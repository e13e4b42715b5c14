import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BI_VIEWS } from '../../facilitator/store/bi-views.js';
import { Store } from '../../facilitator/store/store.js';
import { runWorkshop } from '../support/run-workshop.js';
import { postgresAvailable, startThrowawayPostgres, type ThrowawayPostgres } from '../support/postgres.js';
import { loadSyntheticProgramme } from './synthetic-store.js';

/**
 * `workshop data bi-role`: on PostgreSQL, a login role that reads the bi views and nothing else,
 * whose password never leaves this machine in the clear; on the embedded engine, a clear "there is
 * none, and here is what to do".
 */
const PASSWORD = `bi-${randomBytes(18).toString('base64url')}`;
const TABLES = ['programmes', 'roster', 'hub_sessions', 'session_lines', 'usage_series', 'usage_imports', 'facilitator_tokens', 'changes', 'schema_migrations', 'report_people', 'report_sessions', 'report_refreshes'];

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = await runWorkshop(['data', 'bi-role', ...args], {
    env: { ...process.env, NO_COLOR: '1', CI: '1', WORKSHOP_NO_PULSE_OFFER: '1', WORKSHOP_DATABASE_URL: '', WORKSHOP_BI_PASSWORD: PASSWORD, ...env },
  });
  // Whatever happens, the password is not printed.
  expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  return result;
}

describe('workshop data bi-role on the embedded engine', () => {
  it('says there is no role there, why, and what to do instead, without creating a database', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bi-role-embedded-'));
    try {
      const result = await cli(['--name', 'metabase'], { WORKSHOP_DATA: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/no read-only role on the embedded database/);
      expect(result.stderr).toMatch(/one workshop process/);
      expect(result.stderr).toMatch(/workshop data migrate --database postgres:/);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(await fs.readdir(dir)).toEqual([]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad role name and a missing or weak password with exit code 2', async () => {
    const url = 'postgres://nobody@127.0.0.1:1/none';
    expect((await cli(['--name', 'Robert"); drop table roster;--', '--database', url])).code).toBe(2);
    const missing = await cli(['--name', 'metabase', '--database', url], { WORKSHOP_BI_PASSWORD: '' });
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/Set WORKSHOP_BI_PASSWORD/)]);
    const weak = await cli(['--name', 'metabase', '--database', url], { WORKSHOP_BI_PASSWORD: 'short' });
    expect([weak.code, weak.stderr]).toEqual([2, expect.stringMatching(/12 to 200 printable ASCII/)]);
    expect(weak.stderr).not.toContain('short');
  });
});

// A cluster of its own, not the run's shared one: roles are cluster-wide, and these tests change the
// cluster's authentication (pg_hba) and logging to prove what the role may do and what the server saw.
describe.runIf(postgresAvailable())('workshop data bi-role on PostgreSQL', () => {
  let cluster: ThrowawayPostgres;
  let url: string;
  let admin: pg.Client;
  let clusterDir: string;

  /** Connects as `role` over TCP with password authentication (SCRAM), as a BI tool does. */
  async function connectAs(role: string, password: string): Promise<pg.Client> {
    const u = new URL(url);
    const client = new pg.Client({ host: '127.0.0.1', port: Number(u.port), database: u.pathname.slice(1), user: role, password });
    await client.connect();
    return client;
  }

  const refusal = async (client: pg.Client, sql: string) => {
    try {
      await client.query(sql);
      return 'allowed';
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  };

  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    url = await cluster.createDatabase();
    const store = await Store.open({ kind: 'postgres', location: url });
    try {
      await loadSyntheticProgramme(store);
      await store.addToken({ name: 'alice', role: 'owner', tokenHash: 'a'.repeat(64) }, 'test');
    } finally {
      await store.close();
    }
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // Roles named *bi* must prove their password (SCRAM); the harness trusts its own superuser.
    const [{ hba_file }] = (await admin.query('show hba_file')).rows as Array<{ hba_file: string }>;
    const [{ data_directory }] = (await admin.query('show data_directory')).rows as Array<{ data_directory: string }>;
    clusterDir = path.dirname(data_directory);
    await fs.writeFile(hba_file, `host all metabase,grafana,bi_again 127.0.0.1/32 scram-sha-256\n${await fs.readFile(hba_file, 'utf8')}`);
    // Log every statement: a password sent in the clear would land in the server's log.
    await admin.query("alter system set log_statement = 'all'");
    await admin.query('select pg_reload_conf()');
  }, 120_000);

  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await cluster?.stop();
  });

  it('creates a role that logs in with the password and reads every bi view', async () => {
    const result = await cli(['--name', 'metabase', '--database', url, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ role: 'metabase', created: true, aggregatesOnly: false, views: BI_VIEWS.map((v) => `bi.${v.name}`) });
    expect(out.database).toMatch(/^postgres:\/\/workshop@127\.0\.0\.1:\d+\/\w+$/);
    const bi = await connectAs('metabase', PASSWORD);
    try {
      for (const v of BI_VIEWS) await bi.query(`select * from bi.${v.name} limit 1`);
      const funnel = await bi.query("select invited from bi.funnel where scope = 'overall'");
      expect(funnel.rows).toEqual([]); // no report built yet: the facts views are empty, not an error
      expect((await bi.query('select count(*)::int as n from bi.daily_usage')).rows[0].n).toBeGreaterThan(0);
    } finally {
      await bi.end();
    }
    await expect(connectAs('metabase', 'wrong-password-123')).rejects.toMatchObject({ code: '28P01' });
  });

  it('the role can read nothing else and write nothing at all', async () => {
    const bi = await connectAs('metabase', PASSWORD);
    try {
      for (const table of [...TABLES, 'usage_days']) expect([table, await refusal(bi, `select * from public.${table} limit 1`)]).toEqual([table, '42501']);
      for (const table of TABLES) expect([table, await refusal(bi, `delete from public.${table}`)]).toEqual([table, expect.stringMatching(/^(42501|25006)$/)]);
      // Even after leaving read-only mode (any client may), privileges stop every write.
      await bi.query('set default_transaction_read_only = off');
      for (const table of TABLES) expect([table, await refusal(bi, `insert into public.${table} default values`)]).toEqual([table, '42501']);
      expect(await refusal(bi, "update public.facilitator_tokens set role = 'viewer'")).toBe('42501');
      // A view over joins and aggregates cannot be written through at all (55000), whoever asks.
      expect(await refusal(bi, 'delete from public.usage_days')).toMatch(/^(42501|55000)$/);
      for (const v of BI_VIEWS) expect([v.name, await refusal(bi, `delete from bi.${v.name}`)]).toEqual([v.name, expect.stringMatching(/^(42501|55000)$/)]);
      expect(await refusal(bi, 'create table public.mine (x int)')).toBe('42501');
      expect(await refusal(bi, 'create table bi.mine (x int)')).toBe('42501');
      expect(await refusal(bi, 'create schema mine')).toBe('42501');
      expect(await refusal(bi, 'create view bi.v as select 1')).toBe('42501');
    } finally {
      await bi.end();
    }
  });

  it('never sends, prints or stores the password in the clear', async () => {
    const { rows } = await admin.query("select rolpassword from pg_authid where rolname = 'metabase'");
    expect(rows[0].rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
    const changes = await admin.query("select detail::text from changes where action = 'bi.role'");
    expect(changes.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(changes.rows)).not.toContain(PASSWORD);
    // Nowhere on the server's disk either: its data files, its WAL and its log (every statement logged).
    const logFile = path.join(clusterDir, 'server.log');
    expect(existsSync(logFile)).toBe(true);
    expect(await fs.readFile(logFile, 'utf8')).toMatch(/create role "metabase"/);
    const needle = Buffer.from(PASSWORD);
    const walk = async (dir: string): Promise<string[]> => {
      const found: string[] = [];
      for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) found.push(...(await walk(full)));
        else if (entry.isFile() && (await fs.readFile(full).catch(() => Buffer.alloc(0))).includes(needle)) found.push(full);
      }
      return found;
    };
    expect(await walk(clusterDir)).toEqual([]);
  });

  it('--aggregates-only grants the views without a row per person; running again narrows an existing role', async () => {
    const result = await cli(['--name', 'grafana', '--database', url, '--aggregates-only']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Created the read-only role grafana/);
    expect(result.stdout).toMatch(/may read bi\.funnel, bi\.segments, bi\.dates and nothing else/);
    const narrowed = await cli(['--name', 'metabase', '--database', url, '--aggregates-only', '--json']);
    expect(JSON.parse(narrowed.stdout)).toMatchObject({ created: false, views: ['bi.funnel', 'bi.segments', 'bi.dates'] });
    for (const role of ['grafana', 'metabase']) {
      const bi = await connectAs(role, PASSWORD);
      try {
        for (const v of BI_VIEWS) expect([role, v.name, await refusal(bi, `select * from bi.${v.name} limit 1`)]).toEqual([role, v.name, v.personal ? '42501' : 'allowed']);
      } finally {
        await bi.end();
      }
    }
  });

  it('refuses to turn the kit\'s own user or an admin role into a read-only one, changing nothing', async () => {
    const own = await cli(['--name', 'workshop', '--database', url]);
    expect([own.code, own.stderr]).toEqual([2, expect.stringMatching(/the user the kit itself connects as/)]);
    await admin.query('create role dba_like createrole login');
    const dba = await cli(['--name', 'dba_like', '--database', url]);
    expect([dba.code, dba.stderr]).toEqual([2, expect.stringMatching(/more than a read-only login \(CREATEROLE\)/)]);
    const { rows } = await admin.query("select rolcreaterole, rolconfig from pg_roles where rolname = 'dba_like'");
    expect(rows).toEqual([{ rolcreaterole: true, rolconfig: null }]);
  });

  it('refuses, and creates nothing, when the database would give the role more (a grant to PUBLIC)', async () => {
    await admin.query('grant select on public.roster to public');
    try {
      const result = await cli(['--name', 'bi_again', '--database', url]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/would get more than reading the bi views/);
      expect(result.stderr).toMatch(/it could read public\.roster/);
      expect((await admin.query("select 1 from pg_roles where rolname = 'bi_again'")).rows).toEqual([]);
    } finally {
      await admin.query('revoke select on public.roster from public');
    }
  });

  it('says what to do when the database user may not create roles', async () => {
    await admin.query('create role plain_user login');
    // Enough to open the store (it checks the schema version), not to create roles.
    await admin.query('grant create on schema public to plain_user');
    await admin.query('grant select on public.schema_migrations to plain_user');
    const u = new URL(url);
    u.username = 'plain_user';
    const result = await cli(['--name', 'bi_again', '--database', u.toString()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/may not create the role or grant it access .*PostgreSQL said: permission denied to create role/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
