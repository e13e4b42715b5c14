import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../facilitator/store/store.js';
import type { ParticipantEvent } from '../../src/protocol/events.js';
import { call, doctorEvent, event, tempDir } from '../hub/helpers.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { workshopBin } from '../support/run-workshop.js';

/**
 * The promise behind every acknowledgement, for a date hosted on the programme server: once its hub
 * answered 200, the event is committed. The real `workshop serve` process is killed with SIGKILL while 50 laptops
 * post, restarted, and every acknowledged event must be in the database exactly once, also after
 * every laptop resends everything it ever tried (as an outbox does).
 */
const LAPTOPS = 50;
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** The real `workshop serve` process; its owner token (written to the data folder, never printed) creates the date. */
async function startServer(dataDir: string, database: string | undefined, port = 0): Promise<{ child: ChildProcess; url: string; token: string }> {
  const args = [workshopBin, 'serve', '--programme', 'pilot', '--title', 'Pilot', '--time-zone', 'Asia/Tokyo', '--data', dataDir, '--bind', '127.0.0.1', '--port', String(port), '--json', ...(database ? ['--database', database] : [])];
  const env = { ...process.env };
  delete env.WORKSHOP_DATABASE_URL;
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 90_000);
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(stdout.split('\n')[0]));
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const token = (await readFile(path.join(dataDir, 'server-owner.token'), 'utf8')).trim();
  return { child, url: ready.url, token };
}

describe.each(ENGINES)('a server hosting a date, killed with kill -9 during ingest from 50 laptops (%s engine)', (kind) => {
  it.skipIf(!engineAvailable(kind))('loses no acknowledged event and keeps each exactly once after a restart', { timeout: 240_000 }, async () => {
    const tmp = await tempDir('hosted-crash-');
    const target = await freshTarget(kind);
    try {
      const dataDir = path.join(tmp.dir, 'data');
      const database = kind === 'postgres' ? target.location : undefined;
      const first = await startServer(dataDir, database);
      const port = Number(new URL(first.url).port);
      const created = await call(first.url, 'POST', '/v1/programmes/pilot/sessions', { token: first.token, body: { session: '2026-12-03' } });
      expect(created.status).toBe(201);
      const hubUrl: string = created.body.hubUrl;

      const people = await Promise.all(
        Array.from({ length: LAPTOPS }, async (_, i) => {
          const answer = await call(hubUrl, 'POST', '/v1/join', { body: { code: created.body.code, name: `P${i}`, email: `p${i}@example.com`, team: 'T' } });
          expect(answer.status).toBe(201);
          return answer.body as { participantId: string; token: string };
        }),
      );

      const acknowledged = new Map<string, string>(); // event id → participant id
      const sent = new Map<string, ParticipantEvent[]>();
      let stop = false;
      const sender = async (person: { participantId: string; token: string }, index: number) => {
        const mine: ParticipantEvent[] = [];
        sent.set(person.participantId, mine);
        for (let round = 0; !stop; round += 1) {
          const batch = Array.from({ length: 1 + ((index + round) % 3) }, (_, k) => (k % 2 ? doctorEvent(round % 3 === 0) : event({ type: 'hint.shown', exerciseId: `ex-${round}`, hintIndex: k })));
          mine.push(...batch);
          try {
            const answer = await call(hubUrl, 'POST', '/v1/events', { token: person.token, body: { events: batch } });
            if (answer.status === 200) for (const e of batch) acknowledged.set(e.id, person.participantId);
          } catch {
            return; // the server is gone
          }
        }
      };
      const senders = people.map((person, i) => sender(person, i));
      const deadline = Date.now() + 60_000;
      while (acknowledged.size < 1500 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(acknowledged.size).toBeGreaterThanOrEqual(1500);
      const exited = new Promise((resolve) => first.child.once('exit', resolve));
      first.child.kill('SIGKILL');
      stop = true;
      await Promise.all(senders);
      await exited;
      expect(first.child.signalCode).toBe('SIGKILL');

      // Restarted on the same address; the date's hub reopens on its first request, from the database.
      const second = await startServer(dataDir, database, port);
      const hello = await call(hubUrl, 'GET', '/v1/hello');
      expect(hello.body).toMatchObject({ session: { id: '2026-12-03' } });
      let total = 0;
      for (const person of people) {
        const mine = sent.get(person.participantId)!;
        total += mine.length;
        for (let i = 0; i < mine.length; i += 200) {
          const answer = await call(hubUrl, 'POST', '/v1/events', { token: person.token, body: { events: mine.slice(i, i + 200) } });
          expect(answer.status).toBe(200);
        }
      }
      const stopped = new Promise((resolve) => second.child.once('exit', resolve));
      second.child.kill('SIGTERM');
      await stopped;
      expect(second.child.exitCode).toBe(0);

      const store = await Store.open(kind === 'postgres' ? target : { kind: 'embedded', location: path.join(dataDir, 'database') });
      try {
        const lines = await store.readLines('pilot', '2026-12-03');
        const events = lines.flatMap((l) => (l.line.kind === 'event' ? [l.line] : []));
        const stored = new Map(events.map((e) => [e.event.id, e.participantId]));
        const lost = [...acknowledged].filter(([id, who]) => stored.get(id) !== who);
        expect(lost).toEqual([]);
        // Every event exactly once: the ones acknowledged before the kill, and every resend after it.
        expect(events).toHaveLength(total);
        expect(stored.size).toBe(total);
      } finally {
        await store.close();
      }
    } finally {
      await tmp.cleanup();
      await cleanupTargets();
    }
  });
});
