import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type HostOptions, type RunningHub, startHub } from '../../facilitator/hub/host.js';
import { type NewParticipantEvent, type ParticipantEvent, stampEvent } from '../../src/protocol/events.js';

/** A temp folder removed by the returned cleanup. */
export async function tempDir(prefix = 'hub-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A hub on 127.0.0.1 with a random port, serving no kit. */
export async function testHub(dataDir: string, overrides: Partial<HostOptions> = {}): Promise<RunningHub> {
  return startHub({
    dataDir,
    sessionId: 'test-session',
    title: 'Test session',
    port: 0,
    bind: '127.0.0.1',
    stuckAfterMinutes: 10,
    kit: false,
    ...overrides,
  });
}

export function doctorEvent(ready: boolean, failing: Array<[string, string]> = [], at?: Date): ParticipantEvent {
  return stampEvent(
    {
      type: 'doctor.completed',
      ready,
      platform: 'linux',
      codexVersion: '0.169.0',
      checks: [
        { id: 'node', status: 'ok', code: 'node_ok' },
        ...failing.map(([id, code]) => ({ id, status: 'fail' as const, code })),
      ],
    },
    at,
  );
}

export function event(e: NewParticipantEvent, at?: Date): ParticipantEvent {
  return stampEvent(e, at);
}

export interface JsonAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(base: string, method: string, url: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<JsonAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${url}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export async function joinAs(hub: RunningHub, name: string, email: string, team = 'Sales'): Promise<{ participantId: string; token: string }> {
  const answer = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: hub.meta.code, name, email, team } });
  if (answer.status !== 201 && answer.status !== 200) throw new Error(`join failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
