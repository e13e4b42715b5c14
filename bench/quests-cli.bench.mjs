#!/usr/bin/env node
// Issue 14: `workshop quest list --json` end to end (a fresh CLI process: start-up, the hub link, the
// request, the programme server answering from its embedded database, the answer parsed with the
// protocol's schema and printed) against a local `workshop serve` holding 2,000 quests in every state.
// Target: median ≤ 200 ms. Baselines in the same run: `node -e 0` and `node bin/workshop.js --version`.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, timeCommand } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'workshop.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const QUESTS = Number(process.env.QUEST_BENCH_QUESTS ?? 2000);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quests-cli-bench-'));
let serve;
process.on('exit', () => {
  if (serve && serve.exitCode === null) serve.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const dist = (...parts) => import(path.join(root, 'dist', ...parts));
const { Store } = await dist('facilitator', 'store', 'store.js');
const { hashToken } = await dist('facilitator', 'hub', 'tokens.js');
const { QuestService } = await dist('facilitator', 'quests', 'service.js');
const { personRef } = await dist('facilitator', 'quests', 'people.js');

// The database: a programme, 40 participants who joined one date, 2,000 quests (a quarter each open,
// claimed, submitted, done with reuses).
const dataDir = path.join(tmp, 'data');
const programmeId = 'bench';
const store = await Store.open({ kind: 'embedded', location: path.join(dataDir, 'database') });
await store.putProgramme({ schemaVersion: 1, id: programmeId, title: 'Quest bench', createdAt: '2026-03-01T00:00:00.000Z', timeZone: 'Asia/Tokyo', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] }, 'bench');
await store.putSession(programmeId, { schemaVersion: 1, id: '2026-04-01', title: 'Day one', programmeId, createdAt: '2026-04-01T00:00:00.000Z', code: 'ABCD-1234' }, 'venue', 'bench');
const people = Array.from({ length: 40 }, (_, i) => ({ name: `Person ${i}`, email: `p${i}@example.com`, team: ['Sales', 'Finance', 'HR', 'Legal'][i % 4], token: randomBytes(24).toString('base64url') }));
await store.appendLines(
  programmeId,
  '2026-04-01',
  'hub',
  people.map((p, i) => ({ kind: 'join', seq: i + 1, at: '2026-04-01T00:10:00.000Z', participant: { id: `p${i}`, name: p.name, email: p.email, team: p.team }, tokenHash: hashToken(p.token) })),
);
const started = performance.now();
const now = new Date('2026-04-02T09:00:00.000Z');
const quests = new QuestService(store, programmeId, () => now);
const actor = (i) => ({ kind: 'participant', ref: personRef(people[i % people.length]) });
const facilitator = { kind: 'token', role: 'facilitator', ref: { key: 't_fac', name: 'fac', team: '' } };
for (let i = 0; i < QUESTS; i += 1) {
  const phase = i % 4;
  const post = {
    title: `Recurring task number ${i}: the weekly export cleanup`,
    today: 'Download the export, remove the duplicates by hand, paste the totals into the deck. '.repeat(2),
    team: people[i % people.length].team,
    often: { times: 1 + (i % 3), per: 'week' },
    minutesEach: 30 + (i % 60),
    risk: ['low', 'medium', 'high'][i % 3],
    sensitivity: 'internal',
    benefitTeams: ['Sales'],
    ...(phase >= 2 ? { alreadyDone: { kind: 'prompt', text: 'Read export.csv, drop duplicate rows by id, total the amounts per region.', minutesAfter: 5 } } : {}),
  };
  const q = await quests.post(actor(i), post);
  if (phase === 1) await quests.claim(actor(i + 1), q.id);
  if (phase === 3) {
    await quests.review(facilitator, q.id, { verdict: 'approve', note: 'ran it on last week’s export' });
    await quests.reuse(actor(i + 2), q.id);
  }
}
await store.close();
process.stdout.write(`Seeded ${QUESTS} quests in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

// The server, as an operator starts it.
serve = spawn(process.execPath, [bin, 'serve', '--programme', programmeId, '--data', dataDir, '--port', '0', '--json'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  let err = '';
  serve.stderr.on('data', (d) => (err += d));
  serve.stdout.on('data', (d) => {
    out += d;
    if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]).url);
  });
  serve.on('exit', (code) => reject(new Error(`workshop serve exited ${code}: ${err}`)));
});

// A participant's laptop: the hub link their join wrote (a venue hub that syncs to this server).
const home = path.join(tmp, 'home');
const config = path.join(tmp, 'config');
mkdirSync(home, { recursive: true });
mkdirSync(config, { recursive: true });
const me = people[0];
writeFileSync(
  path.join(config, 'hub.json'),
  JSON.stringify({ schemaVersion: 1, hubUrl: 'http://192.0.2.10:4545', participantId: 'p0', token: me.token, session: { id: '2026-04-01', title: 'Day one', programmeId }, name: me.name, email: me.email, team: me.team, joinedAt: '2026-04-01T00:10:00.000Z', followUpUrl: `${url}/p` }),
  { mode: 0o600 },
);
const env = { ...process.env, HOME: home, USERPROFILE: home, WORKSHOP_HOME: config, LANG: 'en_US.UTF-8', NO_COLOR: '1', WORKSHOP_NO_PULSE_OFFER: '1' };
delete env.WORKSHOP_SERVER_TOKEN;

const check = spawnSync(process.execPath, [bin, 'quest', 'list', '--json'], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (check.status !== 0) throw new Error(`quest list failed in the bench (exit ${check.status}): ${check.stderr}`);
const listed = JSON.parse(check.stdout);
if (listed.total !== QUESTS || listed.quests.length !== Math.min(100, QUESTS)) throw new Error(`quest list returned ${listed.quests.length} of ${listed.total} quests, not the newest 100 of ${QUESTS}`);
process.stdout.write(`\`quest list --json\` prints the newest ${listed.quests.length} of ${QUESTS} quests (${(check.stdout.length / 1024).toFixed(0)} KiB); medians of ${RUNS} fresh processes after one warm-up\n`);

const nodeMs = timeCommand(process.execPath, ['-e', '0'], { runs: RUNS, env });
report('`node -e 0` (baseline)', nodeMs, 'ms');
const versionMs = timeCommand(process.execPath, [bin, '--version'], { runs: RUNS, env });
report('`workshop --version` (baseline)', versionMs, 'ms', { baseline: nodeMs });
const listMs = timeCommand(process.execPath, [bin, 'quest', 'list', '--json'], { runs: RUNS, env });
const ok = report(`\`workshop quest list --json\` (${QUESTS} quests, the newest 100, end to end)`, listMs, 'ms', { baseline: versionMs, target: 200 });
const allMs = timeCommand(process.execPath, [bin, 'quest', 'list', '--limit', 'all', '--json'], { runs: RUNS, env });
report(`\`workshop quest list --limit all --json\` (all ${QUESTS})`, allMs, 'ms', { baseline: versionMs });
const openMs = timeCommand(process.execPath, [bin, 'quest', 'list', '--state', 'open', '--json'], { runs: RUNS, env });
report('`workshop quest list --state open --json` (a quarter of them)', openMs, 'ms', { baseline: versionMs });

serve.kill('SIGTERM');
await new Promise((resolve) => serve.once('exit', resolve));
process.exit(ok ? 0 : 1);
