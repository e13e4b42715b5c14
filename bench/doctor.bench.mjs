#!/usr/bin/env node
// Benchmarks of `workshop doctor` (issue 2), each against a baseline measured in the same run:
//  1. `workshop --version` against `node -e 0`                     target ≤ 1.5×
//  2. a full doctor (smoke test included) against the slowest single check, both as whole commands,
//     with the real pinned Codex CLI and a local scripted API       target ≤ slowest + 150 ms
//  3. a doctor whose API never answers, against its --timeout      target ≤ timeout + 1 s
//  4. the smoke test with the real Codex CLI and nothing listening, at the default timeout (60 s),
//     against that timeout                                          target ≤ 15 s
// Medians. Needs `npm run build` (npm run bench does it). Exits 1 when a target is missed.
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'workshop.js');
const realCodex = path.join(root, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
const { startScriptedResponsesServer } = await import(path.join(root, 'dist', 'src', 'codex', 'scripted-responses-server.js'));

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const { CHECK_IDS: CHECKS } = await import(path.join(root, 'dist', 'src', 'doctor', 'checks', 'index.js'));

/** Times a command without blocking this process, so the local API in this process can answer it. */
function timeOnce(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, out }));
  });
}

/**
 * Medians of two commands measured alternately (A, B, A, B…), so that a change in the machine's load
 * during the run (other work on a shared machine) hits both sides alike.
 */
async function interleaved(argsA, envA, argsB, envB, runs = RUNS) {
  await timeOnce(argsA, envA);
  await timeOnce(argsB, envB);
  const a = [];
  const b = [];
  let lastA;
  for (let i = 0; i < runs; i += 1) {
    lastA = await timeOnce(argsA, envA);
    a.push(lastA.ms);
    b.push((await timeOnce(argsB, envB)).ms);
  }
  return { a: median(a), b: median(b), lastA };
}

function timeSync(file, args) {
  const started = process.hrtime.bigint();
  spawnSync(file, args, { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function medianOf(args, env, runs = RUNS) {
  await timeOnce(args, env); // warm-up (file cache, Codex's first start)
  const times = [];
  let last;
  for (let i = 0; i < runs; i += 1) {
    last = await timeOnce(args, env);
    times.push(last.ms);
  }
  return { ms: median(times), last };
}

async function sandbox() {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'workshop-doctor-bench-')));
  const home = path.join(dir, 'home');
  const binDir = path.join(dir, 'bin');
  const codexHome = path.join(home, '.codex');
  const tmp = path.join(dir, 'tmp');
  for (const d of [home, binDir, codexHome, tmp]) await fs.mkdir(d, { recursive: true });
  await fs.symlink(realCodex, path.join(binDir, 'codex'));
  await fs.writeFile(path.join(binDir, 'npm'), '#!/bin/sh\necho 10.8.2\n', { mode: 0o755 });
  const gitDir = path.dirname(spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/git');
  const env = {
    PATH: [...new Set([binDir, path.dirname(process.execPath), gitDir])].join(path.delimiter),
    HOME: home,
    CODEX_HOME: codexHome,
    WORKSHOP_HOME: path.join(dir, 'workshop-home'),
    TMPDIR: tmp,
    SHELL: '/bin/bash',
    NO_COLOR: '1',
  };
  const login = spawnSync(process.execPath, [realCodex, 'login', '--with-api-key'], { env, input: 'sk-test-bench-key-0123456789abcdef', encoding: 'utf8' });
  if (login.status !== 0) throw new Error(`codex login failed: ${login.stderr}`);
  return { dir, env, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

let ok = true;

// 1. Start-up cost, measured alternately with the baseline.
const nodeTimes = [];
const versionTimes = [];
timeSync(process.execPath, ['-e', '0']);
timeSync(process.execPath, [bin, '--version']);
for (let i = 0; i < 21; i += 1) {
  nodeTimes.push(timeSync(process.execPath, ['-e', '0']));
  versionTimes.push(timeSync(process.execPath, [bin, '--version']));
}
const nodeBaseline = median(nodeTimes);
ok = report('workshop --version', median(versionTimes), 'ms', { baseline: nodeBaseline, target: nodeBaseline * 1.5 }) && ok;

// 2. Full doctor against the slowest single check.
const box = await sandbox();
const api = await startScriptedResponsesServer({ script: [{ message: 'ready' }] });
try {
  const profile = path.join(box.dir, 'profile.json');
  await fs.writeFile(profile, JSON.stringify({ apiBase: api.url, smoke: { enabled: true, timeoutSeconds: 30 } }));
  const env = { ...box.env, WORKSHOP_PROFILE: profile };
  // Find the slowest single check, then time it alternately with the full doctor.
  const singles = {};
  for (const id of CHECKS) singles[id] = (await medianOf(['doctor', '--only', id], env, 3)).ms;
  const [slowestId] = Object.entries(singles).sort((a, b) => b[1] - a[1])[0];
  const pair = await interleaved(['doctor'], env, ['doctor', '--only', slowestId], env);
  if (pair.lastA.code !== 0) throw new Error(`the benchmark laptop should be READY, but doctor said:\n${pair.lastA.out}`);
  process.stdout.write(`  single checks alone (median of 3, ms): ${Object.entries(singles).map(([id, ms]) => `${id} ${ms.toFixed(0)}`).join(', ')}\n`);
  const slowest = pair.b;
  ok = report(`full doctor (${CHECKS.length} checks, smoke included)`, pair.a, 'ms', { baseline: slowest, target: slowest + 150 }) && ok;
  process.stdout.write(`  (baseline = slowest single check, ${slowestId}, run alone as \`workshop doctor --only ${slowestId}\`)\n`);
} finally {
  await api.close();
}

// 3. The API never answers: doctor must end within its timeout + 1 s.
const hanging = http.createServer(() => undefined);
await new Promise((resolve) => hanging.listen(0, '127.0.0.1', resolve));
try {
  const timeoutSeconds = 2;
  const url = `http://127.0.0.1:${hanging.address().port}/v1`;
  const stalled = await medianOf(['doctor', '--api-base', url, '--timeout', String(timeoutSeconds)], box.env, 3);
  if (!/network_timeout/.test(stalled.last.out)) throw new Error(`expected network_timeout, doctor said:\n${stalled.last.out}`);
  ok = report('doctor with the API never answering', stalled.ms, 'ms', { baseline: timeoutSeconds * 1000, target: timeoutSeconds * 1000 + 1000 }) && ok;
} finally {
  hanging.closeAllConnections?.();
  hanging.close();
}

// 4. Nothing listening: the real Codex retries a refused connection for ever, and used to be stopped
//    only at the smoke timeout. It names the cause in its first retries; the doctor stops it there.
try {
  const refused = http.createServer();
  await new Promise((resolve) => refused.listen(0, '127.0.0.1', resolve));
  const port = refused.address().port;
  await new Promise((resolve) => refused.close(resolve));
  const timeoutMs = 60_000; // the profile's default smoke.timeoutSeconds
  const run = await medianOf(['doctor', '--only', 'codex.smoke', '--api-base', `http://127.0.0.1:${port}/v1`], box.env, 3);
  if (!/network_refused/.test(run.last.out)) throw new Error(`expected network_refused, doctor said:\n${run.last.out}`);
  ok = report('smoke test with nothing listening (real Codex, default timeout)', run.ms, 'ms', { baseline: timeoutMs, target: 15_000 }) && ok;
} finally {
  await box.cleanup();
}

process.exit(ok ? 0 : 1);
