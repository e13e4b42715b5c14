#!/usr/bin/env node
// Benchmarks of `workshop rehearse --scripted` (issue 4), against a baseline measured in the same run:
//  baseline: the bare start-up of the pinned Codex CLI, `codex --version` (node wrapper + native binary)
//  1. per exercise of the shipped pack, the median `codex exec` time of a scripted run (real pinned
//     Codex executing rehearsal.json against the local scripted API)          target ≤ 1.5 s
//  2. per exercise, the median whole run: folder set up as `workshop next` does + codex exec +
//     grading                                                                  target ≤ 2.5 s
//  3. the whole scripted rehearsal of the pack, one run per exercise, as a command  (reported)
// Medians over BENCH_RUNS runs (default 3). Needs `npm run build`. Exits 1 when a target is missed.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report, timeCommand } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'workshop.js');
const pinnedCodex = path.join(root, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
const { runRehearsal } = await import(path.join(root, 'dist', 'src', 'rehearse', 'rehearse.js'));

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const EXEC_TARGET_S = 1.5;
const RUN_TARGET_S = 2.5;

const tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'workshop-rehearse-bench-')));
const env = { ...process.env, TMPDIR: tmp, NO_COLOR: '1', CI: '1' };
delete env.CODEX_API_KEY;
delete env.OPENAI_API_KEY;

// Baseline: Codex's own start-up, the floor under any `codex exec`.
const versionMs = timeCommand(process.execPath, [pinnedCodex, '--version'], { runs: 11, env });
report('baseline: codex --version (pinned CLI start-up)', versionMs, 'ms');

// One rehearsal, RUNS runs per exercise; the hooks time each whole run and keep each exec time.
const wall = new Map();
const exec = new Map();
const push = (map, key, value) => map.set(key, [...(map.get(key) ?? []), value]);
let startedAt = 0;
const rehearsal = await runRehearsal(
  { scripted: true, runs: RUNS },
  {
    env,
    hooks: {
      onRunStart: () => {
        startedAt = performance.now();
      },
      onRunDone: (record) => {
        push(wall, record.exerciseId, performance.now() - startedAt);
        push(exec, record.exerciseId, record.seconds * 1000);
      },
    },
  },
);

let ok = true;
process.stdout.write(`\nscripted rehearsal, ${RUNS} runs per exercise (Codex CLI ${rehearsal.codex.version}):\n`);
for (const exercise of rehearsal.exercises) {
  if (exercise.passed !== exercise.runs) {
    process.stdout.write(`- ${exercise.id}: ${exercise.runs - exercise.passed} of ${exercise.runs} runs FAILED: ${exercise.failures[0]?.reason}\n`);
    ok = false;
  }
  ok = report(`${exercise.id}: codex exec`, median(exec.get(exercise.id)), 'ms', { target: EXEC_TARGET_S * 1000, baseline: versionMs }) && ok;
  ok = report(`${exercise.id}: whole run (setup + codex exec + grading)`, median(wall.get(exercise.id)), 'ms', { target: RUN_TARGET_S * 1000 }) && ok;
}
const execMedian = median(rehearsal.exercises.map((e) => median(exec.get(e.id))));
report('all exercises: median of the per-exercise codex exec medians', execMedian, 'ms', { baseline: versionMs });

// The command a facilitator types, one run per exercise, start to finish.
const commandMs = await new Promise((resolve, reject) => {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'rehearse', '--scripted', '--json'], { env, stdio: ['ignore', 'ignore', 'ignore'] });
  child.on('error', reject);
  child.on('close', (code) => {
    if (code !== 0) ok = false;
    resolve(performance.now() - started);
  });
});
report(`workshop rehearse --scripted (whole pack, ${rehearsal.exercises.length} exercises, 1 run each)`, commandMs, 'ms');

await fs.rm(tmp, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
