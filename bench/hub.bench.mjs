#!/usr/bin/env node
// Facilitator hub benchmarks (issue 5), loopback only, each figure against a baseline measured in the
// same run. Exits non-zero when a target is missed.
//
//   ingest      300 simulated participants × 30 events, concurrently, one event per request, against
//               the real `workshop host` process: none lost, p99 acknowledgement ≤ 50 ms
//               (baseline: the same load on a fastify route that does nothing);
//   live        a dashboard (SSE client) sees a raised hand within 1 s while the load runs;
//   memory      the hub process's peak RSS during the run < 150 MB (baseline: the no-op server's);
//   resume      hub start on the log that run left (index rebuilt from the log);
//   summary     folding 100,000 events into the dashboard summary ≤ 300 ms (baseline: one bare pass
//               over the same records);
//   kit         /kit.tgz size and `npm install -g` time against installing the package with its
//               dependency tree (from the local npm cache, offline: the best case for the tree).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, percentile, postJson, report, sleep } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'workshop.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hub-bench-'));
const PARTICIPANTS = Number(process.env.HUB_BENCH_PARTICIPANTS ?? 300);
const EVENTS_EACH = Number(process.env.HUB_BENCH_EVENTS ?? 30);
// Pause between one laptop's events, uniform in [0, 2 × THINK_MS]: 300 laptops × 30 events in about
// 10 s, ~900 requests/s, a couple of hundred times the rate of a real room (an event per person every
// half minute or so). THINK_MS=0 is the saturation run: every laptop posting back to back.
const THINK_MS = Number(process.env.HUB_BENCH_THINK_MS ?? 330);
let ok = true;
const children = [];
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const { stampEvent } = await import(path.join(root, 'dist', 'src', 'protocol', 'events.js'));
const { summariseSession } = await import(path.join(root, 'dist', 'facilitator', 'summary', 'index.js'));

// ---------- helpers ----------

function startChild(args, env = {}) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n')) resolve({ child, ready: JSON.parse(line) });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)));
  });
}

/** Peak resident memory of a process, sampled every 50 ms (Linux /proc; elsewhere `ps`). */
function watchMemory(pid) {
  let peak = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb * 1024);
    } catch {
      const ps = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
      peak = Math.max(peak, Number(ps.stdout.trim() || 0) * 1024);
    }
  };
  const timer = setInterval(sample, 50);
  sample();
  return { stop: () => (clearInterval(timer), sample(), peak) };
}

const eventFor = (i, k) =>
  k % 10 === 0
    ? stampEvent({ type: 'doctor.completed', ready: k % 20 === 0, platform: 'bench', checks: [{ id: 'api.key', status: k % 20 === 0 ? 'ok' : 'fail', code: k % 20 === 0 ? 'key_ok' : 'key_no_quota' }] })
    : k % 3 === 0
      ? stampEvent({ type: 'exercise.setup', exerciseId: `ex-${k % 8}` })
      : stampEvent({ type: 'exercise.graded', exerciseId: `ex-${k % 8}`, passed: k % 4 === 0, score: k % 5, maxScore: 4, noChange: false, failingChecks: ['a-check'], attempt: 1 + (k % 3), codexSessions: 1, changedAfterCodex: true });

/** 300 participants, each sending its 30 events one request at a time, all participants at once. */
async function runLoad(url, tokens, { onEvent, thinkMs = THINK_MS } = {}) {
  const latencies = [];
  const acked = [];
  let failures = 0;
  await Promise.all(
    tokens.map(async (token, i) => {
      for (let k = 0; k < EVENTS_EACH; k += 1) {
        if (thinkMs > 0) await sleep(Math.random() * 2 * thinkMs);
        const e = eventFor(i, k);
        const answer = await postJson(url, { events: [e] }, token).catch(() => ({ status: 0, ms: 0 }));
        if (answer.status === 200) {
          latencies.push(answer.ms);
          acked.push(e.id);
        } else failures += 1;
        onEvent?.(i, k);
      }
    }),
  );
  return { latencies, acked, failures };
}

// ---------- ingest: baseline ----------

process.stdout.write(`\n### ingest: ${PARTICIPANTS} participants × ${EVENTS_EACH} events, one per request, ${THINK_MS} ms mean pause between a laptop's events, loopback\n`);
const noop = await startChild([
  '--input-type=module',
  '-e',
  `import Fastify from 'fastify';
   const app = Fastify({ logger: false, bodyLimit: 512 * 1024 });
   app.postJson('/v1/events', async () => ({ protocol: 1, accepted: 1, duplicates: 0 }));
   // The floor of a durable acknowledgement: append the body and fdatasync it, one request at a time.
   const { open } = await import('node:fs/promises');
   const log = await open(process.env.DURABLE_FILE, 'a');
   app.postJson('/v1/durable', async (request) => { await log.write(JSON.stringify(request.body) + '\\n'); await log.datasync(); return { protocol: 1, accepted: 1, duplicates: 0 }; });
   await app.listen({ port: 0, host: '127.0.0.1' });
   process.stdout.write(JSON.stringify({ url: 'http://127.0.0.1:' + app.server.address().port }) + '\\n');`,
], { DURABLE_FILE: path.join(tmp, 'durable.jsonl') });
const noopMemory = watchMemory(noop.child.pid);
const baseTokens = Array.from({ length: PARTICIPANTS }, (_, i) => `wsp_baseline_token_${String(i).padStart(20, '0')}`);
await runLoad(`${noop.ready.url}/v1/events`, baseTokens.slice(0, 20), { thinkMs: 0 }); // warm-up
const base = await runLoad(`${noop.ready.url}/v1/events`, baseTokens);
const durable = await runLoad(`${noop.ready.url}/v1/durable`, baseTokens);
const baseSaturated = await runLoad(`${noop.ready.url}/v1/events`, baseTokens, { thinkMs: 0 });
const noopPeak = noopMemory.stop();
noop.child.kill('SIGTERM');

// ---------- ingest: the hub ----------

const dataDir = path.join(tmp, 'data');
const hub = await startChild([bin, 'host', '--json', '--session', 'bench', '--bind', '127.0.0.1', '--port', '0', '--data', dataDir], { WORKSHOP_HOME: path.join(tmp, 'home') });
const hubUrl = hub.ready.joinUrl;
const facilitatorToken = decodeURIComponent(/#token=(.+)$/.exec(hub.ready.dashboardUrl)[1]);
const hubMemory = watchMemory(hub.child.pid);
const tokens = [];
for (let i = 0; i < PARTICIPANTS; i += 20) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(20, PARTICIPANTS - i) }, (_, j) => postJson(`${hubUrl}/v1/join`, { code: hub.ready.code, name: `Participant ${i + j}`, email: `p${i + j}@example.com`, team: `Team ${(i + j) % 9}` })),
  );
  for (const answer of batch) tokens.push(answer.json.token);
}

// The same warm-up the baseline had (JIT, connection pool), by 20 extra laptops, before measuring.
const warmTokens = [];
for (let i = 0; i < 20; i += 1) warmTokens.push((await postJson(`${hubUrl}/v1/join`, { code: hub.ready.code, name: `Warm-up ${i}`, email: `warm${i}@example.com`, team: 'Warm-up' })).json.token);
await runLoad(`${hubUrl}/v1/events`, warmTokens, { thinkMs: 0 });

// A dashboard watching over SSE, timing how long a raised hand takes to show.
const seen = new Map();
const stream = await fetch(`${hubUrl}/v1/facilitator/stream`, { headers: { authorization: `Bearer ${facilitatorToken}` } });
const reader = stream.body.getReader();
const decoder = new TextDecoder();
(async () => {
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ done: true }));
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    for (const match of buffer.matchAll(/probe-(\d+)/g)) if (!seen.has(match[1])) seen.set(match[1], performance.now());
    buffer = buffer.slice(-200);
  }
})();
const probes = new Map();
let probeCount = 0;
const probeEvery = Math.max(1, Math.floor((PARTICIPANTS * EVENTS_EACH) / 12));
let sentSoFar = 0;
const sendProbe = () => {
  const n = String((probeCount += 1));
  const who = tokens[(probeCount * 37) % tokens.length];
  probes.set(n, performance.now());
  void postJson(`${hubUrl}/v1/events`, { events: [stampEvent({ type: 'hand.raised', message: `probe-${n}` })] }, who);
};
const loaded = await runLoad(`${hubUrl}/v1/events`, tokens, {
  onEvent: () => {
    sentSoFar += 1;
    if (sentSoFar % probeEvery === 0) sendProbe();
  },
});
await new Promise((resolve) => setTimeout(resolve, 1200));
// Saturation, for the record (no target): every laptop posting back to back, no pause.
const hubSaturated = await runLoad(`${hubUrl}/v1/events`, tokens, { thinkMs: 0 });
const hubPeak = hubMemory.stop();

const state = await fetch(`${hubUrl}/v1/facilitator/state`, { headers: { authorization: `Bearer ${facilitatorToken}` } }).then((r) => r.json());
await reader.cancel().catch(() => undefined);
hub.child.kill('SIGTERM');
await new Promise((resolve) => hub.child.once('exit', resolve));

const { readSession } = await import(path.join(root, 'dist', 'facilitator', 'hub', 'store.js'));
const stored = await readSession(path.join(dataDir, 'sessions', 'bench'));
const storedIds = new Set(stored.events.map((r) => r.event.id));
const lost = [...loaded.acked, ...hubSaturated.acked].filter((id) => !storedIds.has(id)).length;
process.stdout.write(`- acknowledged ${loaded.acked.length} of ${PARTICIPANTS * EVENTS_EACH} events (${loaded.failures} refused), lost after acknowledgement: ${lost}; dashboard shows ${state.cards.length} participants (${PARTICIPANTS} + 20 warm-up)\n`);
ok = lost === 0 && loaded.failures === 0 && loaded.acked.length === PARTICIPANTS * EVENTS_EACH && ok;
ok = report('ack latency p50', percentile(loaded.latencies, 50), 'ms', { baseline: percentile(base.latencies, 50) }) && ok;
ok = report('ack latency p99', percentile(loaded.latencies, 99), 'ms', { target: 50, baseline: percentile(base.latencies, 99) }) && ok;
report('ack latency p99 vs a durable no-op (append + fdatasync per request)', percentile(loaded.latencies, 99), 'ms', { baseline: percentile(durable.latencies, 99) });
report('ack latency p50 vs a durable no-op', percentile(loaded.latencies, 50), 'ms', { baseline: percentile(durable.latencies, 50) });
const throughputMs = loaded.latencies.reduce((a, b) => a + b, 0) / loaded.latencies.length;
process.stdout.write(`- mean ack ${throughputMs.toFixed(1)} ms (no-op mean ${(base.latencies.reduce((a, b) => a + b, 0) / base.latencies.length).toFixed(1)} ms)\n`);
const delays = [...probes].map(([n, sent]) => (seen.has(n) ? seen.get(n) - sent : Infinity));
process.stdout.write(`- ${delays.filter(Number.isFinite).length}/${delays.length} raised hands reached the SSE dashboard\n`);
ok = report('raised hand → dashboard (median)', median(delays), 'ms', { target: 1000 }) && ok;
ok = report('raised hand → dashboard (worst)', Math.max(...delays), 'ms', { target: 1000 }) && ok;
report('saturated (no pause) ack latency p50', percentile(hubSaturated.latencies, 50), 'ms', { baseline: percentile(baseSaturated.latencies, 50) });
report('saturated (no pause) ack latency p99', percentile(hubSaturated.latencies, 99), 'ms', { baseline: percentile(baseSaturated.latencies, 99) });
process.stdout.write(`- saturated run: ${hubSaturated.acked.length} acknowledged, ${hubSaturated.failures} refused\n`);
ok = report('hub peak memory (RSS)', hubPeak / 1024 / 1024, 'MB', { target: 150, baseline: noopPeak / 1024 / 1024 }) && ok;

// ---------- resume ----------

const resumeTimes = [];
for (let i = 0; i < 3; i += 1) {
  const started = performance.now();
  const again = await startChild([bin, 'host', '--json', '--session', 'bench', '--bind', '127.0.0.1', '--port', '0', '--data', dataDir], { WORKSHOP_HOME: path.join(tmp, 'home') });
  resumeTimes.push(performance.now() - started);
  again.child.kill('SIGTERM');
  await new Promise((resolve) => again.child.once('exit', resolve));
}
const freshStart = [];
for (let i = 0; i < 3; i += 1) {
  const started = performance.now();
  const fresh = await startChild([bin, 'host', '--json', '--session', `fresh-${i}`, '--bind', '127.0.0.1', '--port', '0', '--data', dataDir], { WORKSHOP_HOME: path.join(tmp, 'home') });
  freshStart.push(performance.now() - started);
  fresh.child.kill('SIGTERM');
  await new Promise((resolve) => fresh.child.once('exit', resolve));
}
report(`hub start resuming ${stored.events.length} events`, median(resumeTimes), 'ms', { baseline: median(freshStart) });

// ---------- summary ----------

process.stdout.write('\n### summary over 100,000 events (300 participants)\n');
const T0 = Date.parse('2026-12-03T09:00:00.000Z');
const records = [];
let seq = 0;
for (let p = 0; p < 300; p += 1) records.push({ kind: 'join', seq: (seq += 1), at: new Date(T0).toISOString(), participant: { id: `p${p}`, name: `P${p}`, email: `p${p}@example.com`, team: `T${p % 7}` } });
for (let i = 0; i < 100_000; i += 1) {
  const at = new Date(T0 + Math.floor(i / 800) * 60_000);
  const e = stampEvent({ ...eventFor(i % 300, i) }, at);
  records.push({ kind: 'event', seq: (seq += 1), receivedAt: at.toISOString(), participantId: `p${i % 300}`, event: { ...e, ts: at.toISOString() } });
}
const folds = [];
for (let i = 0; i < 7; i += 1) {
  const started = performance.now();
  summariseSession(records, { stuckAfterMinutes: 10, now: T0 + 3 * 3600_000 });
  folds.push(performance.now() - started);
}
const passes = [];
for (let i = 0; i < 7; i += 1) {
  const started = performance.now();
  const counts = new Map();
  for (const r of records) if (r.kind === 'event') counts.set(r.participantId, (counts.get(r.participantId) ?? 0) + (r.event.type.length > 0 ? 1 : 0));
  passes.push(performance.now() - started);
}
ok = report('summary, first (cold) run', folds[0], 'ms', { target: 300, baseline: passes[0] }) && ok;
ok = report('summary, median of 7', median(folds), 'ms', { target: 300, baseline: median(passes) }) && ok;

// ---------- kit ----------

process.stdout.write('\n### participant kit vs the dependency tree\n');
// The package as npm would publish it (without a prebuilt kit inside), and the kit, built into this
// run's own folder so nothing races over dist/kit.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packDir = path.join(tmp, 'pack');
mkdirSync(packDir, { recursive: true });
const packed = spawnSync(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
const treeTarball = readdirSync(packDir).map((f) => path.join(packDir, f)).find((f) => f.endsWith('.tgz'));
const kitOut = path.join(tmp, 'kit');
const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-kit.mjs'), '--out', kitOut], { cwd: root, encoding: 'utf8' });
const kitTarball = path.join(kitOut, 'codex-workshop-kit.tgz');
if (built.status !== 0 || !treeTarball) {
  process.stdout.write(`- could not build the kit or pack the package: ${built.stderr || packed.stderr}\n`);
  process.exit(1);
}
const packedSize = statSync(treeTarball).size;
const packedKit = readdirSync(packDir).length && spawnSync('tar', ['tzf', treeTarball], { encoding: 'utf8' }).stdout.includes('dist/kit/');

/** Bytes a fresh laptop downloads for the dependency tree: each production dependency's tarball (sized from the npm cache index, matched by integrity). */
function treeDownloadBytes() {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const wanted = new Set(Object.entries(lock.packages).filter(([key, p]) => key && !p.dev && !p.devOptional && p.integrity).map(([, p]) => p.integrity));
  const index = path.join(os.homedir(), '.npm', '_cacache', 'index-v5');
  const sizes = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        for (const line of readFileSync(full, 'utf8').split('\n')) {
          try {
            const { integrity, size } = JSON.parse(line.slice(line.indexOf('\t') + 1));
            if (wanted.has(integrity) && size) sizes.set(integrity, size);
          } catch {}
        }
    }
  };
  if (existsSync(index)) walk(index);
  return { bytes: [...sizes.values()].reduce((a, b) => a + b, 0), found: sizes.size, wanted: wanted.size };
}
const tree = treeDownloadBytes();
process.stdout.write(`- dependency tree: the package (${(packedSize / 1024).toFixed(0)} KiB${packedKit ? ', including a prebuilt kit' : ''}) + ${tree.found} of ${tree.wanted} production dependency tarballs (${(tree.bytes / 1024).toFixed(0)} KiB, sized from the npm cache)\n`);
report('download size, kit.tgz', statSync(kitTarball).size / 1024, 'KiB', { baseline: (packedSize + tree.bytes) / 1024 });

function du(dir) {
  let total = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) total += statSync(full).size;
    }
  };
  walk(dir);
  return total;
}

// The kit comes from a running hub over HTTP (in this process, so installs run asynchronously),
// with the registry pointed at a closed port: any registry access would fail the install.
const { startHub } = await import(path.join(root, 'dist', 'facilitator', 'hub', 'host.js'));
const kitHub = await startHub({ dataDir: path.join(tmp, 'kit-data'), sessionId: 'kit', port: 0, bind: '127.0.0.1', stuckAfterMinutes: 10, kit: { tarball: async () => kitTarball } });
const install = (args) =>
  new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(npm, ['install', '-g', '--no-audit', '--no-fund', '--loglevel', 'error', ...args], { stdio: ['ignore', 'ignore', 'pipe'], shell: process.platform === 'win32' });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ ms: performance.now() - started, ok: code === 0, stderr }));
  });
const kitTimes = [];
const treeTimes = [];
let kitInstalled = 0;
let treeInstalled = 0;
for (let i = 0; i < 3; i += 1) {
  const kitPrefix = path.join(tmp, `kit-prefix-${i}`);
  const k = await install(['--prefix', kitPrefix, kitHub.kitUrl, '--registry', 'http://127.0.0.1:1/', '--cache', path.join(tmp, `kit-cache-${i}`)]);
  if (!k.ok) {
    process.stdout.write(`- kit install failed: ${k.stderr}\n`);
    ok = false;
  }
  kitTimes.push(k.ms);
  kitInstalled = du(kitPrefix);
  const treePrefix = path.join(tmp, `tree-prefix-${i}`);
  const t = await install(['--prefix', treePrefix, treeTarball, '--offline', '--omit=dev', '--ignore-scripts']);
  if (!t.ok) process.stdout.write(`- dependency-tree install failed (it needs every dependency in the npm cache): ${t.stderr.split('\n')[0]}\n`);
  treeTimes.push(t.ms);
  treeInstalled = du(treePrefix);
}
await kitHub.close();
ok = report('npm install -g time, kit from the hub', median(kitTimes), 'ms', { baseline: median(treeTimes) }) && ok;
report('installed size, kit', kitInstalled / 1024 / 1024, 'MB', { baseline: treeInstalled / 1024 / 1024 });
process.stdout.write('  (the dependency tree was installed from a warm npm cache with no network at all; on venue Wi-Fi it would also download every tarball above from the registry)\n');

process.exit(ok ? 0 : 1);
