import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProgrammeReportFromStore } from '../../facilitator/programme/load-from-store.js';
import { renderProgrammeReport } from '../../facilitator/programme/report-command.js';
import { personKey } from '../../facilitator/quests/people.js';
import { digestPlugin } from '../../facilitator/server/digest-routes.js';
import { Store, type StoreTarget } from '../../facilitator/store/store.js';
import type { Digest } from '../../src/protocol/digest.js';
import { isolatedEnv, tempDir, workshop } from '../programme/helpers.js';
import { type TestServer, startTestServer } from '../server/helpers.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { DIGEST_PROGRAMME, HOSTILE_TITLE, NOW, PEOPLE, SINCE, seedDigestScenario } from './digest-scenario.js';

/**
 * `workshop digest` through the built CLI (issue 14), on the database directly and through a
 * programme server, on each engine; the role rule (a viewer gets a team's digest, never the
 * facilitator's); and the programme report's quests section and `contributedWin` from the same store.
 */
const NO_STACK = /\n\s+at |node:internal/;
const SLOW = 240_000;

let root: { dir: string; cleanup: () => Promise<void> };
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = await tempDir('digest-cli-');
  env = isolatedEnv(root.dir);
});
afterAll(async () => {
  await cleanupTargets();
  await root?.cleanup();
});

/** The CLI's options that point at this database. */
function storeArgs(target: StoreTarget): string[] {
  return target.kind === 'embedded' ? ['--data', path.dirname(target.location)] : ['--database', target.location];
}

/** What does not depend on the moment it was made. */
function stable(digest: Digest): Omit<Digest, 'generatedAt' | 'window'> & { since: string } {
  const { generatedAt: _g, window, ...rest } = digest;
  return { ...rest, since: window.since };
}

describe.each(ENGINES)('the digest and the report from a store with quests, on the %s engine', (kind) => {
  let target: StoreTarget;
  let direct: Digest | undefined;

  beforeAll(async () => {
    if (!engineAvailable(kind)) return;
    target = await freshTarget(kind);
    const store = await Store.open(target);
    try {
      await seedDigestScenario(store);
    } finally {
      await store.close();
    }
  }, SLOW);

  it.skipIf(!engineAvailable(kind))(
    'gives the programme report a quests section and marks who contributed a win',
    async () => {
      const store = await Store.open(target);
      try {
        const { report } = await loadProgrammeReportFromStore(store, DIGEST_PROGRAMME.id, { now: NOW, saveFacts: false });
        const { definitions, ...figures } = report.quests;
        expect(figures).toEqual({
          posted: 5,
          claimed: 4,
          done: 2,
          // #1: (45 − 5) × 52/12 × 2 people / 60 = 5.8; #2: (40 − 10) × 52/12 × 4 people / 60 = 8.7.
          hoursPerMonth: 14.5,
          risk: { low: 3, medium: 1, high: 1 },
          byTeam: {
            Finance: { posted: 3, claimed: 2, done: 1, hoursPerMonth: 5.8, risk: { low: 2, medium: 0, high: 1 } },
            HR: { posted: 1, claimed: 1, done: 0, hoursPerMonth: 0, risk: { low: 1, medium: 0, high: 0 } },
            Sales: { posted: 1, claimed: 1, done: 1, hoursPerMonth: 8.7, risk: { low: 0, medium: 1, high: 0 } },
          },
          topReused: [
            expect.objectContaining({ id: 2, title: 'Weekly pipeline report', team: 'Sales', kind: 'skill', reuseCount: 3, hours: { perMonth: 8.7, minutesBefore: 40, minutesAfter: 10, timesPerMonth: 4.33, people: 4 } }),
            expect.objectContaining({ id: 1, title: 'Monthly expense summary', team: 'Finance', kind: 'prompt', reuseCount: 1 }),
          ],
        });
        expect(definitions.hoursPerMonth).toMatch(/only from reviewed wins: \(minutes before − minutes after\) × times a month × people using it/);
        const flags = Object.fromEntries(report.people.map((p) => [p.name, [p.segment, p.contributedWin]]));
        expect(flags).toEqual({ Aiko: ['triedOnly', true], Ben: ['continued', true], Chika: ['notStarted', false], Dan: ['triedOnly', false] });
        expect(report.quests.topReused[0].claimers).toEqual([{ key: personKey(PEOPLE.ben.email), name: 'Ben', team: 'Sales' }]);

        const md = renderProgrammeReport(report, 'md');
        expect(md).toContain('5 quest(s) posted, 4 claimed, 2 done (reviewed wins), saving 14.5 hours a month.');
        expect(md).toContain('| #2 Weekly pipeline report | Sales | skill | Ben | 3 | (40 − 10) min × 4.33 a month × 4 people = 8.7 h a month |');
        const html = renderProgrammeReport(report, 'html');
        expect(html).toContain('<strong data-col="hours">14.5 hours saved a month</strong>');
        expect((html.match(/data-col="contributed-win"/g) ?? []).length).toBe(2);
        const csv = renderProgrammeReport(report, 'csv').split('\r\n');
        const col = csv[0].split(',').indexOf('contributed_win');
        expect(col).toBeGreaterThan(csv[0].split(',').indexOf('segment'));
        expect(csv.slice(1, -1).map((line) => [line.split(',')[1], line.split(',')[col]])).toEqual([
          ['Aiko', 'yes'],
          ['Ben', 'yes'],
          ['Chika', 'no'],
          ['Dan', 'no'],
        ]);
      } finally {
        await store.close();
      }
    },
    SLOW,
  );

  it.skipIf(!engineAvailable(kind))(
    'runs `workshop digest` on the database directly: a team\'s digest, and the facilitator\'s as an HTML file',
    async () => {
      const team = await workshop(['digest', '--programme', 'spring', '--team', 'Finance', '--since', SINCE, '--json', ...storeArgs(target)], env);
      expect(team.stderr).toBe('');
      expect(team.code).toBe(0);
      const out = JSON.parse(team.stdout);
      direct = out.digest as Digest;
      expect(out).toMatchObject({ format: 'md', lang: 'en', subject: expect.stringMatching(/^Codex wins for Finance: Codex for everyone, /) });
      expect(direct.newWins.shown.map((w) => w.id)).toEqual([1]);
      expect(direct.newWins.hoursPerMonth).toBe(5.8);
      expect(direct.reviewed).toEqual({ wins: 1, hoursPerMonth: 5.8 });
      expect(direct.open.shown.map((q) => q.title)).toEqual([HOSTILE_TITLE]);
      expect(direct.inProgress.shown.map((q) => [q.id, q.state])).toEqual([[5, 'submitted']]);
      expect(direct.worthTrying.map((w) => w.id)).toEqual([2]);
      expect(direct.officeHours).toBeUndefined();
      expect(out.text).toContain('Saves (45 − 5) min × 4.33 a month × 2 people = 5.8 h a month. 1 other person uses it too.');
      expect(out.text).not.toContain('<img');
      expect(out.text).not.toContain('aiko@example.com');

      const file = path.join(root.dir, `facilitator-${kind}.html`);
      const facilitator = await workshop(['digest', '--programme', 'spring', '--audience', 'facilitator', '--lang', 'ja', '--format', 'html', '--out', file, ...storeArgs(target)], env);
      expect(facilitator.code).toBe(0);
      expect(facilitator.stdout).toMatch(/^Digest written to .*: 1 new reviewed win\(s\) since .*, 14\.5 h a month from 2 reviewed win\(s\), 1 open quest\(s\), 2 people to invite to office hours\.\n$/);
      const html = await readFile(file, 'utf8');
      expect(html).toContain('<html lang="ja">');
      expect(html).toContain('オフィスアワーに招待する人');
      expect(html).toContain('aiko@example.com');
      expect(html).toContain('dan@example.com');
      expect(html).not.toContain('ben@example.com');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).not.toMatch(/<img|<script/);
    },
    SLOW,
  );

  it.skipIf(!engineAvailable(kind))(
    'runs `workshop digest --server` with the same digest, and keeps the facilitator\'s digest from a viewer',
    async () => {
      let server: TestServer | undefined;
      try {
        server = await startTestServer(kind, { target, programme: DIGEST_PROGRAMME, plugins: [digestPlugin()] });
        const viewer = await server.token('viewer', 'manager');
        const facilitator = await server.token('facilitator', 'fac');
        const viaServer = await workshop(['digest', '--programme', 'spring', '--team', 'Finance', '--since', SINCE, '--json', '--server', server.url], { ...env, WORKSHOP_SERVER_TOKEN: viewer });
        expect(viaServer.code).toBe(0);
        const out = JSON.parse(viaServer.stdout);
        expect(out.source).toBe(server.url);
        expect(direct).toBeDefined();
        expect(stable(out.digest)).toEqual(stable(direct!));
        expect(viaServer.stdout + viaServer.stderr).not.toContain(viewer);

        const refused = await workshop(['digest', '--programme', 'spring', '--audience', 'facilitator', '--server', server.url], { ...env, WORKSHOP_SERVER_TOKEN: viewer });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/refused: the token "manager" has the role viewer; the facilitator's digest needs facilitator or above/);
        expect(refused.stderr).not.toMatch(NO_STACK);
        expect(refused.stdout).toBe('');

        const tokenFile = path.join(root.dir, `fac-${kind}.token`);
        const { writeFile } = await import('node:fs/promises');
        await writeFile(tokenFile, `${facilitator}\n`);
        const allowed = await workshop(['digest', '--programme', 'spring', '--audience', 'facilitator', '--format', 'md', '--server', server.url, '--token-file', tokenFile], env);
        expect(allowed.code).toBe(0);
        expect(allowed.stdout).toContain('## Invite to office hours');
        expect(allowed.stdout).toMatch(/- \*\*Aiko `aiko@example\.com`\*\*/);
        expect(allowed.stdout).toContain('(their window is still open)');

        // The route itself: the roles, the formats, and bad input.
        const path_ = `/v1/programmes/spring/digest`;
        expect((await server.call(path_)).status).toBe(401);
        const asViewer = await server.call(`${path_}?audience=facilitator`, { token: viewer });
        expect([asViewer.status, (await asViewer.json()).error]).toEqual([403, 'role_too_low']);
        const html = await server.call(`${path_}?format=html&lang=ja&team=Sales`, { token: viewer });
        expect(html.status).toBe(200);
        expect(html.headers.get('content-type')).toMatch(/^text\/html/);
        expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(await html.text()).toContain('Codex の成果（Sales）');
        const owner = await server.call(`${path_}?audience=facilitator`, { token: server.owner });
        expect(((await owner.json()) as Digest).officeHours?.people.map((p) => p.name)).toEqual(['Aiko', 'Dan']);
        expect((await server.call(`${path_}?format=pdf`, { token: viewer })).status).toBe(400);
        const badSince = await server.call(`${path_}?since=last-week`, { token: viewer });
        expect(badSince.status).toBe(400);
        expect((await server.call('/v1/programmes/other/digest', { token: viewer })).status).toBe(404);
      } finally {
        await server?.close();
      }
    },
    SLOW,
  );
});

describe('workshop digest, bad input', () => {
  it('says what to fix, with exit code 2, before opening anything', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--since', 'last week'], /--since must be a day \(YYYY-MM-DD\) or an ISO time/],
      [['--format', 'pdf'], /argument 'pdf' is invalid/],
      [['--audience', 'everyone'], /argument 'everyone' is invalid/],
      [['--server', 'http://127.0.0.1:9', '--database', 'postgres://x@127.0.0.1/y'], /--server gets the digest from a programme server: --data and --database/],
      [['--token-file', 'x'], /--token-file goes with --server URL/],
    ];
    for (const [args, message] of cases) {
      const result = await workshop(['digest', '--programme', 'spring', ...args], env);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(NO_STACK);
    }
  });

  it('names the database when the programme is not in it', async () => {
    const target = await freshTarget('embedded');
    const result = await workshop(['digest', '--programme', 'nowhere', '--data', path.dirname(target.location)], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/There is no programme "nowhere" in the database at /);
  }, SLOW);
});
