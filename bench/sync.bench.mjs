#!/usr/bin/env node
// Venue hubs that sync, and participants after the session (issue 13), loopback only, each figure
// against a baseline measured in the same run. Exits non-zero when a target is missed.
//
//   venue ingest   300 laptops × 30 events, one per request, against the real `workshop host` with
//                  `--sync`: p99 acknowledgement ≤ 1.5× the same hub without --sync (the baseline).
//                  Forwarding to a stub that only acknowledges, so the figure is the hub's own cost
//                  (a real server is elsewhere; on this machine it would take the hub's CPU);
//   forwarding     the same with a real programme server process: how long after the last
//                  acknowledgement the server holds every line (and the hub's p99, for the record);
//   after          the same 300 laptops sending 30 events each to the server's `/p/v1/events` (their
//                  venue's joins forwarded): p99 ≤ 1.5× the venue hub's (the baseline);
//   push           `workshop session push` of a finished 9,000-line session to a fresh server.
//
// The server is test/sync/fixtures/programme-server.mjs (the store and this branch's plugins, as
// `workshop serve` registers them) on the embedded engine, or on PostgreSQL when
// SYNC_BENCH_DATABASE_URL names an empty database.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, percentile, report, requestJson, sleep } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'workshop.js');
const fixture = path.join(root, 'test', 'sync', 'fixtures', 'programme-server.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sync-bench-'));
const PARTICIPANTS = Number(process.env.SYNC_BENCH_PARTICIPANTS ?? 300);
const EVENTS_EACH = Number(process.env.SYNC_BENCH_EVENTS ?? 30);
const THINK_MS = Number(process.env.SYNC_BENCH_THINK_MS ?? 330);
const PROGRAMME = 'bench';
let ok = true;
const children = [];
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const { stampEvent } = await import(path.join(root, 'dist', 'src', 'protocol', 'events.js'));
const token = `wst_${randomBytes(32).toString('base64url')}`;
const env = { ...process.env, NO_COLOR: '1', CI: '1', WORKSHOP_HOME: path.join(tmp, 'home'), WORKSHOP_DATA: path.join(tmp, 'data'), WORKSHOP_SERVER_TOKEN: token };

function startChild(args, extraEnv = {}) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n') && !child.ready) resolve({ child, ready: (child.ready = JSON.parse(stdout.split('\n')[0])) });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)));
  });
}

async function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startServer(name) {
  const target = process.env.SYNC_BENCH_DATABASE_URL ? { kind: 'postgres', location: process.env.SYNC_BENCH_DATABASE_URL } : { kind: 'embedded', location: path.join(tmp, name, 'database') };
  const port = await freePort();
  const started = await startChild([fixture], { SYNC_TEST_TARGET: JSON.stringify(target), SYNC_TEST_PROGRAMME: PROGRAMME, SYNC_TEST_PORT: String(port), SYNC_TEST_TOKEN_HASH: createHash('sha256').update(token).digest('hex') });
  return { ...started, url: started.ready.url, engine: target.kind };
}


const eventFor = (k) =>
  k % 10 === 0
    ? stampEvent({ type: 'doctor.completed', ready: k % 20 === 0, platform: 'bench', checks: [{ id: 'api.key', status: 'ok', code: 'key_ok' }] })
    : k % 3 === 0
      ? stampEvent({ type: 'exercise.setup', exerciseId: `ex-${k % 8}` })
      : stampEvent({ type: 'exercise.graded', exerciseId: `ex-${k % 8}`, passed: k % 4 === 0, score: k % 5, maxScore: 4, noChange: false, failingChecks: ['a-check'], attempt: 1 + (k % 3), codexSessions: 1, changedAfterCodex: true });

async function runLoad(url, tokens, thinkMs = THINK_MS) {
  const latencies = [];
  let failures = 0;
  await Promise.all(
    tokens.map(async (t) => {
      for (let k = 0; k < EVENTS_EACH; k += 1) {
        if (thinkMs > 0) await sleep(Math.random() * 2 * thinkMs);
        const answer = await requestJson('POST', url, { events: [eventFor(k)] }, t).catch(() => ({ status: 0 }));
        if (answer.status === 200) latencies.push(answer.ms);
        else failures += 1;
      }
    }),
  );
  return { latencies, failures };
}

async function joinAll(hub, count, prefix) {
  const tokens = [];
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => requestJson('POST', `${hub.joinUrl}/v1/join`, { code: hub.code, name: `${prefix} ${i + j}`, email: `${prefix}${i + j}@example.com`, team: `Team ${(i + j) % 9}` })));
    for (const answer of batch) tokens.push(answer.json.token);
  }
  return tokens;
}

/** A venue hub's ingest: warm-up by 20 extra laptops, then the measured load. */
async function venueIngest(session, extraArgs) {
  const hub = await startChild([bin, 'host', '--json', '--programme', PROGRAMME, '--session', session, '--bind', '127.0.0.1', '--port', '0', ...extraArgs]);
  const tokens = await joinAll(hub.ready, PARTICIPANTS, `p-${session}-`);
  await runLoad(`${hub.ready.joinUrl}/v1/events`, await joinAll(hub.ready, 20, `warm-${session}-`), 0);
  const load = await runLoad(`${hub.ready.joinUrl}/v1/events`, tokens);
  return { hub, tokens, load, ackedAt: performance.now() };
}

spawnSync(process.execPath, [bin, 'programme', 'create', PROGRAMME, '--title', 'Bench', '--time-zone', 'UTC'], { env, stdio: 'ignore' });
const server = await startServer('server');
// A sync endpoint that acknowledges without storing: what forwarding costs the hub itself.
const stub = await startChild([
  '--input-type=module',
  '-e',
  `import Fastify from 'fastify';
   const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
   let last = 0;
   app.get('/v1/programmes/:p/sync/:s', async () => ({ lastSeq: last, hosted: null }));
   app.post('/v1/programmes/:p/sync/:s', async (request) => { for (const line of request.body.lines) last = Math.max(last, line.seq); return { stored: request.body.lines.length, skipped: 0, lastSeq: last }; });
   await app.listen({ port: 0, host: '127.0.0.1' });
   process.stdout.write(JSON.stringify({ url: 'http://127.0.0.1:' + app.server.address().port }) + '\\n');`,
]);
process.stdout.write(`\n### venue ingest: ${PARTICIPANTS} laptops × ${EVENTS_EACH} events, one per request, ${THINK_MS} ms mean pause, loopback; server engine: ${server.engine}\n`);

const plain = await venueIngest('2026-03-05', []);
plain.hub.child.kill('SIGTERM');
await new Promise((resolve) => plain.hub.child.once('exit', resolve));
const stubbed = await venueIngest('2026-03-09', ['--sync', stub.ready.url]);
stubbed.hub.child.kill('SIGTERM');
await new Promise((resolve) => stubbed.hub.child.once('exit', resolve));
stub.child.kill('SIGTERM');
const synced = await venueIngest('2026-03-12', ['--sync', server.url]);
const lines = PARTICIPANTS + 20 + (PARTICIPANTS + 20) * EVENTS_EACH;
const statusUrl = `${server.url}/v1/programmes/${PROGRAMME}/sync/2026-03-12`;
let lag;
for (;;) {
  const status = await requestJson('GET', statusUrl, undefined, token);
  if (status.json.lastSeq >= lines) {
    lag = performance.now() - synced.ackedAt;
    break;
  }
  if (performance.now() - synced.ackedAt > 120_000) throw new Error(`the server has ${status.json.lastSeq} of ${lines} lines two minutes after the load`);
  await sleep(25);
}
const p99 = (load) => percentile(load.latencies, 99);
process.stdout.write(`- acknowledged: ${plain.load.latencies.length} without --sync (${plain.load.failures} failed), ${stubbed.load.latencies.length} with --sync (${stubbed.load.failures} failed)\n`);
report('venue hub ack p50 with --sync', median(stubbed.load.latencies), 'ms', { baseline: median(plain.load.latencies) });
ok = report('venue hub ack p99 with --sync', p99(stubbed.load), 'ms', { baseline: p99(plain.load), target: 1.5 * p99(plain.load) }) && ok;
process.stdout.write(`- with a real server process on this machine: ${synced.load.latencies.length} acknowledged (${synced.load.failures} failed)\n`);
report('venue hub ack p99, server on the same machine', p99(synced.load), 'ms', { baseline: p99(plain.load) });
ok = report('server holds every line, after the last acknowledgement', lag, 'ms', { target: 5000 }) && ok;
ok = plain.load.failures === 0 && stubbed.load.failures === 0 && synced.load.failures === 0 && ok;

process.stdout.write(`\n### after the session: the same ${PARTICIPANTS} laptops × ${EVENTS_EACH} events to the server's /p/v1/events (baseline: the venue hub above)\n`);
synced.hub.child.kill('SIGTERM');
await new Promise((resolve) => synced.hub.child.once('exit', resolve));
await runLoad(`${server.url}/p/v1/events`, synced.tokens.slice(0, 20), 0); // warm-up
const after = await runLoad(`${server.url}/p/v1/events`, synced.tokens);
process.stdout.write(`- acknowledged: ${after.latencies.length} (${after.failures} failed)\n`);
report('/p ack p50', median(after.latencies), 'ms', { baseline: median(plain.load.latencies) });
ok = report('/p ack p99', p99(after), 'ms', { baseline: p99(plain.load), target: 1.5 * p99(plain.load) }) && ok;

process.stdout.write(`\n### push: a finished session of ${lines} lines to a fresh server (\`workshop session push\`)\n`);
server.child.kill('SIGTERM');
const fresh = process.env.SYNC_BENCH_DATABASE_URL ? undefined : await startServer('fresh');
if (fresh) {
  const started = performance.now();
  const pushed = spawnSync(process.execPath, [bin, 'session', 'push', '--session', '2026-03-05', '--programme', PROGRAMME, '--sync', fresh.url, '--json'], { env, encoding: 'utf8' });
  const ms = performance.now() - started;
  const answer = JSON.parse(pushed.stdout || '{}');
  process.stdout.write(`- stored ${answer.stored} lines (exit ${pushed.status})\n`);
  ok = report('session push', ms, 'ms', { target: 30_000 }) && ok && pushed.status === 0 && answer.stored === lines;
  report('push throughput', (lines / ms) * 1000, 'lines/s');
} else process.stdout.write('- skipped on PostgreSQL (the database is not fresh)\n');

process.exit(ok ? 0 : 1);
