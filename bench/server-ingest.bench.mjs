#!/usr/bin/env node
// Issue 13: ingest on a date hosted on the programme server against today's laptop hub, in the same
// run, loopback only. 300 participants × 30 events, one event per request, a laptop's events
// 0–660 ms apart (the load of bench/hub.bench.mjs): the acknowledgement's p99 on the server-hosted
// date (its log is the database: embedded engine, and PostgreSQL when installed) must be ≤ 1.5× the
// laptop hub's (its log is log.jsonl with fdatasync). Each target gets the same warm-up; the loads
// run in turns (hub, embedded, postgres, hub, …) so a noisy moment does not fall on one target only,
// and the median over the rounds is reported. Every acknowledged event is checked to be stored.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, percentile, postJson, report, sleep } from './lib.mjs';
import { startCluster } from './postgres-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'workshop.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'server-ingest-bench-'));
const PARTICIPANTS = Number(process.env.INGEST_BENCH_PARTICIPANTS ?? 300);
const EVENTS_EACH = Number(process.env.INGEST_BENCH_EVENTS ?? 30);
const THINK_MS = Number(process.env.INGEST_BENCH_THINK_MS ?? 330);
const ROUNDS = Number(process.env.INGEST_BENCH_ROUNDS ?? 3);
const children = [];
let postgres;
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  postgres?.stopSync();
  rmSync(tmp, { recursive: true, force: true });
});

const { stampEvent } = await import(path.join(root, 'dist', 'src', 'protocol', 'events.js'));
const { readSession } = await import(path.join(root, 'dist', 'facilitator', 'hub', 'store.js'));
const { Store } = await import(path.join(root, 'dist', 'facilitator', 'store', 'store.js'));

function startChild(args, env = {}) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) resolve({ child, ready: JSON.parse(stdout.split('\n')[0]) });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)));
  });
}

const stopChild = (child) =>
  new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });



const eventFor = (k) =>
  k % 10 === 0
    ? stampEvent({ type: 'doctor.completed', ready: k % 20 === 0, platform: 'bench', checks: [{ id: 'api.key', status: k % 20 === 0 ? 'ok' : 'fail', code: k % 20 === 0 ? 'key_ok' : 'key_no_quota' }] })
    : k % 3 === 0
      ? stampEvent({ type: 'exercise.setup', exerciseId: `ex-${k % 8}` })
      : stampEvent({ type: 'exercise.graded', exerciseId: `ex-${k % 8}`, passed: k % 4 === 0, score: k % 5, maxScore: 4, noChange: false, failingChecks: ['a-check'], attempt: 1 + (k % 3), codexSessions: 1, changedAfterCodex: true });

async function runLoad(url, tokens, thinkMs = THINK_MS) {
  const latencies = [];
  const acked = [];
  let failures = 0;
  await Promise.all(
    tokens.map(async (token) => {
      for (let k = 0; k < EVENTS_EACH; k += 1) {
        if (thinkMs > 0) await sleep(Math.random() * 2 * thinkMs);
        const e = eventFor(k);
        const answer = await postJson(url, { events: [e] }, token).catch(() => ({ status: 0, ms: 0 }));
        if (answer.status === 200) {
          latencies.push(answer.ms);
          acked.push(e.id);
        } else failures += 1;
      }
    }),
  );
  return { latencies, acked, failures };
}

/** Joins the bench's participants (and 20 for the warm-up) to a hub at `hubUrl`. */
async function joinAll(hubUrl, code, prefix) {
  const join = async (i, who) => (await postJson(`${hubUrl}/v1/join`, { code, name: `${who} ${i}`, email: `${prefix}-${who}-${i}@example.com`, team: `Team ${i % 9}` })).json.token;
  const tokens = [];
  for (let i = 0; i < PARTICIPANTS; i += 20) tokens.push(...(await Promise.all(Array.from({ length: Math.min(20, PARTICIPANTS - i) }, (_, j) => join(i + j, 'p')))));
  const warm = await Promise.all(Array.from({ length: 20 }, (_, i) => join(i, 'warm')));
  return { tokens, warm };
}

// ---------- the targets ----------

const targets = [];

const hub = await startChild([bin, 'host', '--json', '--session', 'bench', '--bind', '127.0.0.1', '--port', '0', '--data', path.join(tmp, 'data')], { WORKSHOP_HOME: path.join(tmp, 'home') });
targets.push({
  name: 'laptop hub (log.jsonl)',
  child: hub.child,
  hubUrl: hub.ready.joinUrl,
  ...(await joinAll(hub.ready.joinUrl, hub.ready.code, 'hub')),
  async stored() {
    return new Set((await readSession(path.join(tmp, 'data', 'sessions', 'bench'))).events.map((r) => r.event.id));
  },
});

async function hostedTarget(name, dataDir, database, target) {
  // The real programme server; its owner token (written to the data folder) creates the date.
  const server = await startChild([bin, 'serve', '--programme', 'pilot', '--title', 'Pilot', '--time-zone', 'Asia/Tokyo', '--data', dataDir, '--bind', '127.0.0.1', '--port', '0', '--json', ...(database ? ['--database', database] : [])], { WORKSHOP_DATABASE_URL: '' });
  const token = readFileSync(path.join(dataDir, 'server-owner.token'), 'utf8').trim();
  const created = await postJson(`${server.ready.url}/v1/programmes/pilot/sessions`, { session: '2026-12-03' }, token);
  if (created.status !== 201) throw new Error(`could not create the date on ${name}: ${JSON.stringify(created.json)}`);
  return {
    name,
    child: server.child,
    hubUrl: created.json.hubUrl,
    ...(await joinAll(created.json.hubUrl, created.json.code, name.split(' ')[0])),
    async stored() {
      const store = await Store.open(target);
      try {
        return new Set((await store.readLines('pilot', '2026-12-03')).flatMap((l) => (l.line.kind === 'event' ? [l.line.event.id] : [])));
      } finally {
        await store.close();
      }
    },
  };
}

const embeddedData = path.join(tmp, 'server-embedded');
targets.push(await hostedTarget('server-hosted date, embedded engine (PGlite)', embeddedData, undefined, { kind: 'embedded', location: path.join(embeddedData, 'database') }));
postgres = await startCluster().catch((error) => {
  process.stdout.write(`- PostgreSQL could not be started (${error.message}): its figures are left out\n`);
  return undefined;
});
if (postgres) targets.push(await hostedTarget('server-hosted date, PostgreSQL', path.join(tmp, 'server-postgres'), postgres.url, { kind: 'postgres', location: postgres.url }));
else process.stdout.write('- PostgreSQL is not installed here: only the embedded engine is measured (install the Debian package postgresql for the rest)\n');

// ---------- the load, in turns ----------

process.stdout.write(`\n### ingest: ${PARTICIPANTS} participants × ${EVENTS_EACH} events, one per request, ${THINK_MS} ms mean pause, ${ROUNDS} rounds in turns, loopback\n`);
for (const target of targets) {
  await runLoad(`${target.hubUrl}/v1/events`, target.warm, 0); // the same warm-up for each (JIT, pools)
  target.rounds = [];
  target.acked = [];
  target.failures = 0;
}
for (let round = 0; round < ROUNDS; round += 1) {
  for (const target of targets) {
    const load = await runLoad(`${target.hubUrl}/v1/events`, target.tokens);
    target.rounds.push({ p50: percentile(load.latencies, 50), p99: percentile(load.latencies, 99) });
    target.acked.push(...load.acked);
    target.failures += load.failures;
  }
}

// ---------- figures ----------

let ok = true;
for (const target of targets) {
  await stopChild(target.child);
  const stored = await target.stored();
  const lost = target.acked.filter((id) => !stored.has(id)).length;
  target.p50 = median(target.rounds.map((r) => r.p50));
  target.p99 = median(target.rounds.map((r) => r.p99));
  process.stdout.write(`- ${target.name}: acknowledged ${target.acked.length} of ${PARTICIPANTS * EVENTS_EACH * ROUNDS} (${target.failures} refused), lost after acknowledgement: ${lost}; p99 per round ${target.rounds.map((r) => r.p99.toFixed(1)).join(', ')} ms\n`);
  ok = ok && lost === 0 && target.failures === 0;
}
const [baseline, ...hosted] = targets;
report(`${baseline.name}: ack p50`, baseline.p50, 'ms');
report(`${baseline.name}: ack p99`, baseline.p99, 'ms');
for (const target of hosted) {
  report(`${target.name}: ack p50`, target.p50, 'ms', { baseline: baseline.p50 });
  ok = report(`${target.name}: ack p99`, target.p99, 'ms', { baseline: baseline.p99, target: 1.5 * baseline.p99 }) && ok;
}
process.exit(ok ? 0 : 1);
