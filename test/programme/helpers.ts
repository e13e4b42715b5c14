import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runWorkshop, workshopBin } from '../support/run-workshop.js';
import { createOrResumeSession } from '../../facilitator/hub/session-meta.js';
import { sessionDir } from '../../facilitator/hub/session-dir.js';
import { SessionStore } from '../../facilitator/hub/store.js';
import type { ParticipantEvent } from '../../src/protocol/events.js';


export async function tempDir(prefix = 'programme-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with a private home, data folder and Codex home, never the real ones. */
export async function workshop(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  const result = await runWorkshop(args, { env: { ...process.env, NO_COLOR: '1', CI: '1', WORKSHOP_NO_PULSE_OFFER: '1', ...env }, input });
  return { code: result.code ?? 1, stdout: result.stdout, stderr: result.stderr };
}

export function isolatedEnv(root: string): NodeJS.ProcessEnv {
  return {
    HOME: path.join(root, 'home'),
    USERPROFILE: path.join(root, 'home'),
    WORKSHOP_HOME: path.join(root, 'config'),
    WORKSHOP_DATA: path.join(root, 'data'),
    CODEX_HOME: path.join(root, 'codex-home'),
  };
}

/** One hub activity line of the synthetic fixture. */
export type HubActivity =
  | { kind: 'join'; at: string; email: string; name: string; team: string }
  | { kind: 'event'; email: string; received: string; event: ParticipantEvent };

/**
 * Writes a date's hub activity through the hub's own store (the same code `workshop host` uses), with
 * a clock that gives each line the receipt time the fixture says.
 */
export async function writeHubSession(
  dataDir: string,
  programmeId: string,
  session: { id: string; startsAt: string },
  activity: HubActivity[],
): Promise<void> {
  const dir = sessionDir(dataDir, session.id, programmeId);
  await createOrResumeSession(dir, { id: session.id, programmeId, startsAt: session.startsAt, title: `Session ${session.id}`, now: new Date(activity[0]?.kind === 'join' ? activity[0].at : session.startsAt) });
  let now = new Date(session.startsAt);
  const { store } = await SessionStore.open(dir, { clock: () => now });
  const ids = new Map<string, string>();
  try {
    for (const line of activity) {
      if (line.kind === 'join') {
        now = new Date(line.at);
        const joined = await store.join({ name: line.name, email: line.email, team: line.team });
        ids.set(line.email, joined.participantId);
      } else {
        now = new Date(line.received);
        const id = ids.get(line.email);
        if (!id) throw new Error(`fixture: ${line.email} sends an event before joining ${session.id}`);
        await store.appendEvents(id, [line.event]);
      }
    }
  } finally {
    await store.close();
  }
}

/** A pack folder with just a pack.json listing these exercise ids. */
export async function writePack(dir: string, exercises: string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'pack.json'), JSON.stringify({ id: 'synthetic-pack', version: '1.0.0', title: 'Synthetic', languages: ['en'], exercises }));
  return dir;
}

/** `workshop host --programme` as a facilitator starts it: one JSON line when ready, then Ctrl-C. */
export async function startProgrammeHub(args: string[], env: NodeJS.ProcessEnv): Promise<{ info: Record<string, string>; stop: () => Promise<number | null> }> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, [workshopBin, 'host', ...args, '--port', '0', '--bind', '127.0.0.1', '--json'], {
    env: { ...process.env, NO_COLOR: '1', CI: '1', WORKSHOP_NO_PULSE_OFFER: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${stderr}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.split('\n')[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`host exited ${code}: ${stderr}`)));
  });
  return {
    info: JSON.parse(line),
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

