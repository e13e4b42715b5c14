#!/usr/bin/env node
// Start-up figures of the participant CLI (issue 10), medians of fresh Node processes, each against
// `node -e 0` measured in the same run:
// - `workshop --version` (answered by bin/workshop.js before the CLI loads);
// - `workshop next` grading a small exercise, in English and in Japanese (text output, so the
//   message catalogue, the brief renderer and the language resolution all run);
// - the message catalogue's own cost: importing src/i18n in a fresh process, target ≤ 10 ms (fastest
//   of the runs: on a shared machine other work only adds time; the median is printed too).
// - the doctor (issue 10 item 3): `workshop doctor --help`, which must not load the doctor's catalogue
//   section, and that section's own import cost (src/i18n/doctor, both languages), loaded only when the
//   doctor runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, report, timeCommand } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'workshop.js');
const pack = path.join(root, 'test', 'fixtures', 'sample-pack');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cli-start-bench-'));
const home = path.join(tmp, 'home');
mkdirSync(home);
const env = {
  ...process.env,
  HOME: home,
  USERPROFILE: home,
  WORKSHOP_HOME: path.join(tmp, 'state'),
  CODEX_HOME: path.join(tmp, 'codex'),
  WORKSHOP_NO_PULSE_OFFER: '1',
  LANG: 'en_US.UTF-8',
  GIT_CONFIG_NOSYSTEM: '1',
};
let ok = true;
process.stdout.write(`Medians of ${RUNS} fresh processes (after one warm-up)\n`);

const nodeMs = timeCommand(process.execPath, ['-e', '0'], { runs: RUNS, env });
report('`node -e 0` (the baseline)', nodeMs, 'ms');
const versionMs = timeCommand(process.execPath, [bin, '--version'], { runs: RUNS, env });
report('`workshop --version`', versionMs, 'ms', { baseline: nodeMs });
// --- doctor-ja ---
const doctorHelpMs = timeCommand(process.execPath, [bin, 'doctor', '--help'], { runs: RUNS, env });
report('`workshop doctor --help`', doctorHelpMs, 'ms', { baseline: nodeMs });
// --- end doctor-ja ---

// Set the first exercise up, then leave a change that does not pass: every `next` grades again.
const setup = spawnSync(process.execPath, [bin, 'next', '--pack', pack], { env, encoding: 'utf8' });
if (setup.status !== 0) throw new Error(`workshop next did not set up in the bench: ${setup.stderr}`);
writeFileSync(path.join(home, 'codex-workshop', '01-meeting-summary', 'summary.md'), '# Summary\n\nnothing yet\n');
for (const lang of ['en', 'ja']) {
  const args = [bin, 'next', '--pack', pack, '--lang', lang];
  const check = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  if (check.status !== 1) throw new Error(`workshop next did not grade in the bench (exit ${check.status}): ${check.stderr}`);
  const ms = timeCommand(process.execPath, args, { runs: RUNS, env });
  report(`\`workshop next --lang ${lang}\` grading (text output)`, ms, 'ms', { baseline: nodeMs });
}

// The catalogue alone: the time to import it, measured inside a fresh process (no spawn noise).
// A tiny module of the kit is imported first, so that the loader's own warm-up is not counted.
const warm = pathToFileURL(path.join(root, 'dist', 'src', 'core', 'errors.js')).href;
function importTimes(name, modulePath, use) {
  const url = pathToFileURL(path.join(root, 'dist', ...modulePath)).href;
  const probe = `await import(${JSON.stringify(warm)});const t=performance.now();const m=await import(${JSON.stringify(url)});${use};process.stdout.write(String(performance.now()-t));`;
  // From a file: `node -e` evaluates through a slower path that would be counted too.
  const probeFile = path.join(tmp, `probe-${name}.mjs`);
  writeFileSync(probeFile, probe);
  const times = [];
  for (let i = -1; i < RUNS; i += 1) {
    const result = spawnSync(process.execPath, [probeFile], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`importing ${name} failed: ${result.stderr}`);
    if (i >= 0) times.push(Number(result.stdout));
  }
  return times;
}
// Other work on the machine only ever adds time: the fastest run is the catalogue's own cost, and the
// target applies to it; the median is reported beside it.
const mainTimes = importTimes('catalogue', ['src', 'i18n', 'index.js'], "m.messages('ja')");
report('importing the message catalogue, median', median(mainTimes), 'ms');
ok = report('importing the message catalogue (src/i18n, both languages), fastest run', Math.min(...mainTimes), 'ms', { target: 10 }) && ok;
// --- doctor-ja ---
const doctorTimes = importTimes('doctor-catalogue', ['src', 'i18n', 'doctor', 'index.js'], "m.doctorMessages('ja')");
report('importing the doctor catalogue section, median', median(doctorTimes), 'ms');
ok = report('importing the doctor catalogue section (src/i18n/doctor, both languages), fastest run', Math.min(...doctorTimes), 'ms', { target: 10 }) && ok;
// --- end doctor-ja ---

if (!process.env.BENCH_KEEP) rmSync(tmp, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
