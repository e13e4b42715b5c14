#!/usr/bin/env node
// The weekly digest (issue 14) with 2,000 quests (a third of them reviewed wins with reuses) on the
// embedded database, measured in the same run:
// - the pure builder (buildDigest over the 2,000 quests, one team) and the Markdown + HTML renderers;
// - the team digest over HTTP from a programme server (GET …/digest?format=json, viewer token),
//   against GET /v1/whoami (auth and the round trip, nothing else) as the baseline. No target (a
//   weekly email is not interactive); most of it is reading the 2,000 quests (Store.listQuests), the
//   same read the board makes;
// - `workshop digest --team … --json` end to end on the database directly, against the same command on
//   a programme with no quests (the CLI's start and the database's open) as the baseline.
// Medians.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report, requestJson, timeCommand } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
if (!existsSync(dist('facilitator/quests/digest.js'))) {
  console.error('Run `npm run build` first (npm run bench does).');
  process.exit(2);
}
const { Store } = await import(dist('facilitator/store/store.js'));
const { buildDigest } = await import(dist('facilitator/quests/digest.js'));
const { renderDigestHtml, renderDigestMarkdown } = await import(dist('facilitator/quests/digest-render.js'));
const { personRef } = await import(dist('facilitator/quests/people.js'));
const { buildProgrammeServer } = await import(dist('facilitator/server/app.js'));
const { digestPlugin } = await import(dist('facilitator/server/digest-routes.js'));
const { newServerToken } = await import(dist('facilitator/server/auth.js'));
const { hashToken } = await import(dist('facilitator/hub/tokens.js'));

const QUESTS = 2_000;
const TEAMS = 40;
const RUNS = 20;
const NOW = new Date();
const day = (d) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const programme = (id) => ({ schemaVersion: 1, id, title: `Bench ${id}`, createdAt: day(200), timeZone: 'UTC', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] });
const person = (i) => personRef({ email: `person${i}@example.com`, name: `Person ${i}`, team: `Team ${i % TEAMS}` });

/** Quest `i` as the lifecycle leaves it: open, claimed, submitted or done (with reuses), spread over 120 days. */
function questRecord(i) {
  const at = day(120 - (i % 120));
  const stage = i % 6; // 0,1: open · 2: claimed · 3: submitted · 4,5: done
  const base = {
    id: i + 1,
    title: `Task ${i}: collect the weekly numbers`,
    today: 'By hand, from three exports',
    team: `Team ${i % TEAMS}`,
    often: { times: 1 + (i % 3), per: 'week' },
    minutesEach: 30 + (i % 60),
    risk: ['low', 'medium', 'high'][i % 3],
    sensitivity: 'internal',
    benefitTeams: [],
    state: 'open',
    postedBy: person(i),
    postedAt: at,
    claimers: [],
    lastActivityAt: at,
  };
  if (stage < 2) return base;
  const claimed = { ...base, state: 'claimed', claimers: [person(i + 1)], claimedAt: at };
  if (stage === 2) return claimed;
  const submission = { kind: ['prompt', 'skill', 'script', 'howto'][i % 4], text: 'What was built', minutesAfter: 5, at, by: person(i + 1) };
  if (stage === 3) return { ...claimed, state: 'submitted', submission };
  return { ...claimed, state: 'done', submission, review: { verdict: 'approve', note: 'works', by: person(i + 2), role: 'participant', at }, doneAt: at };
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'digest-bench-'));
try {
  const store = await Store.open({ kind: 'embedded', location: path.join(dir, 'database') });
  await store.putProgramme(programme('bench'), 'bench');
  await store.putProgramme(programme('empty'), 'bench');
  let seeded = performance.now();
  for (let i = 0; i < QUESTS; i += 1) {
    const record = questRecord(i);
    await store.postQuest('bench', () => ({ quest: record, events: [{ at: record.postedAt, action: 'post', by: record.postedBy, detail: {} }] }), 'bench');
  }
  // Reuses of the done wins (0 to 4 each), through the store's own step.
  for (let i = 0; i < QUESTS; i += 1) {
    if (i % 6 < 4) continue;
    for (let r = 0; r < i % 5; r += 1) {
      const by = person(i + 10 + r);
      await store.changeQuest('bench', i + 1, 'bench', (quest) => ({ quest, event: { at: day(1), action: 'reuse', by, detail: {} } }));
    }
  }
  seeded = performance.now() - seeded;
  process.stdout.write(`(seeded ${QUESTS} quests in ${(seeded / 1000).toFixed(1)} s)\n`);

  const quests = await store.listQuests('bench');
  const pure = [];
  const render = [];
  for (let r = 0; r < RUNS; r += 1) {
    let t = performance.now();
    const digest = buildDigest({ programme: { id: 'bench', title: 'Bench', timeZone: 'UTC' }, quests, team: 'Team 7', audience: 'team', since: new Date(day(7)), now: NOW });
    pure.push(performance.now() - t);
    t = performance.now();
    renderDigestMarkdown(digest, 'en');
    renderDigestHtml(digest, 'ja');
    render.push(performance.now() - t);
  }
  report('buildDigest, 2,000 quests, one team', median(pure), 'ms');
  report('render Markdown + HTML', median(render), 'ms');

  const viewer = newServerToken();
  await store.addToken({ name: 'bench-viewer', role: 'viewer', tokenHash: hashToken(viewer) }, 'bench');
  const app = await buildProgrammeServer({ store, programmeId: 'bench', plugins: [digestPlugin()] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  const timed = async (p) => {
    await requestJson('GET', `${url}${p}`, undefined, viewer);
    const times = [];
    for (let r = 0; r < RUNS; r += 1) {
      const answer = await requestJson('GET', `${url}${p}`, undefined, viewer);
      if (answer.status !== 200) throw new Error(`${p}: HTTP ${answer.status} ${JSON.stringify(answer.json)}`);
      times.push(answer.ms);
    }
    return median(times);
  };
  const whoami = await timed('/v1/whoami');
  const overHttp = await timed(`/v1/programmes/bench/digest?team=${encodeURIComponent('Team 7')}`);
  report('GET digest (json, team), 2,000 quests', overHttp, 'ms', { baseline: whoami });
  const reads = [];
  for (let r = 0; r < RUNS; r += 1) {
    const t = performance.now();
    await store.listQuests('bench');
    reads.push(performance.now() - t);
  }
  report('of which Store.listQuests, 2,000 quests', median(reads), 'ms');
  await app.close();
  await store.close();

  const bin = path.join(root, 'bin', 'workshop.js');
  const env = { ...process.env, NO_COLOR: '1', CI: '1' };
  const args = (id) => [bin, 'digest', '--programme', id, '--team', 'Team 7', '--json', '--data', dir];
  const empty = timeCommand(process.execPath, args('empty'), { runs: 5, env });
  const full = timeCommand(process.execPath, args('bench'), { runs: 5, env });
  report('workshop digest --json on the database, 2,000 quests', full, 'ms', { baseline: empty });
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
