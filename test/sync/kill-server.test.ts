import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../facilitator/hub/tokens.js';
import { Store, type StoreTarget } from '../../facilitator/store/store.js';
import { Forwarder } from '../../facilitator/sync/forwarder.js';
import { SyncClient } from '../../facilitator/sync/sync-client.js';
import { tempDir } from '../hub/helpers.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { PROGRAMME_ID, fillVenue, freePort, hintEvent, newServerToken, openVenueSession, waitFor } from './helpers.js';

afterAll(cleanupTargets);

/**
 * Issue 13: kill -9 of the programme server while 50 laptops post their after-session events to
 * `/p/v1/events` and a venue's outbox is sending its log: after a restart, every event the server
 * acknowledged is there, and so is every venue line up to the seq it acknowledged. The server is a
 * real process (test/sync/fixtures/programme-server.mjs, the built code) on each engine.
 */
const FIXTURE = fileURLToPath(new URL('./fixtures/programme-server.mjs', import.meta.url));
const LAPTOPS = 50;

function startServer(target: StoreTarget, port: number, token: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, SYNC_TEST_TARGET: JSON.stringify(target), SYNC_TEST_PROGRAMME: PROGRAMME_ID, SYNC_TEST_PORT: String(port), SYNC_TEST_TOKEN_HASH: hashToken(token) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe.each(ENGINES)('kill -9 of the programme server during ingest (%s engine)', (kind) => {
  it.skipIf(!engineAvailable(kind))('loses no acknowledged event of 50 laptops and no acknowledged line of a syncing venue', async () => {
    const root = await tempDir('sync-kill-');
    const target = await freshTarget(kind);
    const port = await freePort();
    const token = newServerToken();
    let server = await startServer(target, port, token);
    try {
      // The date happened at a venue: 50 joins, and a backlog the venue is still sending.
      const venue = await openVenueSession(root.dir, '2026-03-05');
      const tokens = await fillVenue(venue.store, LAPTOPS, 0, 'k');
      const joinsOnly = await Forwarder.open({ dir: venue.dir, programmeId: PROGRAMME_ID, meta: venue.meta, client: new SyncClient(server.url, token) });
      await joinsOnly.syncOnce();
      for (const id of tokens.keys()) {
        const events = Array.from({ length: 160 }, (_, e) => hintEvent(`venue-${id}-${e}`));
        for (let i = 0; i < events.length; i += 40) await venue.store.appendEvents(id, events.slice(i, i + 40));
      }
      await venue.store.close();
      const outbox = await Forwarder.open({ dir: venue.dir, programmeId: PROGRAMME_ID, meta: venue.meta, client: new SyncClient(server.url, token), backoff: { initialMs: 100, maxMs: 500 } });
      outbox.start();

      // 50 laptops post after-session events, each batch with new ids, until the server dies.
      const acked = new Map<string, Set<string>>();
      let running = true;
      let n = 0;
      const laptop = async (participantId: string, participantToken: string) => {
        const mine = new Set<string>();
        acked.set(participantId, mine);
        while (running) {
          const events = Array.from({ length: 5 }, () => hintEvent(`after-${participantId}-${(n += 1)}`, '2026-03-20T10:00:00.000Z'));
          try {
            const response = await fetch(`${server.url}/p/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${participantToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }), signal: AbortSignal.timeout(10_000) });
            if (response.status === 200) for (const event of events) mine.add(event.id);
            else await response.text();
          } catch {
            return; // the server is gone
          }
        }
      };
      const laptops = Promise.all([...tokens].map(([id, t]) => laptop(id, t)));
      const total = () => [...acked.values()].reduce((sum, ids) => sum + ids.size, 0);
      await waitFor(() => total() >= 1000 && outbox.status.lastAckedSeq >= LAPTOPS + 1000, 60_000, 'ingest under way');
      // Somewhere in the middle of requests, not at a quiet moment.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));

      server.child.kill('SIGKILL');
      await exited(server.child);
      running = false;
      await laptops;
      const ackedVenueSeq = outbox.status.lastAckedSeq;
      const ackedEvents = total();
      expect(ackedEvents).toBeGreaterThan(0);

      // Restart on the same database: the outbox resumes from the server's figure and finishes.
      server = await startServer(target, port, token);
      const status = await new SyncClient(server.url, token).status(PROGRAMME_ID, '2026-03-05', AbortSignal.timeout(10_000));
      expect(status.lastSeq).toBeGreaterThanOrEqual(ackedVenueSeq);
      const lastLine = LAPTOPS + LAPTOPS * 160;
      await waitFor(() => outbox.status.state === 'synced' && outbox.status.lastAckedSeq === lastLine, 120_000, 'the venue caught up after the restart');
      await outbox.stop();
      server.child.kill('SIGTERM');
      await exited(server.child);

      const store = await Store.open(target);
      try {
        const lines = await store.readLines(PROGRAMME_ID, '2026-03-05');
        const hubSeqs = lines.filter((l) => l.origin === 'hub').map((l) => l.seq);
        expect(hubSeqs).toEqual(Array.from({ length: lastLine }, (_, i) => i + 1));
        const stored = new Map<string, Set<string>>();
        for (const { line } of lines) if (line.kind === 'event') stored.set(line.participantId, (stored.get(line.participantId) ?? new Set()).add(line.event.id));
        let lost = 0;
        for (const [participantId, ids] of acked) for (const id of ids) if (!stored.get(participantId)?.has(id)) lost += 1;
        expect({ acknowledged: ackedEvents, lost }).toEqual({ acknowledged: ackedEvents, lost: 0 });
        const all = lines.flatMap((l) => (l.line.kind === 'event' ? [l.line.event.id] : []));
        expect(new Set(all).size).toBe(all.length);
        console.log(`kill -9 (${kind}): ${ackedEvents} events acknowledged to 50 laptops and ${ackedVenueSeq} venue lines before the kill; 0 lost`);
      } finally {
        await store.close();
      }
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await root.cleanup();
    }
  }, 240_000);
});
