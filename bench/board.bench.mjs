#!/usr/bin/env node
// Issue 14: the quest board's data with 2,000 quests and 10,000 people (participants who joined, the
// claimers of the quests, the people who reuse the wins) must be built in ≤ 300 ms of server time
// (the route's Server-Timing `total`: auth, the service's list with its stale-claim sweep, the build),
// median over the requests. Also reported: the end-to-end request time, and the baselines of the same
// run on the same server: /healthz and the board of a programme with no quests. Embedded engine, and
// PostgreSQL when installed. The data is written through the store (quests with their final state in
// one transaction each, the joins in batches, the 10,000 reuses in one statement per thousand), not
// through the HTTP API: the bench measures reading the board, not writing quests.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report, requestJson } from './lib.mjs';
import { startCluster } from './postgres-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (...parts) => path.join(root, 'dist', ...parts);
const { Store } = await import(dist('facilitator', 'store', 'store.js'));
const { buildProgrammeServer } = await import(dist('facilitator', 'server', 'app.js'));
const { boardPlugin } = await import(dist('facilitator', 'quests', 'board-routes.js'));
const { personRef } = await import(dist('facilitator', 'quests', 'people.js'));
const { postQuest } = await import(dist('facilitator', 'quests', 'lifecycle.js'));
const { hashToken } = await import(dist('facilitator', 'hub', 'tokens.js'));
const { newServerToken } = await import(dist('facilitator', 'server', 'auth.js'));

const QUESTS = Number(process.env.BOARD_BENCH_QUESTS ?? 2_000);
const PEOPLE = Number(process.env.BOARD_BENCH_PEOPLE ?? 10_000);
const REQUESTS = Number(process.env.BOARD_BENCH_REQUESTS ?? 30);
const TARGET_MS = 300;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'board-bench-'));
let postgres;
process.on('exit', () => {
  postgres?.stopSync();
  rmSync(tmp, { recursive: true, force: true });
});

const programme = (id, title) => ({ schemaVersion: 1, id, title, createdAt: '2026-03-01T00:00:00.000Z', timeZone: 'Asia/Tokyo', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] });
const TEAMS = ['Finance', 'Sales', 'HR', 'Legal', 'IT', 'Marketing', 'Support', 'Operations', 'Procurement', 'Research', 'Logistics', 'Quality'];

/** 10,000 people joined a date of the programme (as a venue hub would have sent them); returns their join tokens. */
async function addPeople(store, programmeId) {
  const sessionId = '2026-04-01';
  await store.putSession(programmeId, { schemaVersion: 1, id: sessionId, title: 'Day one', programmeId, createdAt: `${sessionId}T00:00:00.000Z`, code: 'ABCD-1234' }, 'venue', 'bench');
  const people = [];
  for (let start = 0; start < PEOPLE; start += 1_000) {
    const lines = [];
    for (let i = start; i < Math.min(PEOPLE, start + 1_000); i += 1) {
      const token = randomBytes(24).toString('base64url');
      const person = { name: `Person ${i}`, email: `person${i}@example.com`, team: TEAMS[i % TEAMS.length] };
      people.push({ ...person, token, ref: personRef(person) });
      lines.push({ kind: 'join', seq: i + 1, at: `${sessionId}T00:10:00.000Z`, participant: { id: `p${i + 1}`, ...person }, tokenHash: hashToken(token) });
    }
    await store.appendLines(programmeId, sessionId, 'hub', lines);
  }
  return people;
}

/** 2,000 quests in every state (a quarter each), claimers in pairs now and then, and the reuses of the wins. */
async function addQuests(store, programmeId, people) {
  const now = new Date().toISOString();
  const states = ['open', 'claimed', 'submitted', 'done'];
  const reuses = [];
  for (let i = 0; i < QUESTS; i += 1) {
    const state = states[i % 4];
    const poster = people[(i * 7) % PEOPLE].ref;
    const claimers = state === 'open' ? [] : i % 5 === 0 ? [people[(i * 5) % PEOPLE].ref, people[(i * 5 + 1) % PEOPLE].ref] : [people[(i * 5) % PEOPLE].ref];
    const record = {
      id: i + 1,
      title: `Automate the ${TEAMS[i % TEAMS.length]} report number ${i} (weekly figures, checks and the summary mail)`,
      today: 'Copy the export into the template, check the totals by hand, write the summary mail. '.repeat(20),
      team: TEAMS[i % TEAMS.length],
      often: { times: 1 + (i % 3), per: ['day', 'week', 'month'][i % 3] },
      minutesEach: 20 + (i % 90),
      risk: ['low', 'medium', 'high'][i % 3],
      sensitivity: ['none', 'internal', 'confidential', 'personal'][i % 4],
      benefitTeams: [TEAMS[(i + 1) % TEAMS.length]],
      state,
      postedBy: poster,
      postedAt: now,
      claimers,
      lastActivityAt: now,
      ...(state !== 'open' ? { claimedAt: now } : {}),
      ...(state === 'submitted' || state === 'done' ? { submission: { kind: 'prompt', text: 'The prompt, with its examples. '.repeat(200), minutesAfter: 5 + (i % 10), at: now, by: claimers[0] } } : {}),
      ...(state === 'done' ? { review: { verdict: 'approve', note: 'Ran it on real input', by: people[(i * 5 + 2) % PEOPLE].ref, role: 'participant', at: now }, doneAt: now } : {}),
    };
    await store.postQuest(programmeId, (id) => ({ quest: { ...record, id }, events: [{ at: now, action: 'post', by: poster, detail: {} }] }), 'bench');
    if (state === 'done') for (let r = 0; r < 20; r += 1) reuses.push({ quest_id: i + 1, person: people[(i * 11 + 3 + r * 97) % PEOPLE].ref });
  }
  for (let start = 0; start < reuses.length; start += 1_000) {
    const rows = reuses.slice(start, start + 1_000).map((r) => ({ quest_id: r.quest_id, person_key: r.person.key, person: r.person }));
    await store.db.query(
      `insert into quest_reuses (programme_id, quest_id, person_key, person, at)
       select $1, x.quest_id, x.person_key, x.person, now() from jsonb_to_recordset($2::jsonb) as x(quest_id int, person_key text, person jsonb)
       on conflict do nothing`,
      [programmeId, JSON.stringify(rows)],
    );
  }
  return reuses.length;
}

const serverMs = (answer) => {
  const timing = /total;dur=([\d.]+)/.exec(answer.headers?.['server-timing'] ?? '');
  return timing ? Number(timing[1]) : NaN;
};

/** `REQUESTS` GETs one after another (after two warm-ups): the medians of the server time and of the whole request. */
async function measure(url, token) {
  const server = [];
  const wall = [];
  for (let i = 0; i < REQUESTS + 2; i += 1) {
    const answer = await getWithHeaders(url, token);
    if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}: ${JSON.stringify(answer.json).slice(0, 300)}`);
    if (i < 2) continue;
    server.push(serverMs(answer));
    wall.push(answer.ms);
  }
  return { server: median(server), wall: median(wall) };
}

/** requestJson keeps no headers; the board's Server-Timing is one, so this asks with fetch (the same keep-alive loopback). */
async function getWithHeaders(url, token) {
  const started = performance.now();
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  const ms = performance.now() - started;
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json, ms, headers: Object.fromEntries(response.headers), bytes: text.length };
}

async function benchEngine(label, target) {
  const store = await Store.open(target);
  const servers = [];
  try {
    await store.putProgramme(programme('big', 'A big programme'), 'bench');
    await store.putProgramme(programme('empty', 'An empty programme'), 'bench');
    const viewer = newServerToken();
    await store.addToken({ name: 'viewer', role: 'viewer', tokenHash: hashToken(viewer) }, 'bench');
    const seeding = performance.now();
    const people = await addPeople(store, 'big');
    const reuses = await addQuests(store, 'big', people);
    process.stdout.write(`  ${label}: ${QUESTS} quests, ${PEOPLE} people joined, ${reuses} reuses written in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`);

    // Where the server time goes: the store's read alone (the same query the route makes).
    const reads = [];
    for (let i = 0; i < 7; i += 1) {
      const t0 = performance.now();
      await store.listQuests('big', { withoutTexts: true });
      if (i >= 2) reads.push(performance.now() - t0);
    }
    process.stdout.write(`  ${label}: the store's listQuests alone (without texts): ${median(reads).toFixed(1)} ms median\n`);

    const start = async (programmeId) => {
      const app = await buildProgrammeServer({ store, programmeId, plugins: [boardPlugin()] });
      await app.listen({ port: 0, host: '127.0.0.1' });
      servers.push(app);
      return `http://127.0.0.1:${app.server.address().port}`;
    };
    const big = await start('big');
    const empty = await start('empty');

    const health = [];
    for (let i = 0; i < REQUESTS + 2; i += 1) {
      const answer = await requestJson('GET', `${big}/healthz`);
      if (i >= 2) health.push(answer.ms);
    }
    const participant = people[PEOPLE - 1].token;
    const emptyBoard = await measure(`${empty}/v1/programmes/empty/board`, viewer);
    const asViewer = await measure(`${big}/v1/programmes/big/board`, viewer);
    const asParticipant = await measure(`${big}/v1/programmes/big/board`, participant);
    const oneTeam = await measure(`${big}/v1/programmes/big/board?team=Sales`, participant);
    // The board keeps the programme's quests until one changes: the first request after a change
    // reads them all again. Measured apart: a quest posted (through the store) before each request.
    const afterChange = [];
    for (let i = 0; i < 7; i += 1) {
      const author = { kind: 'participant', ref: personRef({ email: `changer${i}@example.com`, name: `Changer ${i}`, team: 'Sales' }) };
      await store.postQuest('big', (id) => postQuest(id, { title: `Fresh quest ${i}`, today: 'by hand', team: 'Sales', often: { times: 1, per: 'week' }, minutesEach: 30, risk: 'low', sensitivity: 'none' }, author, new Date()), 'bench');
      const answer = await getWithHeaders(`${big}/v1/programmes/big/board`, participant);
      if (answer.status !== 200) throw new Error(`the board answered ${answer.status}`);
      afterChange.push(serverMs(answer));
    }
    const last = await getWithHeaders(`${big}/v1/programmes/big/board`, participant);
    const size = last.bytes;
    process.stdout.write(`  ${label}: one request's Server-Timing: ${last.headers['server-timing']}\n`);

    let ok = true;
    ok = report(`${label}: board data, server time (Server-Timing total), participant`, asParticipant.server, 'ms', { target: TARGET_MS, baseline: emptyBoard.server }) && ok;
    ok = report(`${label}: board data, server time, viewer`, asViewer.server, 'ms', { target: TARGET_MS, baseline: emptyBoard.server }) && ok;
    ok = report(`${label}: board data, server time, one team (?team=)`, oneTeam.server, 'ms', { target: TARGET_MS }) && ok;
    report(`${label}: board data, server time, first request after a quest changed (all quests read again)`, median(afterChange), 'ms', { baseline: asParticipant.server });
    report(`${label}: board data, end to end, participant`, asParticipant.wall, 'ms', { baseline: median(health) });
    report(`${label}: empty programme's board, end to end`, emptyBoard.wall, 'ms', { baseline: median(health) });
    report(`${label}: /healthz, end to end (baseline)`, median(health), 'ms');
    process.stdout.write(`  ${label}: the board's answer is ${(size / 1024).toFixed(0)} KiB of JSON (capped lists)\n`);
    return ok;
  } finally {
    for (const app of servers) await app.close();
    await store.close();
  }
}

let ok = await benchEngine('embedded', { kind: 'embedded', location: path.join(tmp, 'database') });
postgres = await startCluster().catch(() => undefined);
if (postgres) {
  const location = await postgres.createDatabase();
  ok = (await benchEngine(`PostgreSQL ${postgres.version}`, { kind: 'postgres', location })) && ok;
} else {
  process.stdout.write('  (PostgreSQL is not installed here: the embedded engine only)\n');
}
process.exit(ok ? 0 : 1);
