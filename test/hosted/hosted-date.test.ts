import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../facilitator/hub/tokens.js';
import { loadProgrammeReportFromStore } from '../../facilitator/programme/load-from-store.js';
import { Store } from '../../facilitator/store/store.js';
import { recordEvent } from '../../src/state/event-log.js';
import { participantEnv, runCli } from '../hub/cli-helpers.js';
import { call, tempDir } from '../hub/helpers.js';
import { type HostedTestServer, putTestProgramme, startHostedServer } from '../support/hosted-server.js';
import { repoRoot } from '../support/run-workshop.js';

/**
 * A date hosted on the programme server, end to end with the real CLI: the facilitator runs
 * `workshop host --server URL --session DATE`, two participants `workshop join <server>/s/<date>`
 * and work, and their events are in the database, in the programme report, and on the date's
 * dashboard, which is served under the same prefix.
 */
const FACILITATOR_TOKEN = `wst_${'f'.repeat(43)}`;
const VIEWER_TOKEN = `wst_${'v'.repeat(43)}`;
let tmp: { dir: string; cleanup: () => Promise<void> };
let store: Store;
let server: HostedTestServer;
let hostEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  tmp = await tempDir('hosted-date-');
  store = await Store.open({ kind: 'embedded', location: path.join(tmp.dir, 'database') });
  await putTestProgramme(store);
  // The invitation list: the live hub shows roster names and who has not joined yet, as on a laptop.
  await store.putRoster('pilot', { schemaVersion: 1, updatedAt: '2026-11-20T00:00:00.000Z', people: [
    { email: 'aiko@example.com', name: 'Aiko Tanaka', team: 'Finance' },
    { email: 'ben@example.com', name: 'Ben Ito', team: 'Sales' },
    { email: 'chie@example.com', name: 'Chie Mori', team: 'Sales' },
  ] }, 'test');
  await store.addToken({ name: 'Hana', role: 'facilitator', tokenHash: hashToken(FACILITATOR_TOKEN) }, 'test');
  await store.addToken({ name: 'Manager', role: 'viewer', tokenHash: hashToken(VIEWER_TOKEN) }, 'test');
  // The hub's clock on the date (11:00 in Tokyo), so that joining counts as attending it.
  const clock = () => new Date('2026-12-03T02:00:00.000Z');
  server = await startHostedServer({ store, programmeId: 'pilot', pack: false, dashboardDir: path.join(repoRoot, 'dist', 'facilitator', 'dashboard'), pushIntervalMs: 20, clock });
  hostEnv = await participantEnv(path.join(tmp.dir, 'facilitator'), { WORKSHOP_SERVER_TOKEN: FACILITATOR_TOKEN });
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  await tmp?.cleanup();
});

/** A port nothing listens on (fetch refuses some low ports outright, so not 1). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const hostOnServer = (extra: string[], env = hostEnv) => runCli(['host', '--server', server.url, '--session', '2026-12-03', ...extra], env);

describe('workshop host --server', () => {
  let created: { joinUrl: string; code: string; dashboardUrl: string; session: string; resumed: boolean };

  it('creates the date on the server and prints the join line and dashboard link, never the server token', async () => {
    const result = await hostOnServer(['--starts', '10:00', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    created = JSON.parse(result.stdout);
    expect(created).toMatchObject({ joinUrl: `${server.url}/s/2026-12-03`, session: '2026-12-03', resumed: false, hosted: 'server' });
    expect(created.code).toMatch(/^[A-Z]{4}-\d{4}$/);
    expect(created.dashboardUrl).toMatch(new RegExp(`^${server.url}/s/2026-12-03/dashboard#token=wsf_`));
    expect(result.stdout).not.toContain(FACILITATOR_TOKEN);

    // Planned in the programme like `host --programme` plans it (10:00 in Tokyo), and recorded as Hana's.
    const programme = await store.getProgramme('pilot');
    expect(programme!.sessions).toEqual([{ id: '2026-12-03', date: '2026-12-03', startsAt: '2026-12-03T01:00:00.000Z', title: 'Pilot programme — 2026-12-03' }]);
    const row = await store.getSession('pilot', '2026-12-03');
    expect(row).toMatchObject({ hosted: 'server', meta: { code: created.code, startsAt: '2026-12-03T01:00:00.000Z', programmeId: 'pilot' } });
    // Only the hash of the dashboard key is in the database.
    const key = decodeURIComponent(created.dashboardUrl.split('#token=')[1]);
    expect(row!.facilitatorTokenHash).toBe(hashToken(key));
    expect(JSON.stringify(await store.changes('pilot'))).not.toContain(key);
    expect((await store.changes('pilot')).map((c) => `${c.actor} ${c.action}`)).toContain('Hana session.host');
  });

  it('prints the same for a person: the join command with the server address and the code', async () => {
    const result = await hostOnServer([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`workshop join ${server.url}/s/2026-12-03 --code ${created.code}`);
    expect(result.stdout).toMatch(/Dashboard \(keep this link to yourself/);
    expect(result.stdout).toMatch(/resumed: same code/);
    expect(result.stdout).toMatch(/an earlier dashboard link for this date no longer works/);
    created = { ...created, dashboardUrl: /(http:\S+#token=\S+)/.exec(result.stdout)![1] };
  });

  it('two participants join with the real CLI, work, and it all lands in the database and the programme report', async () => {
    const people = [
      { name: 'Aiko Tanaka', email: 'aiko@example.com', team: 'Finance' },
      { name: 'Ben Ito', email: 'ben@example.com', team: 'Sales' },
    ];
    const envs = await Promise.all(people.map((_, i) => participantEnv(path.join(tmp.dir, `laptop-${i}`))));
    for (const [i, person] of people.entries()) {
      const joined = await runCli(['join', created.joinUrl, '--code', created.code, '--name', person.name, '--email', person.email, '--team', person.team, '--json'], envs[i]);
      expect(joined.stderr).toBe('');
      expect(joined.code).toBe(0);
      expect(JSON.parse(joined.stdout)).toMatchObject({ session: { id: '2026-12-03' } });
      for (let k = 0; k < 3; k += 1) await recordEvent({ type: 'exercise.setup', exerciseId: `ex-${k}` }, envs[i]);
      const synced = await runCli(['sync', '--json'], envs[i]);
      expect(synced.code).toBe(0);
      expect(JSON.parse(synced.stdout)).toMatchObject({ synced: true, pending: 0 });
    }
    const hand = await runCli(['help', 'stuck on the second exercise'], envs[1]);
    expect(hand.code).toBe(0);

    const lines = await store.readLines('pilot', '2026-12-03');
    expect(lines.filter((l) => l.line.kind === 'join')).toHaveLength(2);
    const events = lines.filter((l) => l.line.kind === 'event');
    expect(events.filter((l) => l.line.kind === 'event' && l.line.event.type === 'exercise.setup')).toHaveLength(6);
    expect(events.some((l) => l.line.kind === 'event' && l.line.event.type === 'hand.raised')).toBe(true);

    const { report } = await loadProgrammeReportFromStore(store, 'pilot', { now: new Date('2026-12-04T00:00:00Z') });
    expect(report.dates).toMatchObject([{ session: '2026-12-03', attended: 2, walkIns: 0 }]);
    expect(report.people.filter((p) => p.attended.includes('2026-12-03')).map((p) => p.email).sort()).toEqual(['aiko@example.com', 'ben@example.com']);
  });

  it("serves the date's dashboard under the prefix: the page, its assets, and the state for the new key only", async () => {
    const [page, token] = created.dashboardUrl.split('#token=');
    const html = await fetch(page);
    expect(html.status).toBe(200);
    const text = await html.text();
    expect(text).toContain('src="dashboard/app.js"');
    expect((await fetch(`${page}/app.js`)).status).toBe(200);
    expect((await fetch(`${page}/style.css`)).status).toBe(200);
    const slash = await fetch(`${page}/`, { redirect: 'manual' });
    expect(slash.status).toBe(308);
    expect(new URL(slash.headers.get('location')!, `${page}/`).href).toBe(page);

    const state = await call(created.joinUrl, 'GET', '/v1/facilitator/state', { token: decodeURIComponent(token) });
    expect(state.status).toBe(200);
    expect(state.body.cards.map((c: { name: string }) => c.name).sort()).toEqual(['Aiko Tanaka', 'Ben Ito']);
    expect(state.body.cards.find((c: { name: string }) => c.name === 'Ben Ito').hand).toBeDefined();
    expect(state.body.room.notJoined).toEqual([{ name: 'Chie Mori', team: 'Sales' }]);
    // The key the first `host --server` printed was replaced by the second.
    const first = await call(created.joinUrl, 'GET', '/v1/facilitator/state', { token: FACILITATOR_TOKEN });
    expect(first.status).toBe(401);
  });

  it('answers a date that is not hosted here with 404 in words, and other paths are left to the server', async () => {
    const missing = await call(server.url, 'GET', '/s/2030-01-01/v1/hello');
    expect(missing.status).toBe(404);
    expect(missing.body.reason).toMatch(/no session "2030-01-01" is hosted on this server/);
    const hello = await call(created.joinUrl, 'GET', '/v1/hello');
    expect(hello.body).toMatchObject({ service: 'codex-workshop-hub', session: { id: '2026-12-03', programmeId: 'pilot' } });
  });

  it('refuses in one clear line: no token, a viewer token, a wrong token, a missing programme, a server that is down', async () => {
    const noToken = await hostOnServer([], { ...hostEnv, WORKSHOP_SERVER_TOKEN: '' });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/Set WORKSHOP_SERVER_TOKEN/);

    const viewer = await hostOnServer([], { ...hostEnv, WORKSHOP_SERVER_TOKEN: VIEWER_TOKEN });
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toMatch(/may not host dates .*needs a facilitator or owner token/);

    const wrong = await hostOnServer([], { ...hostEnv, WORKSHOP_SERVER_TOKEN: `wst_${'x'.repeat(43)}` });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/did not accept the token in WORKSHOP_SERVER_TOKEN/);

    const programme = await hostOnServer(['--programme', 'nope']);
    expect(programme.code).toBe(1);
    expect(programme.stderr).toMatch(/holds no programme "nope"/);

    const badDate = await hostOnServer(['--starts', '25:00']);
    expect(badDate.code).toBe(2);

    const local = await hostOnServer(['--port', '4546']);
    expect(local.code).toBe(2);
    expect(local.stderr).toMatch(/--port belong to a hub on this computer/);

    const closed = await closedPort();
    const down = await runCli(['host', '--server', `http://127.0.0.1:${closed}`, '--session', '2026-12-03'], hostEnv);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`Could not reach the programme server at http://127.0.0.1:${closed} (nothing is listening there)`);

    for (const result of [noToken, viewer, wrong, programme, badDate, local, down]) {
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(result.stderr + result.stdout).not.toContain(FACILITATOR_TOKEN);
      expect(result.stderr + result.stdout).not.toContain(VIEWER_TOKEN);
    }
  });
});
