import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSession, sessionDir } from '../../facilitator/hub/store.js';
import type { ParticipantEvent } from '../../src/protocol/events.js';
import { bin, participantEnv } from './cli-helpers.js';
import { call, doctorEvent, event, tempDir } from './helpers.js';

/**
 * The promise behind every acknowledgement: once the hub answered 200, the event is on disk. This
 * kills the real `workshop host` process with SIGKILL while 20 participants are posting, restarts it,
 * and checks that every acknowledged event is there, exactly once.
 */
interface HostProcess {
  child: ChildProcess;
  ready: { joinUrl: string; code: string; dashboardUrl: string; sessionDir: string };
  stderr: () => string;
}

async function startHost(dataDir: string, env: NodeJS.ProcessEnv, port = 0): Promise<HostProcess> {
  const child = spawn(process.execPath, [bin, 'host', '--json', '--session', 'crash-test', '--bind', '127.0.0.1', '--port', String(port), '--data', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const ready = await new Promise<HostProcess['ready']>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start: ${stderr}`)), 20_000);
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(stdout.split('\n')[0]));
      }
    });
    child.on('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr}`)));
  });
  return { child, ready, stderr: () => stderr };
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('a hub killed with kill -9 in the middle of ingest', () => {
  it('loses no acknowledged event and keeps each exactly once after a restart', { timeout: 90_000 }, async () => {
    const tmp = await tempDir('crash-test-');
    try {
      const dataDir = path.join(tmp.dir, 'data');
      const env = await participantEnv(path.join(tmp.dir, 'home'));
      const first = await startHost(dataDir, env);
      running.push(first.child);
      const port = Number(new URL(first.ready.joinUrl).port);

      const people = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const answer = await call(first.ready.joinUrl, 'POST', '/v1/join', { body: { code: first.ready.code, name: `P${i}`, email: `p${i}@example.com`, team: 'T' } });
          expect(answer.status).toBe(201);
          return answer.body as { participantId: string; token: string };
        }),
      );

      const acknowledged = new Map<string, string>(); // event id → participant id
      const sent = new Map<string, ParticipantEvent[]>(); // participant id → every event tried
      let stop = false;
      const sender = async (person: { participantId: string; token: string }, index: number) => {
        const mine: ParticipantEvent[] = [];
        sent.set(person.participantId, mine);
        for (let round = 0; !stop; round += 1) {
          const batch = Array.from({ length: 1 + ((index + round) % 4) }, (_, k) => (k % 2 ? doctorEvent(round % 3 === 0) : event({ type: 'hint.shown', exerciseId: `ex-${round}`, hintIndex: k })));
          mine.push(...batch);
          try {
            const answer = await call(first.ready.joinUrl, 'POST', '/v1/events', { token: person.token, body: { events: batch } });
            if (answer.status === 200) for (const e of batch) acknowledged.set(e.id, person.participantId);
          } catch {
            return; // the hub is gone
          }
        }
      };
      const senders = people.map((person, i) => sender(person, i));
      // Let ingest run, then kill without warning while requests are in flight.
      const deadline = Date.now() + 30_000;
      while (acknowledged.size < 600 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(acknowledged.size).toBeGreaterThanOrEqual(600);
      const exited = new Promise((resolve) => first.child.once('exit', resolve));
      first.child.kill('SIGKILL');
      stop = true;
      await Promise.all(senders);
      await exited;
      expect(first.child.signalCode).toBe('SIGKILL');

      const second = await startHost(dataDir, env, port);
      running.push(second.child);
      expect(second.ready.code).toBe(first.ready.code);
      const dir = sessionDir(dataDir, 'crash-test');
      const stored = await readSession(dir);
      const storedIds = new Map(stored.events.map((r) => [r.event.id, r.participantId]));
      const lost = [...acknowledged].filter(([id, who]) => storedIds.get(id) !== who);
      expect(lost).toEqual([]);
      expect(stored.events.length).toBe(storedIds.size);

      // Every laptop resends everything it ever tried (an outbox does exactly that): nothing doubles.
      let total = 0;
      for (const person of people) {
        const mine = sent.get(person.participantId)!;
        total += mine.length;
        for (let i = 0; i < mine.length; i += 200) {
          const answer = await call(second.ready.joinUrl, 'POST', '/v1/events', { token: person.token, body: { events: mine.slice(i, i + 200) } });
          expect(answer.status).toBe(200);
        }
      }
      const after = await readSession(dir);
      expect(after.events).toHaveLength(total);
      expect(new Set(after.events.map((r) => r.event.id)).size).toBe(total);
      const stopped = new Promise((resolve) => second.child.once('exit', resolve));
      second.child.kill('SIGTERM');
      await stopped;
      expect(second.child.exitCode).toBe(0);
    } finally {
      await tmp.cleanup();
    }
  });
});
