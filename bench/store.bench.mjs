#!/usr/bin/env node
// The programme store at scale (issue 13): a 10,000-person roster and 365 days of daily usage for
// 2,000 keys (730,000 usage rows), plus four dates of hub activity for 2,000 attendees, on each
// engine (embedded PGlite, and PostgreSQL in a throwaway cluster when it is installed), against the
// same import and report on today's folder format, measured in the same run.
// - import: the roster and the usage, from parsed rows to stored (Store.updateRoster + addUsage;
//   the folder: saveRoster + mergeUsage + saveUsage). Target ≤ 60 s.
// - report: the programme report as JSON from what is stored (loadProgrammeReportFromStore, which
//   also saves the BI facts; the folder: loadProgrammeReport). Target ≤ 5 s.
// Also printed, for docs/store.md: the embedded database's first open (initdb) and later opens.
// Medians of several runs. Exits 1 if a target is missed.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './lib.mjs';
import { startCluster } from './postgres-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
if (!existsSync(dist('facilitator/store/store.js'))) {
  console.error('Run `npm run build` first (npm run bench does).');
  process.exit(2);
}
const { Store } = await import(dist('facilitator/store/store.js'));
const { loadProgrammeReportFromStore } = await import(dist('facilitator/programme/load-from-store.js'));
const { loadProgrammeReport } = await import(dist('facilitator/programme/load.js'));
const { createProgramme, loadProgramme, saveRoster, saveUsage, emptyUsage } = await import(dist('facilitator/programme/store.js'));
const { mergeUsage } = await import(dist('facilitator/programme/usage-import.js'));

const PEOPLE = 10_000;
const KEYS = 2_000;
const DAYS = 365;
const ATTENDEES = 2_000;
const PACK = ['01-first', '02-tidy', '03-notes'];
const TIME_ZONE = 'UTC';
const DATES = ['2026-01-13', '2026-01-20', '2026-01-27', '2026-02-03'];
const NOW = new Date('2026-06-01T00:00:00.000Z');
const IMPORT_RUNS = Number(process.env.STORE_BENCH_IMPORT_RUNS ?? 3);
const REPORT_RUNS = Number(process.env.STORE_BENCH_REPORT_RUNS ?? 5);

// ---- the data (deterministic) ----

const roster = {
  schemaVersion: 1,
  updatedAt: '2026-01-05T00:00:00.000Z',
  people: Array.from({ length: PEOPLE }, (_, i) => ({
    email: `person${i}@example.com`,
    name: i % 7 === 0 ? `山田 太郎 ${i}` : `Person ${i}`,
    team: `Team ${i % 40}`,
    ...(i < KEYS ? { key: { kind: 'id', id: `key_b${String(i).padStart(5, '0')}` } } : {}),
  })),
};
const usageDays = [];
for (let d = 0; d < DAYS; d += 1) {
  const day = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
  for (let k = 0; k < KEYS; k += 1) {
    const requests = (k * 7 + d * 3) % 11 < 4 ? 0 : ((k + d) % 40) + 1;
    usageDays.push({ source: { kind: 'keyId', value: `key_b${String(k).padStart(5, '0')}` }, day, requests, inputTokens: requests * 1200, outputTokens: requests * 150 });
  }
}

let eventCounter = 0;
const eventId = () => `00000000-0000-4000-8000-${(eventCounter += 1).toString(16).padStart(12, '0')}`;
const at = (day, hhmm) => `${day}T${hhmm}:00.000Z`;
/** Each date's log lines, as the hub writes them (docs/protocol.md). */
function hubLines() {
  const byDate = DATES.map(() => []);
  for (let i = 0; i < ATTENDEES; i += 1) {
    const date = i % DATES.length;
    const day = DATES[date];
    const lines = byDate[date];
    const pid = `p${i}`;
    const push = (line) => lines.push({ ...line, seq: lines.length + 1 });
    push({ kind: 'join', at: at(day, '08:50'), participant: { id: pid, name: `Person ${i}`, email: `person${i}@example.com`, team: `Team ${i % 40}` }, tokenHash: (i.toString(16).padStart(8, '0')).repeat(8) });
    const event = (hhmm, body) => push({ kind: 'event', receivedAt: at(day, hhmm), participantId: pid, event: { id: eventId(), ts: at(day, hhmm), ...body } });
    event('08:55', { type: 'doctor.completed', ready: i % 5 !== 0, platform: 'linux-x64', checks: [] });
    PACK.forEach((exerciseId, k) => {
      if (k > 0 && i % 3 === 0) return;
      event(`1${k}:00`, { type: 'exercise.graded', exerciseId, passed: true, score: 3, maxScore: 3, noChange: false, failingChecks: [], attempt: 1, codexSessions: 1, changedAfterCodex: true });
    });
    if (i % 50 === 0) event('16:00', { type: 'usecase.shared', what: `Weekly report for team ${i % 40}`, team: '', frequency: 'weekly', minutesSavedPerWeek: 30, risk: 'low', reusable: true });
  }
  return byDate;
}
const hub = hubLines();
const hubLineCount = hub.reduce((n, l) => n + l.length, 0);

const programme = (id) => ({ schemaVersion: 1, id, title: 'Store bench', createdAt: '2026-01-01T00:00:00.000Z', timeZone: TIME_ZONE, settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] });
const sessionMeta = (id, programmeId) => ({ schemaVersion: 1, id, title: `Session ${id}`, programmeId, startsAt: at(id, '09:00'), createdAt: at(id, '08:00'), code: 'BNCH-0001' });

const tmp = await mkdtemp(path.join(os.tmpdir(), 'store-bench-'));
const packDir = path.join(tmp, 'pack');
await mkdir(packDir, { recursive: true });
await writeFile(path.join(packDir, 'pack.json'), JSON.stringify({ exercises: PACK }));

const seconds = (ms) => ms / 1000;
const clock = () => performance.now();
async function timed(fn) {
  const start = clock();
  const value = await fn();
  return { ms: clock() - start, value };
}

let expectedFunnel;
function check(reportValue, where) {
  const f = reportValue.funnel;
  if (f.invited !== PEOPLE) throw new Error(`${where}: the report invited ${f.invited}, not ${PEOPLE}`);
  const key = JSON.stringify({ funnel: f, segments: reportValue.segments });
  expectedFunnel ??= key;
  if (key !== expectedFunnel) throw new Error(`${where}: the report differs from the folder one: ${key} vs ${expectedFunnel}`);
}

// ---- the baseline: today's folder format ----

async function folderRun(n) {
  const dataDir = path.join(tmp, `folder-${n}`);
  await createProgramme(dataDir, { id: 'bench', title: 'Store bench', timeZone: TIME_ZONE, now: new Date('2026-01-01T00:00:00.000Z') });
  const imported = await timed(async () => {
    await saveRoster(dataDir, 'bench', roster);
    await saveUsage(dataDir, 'bench', mergeUsage(emptyUsage(), { format: 'csv', days: usageDays, ungroupedRequests: 0, warnings: [] }, { file: 'usage.csv', now: NOW }));
  });
  return { dataDir, ms: imported.ms };
}

async function writeFolderSessions(dataDir) {
  await loadProgramme(dataDir, 'bench');
  for (const [index, id] of DATES.entries()) {
    const dir = path.join(dataDir, 'programmes', 'bench', 'sessions', id);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'session.json'), JSON.stringify(sessionMeta(id, 'bench')));
    await writeFile(path.join(dir, 'log.jsonl'), `${hub[index].map((l) => JSON.stringify(l)).join('\n')}\n`);
  }
}

// ---- a store engine ----

async function storeRuns(name, openTarget) {
  const imports = [];
  const opens = [];
  let kept;
  for (let n = 0; n < IMPORT_RUNS; n += 1) {
    const target = await openTarget(n);
    const opened = await timed(() => Store.open(target));
    opens.push(opened.ms);
    const store = opened.value;
    await store.putProgramme(programme('bench'), 'bench');
    const imported = await timed(async () => {
      await store.updateRoster('bench', 'bench', () => ({ roster }));
      await store.addUsage('bench', usageDays, { file: 'usage.csv', importedAt: NOW.toISOString(), format: 'csv' }, 'bench');
    });
    imports.push(imported.ms);
    if (n < IMPORT_RUNS - 1) {
      await store.close();
      continue;
    }
    for (const [index, id] of DATES.entries()) {
      await store.putSession('bench', sessionMeta(id, 'bench'), 'venue', 'bench');
      await store.appendLines('bench', id, 'hub', hub[index]);
    }
    kept = { store, target };
  }
  const reports = [];
  for (let n = 0; n < REPORT_RUNS; n += 1) {
    const built = await timed(() => loadProgrammeReportFromStore(kept.store, 'bench', { packDir, now: NOW }));
    check(built.value.report, name);
    JSON.stringify(built.value.report);
    reports.push(built.ms);
  }
  // Later opens of the same database (the embedded engine's folder already initialised).
  await kept.store.close();
  const reopens = [];
  for (let n = 0; n < 3; n += 1) {
    const reopened = await timed(() => Store.open(kept.target));
    reopens.push(reopened.ms);
    await reopened.value.close();
  }
  return { imports, reports, opens, reopens };
}

let ok = true;
try {
  process.stdout.write(`Data: ${PEOPLE} people, ${KEYS} keys × ${DAYS} days = ${usageDays.length} usage rows, ${hubLineCount} hub lines over ${DATES.length} dates. Load average at start: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores.\n`);

  const folderImports = [];
  let folderDir;
  for (let n = 0; n < IMPORT_RUNS; n += 1) {
    const run = await folderRun(n);
    folderImports.push(run.ms);
    folderDir = run.dataDir;
  }
  await writeFolderSessions(folderDir);
  const folderReports = [];
  for (let n = 0; n < REPORT_RUNS; n += 1) {
    const built = await timed(() => loadProgrammeReport({ dataDir: folderDir, programmeId: 'bench', packDir, now: NOW }));
    check(built.value.report, 'folder');
    JSON.stringify(built.value.report);
    folderReports.push(built.ms);
  }
  const baseImport = seconds(median(folderImports));
  const baseReport = seconds(median(folderReports));
  report('folder format (baseline): import', baseImport, 's');
  report('folder format (baseline): report', baseReport, 's');

  const engines = [['embedded', async (n) => ({ kind: 'embedded', location: path.join(tmp, `embedded-${n}`, 'database') })]];
  const cluster = await startCluster().catch((error) => {
    process.stdout.write(`- PostgreSQL: could not start a throwaway cluster (${error.message}); not measured.\n`);
    return undefined;
  });
  if (cluster) engines.push([`postgres ${cluster.version}`, async () => ({ kind: 'postgres', location: await cluster.createDatabase() })]);
  else process.stdout.write('- PostgreSQL is not installed here: its figures are NOT measured (CI installs it).\n');
  try {
    for (const [name, openTarget] of engines) {
      const runs = await storeRuns(name, openTarget);
      if (name === 'embedded') {
        report('embedded: first open (initdb + migrations)', seconds(median(runs.opens)), 's');
        report('embedded: later open', seconds(median(runs.reopens)), 's');
      }
      ok = report(`${name}: import (roster ${PEOPLE} + ${usageDays.length} usage rows)`, seconds(median(runs.imports)), 's', { baseline: baseImport, target: 60 }) && ok;
      ok = report(`${name}: programme report (JSON, BI facts saved)`, seconds(median(runs.reports)), 's', { baseline: baseReport, target: 5 }) && ok;
      process.stdout.write(`  (${name} runs: import ${runs.imports.map((t) => seconds(t).toFixed(1)).join(', ')} s; report ${runs.reports.map((t) => seconds(t).toFixed(2)).join(', ')} s, the first one writing the BI facts)\n`);
    }
  } finally {
    await cluster?.stop();
  }
  process.stdout.write(`Load average at end: ${os.loadavg()[0].toFixed(1)}.\n`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
