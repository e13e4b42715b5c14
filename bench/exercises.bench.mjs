#!/usr/bin/env node
// Exercise engine figures (issue 3), medians, each against a baseline measured in the same run:
// - setting up an exercise (copy the starter, git init, baseline commit) ≤ 1 s,
//   baseline: the same files copied and committed with the plain git CLI;
// - grading a generated 2,000-file workspace (read it, read the baseline from Git, run the checks,
//   scan Codex sessions) ≤ 150 ms (issue 9: with content identity and items checks), baseline: a bare
//   directory walk that reads the same 2,000 files.
// The end-to-end `workshop next` (a fresh Node process) is reported too.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', 'src', 'exercises', p);
const { loadPack } = await import(dist('pack-loader.js'));
const { setUpExerciseFolder, readBaselineSnapshot, readWorkspaceSnapshot } = await import(dist('workspace.js'));
const { grade } = await import(dist('grader.js'));
const { findCodexSessions } = await import(dist('evidence.js'));

const tmp = mkdtempSync(path.join(os.tmpdir(), 'exercises-bench-'));
const home = path.join(tmp, 'home');
mkdirSync(home);
const env = { ...process.env, HOME: home, USERPROFILE: home, WORKSHOP_HOME: path.join(tmp, 'state'), CODEX_HOME: path.join(tmp, 'codex'), GIT_CONFIG_NOSYSTEM: '1' };
process.env.HOME = home;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
let ok = true;

async function timeAsync(fn, runs = RUNS) {
  await fn(-1);
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

function git(cwd, ...args) {
  const result = spawnSync('git', args, { cwd, env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed`);
}

// ---- A pack whose starter looks like the "tidy a messy folder" exercise: 40 mixed files. ----
const pack = path.join(tmp, 'pack');
const exerciseDir = path.join(pack, 'tidy');
mkdirSync(path.join(exerciseDir, 'starter'), { recursive: true });
mkdirSync(path.join(exerciseDir, 'solution'), { recursive: true });
const kinds = ['pdf', 'jpg', 'pptx', 'txt', 'xlsx'];
for (let i = 0; i < 40; i += 1) {
  const name = `file-${String(i).padStart(2, '0')}.${kinds[i % kinds.length]}`;
  const content = `${name}\n${'x'.repeat(2000 + i * 97)}\n`;
  writeFileSync(path.join(exerciseDir, 'starter', name), content);
  mkdirSync(path.join(exerciseDir, 'solution', kinds[i % kinds.length]), { recursive: true });
  writeFileSync(path.join(exerciseDir, 'solution', kinds[i % kinds.length], name), content);
}
writeFileSync(path.join(exerciseDir, 'brief.md'), '# Tidy\n');
writeFileSync(
  path.join(exerciseDir, 'exercise.json'),
  JSON.stringify({
    id: 'tidy',
    title: 'Tidy',
    minutes: 10,
    suggestedPrompt: 'Sort the files into folders by kind.',
    checks: [
      { type: 'preserved', message: 'Nothing lost.' },
      { type: 'placement', rules: [{ files: '*.pdf', folder: ['pdf', 'invoices'] }, { files: '*.jpg', folder: ['jpg', 'photos'] }], message: 'Sorted.' },
      { type: 'count', glob: '*.{pdf,jpg,pptx,txt,xlsx}', max: 0, message: 'Nothing loose.' },
      { type: 'contains', path: 'notes/**/*.md', all: [['summary', 'overview']], none: ['lorem'], message: 'Notes summarised.' },
      { type: 'checklist', path: 'notes/**/*.md', min: 3, message: 'A checklist.' },
      { type: 'table', path: 'data/**/*.csv', format: 'csv', columns: ['name', 'amount'], rows: { min: 1 }, message: 'A table.' },
      { type: 'number', path: 'notes/**/*.md', label: 'total', value: 1234.5, message: 'The total.' },
      { type: 'scope', allow: ['**'], message: 'Scope.' },
      // The checks issue 9 added, as the shipped pack uses them: files followed by content, items.
      { type: 'identity', keepName: true, copies: false, rules: [{ files: '*.pdf', folder: ['pdf', 'invoices'] }, { files: '*.jpg', folder: ['jpg', 'photos'] }], message: 'Moved, not renamed.' },
      { type: 'items', path: 'notes/group-0/note-0.md', count: { min: 3 }, message: 'Three items.' },
    ],
  }),
);
writeFileSync(path.join(pack, 'pack.json'), JSON.stringify({ id: 'bench', version: '1.0.0', title: 'Bench', languages: ['en'], exercises: ['tidy'] }));
const loaded = await loadPack(pack);
const exercise = loaded.exercises[0];

process.stdout.write(`Medians of ${RUNS} runs (after one warm-up), in ${tmp}\n`);

// ---- 1. Setting up an exercise ----
const setupMs = await timeAsync((i) => setUpExerciseFolder(loaded, exercise, path.join(tmp, 'ws-setup', `run${i}`)));
const gitBaselineMs = await timeAsync(async (i) => {
  const folder = path.join(tmp, 'ws-git', `run${i}`);
  cpSync(path.join(exerciseDir, 'starter'), folder, { recursive: true });
  git(folder, 'init', '-q');
  git(folder, 'add', '-A');
  git(folder, '-c', 'user.name=b', '-c', 'user.email=b@b', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'baseline');
});
ok = report('set up an exercise (40-file starter: copy, git init, baseline commit)', setupMs, 'ms', { target: 1000, baseline: gitBaselineMs }) && ok;

const cliSetupMs = (() => {
  const times = [];
  for (let i = -1; i < RUNS; i += 1) {
    const state = path.join(tmp, `cli-state-${i}`);
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [path.join(root, 'bin', 'workshop.js'), 'next', '--json', '--pack', pack, '--workspace', path.join(tmp, `cli-ws-${i}`)], {
      env: { ...env, WORKSHOP_HOME: state },
      stdio: 'ignore',
    });
    if (result.status !== 0) throw new Error('workshop next failed in the bench');
    if (i >= 0) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
})();
const nodeStartMs = (() => {
  const times = [];
  for (let i = -1; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    if (i >= 0) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
})();
ok = report('`workshop next` end to end, setting up (new Node process)', cliSetupMs, 'ms', { target: 1000, baseline: nodeStartMs + gitBaselineMs }) && ok;
process.stdout.write('  (baseline for the end-to-end figure: `node -e 0` plus the plain git copy-and-commit above)\n');

// ---- 2. Grading a 2,000-file workspace ----
const big = path.join(tmp, 'ws-big', 'tidy');
await setUpExerciseFolder(loaded, exercise, big);
// What an AI leaves behind: the 40 files sorted into folders, plus 1,960 generated files.
for (const name of readdirSync(big)) {
  if (name === '.git') continue;
  const kind = name.split('.').pop();
  mkdirSync(path.join(big, kind), { recursive: true });
  cpSync(path.join(big, name), path.join(big, kind, name));
  rmSync(path.join(big, name));
}
for (let i = 0; i < 1960; i += 1) {
  const dir = path.join(big, i % 3 === 0 ? 'notes' : 'data', `group-${i % 40}`);
  mkdirSync(dir, { recursive: true });
  if (i % 3 === 0) writeFileSync(path.join(dir, `note-${i}.md`), `# Note ${i}\n\nOverview of week ${i}.\n\n- [ ] follow up\n- [x] sent\n- [ ] file\n\nTotal: ${i === 0 ? '1,234.50' : i}\n${'text '.repeat(80)}\n`);
  else writeFileSync(path.join(dir, `rows-${i}.csv`), `name,amount\nA,${i}\nB,${i * 2}\n`);
}
const fileCount = (function count(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => (e.name === '.git' ? n : e.isDirectory() ? n + count(path.join(dir, e.name)) : n + 1), 0);
})(big);
// Codex's session folder with 30 days of history (300 sessions), as on a laptop used daily.
for (let d = 0; d < 30; d += 1) {
  const day = new Date(Date.now() - d * 86400000);
  const dir = path.join(env.CODEX_HOME, 'sessions', String(day.getUTCFullYear()), String(day.getUTCMonth() + 1).padStart(2, '0'), String(day.getUTCDate()).padStart(2, '0'));
  mkdirSync(dir, { recursive: true });
  for (let s = 0; s < 10; s += 1) {
    const meta = { timestamp: day.toISOString(), type: 'session_meta', payload: { id: `${d}-${s}`, timestamp: day.toISOString(), cwd: s === 0 ? big : home, instructions: 'i'.repeat(20000) } };
    writeFileSync(path.join(dir, `rollout-${d}-${s}.jsonl`), `${JSON.stringify(meta)}\n${'{"type":"response_item"}\n'.repeat(200)}`);
  }
}
const setupAt = new Date(Date.now() - 3600000);

let lastResult;
const gradeMs = await timeAsync(async () => {
  const [current, baseline] = await Promise.all([readWorkspaceSnapshot(big), readBaselineSnapshot(big)]);
  lastResult = grade(current, baseline, exercise.config);
  await findCodexSessions(env.CODEX_HOME, big, setupAt);
});
if (!lastResult.passed) throw new Error(`the bench workspace should pass: ${JSON.stringify(lastResult.checks.filter((c) => !c.passed))}`);
const walkMs = await timeAsync(async () => {
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else readFileSync(p);
    }
  };
  walk(big);
});
ok = report(`grade a ${fileCount}-file workspace (10 checks, baseline from Git, Codex session scan)`, gradeMs, 'ms', { target: 150, baseline: walkMs }) && ok;
process.stdout.write('  (baseline: a bare synchronous walk reading the same files)\n');

const cliGradeMs = (() => {
  const state = path.join(tmp, 'cli-grade-state');
  const workspace = path.dirname(big);
  // Point the progress at the big workspace (`goto` resumes the existing folder without copying), and
  // make one check fail so that every `workshop next` grades again instead of moving on.
  spawnSync(process.execPath, [path.join(root, 'bin', 'workshop.js'), 'goto', 'tidy', '--json', '--pack', pack, '--workspace', workspace], { env: { ...env, WORKSHOP_HOME: state }, stdio: 'ignore' });
  writeFileSync(path.join(big, 'notes', 'lorem.md'), 'lorem ipsum\n');
  const times = [];
  for (let i = -1; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [path.join(root, 'bin', 'workshop.js'), 'next', '--json', '--pack', pack, '--workspace', workspace], { env: { ...env, WORKSHOP_HOME: state }, encoding: 'utf8' });
    if (result.status !== 1 || !result.stdout.includes('"action": "graded"')) throw new Error(`workshop next did not grade in the bench (exit ${result.status}): ${result.stderr}`);
    if (i >= 0) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
})();
report(`\`workshop next\` end to end, grading that workspace (new Node process)`, cliGradeMs, 'ms', { baseline: nodeStartMs + walkMs });
process.stdout.write('  (reported, not a target: it adds Node start-up and module loading to the grading above)\n');

if (!process.env.BENCH_KEEP) rmSync(tmp, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
