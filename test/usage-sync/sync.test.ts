import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/core/secret.js';
import { AdminApiClient } from '../../facilitator/admin-api/client.js';
import { loadCosts, loadSyncStates, loadUsage } from '../../facilitator/programme/store.js';
import { Store } from '../../facilitator/store/store.js';
import { FolderSink } from '../../facilitator/usage-sync/folder-sink.js';
import { StoreSink } from '../../facilitator/usage-sync/store-sink.js';
import { runSync } from '../../facilitator/usage-sync/sync.js';
import type { UsageSink } from '../../facilitator/usage-sync/sink.js';
import { type AdminApiMock, COSTS_PATH, USAGE_PATH, specExample } from '../support/admin-api-mock.js';
import { parseCompletionsPage, parseCostsPage } from '../../facilitator/admin-api/schemas.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { ADMIN_KEY, NO_SCOPE_KEY, NOW, PROGRAMME, ROSTER, USAGE_ONLY_KEY, client, costLines, everyFile, expectedData, programmeFolder, startMock, usageLines } from './helpers.js';

/**
 * `usage sync` against the Admin API mock, in process (a fake sleep, so retries take no time): what
 * it asks for, what it stores, how it resumes, and that the admin key goes nowhere but the
 * Authorization header.
 */
afterAll(cleanupTargets);

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(mockOptions: Parameters<typeof startMock>[0] = {}) {
  const mock = await startMock(mockOptions);
  const folder = await programmeFolder();
  cleanups.push(() => mock.close(), folder.cleanup);
  return { mock, dataDir: folder.dataDir, sink: new FolderSink(folder.dataDir, PROGRAMME.id, () => NOW) };
}

/** First sync: from 90 days before the first date (2026-05-20) to the end of yesterday (UTC). */
const FIRST_START = '2026-02-19';
const END = '2026-06-15';

function keyOnlyInAuthorization(mock: AdminApiMock): void {
  expect(mock.requests.length).toBeGreaterThan(0);
  for (const r of mock.requests) {
    expect(r.authorization).toBe(`Bearer ${ADMIN_KEY}`);
    expect(r.query + r.path + r.body + JSON.stringify(r.otherHeaders)).not.toContain('Zq7TestOnly');
  }
}

describe('usage sync from the Admin API into a programme folder', () => {
  it('reads every page of usage and spend grouped by key, and stores exactly what the API holds', async () => {
    const { mock, dataDir, sink } = await setup();
    const summary = await runSync({ client: client(mock), sink, now: NOW });
    const usageRequests = mock.requests.filter((r) => r.path.endsWith('/completions'));
    // 116 days in pages of 31 buckets: 4 pages, each asked for once, grouped by key and project.
    expect(usageRequests).toHaveLength(4);
    expect(usageRequests.map((r) => r.pageNumber)).toEqual([1, 2, 3, 4]);
    for (const r of mock.requests) {
      expect(r.params.getAll('group_by')).toContain(r.path.endsWith('/completions') ? 'project_id' : 'api_key_id');
      expect(r.params.getAll('group_by')).toContain('api_key_id');
      expect(r.params.get('bucket_width')).toBe('1d');
      expect(r.params.get('limit')).toBe('31');
      expect(Number(r.params.get('start_time'))).toBe(Date.parse(`${FIRST_START}T00:00:00Z`) / 1000);
      expect(Number(r.params.get('end_time'))).toBe(Date.parse(`${END}T00:00:00Z`) / 1000);
    }
    const expected = expectedData(FIRST_START, END);
    expect(usageLines((await loadUsage(dataDir, 'spring')).days)).toEqual(expected.usage);
    expect(costLines((await loadCosts(dataDir, 'spring')).days)).toEqual(expected.costs);
    const states = await loadSyncStates(dataDir, 'spring');
    expect(states.streams['completions|']).toMatchObject({ syncedThrough: '2026-06-14' });
    expect(states.streams['completions|'].resume).toBeUndefined();
    expect(summary.streams.map((s) => [s.stream, s.startReason, s.pages, s.grouping])).toEqual([
      ['completions', 'first-sync', 4, undefined],
      ['costs', 'first-sync', 4, 'key'],
    ]);
    keyOnlyInAuthorization(mock);
    expect(await everyFile(dataDir)).not.toContain('Zq7TestOnly');
  });

  it('a second run re-reads only the last 2 days synced, and replaces them', async () => {
    const { mock, dataDir, sink } = await setup();
    await runSync({ client: client(mock), sink, now: NOW });
    const before = (await loadUsage(dataDir, 'spring')).days.length;
    mock.requests.length = 0;
    const later = new Date('2026-06-16T08:00:00Z');
    const summary = await runSync({ client: client(mock), sink: new FolderSink(dataDir, 'spring', () => later), now: later });
    expect(mock.requests).toHaveLength(2);
    for (const r of mock.requests) {
      // syncedThrough was 2026-06-14: 06-13 and 06-14 again, and the new day 06-15.
      expect(Number(r.params.get('start_time'))).toBe(Date.parse('2026-06-13T00:00:00Z') / 1000);
      expect(Number(r.params.get('end_time'))).toBe(Date.parse('2026-06-16T00:00:00Z') / 1000);
    }
    expect(summary.streams[0]).toMatchObject({ startReason: 'incremental', start: '2026-06-13', syncedThrough: '2026-06-15' });
    expect((await loadUsage(dataDir, 'spring')).days.length).toBe(before);
  });

  it('--since starts where it says', async () => {
    const { mock, sink } = await setup();
    await runSync({ client: client(mock), sink, now: NOW, since: '2026-06-01' });
    expect(new Set(mock.requests.map((r) => r.params.get('start_time')))).toEqual(new Set([String(Date.parse('2026-06-01T00:00:00Z') / 1000)]));
  });

  it("stores the spec's own examples as they are: the usage example's next_page is followed, its keyless requests counted, its spend kept", async () => {
    const { mock, dataDir, sink } = await setup({ data: 'spec-examples' });
    const summary = await runSync({ client: client(mock), sink, now: NOW });
    const usage = mock.requests.filter((r) => r.path.endsWith('/completions'));
    expect(usage.map((r) => r.params.get('page'))).toEqual([null, 'page_AAAAAGdGxdEiJdKOAAAAAGcqsYA=']);
    expect(summary.streams[0]).toMatchObject({ requests: 0, ungroupedRequests: 5, rows: 0 });
    expect((await loadCosts(dataDir, 'spring')).days).toEqual([{ source: { kind: 'project', value: '' }, lineItem: '', day: '2024-11-01', amount: 0.06, currency: 'usd' }]);
  });

  it('honours 429 and retry-after, and backs off with jitter on 5xx', async () => {
    const { mock, sink } = await setup();
    mock.fail({ endpoint: 'usage', page: 2, mode: '429', times: 1, retryAfter: 2 });
    mock.fail({ endpoint: 'costs', page: 1, mode: '500', times: 2 });
    const c = client(mock, { retry: { attempts: 4, baseDelayMs: 100 } });
    await runSync({ client: c, sink, now: NOW });
    expect(c.waits[0]).toBe(2000);
    // Backoff: 100 ms then 200 ms, each with jitter between half and all of it.
    expect(c.waits[1]).toBeGreaterThanOrEqual(50);
    expect(c.waits[1]).toBeLessThanOrEqual(100);
    expect(c.waits[2]).toBeGreaterThanOrEqual(100);
    expect(c.waits[2]).toBeLessThanOrEqual(200);
    expect(c.waits).toHaveLength(3);
  });

  it('waits for real when the API says retry-after: 1', async () => {
    const { mock, sink } = await setup();
    mock.fail({ endpoint: 'usage', page: 1, mode: '429', times: 1, retryAfter: 1 });
    const real = new AdminApiClient(mock.url, new ApiKey(ADMIN_KEY), { retry: { attempts: 2 } });
    const started = performance.now();
    await runSync({ client: real, sink, now: NOW, streams: ['completions'] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    const first = mock.requests.filter((r) => r.pageNumber === 1);
    expect(first).toHaveLength(2);
  });

  it('says what is wrong with the key on 401 and 403, without the key', async () => {
    const { mock, sink } = await setup();
    const bad = 'sk-admin-ThisKeyDoesNotExist0123456789abcdef';
    const unknown = runSync({ client: client(mock, { key: bad }), sink, now: NOW });
    await expect(unknown).rejects.toThrow(/did not accept OPENAI_ADMIN_KEY \(HTTP 401/);
    await expect(runSync({ client: client(mock, { key: bad }), sink, now: NOW })).rejects.not.toThrow(/DoesNotExist/);
    await expect(runSync({ client: client(mock, { key: NO_SCOPE_KEY }), sink, now: NOW })).rejects.toThrow('may not read the completions usage (HTTP 403): it lacks the scope api.usage.read');
    expect(USAGE_ONLY_KEY).toBeTruthy();
  });

  it('falls back to spend per project and line item when the Costs API will not group by key, and says so', async () => {
    const { mock, dataDir, sink } = await setup({ costsByKey: false });
    const summary = await runSync({ client: client(mock), sink, now: NOW });
    expect(summary.streams[1].grouping).toBe('project');
    expect(summary.warnings.join('\n')).toContain('per project and line item');
    const costs = (await loadCosts(dataDir, 'spring')).days;
    expect(new Set(costs.map((c) => `${c.source.kind}:${c.source.value}`))).toEqual(new Set(['project:proj_workshop']));
    expect(new Set(costs.map((c) => c.lineItem))).toEqual(new Set(['gpt-5-codex, input', 'gpt-5-codex, output']));
  });

  it('resumes after the connection drops at page 3: pages 1 and 2 are not read again, and the data is the same as an uninterrupted sync', async () => {
    const { mock, dataDir, sink } = await setup();
    mock.fail({ endpoint: 'usage', page: 3, mode: 'close' });
    await expect(runSync({ client: client(mock), sink, now: NOW })).rejects.toThrow(/Gave up after 3 attempts; run the same command again/);
    const stopped = await loadSyncStates(dataDir, 'spring');
    expect(stopped.streams['completions|'].resume).toMatchObject({ start: FIRST_START, end: END, page: expect.stringMatching(/^page_/) });
    mock.clearFailures();
    mock.requests.length = 0;
    const summary = await runSync({ client: client(mock), sink: new FolderSink(dataDir, 'spring', () => NOW), now: NOW });
    expect(summary.streams[0]).toMatchObject({ resumed: true, pages: 2 });
    expect(mock.requests.filter((r) => r.path.endsWith('/completions')).map((r) => r.pageNumber)).toEqual([3, 4]);

    const { mock: other, dataDir: cleanDir, sink: cleanSink } = await setup();
    await runSync({ client: client(other), sink: cleanSink, now: NOW });
    expect(usageLines((await loadUsage(dataDir, 'spring')).days)).toEqual(usageLines((await loadUsage(cleanDir, 'spring')).days));
    expect(costLines((await loadCosts(dataDir, 'spring')).days)).toEqual(costLines((await loadCosts(cleanDir, 'spring')).days));
    expect((await loadSyncStates(dataDir, 'spring')).streams['completions|'].syncedThrough).toBe('2026-06-14');
  });
});

describe('Admin API pages of the wrong kind', () => {
  it("refuses a costs page where completions usage was asked for, and the reverse, saying what it found", () => {
    const costs = JSON.parse(specExample(COSTS_PATH));
    expect(parseCompletionsPage(costs)).toEqual({ problem: 'data.0.results.0: object is "organization.costs.result", not "organization.usage.completions.result"' });
    expect(parseCostsPage(JSON.parse(specExample(USAGE_PATH)))).toMatchObject({ problem: expect.stringContaining('not "organization.costs.result"') });
    expect(parseCostsPage(costs)).toMatchObject({ page: { has_more: false, data: [{ results: [{ amount: { value: 0.06, currency: 'usd' } }] }] } });
  });
});

describe.each(ENGINES)('usage sync into the database on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('stores each page with its state, resumes after an interruption, and a rerun changes nothing', async () => {
    const mock = await startMock();
    cleanups.push(() => mock.close());
    const store = await Store.open(await freshTarget(kind));
    cleanups.push(() => store.close());
    await store.putProgramme(PROGRAMME, 'test');
    await store.putRoster('spring', ROSTER, 'test');
    const sink: UsageSink = StoreSink.on(store, 'spring', 'cli:test');
    mock.fail({ endpoint: 'costs', page: 2, mode: 'close' });
    await expect(runSync({ client: client(mock), sink, now: NOW })).rejects.toThrow(/Gave up/);
    expect((await store.getSyncState('spring', 'completions', '')).syncedThrough).toBe('2026-06-14');
    expect((await store.getSyncState('spring', 'costs', '')).resume).toMatchObject({ page: expect.any(String), grouping: 'key' });
    mock.clearFailures();
    mock.requests.length = 0;
    await runSync({ client: client(mock), sink, now: NOW });
    expect(mock.requests.filter((r) => r.path.endsWith('/costs')).map((r) => r.pageNumber)).toEqual([2, 3, 4]);
    const expected = expectedData(FIRST_START, END);
    // The completions stream was complete: its rerun re-read only its last 2 days.
    expect(mock.requests.filter((r) => r.path.endsWith('/completions')).map((r) => r.params.get('start_time'))).toEqual([String(Date.parse('2026-06-13T00:00:00Z') / 1000)]);
    expect(usageLines((await store.getUsage('spring')).days)).toEqual(expected.usage);
    expect(costLines(await store.getCosts('spring'))).toEqual(expected.costs);
    const changes = await store.changes('spring');
    expect(changes.some((c) => c.action === 'usage.sync' && c.actor === 'cli:test')).toBe(true);
    const rows: string[] = [];
    await store.exportRows(async (_table, batch) => {
      rows.push(...batch);
    });
    expect(rows.join('\n')).toContain('key_gen00001');
    const dump = rows.join('\n') + JSON.stringify(changes);
    expect(dump).not.toContain('Zq7TestOnly');
    keyOnlyInAuthorization(mock);
  });
});
