#!/usr/bin/env node
// `workshop usage sync` at scale (issue 16): 365 days × 2,000 API keys from the Admin API mock
// (test/support/admin-api-mock.ts, run in a child process as a remote API would be), into a fresh
// database (embedded PGlite, and PostgreSQL in a throwaway cluster when installed), one page with its
// state per transaction.
// - full sync: both streams (completions usage, costs), 12 pages each. Target ≤ 60 s.
// - incremental sync of one day: the next day's run (one new day + the 2 re-read days). Target ≤ 2 s.
// Baseline in the same run: the same pages, already fetched and saved to disk, read back, parsed,
// converted and stored the same way (so the difference is the API round trips and the retry layer).
// Medians of USAGE_SYNC_BENCH_RUNS runs (default 3). Exits 1 if a target is missed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { median, report } from './lib.mjs';
import { startCluster } from './postgres-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
if (!existsSync(dist('facilitator/usage-sync/sync.js'))) {
  console.error('Run `npm run build` first (npm run bench does).');
  process.exit(2);
}
const { Store } = await import(dist('facilitator/store/store.js'));
const { StoreSink } = await import(dist('facilitator/usage-sync/store-sink.js'));
const { runSync } = await import(dist('facilitator/usage-sync/sync.js'));
const { AdminApiClient } = await import(dist('facilitator/admin-api/client.js'));
const { parseCompletionsPage, parseCostsPage } = await import(dist('facilitator/admin-api/schemas.js'));
const { usageDaysOf, costDaysOf } = await import(dist('facilitator/usage-sync/convert.js'));
const { planWindow, stateAfterPage } = await import(dist('facilitator/usage-sync/window.js'));
const { ApiKey } = await import(dist('src/core/secret.js'));

const KEYS = 2_000;
const DAYS = 365;
const FIRST_DAY = '2025-06-01';
const NOW = new Date('2026-06-01T06:00:00Z'); // 365 days after FIRST_DAY: the window is exactly the data
const NEXT_DAY = new Date('2026-06-02T06:00:00Z');
const RUNS = Number(process.env.USAGE_SYNC_BENCH_RUNS ?? 3);
const ADMIN_KEY = 'sk-admin-BenchOnlyKey0123456789abcdefghijklmnop';
const PROGRAMME = { schemaVersion: 1, id: 'bench', title: 'Bench', createdAt: '2025-05-01T00:00:00.000Z', timeZone: 'UTC', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] };

const work = await mkdtemp(path.join(os.tmpdir(), 'usage-sync-bench-'));
// Under dist/ (build output, not committed) so that `yaml` resolves from the repository's node_modules.
const mockFile = path.join(root, 'dist', '.bench', 'admin-api-mock.mjs');
await build({ entryPoints: [path.join(root, 'test/support/admin-api-mock.ts')], bundle: true, platform: 'node', format: 'esm', outfile: mockFile, external: ['yaml'], logLevel: 'error' });
const childFile = path.join(work, 'mock-child.mjs');
await writeFile(
  childFile,
  `const { AdminApiMock, SCOPES } = await import(${JSON.stringify(mockFile)});
const mock = await AdminApiMock.start({ keys: { ${JSON.stringify(ADMIN_KEY)}: [SCOPES.usage] }, generated: { keys: ${KEYS}, days: ${DAYS + 1}, firstDay: '${FIRST_DAY}' } });
process.stdout.write(mock.url + '\\n');
process.stdin.on('end', () => mock.close().then(() => process.exit(0)));
process.stdin.resume();
`,
);
const child = spawn(process.execPath, [childFile], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ADMIN_API_SPEC_FILE: path.join(root, 'test/fixtures/openai-admin-api.yaml') } });
const url = await new Promise((resolve, reject) => {
  child.stdout.once('data', (chunk) => resolve(String(chunk).trim()));
  child.once('exit', (code) => reject(new Error(`the mock exited (${code})`)));
});

async function freshStore(target) {
  const store = await Store.open(await target());
  await store.putProgramme(PROGRAMME, 'bench');
  return store;
}

const engines = [['embedded', async () => ({ kind: 'embedded', location: path.join(work, `db-${Math.random().toString(36).slice(2)}`) })]];
const cluster = await startCluster().catch((error) => {
  process.stdout.write(`- PostgreSQL: could not start a throwaway cluster (${error.message}); not measured.\n`);
  return undefined;
});
if (cluster) engines.push([`postgres ${cluster.version}`, async () => ({ kind: 'postgres', location: await cluster.createDatabase() })]);

const client = () => new AdminApiClient(url, new ApiKey(ADMIN_KEY));

/** The baseline: the same pages from disk, parsed, converted and stored page by page with their state. */
async function storeFromDisk(store, pages, now) {
  for (const stream of ['completions', 'costs']) {
    let state = await store.getSyncState('bench', stream, '');
    const plan = planWindow({ state, now, ...(state.syncedThrough ? {} : { since: FIRST_DAY }) });
    for (const file of pages[stream]) {
      const text = await readFile(file, 'utf8');
      const { page } = (stream === 'completions' ? parseCompletionsPage : parseCostsPage)(JSON.parse(text));
      const usage = stream === 'completions' ? usageDaysOf(page, 'UTC').days : [];
      const costs = stream === 'costs' ? costDaysOf(page, 'key', 'UTC') : [];
      state = stateAfterPage(plan, state, { ...(page.has_more ? { page: page.next_page } : {}), ...(stream === 'costs' ? { grouping: 'key' } : {}) });
      await store.storeSyncPage('bench', { stream, scope: '', usage, costs, state }, 'bench');
    }
  }
}

/** Fetches a window's pages once, as the sync asks for them, and saves them as files. */
async function savePages(tag, start, end) {
  const out = { completions: [], costs: [] };
  for (const [stream, route, groupBy] of [
    ['completions', 'usage/completions', ['api_key_id', 'project_id']],
    ['costs', 'costs', ['api_key_id', 'project_id']],
  ]) {
    let page;
    for (let n = 0; ; n++) {
      const q = new URLSearchParams({ start_time: String(Date.parse(`${start}T00:00:00Z`) / 1000), end_time: String(Date.parse(`${end}T00:00:00Z`) / 1000), bucket_width: '1d', limit: '31' });
      for (const g of groupBy) q.append('group_by', g);
      if (page) q.set('page', page);
      const res = await fetch(`${url}/organization/${route}?${q}`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
      const text = await res.text();
      const file = path.join(work, `${tag}-${stream}-${n}.json`);
      await writeFile(file, text);
      out[stream].push(file);
      const body = JSON.parse(text);
      if (!body.has_more) break;
      page = body.next_page;
    }
  }
  return out;
}

const fullPages = await savePages('full', FIRST_DAY, '2026-06-01');
const dayPages = await savePages('day', '2026-05-30', '2026-06-02');

let ok = true;
try {
  for (const [engine, target] of engines) {
    const full = [];
    const fullBase = [];
    const day = [];
    const dayBase = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      const store = await freshStore(target);
      let started = performance.now();
      const summary = await runSync({ client: client(), sink: StoreSink.on(store, 'bench', 'bench'), since: FIRST_DAY, now: NOW });
      full.push((performance.now() - started) / 1000);
      rows = summary.streams.reduce((n, s) => n + s.rows, 0);
      started = performance.now();
      await runSync({ client: client(), sink: StoreSink.on(store, 'bench', 'bench'), now: NEXT_DAY });
      day.push((performance.now() - started) / 1000);
      await store.close();

      const base = await freshStore(target);
      started = performance.now();
      await storeFromDisk(base, fullPages, NOW);
      fullBase.push((performance.now() - started) / 1000);
      started = performance.now();
      await storeFromDisk(base, dayPages, NEXT_DAY);
      dayBase.push((performance.now() - started) / 1000);
      await base.close();
    }
    console.log(`${engine}: ${KEYS} keys × ${DAYS} days: ${rows.toLocaleString('en')} rows (usage key-days + spend key-days), ${fullPages.completions.length} + ${fullPages.costs.length} pages; ${RUNS} run(s)`);
    ok = report(`${engine}: full sync (mock API → database)`, median(full), 's', { target: 60, baseline: median(fullBase) }) && ok;
    ok = report(`${engine}: incremental sync of one day (3 days read)`, median(day), 's', { target: 2, baseline: median(dayBase) }) && ok;
  }
} finally {
  child.stdin.end();
  await cluster?.stop();
}
await rm(work, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
