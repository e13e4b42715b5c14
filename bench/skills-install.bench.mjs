#!/usr/bin/env node
// Issue 15: installing one company skill end to end — `workshop skills install NAME` against a running
// programme server (loopback, embedded database), with the real pinned Codex CLI and a fresh CODEX_HOME
// each run: fetch the marketplace, write its folder, `codex plugin marketplace add`, `codex plugin add`.
// Target: median ≤ 3 s. Baseline in the same run: `codex --version` (most of an install is Codex's own
// start-up, twice). Run after `npm run build`.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'workshop.js');
const codexJs = path.join(root, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
const RUNS = Number(process.env.SKILLS_BENCH_RUNS ?? 7);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'skills-install-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const { Store } = await import(path.join(root, 'dist', 'facilitator', 'store', 'store.js'));
const { buildProgrammeServer } = await import(path.join(root, 'dist', 'facilitator', 'server', 'app.js'));
const { newServerToken } = await import(path.join(root, 'dist', 'facilitator', 'server', 'auth.js'));
const { hashToken } = await import(path.join(root, 'dist', 'facilitator', 'hub', 'tokens.js'));
const { marketplacePlugin } = await import(path.join(root, 'dist', 'facilitator', 'skills', 'marketplace-routes.js'));

// The server, with one approved skill (SKILL.md, a script, a reference), published and approved on its store.
const store = await Store.open({ kind: 'embedded', location: path.join(tmp, 'database') });
await store.putProgramme({ schemaVersion: 1, id: 'bench', title: 'Bench', createdAt: new Date().toISOString(), timeZone: 'UTC', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] }, 'bench');
const token = newServerToken();
await store.addToken({ name: 'bench', role: 'facilitator', tokenHash: hashToken(token) }, 'bench');
const person = { key: 'bench@example.com', name: 'Bench', team: 'Ops' };
const b64 = (t) => Buffer.from(t).toString('base64');
const files = [
  { path: 'SKILL.md', content: b64('---\nname: expense-summary\ndescription: Summarise an expenses CSV into totals per category.\n---\n# Expense summary\nRun scripts/summarize.sh on the CSV.\n'), executable: false },
  { path: 'scripts/summarize.sh', content: b64('#!/bin/sh\nawk -F, \'{s[$2]+=$3} END {for (k in s) print k, s[k]}\' "$1"\n'), executable: true },
  { path: 'references/categories.md', content: b64(`# Categories\n${'- travel, meals, software\n'.repeat(50)}`), executable: false },
];
await store.publishSkillVersion('bench', { name: 'expense-summary', team: 'Finance', description: 'Summarise an expenses CSV', files, bytes: 600, sha256: createHash('sha256').update(JSON.stringify(files)).digest('hex'), scripts: ['scripts/summarize.sh'], by: person, at: new Date().toISOString() }, () => undefined, 'bench');
await store.reviewSkillVersion('bench', 'expense-summary', 1, { verdict: 'approve', note: 'ok', by: person, at: new Date().toISOString() }, () => { throw new Error('not pending'); }, 'bench');
const app = await buildProgrammeServer({ store, programmeId: 'bench', plugins: [marketplacePlugin()] });
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${app.server.address().port}`;

// `codex` on PATH as an npm install puts it there; TMPDIR elsewhere than CODEX_HOME (no warning).
const binDir = path.join(tmp, 'bin');
mkdirSync(binDir);
symlinkSync(codexJs, path.join(binDir, 'codex'));
const tmpDir = path.join(tmp, 'tmpdir');
mkdirSync(tmpDir);
const baseEnv = { PATH: [binDir, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter), HOME: tmp, TMPDIR: tmpDir, NO_COLOR: '1', LANG: 'C.UTF-8', HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', WORKSHOP_ACTIVITY_WATCH: 'off' };

function timed(file, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`${args.join(' ')} exited ${code}: ${err}`))));
  });
}

function freshEnv(i) {
  const home = path.join(tmp, `run-${i}-${randomBytes(3).toString('hex')}`);
  const codexHome = path.join(home, 'codex');
  mkdirSync(codexHome, { recursive: true });
  return { ...baseEnv, CODEX_HOME: codexHome, WORKSHOP_HOME: path.join(home, 'workshop'), WORKSHOP_SERVER_TOKEN: token };
}

const baseline = [];
const install = [];
await timed(process.execPath, [codexJs, '--version'], freshEnv('warm'));
for (let i = 0; i < RUNS; i += 1) {
  baseline.push(await timed(process.execPath, [codexJs, '--version'], freshEnv(`v${i}`)));
  const env = freshEnv(i);
  install.push(await timed(process.execPath, [bin, 'skills', 'install', 'expense-summary', '--server', url, '--json'], env));
  const cached = path.join(env.CODEX_HOME, 'plugins', 'cache', 'bench-skills', 'expense-summary', '1.0.0', 'skills', 'expense-summary', 'SKILL.md');
  if (!existsSync(cached)) throw new Error(`run ${i}: the skill is not in Codex's cache (${cached})`);
}
await app.close();
await store.close();

const base = median(baseline);
const ok = report(`workshop skills install (one skill, fresh CODEX_HOME, ${RUNS} runs)`, median(install), 'ms', { target: 3000, baseline: base });
report('codex --version (baseline)', base, 'ms');
writeFileSync(path.join(tmp, 'done'), '');
process.exit(ok ? 0 : 1);
