#!/usr/bin/env node
// Programme report and roster import speed (issue 6), against baselines measured in the same run:
// - the report (read every date's hub log, roster and usage; fold; render HTML, CSV and JSON) over
//   the synthetic 70-person programme and a 10× larger one, against JSON.parse of the same bytes;
// - a 1,000-row roster import (decode, parse CSV, validate, merge), against JSON.parse of the same rows;
// - `workshop report --programme` end to end, against `node -e 0`.
// Medians of several runs after a warm-up. Exits 1 if a target is missed.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report, timeCommand } from './lib.mjs';
import { NOW, PACK, TIME_ZONE, buildSyntheticProgramme } from '../test/programme/fixtures/synthetic-programme.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
if (!existsSync(dist('facilitator/programme/load.js'))) {
  console.error('Run `npm run build` first (npm run bench does).');
  process.exit(2);
}
const { createProgramme, saveRoster, saveUsage, loadRoster, emptyUsage, emptyRoster } = await import(dist('facilitator/programme/store.js'));
const { importRoster } = await import(dist('facilitator/programme/roster-import.js'));
const { decodeSpreadsheetBytes } = await import(dist('facilitator/programme/csv.js'));
const { parseUsageFile, mergeUsage } = await import(dist('facilitator/programme/usage-import.js'));
const { loadProgrammeReport } = await import(dist('facilitator/programme/load.js'));
const { renderHtml } = await import(dist('facilitator/programme/render-html.js'));
const { renderCsv } = await import(dist('facilitator/programme/render-text.js'));

function timeIt(fn, runs) {
  return (async () => {
    await fn(); // warm-up
    const times = [];
    for (let i = 0; i < runs; i += 1) {
      const start = process.hrtime.bigint();
      await fn();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return median(times);
  })();
}

/**
 * Writes the fixture's hub activity in the session folder format the hub writes (session.json and
 * log.jsonl, docs/protocol.md), directly: the hub's store flushes every append to disk, which would
 * make building a 700-person programme the slowest part of this benchmark.
 */
async function writeSessions(dataDir, programmeId, fixture) {
  for (const session of fixture.sessions) {
    const dir = path.join(dataDir, 'programmes', programmeId, 'sessions', session.id);
    await mkdir(dir, { recursive: true });
    const meta = { schemaVersion: 1, id: session.id, title: `Session ${session.id}`, programmeId, startsAt: session.startsAt, createdAt: session.startsAt, code: 'BNCH-0001' };
    await writeFile(path.join(dir, 'session.json'), JSON.stringify(meta));
    await writeFile(path.join(dir, 'facilitator.token'), `wsf_${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    const ids = new Map();
    let seq = 0;
    const lines = [];
    for (const line of fixture.hub[session.id]) {
      if (line.kind === 'join') {
        const id = ids.get(line.email) ?? `p${ids.size + 1}`;
        ids.set(line.email, id);
        lines.push({ kind: 'join', seq: (seq += 1), at: line.at, participant: { id, name: line.name, email: line.email, team: line.team }, tokenHash: randomBytes(32).toString('hex') });
      } else {
        lines.push({ kind: 'event', seq: (seq += 1), receivedAt: line.received, participantId: ids.get(line.email), event: line.event });
      }
    }
    await writeFile(path.join(dir, 'log.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  }
}

async function buildProgramme(dataDir, scale) {
  const fixture = buildSyntheticProgramme(scale);
  await createProgramme(dataDir, { id: 'bench', title: `Bench ×${scale}`, timeZone: TIME_ZONE });
  await saveRoster(dataDir, 'bench', importRoster(fixture.rosterCsv.slice(1), emptyRoster(), { file: 'roster.csv' }).roster);
  let usage = mergeUsage(emptyUsage(), parseUsageFile(fixture.usagePagesJsonLines, 'usage.jsonl', TIME_ZONE), { file: 'usage.jsonl' });
  usage = mergeUsage(usage, parseUsageFile(fixture.usageCsv, 'usage.csv', TIME_ZONE), { file: 'usage.csv' });
  await saveUsage(dataDir, 'bench', usage);
  await writeSessions(dataDir, 'bench', fixture);
  return fixture;
}

/** Baseline: reading and JSON.parse-ing every byte the report reads (logs line by line, roster, usage). */
async function parseEverything(dataDir) {
  const dir = path.join(dataDir, 'programmes', 'bench');
  for (const name of ['programme.json', 'roster.json', 'usage.json']) JSON.parse(await readFile(path.join(dir, name), 'utf8'));
  for (const session of await readdir(path.join(dir, 'sessions'))) {
    JSON.parse(await readFile(path.join(dir, 'sessions', session, 'session.json'), 'utf8'));
    for (const line of (await readFile(path.join(dir, 'sessions', session, 'log.jsonl'), 'utf8')).split('\n')) if (line) JSON.parse(line);
  }
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'programme-bench-'));
let ok = true;
try {
  const pack = path.join(tmp, 'pack');
  await mkdir(pack, { recursive: true });
  await writeFile(path.join(pack, 'pack.json'), JSON.stringify({ exercises: PACK }));
  const targets = { 1: 150, 10: 1000 };
  for (const scale of [1, 10]) {
    const dataDir = path.join(tmp, `data-${scale}`);
    const fixture = await buildProgramme(dataDir, scale);
    const events = Object.values(fixture.hub).reduce((n, lines) => n + lines.length, 0);
    const full = async () => {
      const { report: r } = await loadProgrammeReport({ dataDir, programmeId: 'bench', packDir: pack, now: new Date(NOW) });
      renderHtml(r);
      renderCsv(r);
      JSON.stringify(r);
      if (r.funnel.invited !== 70 * scale || r.funnel.continued !== 34 * scale) throw new Error(`wrong report at ×${scale}: ${JSON.stringify(r.funnel)}`);
    };
    const runs = scale === 1 ? 15 : 7;
    const baseline = await timeIt(() => parseEverything(dataDir), runs);
    const value = await timeIt(full, runs);
    ok = report(`programme report (html+csv+json), ${70 * scale} people, ${events} hub lines`, value, 'ms', { baseline, target: targets[scale] }) && ok;
  }

  // 1,000-row roster: a realistic spreadsheet export (BOM, CRLF, quoted names with commas, Japanese).
  const rows = ['email,name,team,key'];
  const asJson = [];
  for (let i = 0; i < 1000; i += 1) {
    const name = i % 3 === 0 ? `山田 太郎 ${i}` : `"Suzuki, Ichiro ${i}"`;
    rows.push(`person${i}@example.com,${name},Team ${i % 12},key_${String(i).padStart(6, '0')}`);
    asJson.push({ email: `person${i}@example.com`, name: name.replace(/"/g, ''), team: `Team ${i % 12}`, key: `key_${String(i).padStart(6, '0')}` });
  }
  const csvBytes = Buffer.from(`\uFEFF${rows.join('\r\n')}\r\n`, 'utf8');
  const jsonText = JSON.stringify(asJson);
  const existing = emptyRoster();
  const rosterBaseline = await timeIt(() => JSON.parse(jsonText), 30);
  const rosterValue = await timeIt(() => {
    const decoded = decodeSpreadsheetBytes(csvBytes, 'people.csv');
    const result = importRoster(decoded.text, existing, { file: 'people.csv' });
    if (result.added !== 1000) throw new Error('roster import lost rows');
  }, 30);
  ok = report('roster import, 1,000 rows (decode + CSV + validate + merge)', rosterValue, 'ms', { baseline: rosterBaseline, target: 100 }) && ok;

  // End to end through the CLI, as a facilitator runs it (process start included).
  const dataDir = path.join(tmp, 'data-1');
  const bin = path.join(root, 'bin', 'workshop.js');
  const env = { ...process.env, WORKSHOP_DATA: dataDir, WORKSHOP_HOME: path.join(tmp, 'home'), WORKSHOP_NO_PULSE_OFFER: '1', NO_COLOR: '1' };
  const nodeBaseline = timeCommand(process.execPath, ['-e', '0'], { runs: 7 });
  const cliArgs = [bin, 'report', '--programme', 'bench', '--pack', pack, '--format', 'html', '--out', path.join(tmp, 'report.html')];
  const cli = timeCommand(process.execPath, cliArgs, { runs: 7, env });
  if (existsSync(path.join(tmp, 'report.html'))) {
    ok = report('`workshop report --programme` (70 people, html) end to end', cli, 'ms', { baseline: nodeBaseline, target: 1500 }) && ok;
  } else {
    process.stdout.write('- `workshop report --programme` end to end: not measured (the command did not write a report)\n');
    ok = false;
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
