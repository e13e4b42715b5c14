import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sseWatcher } from '../../facilitator/hub/sse-stream.js';
import { HubPaths } from '../../src/protocol/hub-api.js';
import { tempDir, testHub } from './helpers.js';

/**
 * Issue 12 (item 7): a dashboard stream that stops reading must not grow the hub's memory. Real
 * sockets on 127.0.0.1: a client that sends its request and then never reads (the kernel's buffers
 * fill, about 4 MB on loopback), next to one that reads.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Opens a raw connection, sends a GET and never reads what comes back. */
function stalledReader(port: number, url: string, headers: Record<string, string> = {}): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      const lines = [`GET ${url} HTTP/1.1`, 'Host: 127.0.0.1', 'Accept: text/event-stream', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''];
      socket.write(lines.join('\r\n'));
      socket.pause();
      resolve(socket);
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
    cleanups.push(() => void socket.destroy());
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a dashboard stream that stops reading is cut after a bounded buffer', () => {
  it('sse-stream: the stalled socket is dropped with at most the bound waiting; a reading one gets every byte', async () => {
    const bound = 256 * 1024;
    const payload = { text: 'x'.repeat(32 * 1024) };
    const results = new Map<string, { sent: number; dropped: boolean; maxBuffered: number }>();
    const server = http.createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const who = request.url!.slice(1);
      const state = { sent: 0, dropped: false, maxBuffered: 0 };
      results.set(who, state);
      const watcher = sseWatcher(response, { maxBufferedBytes: bound, onClose: () => undefined, onDropped: () => (state.dropped = true) });
      const pump = () => {
        // 16 MB each, far beyond what the kernel holds for a reader that does not read.
        if (watcher.closed || state.sent >= 16 * 1024 * 1024) return void watcher.close();
        watcher.send('update', payload);
        state.sent += 32 * 1024;
        state.maxBuffered = Math.max(state.maxBuffered, response.writableLength);
        setImmediate(pump);
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const { port } = server.address() as AddressInfo;

    await stalledReader(port, '/stalled');
    const reading = await fetch(`http://127.0.0.1:${port}/reading`);
    let received = 0;
    for await (const chunk of reading.body!) received += (chunk as Uint8Array).length;

    for (let i = 0; i < 100 && !results.get('stalled')?.dropped; i += 1) await sleep(50);
    const stalled = results.get('stalled')!;
    expect(stalled.dropped).toBe(true);
    expect(stalled.maxBuffered).toBeLessThanOrEqual(bound + 32 * 1024 + 64);
    expect(stalled.sent).toBeLessThan(16 * 1024 * 1024);
    const fast = results.get('reading')!;
    expect(fast.dropped).toBe(false);
    expect(received).toBeGreaterThan(16 * 1024 * 1024);
  }, 30_000);

  it('the hub: a stalled dashboard is disconnected (slot freed, host warned) while a reading dashboard keeps its updates', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    // Every card's minutes change on every push (the clock runs 30 s per reading) and pushes come
    // every few ms: megabytes of updates in a second or two.
    let now = Date.parse('2026-12-03T09:00:00Z');
    const warnings: string[] = [];
    const hub = await testHub(dir, {
      clock: () => new Date((now += 30_000)),
      pushIntervalMs: 1,
      limits: { sseBufferBytes: 64 * 1024 },
      warn: (m) => warnings.push(m),
    });
    cleanups.push(() => hub.close());
    for (let i = 0; i < 150; i += 1) await hub.store.join({ name: `Participant ${i} ${'n'.repeat(60)}`, email: `p${i}@example.com`, team: 'T'.repeat(60) });

    const auth = { Authorization: `Bearer ${hub.facilitatorToken}` };
    await stalledReader(hub.port, HubPaths.facilitatorStream, auth);
    const controller = new AbortController();
    cleanups.push(() => controller.abort());
    const reading = await fetch(`${hub.joinUrl}${HubPaths.facilitatorStream}`, { headers: auth, signal: controller.signal });
    let updates = 0;
    const readingDone = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of reading.body!) updates += decoder.decode(chunk as Uint8Array).split('event: update').length - 1;
      } catch {
        // aborted at the end of the test
      }
    })();
    for (let i = 0; i < 100 && hub.live.watcherCount < 2; i += 1) await sleep(20);
    expect(hub.live.watcherCount).toBe(2);

    for (let i = 0; i < 3000 && warnings.length === 0; i += 1) {
      hub.live.schedulePush();
      await sleep(2);
    }
    expect(warnings.join('\n')).toMatch(/a dashboard stopped reading its live stream \(\d+ KiB waiting\)/);
    // At most the bound plus one update (150 cards) waited in the hub.
    const kib = Number(/\((\d+) KiB/.exec(warnings[0])![1]);
    expect(kib).toBeLessThanOrEqual(64 + 150);
    await sleep(50);
    expect(hub.live.watcherCount).toBe(1);
    const before = updates;
    for (let i = 0; i < 20; i += 1) {
      hub.live.schedulePush();
      await sleep(5);
    }
    await sleep(100);
    expect(updates).toBeGreaterThan(before);
    controller.abort();
    await readingDone;
  }, 60_000);
});
