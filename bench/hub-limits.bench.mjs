#!/usr/bin/env node
// Issue 12 benchmarks, loopback only, each figure against a baseline measured in the same run.
//
//   big log     a 3 GiB session (300 participants × 30 events, plus one laptop that flooded 3 GiB of
//               doctor events before there were limits): `workshop host` start-up time and peak RSS,
//               and `workshop report` time and peak RSS, against the same session without the flood.
//               The generated log is written to the temp folder (3 GiB of disk for the run) and removed.
//   stalled     hub RSS while dashboards push updates fast, with 0 stalled readers (baseline), 24 stalled
//               readers with the 1 MiB bound, and 24 stalled readers with no bound (the old behaviour).
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { report } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'workshop.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hub-limits-bench-'));
const FLOOD_BYTES = Number(process.env.FLOOD_BYTES ?? 3 * 1024 ** 3);
const children = [];
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});
let ok = true;

function watchMemory(pid) {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024);
    } catch {
      // gone
    }
  };
  const timer = setInterval(sample, 50);
  sample();
  return { stop: () => (clearInterval(timer), sample(), peak), now: () => (sample(), peak) };
}

/** Runs a command to its end (or, with `until`, until its first stdout line), measuring time and peak RSS. */
function measure(args, { untilReady = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const memory = watchMemory(child.pid);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      if (untilReady && stdout.includes('\n')) {
        const ms = performance.now() - started;
        const peak = memory.stop();
        child.kill('SIGTERM');
        child.on('exit', () => resolve({ ms, peak, stdout, stderr }));
      }
    });
    child.on('exit', (code) => {
      if (untilReady && stdout.includes('\n')) return;
      const ms = performance.now() - started;
      const peak = memory.stop();
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, peak, stdout, stderr });
    });
  });
}

// ---------- a session log, generated ----------

function writeSession(dataDir, { flood }) {
  const dir = path.join(dataDir, 'sessions', 'big');
  mkdirSync(dir, { recursive: true });
  const start = Date.parse('2026-12-03T09:00:00Z');
  writeFileSync(path.join(dir, 'session.json'), JSON.stringify({ schemaVersion: 1, id: 'big', title: 'Big session', createdAt: new Date(start).toISOString(), code: 'ABCD-1234' }));
  writeFileSync(path.join(dir, 'facilitator.token'), `wsf_${'a'.repeat(43)}\n`);
  const fd = openSync(path.join(dir, 'log.jsonl'), 'w', 0o600);
  let seq = 0;
  let buffered = [];
  let size = 0;
  const flush = () => {
    if (buffered.length) writeSync(fd, buffered.join(''));
    buffered = [];
  };
  const line = (record) => {
    const text = `${JSON.stringify({ ...record, seq: (seq += 1) })}\n`;
    size += text.length;
    buffered.push(text);
    if (buffered.length >= 20_000) flush();
  };
  const at = (ms) => new Date(start + ms).toISOString();
  const ids = [];
  for (let p = 0; p < 300; p += 1) {
    const id = `p_${String(p).padStart(8, '0')}`;
    ids.push(id);
    line({ kind: 'join', at: at(p * 1000), participant: { id, name: `Participant ${p}`, email: `p${p}@example.com`, team: `Team ${p % 10}` }, tokenHash: 'a'.repeat(64) });
  }
  for (let e = 0; e < 30; e += 1) {
    for (const id of ids) {
      const ts = at(600_000 + e * 60_000);
      const event = e % 10 === 0
        ? { id: randomUUID(), ts, type: 'doctor.completed', ready: true, platform: 'darwin', checks: [{ id: 'node', status: 'ok', code: 'node_ok' }] }
        : { id: randomUUID(), ts, type: 'exercise.graded', exerciseId: `0${(e % 8) + 1}-x`, passed: e % 3 === 0, score: 1, maxScore: 3, noChange: false, failingChecks: ['a'], attempt: 1, codexSessions: 1, changedAfterCodex: true };
      line({ kind: 'event', receivedAt: ts, participantId: id, event });
    }
  }
  if (flood) {
    // One laptop, before the limits: doctor results with 50 long checks (about 8 KiB each), back to back.
    const checks = Array.from({ length: 50 }, (_, i) => ({ id: `check-${i}-${'x'.repeat(60)}`, status: 'fail', code: `code_${'y'.repeat(70)}` }));
    const template = JSON.stringify({ kind: 'event', seq: 0, receivedAt: at(0), participantId: ids[0], event: { id: '00000000-0000-4000-8000-000000000000', ts: at(0), type: 'doctor.completed', ready: false, platform: 'linux', checks } });
    const [head, tail] = template.split('"seq":0');
    while (size < FLOOD_BYTES) {
      const text = `${head}"seq":${(seq += 1)}${tail.replace('00000000-0000-4000-8000-000000000000', randomUUID())}\n`;
      size += text.length;
      buffered.push(text);
      if (buffered.length >= 20_000) flush();
    }
  }
  flush();
  closeSync(fd);
  return { dir, bytes: statSync(path.join(dir, 'log.jsonl')).size };
}

const mib = (bytes) => bytes / 1024 / 1024;

process.stdout.write('### a session of 3 GiB\n');
const small = path.join(tmp, 'small');
const big = path.join(tmp, 'big');
const smallLog = writeSession(small, { flood: false });
const bigLog = writeSession(big, { flood: true });
process.stdout.write(`- generated: ${mib(smallLog.bytes).toFixed(1)} MiB (baseline) and ${(bigLog.bytes / 1024 ** 3).toFixed(2)} GiB (flooded) logs\n`);
const hostArgs = (data) => ['host', '--session', 'big', '--data', data, '--port', '0', '--bind', '127.0.0.1', '--json'];
const base = await measure(hostArgs(small), { untilReady: true });
const flooded = await measure(hostArgs(big), { untilReady: true });
ok = report('hub start resuming the 3 GiB session', flooded.ms / 1000, 's', { baseline: base.ms / 1000 }) && ok;
ok = report('hub peak RSS while resuming it', mib(flooded.peak), 'MiB', { baseline: mib(base.peak), target: 300 }) && ok;
process.stdout.write(`- what the hub said: ${flooded.stderr.split('\n').find((l) => l.includes('left out')) ?? '(no warning)'}\n`);
const reportArgs = (data) => ['report', '--session', 'big', '--data', data, '--format', 'json'];
const baseReport = await measure(reportArgs(small));
const bigReport = await measure(reportArgs(big));
ok = report('`workshop report` on the 3 GiB session', bigReport.ms / 1000, 's', { baseline: baseReport.ms / 1000 }) && ok;
ok = report('`workshop report` peak RSS', mib(bigReport.peak), 'MiB', { baseline: mib(baseReport.peak), target: 300 }) && ok;
rmSync(big, { recursive: true, force: true });

// ---------- stalled dashboards ----------

process.stdout.write('\n### dashboards that stop reading\n');
const child = (bound) => `
  const { startHub } = await import(${JSON.stringify(path.join(root, 'dist', 'facilitator', 'hub', 'host.js'))});
  let now = Date.parse('2026-12-03T09:00:00Z');
  const hub = await startHub({ dataDir: process.argv[1], sessionId: 's', port: 0, bind: '127.0.0.1', stuckAfterMinutes: 10, kit: false, pack: false,
    clock: () => new Date((now += 30_000)), pushIntervalMs: 20, limits: { sseBufferBytes: ${bound}, }, warn: () => {} });
  for (let i = 0; i < 300; i += 1) await hub.store.join({ name: 'Participant ' + i + ' ' + 'n'.repeat(50), email: 'p' + i + '@example.com', team: 'Team ' + (i % 10) });
  setInterval(() => hub.live.schedulePush(), 20);
  process.stdout.write(JSON.stringify({ port: hub.port, token: hub.facilitatorToken }) + '\\n');
`;

async function stalledRun(label, stalled, bound) {
  const data = mkdtempSync(path.join(tmp, 'sse-'));
  const proc = spawn(process.execPath, ['--input-type=module', '-e', child(bound), data], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  const ready = await new Promise((resolve) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
    });
  });
  const sockets = [];
  for (let i = 0; i < stalled; i += 1) {
    const socket = net.connect(ready.port, '127.0.0.1', () => {
      socket.write(`GET /v1/facilitator/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ready.token}\r\n\r\n`);
      socket.pause();
    });
    socket.on('error', () => undefined);
    sockets.push(socket);
  }
  const memory = watchMemory(proc.pid);
  await new Promise((r) => setTimeout(r, Number(process.env.STALL_SECONDS ?? 20) * 1000));
  const peak = memory.stop();
  for (const socket of sockets) socket.destroy();
  proc.kill('SIGKILL');
  process.stdout.write(`  (${label}: peak ${mib(peak).toFixed(0)} MiB)\n`);
  return peak;
}

const none = await stalledRun('no stalled reader', 0, 1024 * 1024);
const bounded = await stalledRun('24 stalled readers, 1 MiB bound', 24, 1024 * 1024);
const unbounded = await stalledRun('24 stalled readers, no bound (before)', 24, 'Infinity');
ok = report('hub peak RSS with 24 stalled dashboards (bounded)', mib(bounded), 'MiB', { baseline: mib(none), target: mib(none) + 64 }) && ok;
report('hub peak RSS with 24 stalled dashboards, no bound (the old behaviour)', mib(unbounded), 'MiB', { baseline: mib(none) });
process.exit(ok ? 0 : 1);
