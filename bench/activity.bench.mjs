// Issue 11: what the laptop's activity reporter costs (src/report/activity-watch.ts), measured on the
// real thing: a built hub on 127.0.0.1, a laptop sandbox that joins it and runs `workshop next`, which
// starts the reporter in the background with its real one-minute poll. Meanwhile "Codex" writes to its
// session file every 5 s and a file in the exercise folder changes every 20 s; CODEX_HOME also holds
// 300 sessions of other folders from today (a heavy Codex user), whose first lines are read once.
//
// Figures (Linux /proc): CPU time of the reporter in its first minute (start-up included) and its
// second minute, its memory (RSS), and the events it delivered; baseline: an idle Node process
// (`setInterval` and nothing else) started at the same moment. Then the cost of one look
// (sampleActivity, median of 30) against a bare walk of the same folder (readdir + stat).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './lib.mjs';

if (process.platform !== 'linux') {
  process.stdout.write('- skipped: reads /proc (Linux only)\n');
  process.exit(0);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'workshop.js');
const { startHub } = await import('../dist/facilitator/hub/host.js');
const { sampleActivity } = await import('../dist/src/report/activity-sample.js');
const { localDay } = await import('../dist/src/codex/session-logs.js');

const sandbox = mkdtempSync(path.join(os.tmpdir(), 'activity-bench-'));
const home = path.join(sandbox, 'home');
mkdirSync(home, { recursive: true });
const env = { ...process.env, HOME: home, USERPROFILE: home, WORKSHOP_HOME: path.join(home, '.workshop'), CODEX_HOME: path.join(home, '.codex'), NO_COLOR: '1', WORKSHOP_ACTIVITY_WATCH: 'on', WORKSHOP_NO_PULSE_OFFER: '1' };
delete env.WORKSHOP_ACTIVITY_POLL_MS;
delete env.OPENAI_API_KEY;
const hub = await startHub({ dataDir: path.join(sandbox, 'data'), sessionId: 'bench', title: 'bench', port: 0, bind: '127.0.0.1', stuckAfterMinutes: 10, kit: false });
const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / ticks) * 1000;
};
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Asynchronous: the hub runs in this process and must answer meanwhile.
const cli = (args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

let ok = true;
try {
  const joined = await cli(['join', hub.joinUrl, '--code', hub.meta.code, '--name', 'Bench', '--email', 'bench@example.com', '--team', 'Ops']);
  if (joined.status !== 0) throw new Error(`join failed: ${joined.stderr}`);
  // Other sessions of today, in other folders.
  const day = localDay(Date.now()).split('-');
  const sessions = path.join(env.CODEX_HOME, 'sessions', ...day);
  mkdirSync(sessions, { recursive: true });
  const pad = 'x'.repeat(20_000); // first lines are ~27 KB in Codex 0.171
  for (let i = 0; i < 300; i += 1) {
    writeFileSync(path.join(sessions, `rollout-2026-12-03T09-00-00-other-${i}.jsonl`), `${JSON.stringify({ type: 'session_meta', payload: { timestamp: new Date().toISOString(), cwd: path.join(home, `project-${i}`), instructions: pad } })}\n`);
  }
  const baseline = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  const next = JSON.parse((await cli(['next', '--json'])).stdout);
  const folder = next.exercise.folder;
  const lock = path.join(env.WORKSHOP_HOME, 'activity-watch.lock');
  for (let i = 0; i < 50 && !existsSync(lock); i += 1) await sleep(100);
  const pid = JSON.parse(readFileSync(lock, 'utf8')).pid;
  const rollout = path.join(sessions, 'rollout-2026-12-03T10-00-00-exercise.jsonl');
  writeFileSync(rollout, `${JSON.stringify({ type: 'session_meta', payload: { timestamp: new Date().toISOString(), cwd: folder, instructions: pad } })}\n`);
  const codex = setInterval(() => appendFileSync(rollout, '{"type":"event_msg"}\n'), 5_000);
  let n = 0;
  const files = setInterval(() => writeFileSync(path.join(folder, 'notes-by-codex.md'), `# ${(n += 1)}\n`), 20_000);

  const start = { reporter: cpuMs(pid), baseline: cpuMs(baseline.pid) };
  await sleep(60_000);
  const oneMinute = { reporter: cpuMs(pid), baseline: cpuMs(baseline.pid) };
  await sleep(60_000);
  const twoMinutes = { reporter: cpuMs(pid), baseline: cpuMs(baseline.pid) };
  const memory = { reporter: rssMb(pid), baseline: rssMb(baseline.pid) };
  clearInterval(codex);
  clearInterval(files);
  baseline.kill();
  const delivered = readFileSync(path.join(hub.dir, 'log.jsonl'), 'utf8').split('\n').filter((line) => line.includes('"activity.observed"')).length;

  report('reporter CPU in its first minute (start-up included)', oneMinute.reporter, 'ms', { baseline: Math.max(1, oneMinute.baseline) });
  ok = report('reporter CPU in its second minute (one look, one event sent)', twoMinutes.reporter - oneMinute.reporter, 'ms', { target: 600, baseline: Math.max(1, twoMinutes.baseline - oneMinute.baseline) }) && ok;
  report('  (CPU before the first measurement: the process start)', start.reporter, 'ms');
  ok = report('reporter memory (RSS)', memory.reporter, 'MB', { target: 120, baseline: memory.baseline }) && ok;
  ok = report('activity.observed events delivered in 2 minutes of work (at most one per minute)', delivered, 'events', { target: 3 }) && ok;

  // One look, in this process: the reporter's sample against a bare walk of the same folder.
  const target = { exerciseId: next.exercise.id, folder, setupAtMs: Date.now() - 60_000, codexHome: env.CODEX_HOME };
  const cache = new Map();
  await sampleActivity(target, cache);
  const look = [];
  const bare = [];
  for (let i = 0; i < 30; i += 1) {
    let t = performance.now();
    await sampleActivity(target, cache);
    look.push(performance.now() - t);
    t = performance.now();
    for (const entry of await readdir(folder)) await stat(path.join(folder, entry));
    bare.push(performance.now() - t);
  }
  report('one look (folder walk + 301 rollout files, first lines cached)', median(look), 'ms', { baseline: median(bare) });
  const cold = [];
  for (let i = 0; i < 5; i += 1) {
    const t = performance.now();
    await sampleActivity(target, new Map());
    cold.push(performance.now() - t);
  }
  report('  the first look (every first line read once)', median(cold), 'ms');
} finally {
  await hub.close();
  rmSync(sandbox, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
