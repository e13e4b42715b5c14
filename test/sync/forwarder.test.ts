import { appendFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../facilitator/sync/backoff.js';
import { Forwarder, type SyncStatus } from '../../facilitator/sync/forwarder.js';
import { describeSyncStatus, syncStatusPrinter } from '../../facilitator/sync/status-line.js';
import { SyncClient } from '../../facilitator/sync/sync-client.js';
import { writeSyncState } from '../../facilitator/sync/sync-state.js';
import type { SyncRequest } from '../../src/protocol/server-api.js';
import { tempDir } from '../hub/helpers.js';
import { cleanupTargets, freshTarget } from '../support/engines.js';
import { PROGRAMME_ID, type TestServer, fillVenue, openVenueSession, startTestServer, switchableLink, waitFor } from './helpers.js';

/** A client that counts what it sends (the real HTTP client underneath). */
class CountingClient extends SyncClient {
  batches: number[] = [];
  asked = 0;
  override async status(programmeId: string, sessionId: string, signal: AbortSignal) {
    this.asked += 1;
    return super.status(programmeId, sessionId, signal);
  }
  override async send(programmeId: string, sessionId: string, body: SyncRequest, signal: AbortSignal) {
    this.batches.push(body.lines.length);
    return super.send(programmeId, sessionId, body, signal);
  }
}

let server: TestServer;
let data: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  server = await startTestServer(await freshTarget('embedded'));
  data = await tempDir('sync-forwarder-');
});

afterAll(async () => {
  await server?.close();
  await data?.cleanup();
  await cleanupTargets();
});

const hubSeqs = async (session: string) => (await server.store.readLines(PROGRAMME_ID, session)).filter((l) => l.origin === 'hub').map((l) => l.seq);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('the venue outbox', () => {
  it('sends a finished log in batches of at most 1,000 lines, keeps its cursor in sync.json, and a second run sends nothing', async () => {
    const venue = await openVenueSession(data.dir, '2026-03-05');
    await fillVenue(venue.store, 30, 80, 'a');
    await venue.store.close();
    const client = new CountingClient(server.url, server.token);
    const forwarder = await Forwarder.open({ dir: venue.dir, programmeId: PROGRAMME_ID, meta: venue.meta, client });
    expect(forwarder.status.waiting).toBe(30 + 30 * 80);
    const totals = await forwarder.syncOnce();
    expect(totals).toEqual({ stored: 2430, skipped: 0 });
    expect(client.batches).toEqual([1000, 1000, 430]);
    expect(forwarder.status).toMatchObject({ state: 'synced', lastAckedSeq: 2430, waiting: 0 });
    expect(await hubSeqs('2026-03-05')).toEqual(range(2430));
    const state = JSON.parse(await readFile(path.join(venue.dir, 'sync.json'), 'utf8'));
    expect(state).toMatchObject({ url: server.url, programmeId: PROGRAMME_ID, lastAckedSeq: 2430 });
    expect(JSON.stringify(state)).not.toContain(server.token);

    const again = await Forwarder.open({ dir: venue.dir, programmeId: PROGRAMME_ID, meta: venue.meta, client: new CountingClient(server.url, server.token) });
    expect(await again.syncOnce()).toEqual({ stored: 0, skipped: 0 });
  });

  it("resumes from the server's figure: a lost sync.json costs no resend of stored lines, a server that lost lines gets them again", async () => {
    const venue = await openVenueSession(data.dir, '2026-03-06');
    await fillVenue(venue.store, 5, 10, 'b');
    await venue.store.close();
    const open = (client: SyncClient) => Forwarder.open({ dir: venue.dir, programmeId: PROGRAMME_ID, meta: venue.meta, client });
    await (await open(new SyncClient(server.url, server.token))).syncOnce();
    await rm(path.join(venue.dir, 'sync.json'));
    const counting = new CountingClient(server.url, server.token);
    await (await open(counting)).syncOnce();
    expect(counting.batches).toEqual([]);

    // A server restored from an older backup (it has none of this date) while sync.json says 55 were acknowledged.
    const other = await startTestServer(await freshTarget('embedded'));
    try {
      await rm(path.join(venue.dir, 'sync.json'), { force: true });
      await writeSyncState(venue.dir, { url: other.url, programmeId: PROGRAMME_ID, lastAckedSeq: 55 });
      const forwarder = await open(new SyncClient(other.url, other.token));
      expect(forwarder.status.lastAckedSeq).toBe(55);
      expect(await forwarder.syncOnce()).toEqual({ stored: 55, skipped: 0 });
      expect((await other.store.readLines(PROGRAMME_ID, '2026-03-06')).map((l) => l.seq)).toEqual(range(55));
    } finally {
      await other.close();
    }
  });

  it('while the server cannot be reached: keeps every line, says since when, backs off, and catches up when it answers', async () => {
    const link = await switchableLink(server.port);
    const venue = await openVenueSession(data.dir, '2026-03-07');
    const seen: SyncStatus[] = [];
    const forwarder = await Forwarder.open({
      dir: venue.dir,
      programmeId: PROGRAMME_ID,
      meta: venue.meta,
      client: new SyncClient(link.url, server.token),
      live: true,
      backoff: { initialMs: 50, maxMs: 400 },
      onStatus: (status) => seen.push(status),
    });
    venue.store.subscribe((records) => forwarder.durable(Math.max(...records.map((r) => r.seq))));
    forwarder.start();
    try {
      await fillVenue(venue.store, 4, 5, 'c');
      await waitFor(() => forwarder.status.state === 'unreachable', 10_000, 'unreachable');
      expect(forwarder.status.since).toBeTypeOf('number');
      expect(forwarder.status.reason).toMatch(/nothing is listening/);
      expect(describeSyncStatus(forwarder.status)).toMatch(/^sync: server unreachable since \d\d:\d\d .*24 lines waiting/);
      await fillVenue(venue.store, 2, 3, 'd');
      await link.up();
      await waitFor(() => forwarder.status.state === 'synced' && forwarder.status.lastAckedSeq === 24 + 2 + 6, 10_000, 'caught up');
      expect(await hubSeqs('2026-03-07')).toEqual(range(32));
      // Live again: a new record goes within moments.
      await fillVenue(venue.store, 1, 1, 'e');
      await waitFor(async () => (await hubSeqs('2026-03-07')).length === 34, 10_000, 'the next record');
      await waitFor(() => forwarder.status.state === 'synced', 10_000, 'synced again');
      expect(seen.some((s) => s.state === 'unreachable')).toBe(true);
    } finally {
      await venue.store.close();
      await forwarder.stop({ allDurable: true, drainMs: 2000 });
      await link.down();
    }
  });

  it('a live hub sends only what its store says is on disk', async () => {
    const venue = await openVenueSession(data.dir, '2026-03-08');
    await fillVenue(venue.store, 2, 0, 'f');
    const forwarder = await Forwarder.open({ dir: venue.dir, programmeId: PROGRAMME_ID, meta: venue.meta, client: new SyncClient(server.url, server.token), live: true });
    // A line in the file the store has not confirmed (a write still in flight, or one a failed flush takes back).
    const unconfirmed = { kind: 'room', seq: 3, at: '2026-03-08T10:00:00.000Z', change: { type: 'target', exerciseId: null } };
    await venue.store.close();
    await appendFile(path.join(venue.dir, 'log.jsonl'), `${JSON.stringify(unconfirmed)}\n`);
    await forwarder.syncOnce();
    expect(await hubSeqs('2026-03-08')).toEqual([1, 2]);
    forwarder.durable(3);
    await forwarder.syncOnce();
    expect(await hubSeqs('2026-03-08')).toEqual([1, 2, 3]);
  });

  it('stops with a last try at what is left, and a wrong token is a refusal with the reason, not a retry storm', async () => {
    const venue = await openVenueSession(data.dir, '2026-03-09');
    const seen: SyncStatus[] = [];
    const client = new CountingClient(server.url, `wst_${'n'.repeat(43)}`);
    const forwarder = await Forwarder.open({ dir: venue.dir, programmeId: PROGRAMME_ID, meta: venue.meta, client, live: true, backoff: { initialMs: 10, maxMs: 5000 }, onStatus: (s) => seen.push(s) });
    forwarder.start();
    await fillVenue(venue.store, 1, 1, 'g');
    await waitFor(() => forwarder.status.state === 'refused', 10_000, 'refused');
    expect(forwarder.status.reason).toMatch(/does not know that token, or it was revoked/);
    await venue.store.close();
    const final = await forwarder.stop({ allDurable: true, drainMs: 500 });
    expect(final).toMatchObject({ state: 'refused', waiting: 2 });
    // Asked once; the next try would only come after the longest backoff.
    expect(client.asked).toBe(1);
    expect(seen.some((s) => s.state === 'refused')).toBe(true);
  });
});

describe('backoff and the status line', () => {
  it('doubles up to the ceiling, with jitter between half and all of it', () => {
    const options = { initialMs: 1000, maxMs: 60_000 };
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, options, () => 1))).toEqual([1000, 2000, 4000, 8000, 60_000]);
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, options, () => 0))).toEqual([500, 1000, 2000, 4000, 30_000]);
  });

  it('prints a change of state at once and a flowing count at most every interval', () => {
    let now = 0;
    const printed: string[] = [];
    const print = syncStatusPrinter((line) => printed.push(line), 10_000, () => now);
    const status = (state: SyncStatus['state'], waiting: number, extra: Partial<SyncStatus> = {}): SyncStatus => ({ state, waiting, url: 'http://s', lastAckedSeq: 10, stored: 0, ...extra });
    print(status('waiting', 5));
    print(status('synced', 0));
    print(status('waiting', 1));
    now = 3_000;
    print(status('unreachable', 3, { since: 0, reason: 'nothing is listening there' }));
    print(status('unreachable', 4, { since: 0, reason: 'nothing is listening there' }));
    now = 4_000;
    print(status('synced', 0));
    expect(printed).toHaveLength(3);
    expect(printed[0]).toBe('sync: 5 lines waiting for http://s');
    expect(printed[1]).toMatch(/^sync: server unreachable since \d\d:\d\d \(nothing is listening there\); 3 lines waiting/);
    expect(printed[2]).toBe('sync: up to date with http://s (line 10)');
  });
});
