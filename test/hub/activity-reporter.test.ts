import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../facilitator/hub/host.js';
import { localDay } from '../../src/codex/session-logs.js';
import { participantEnv, runCli } from './cli-helpers.js';
import { call, tempDir, testHub } from './helpers.js';

/**
 * Issue 11: the laptop's activity reporter, for real. `workshop next` on a joined laptop starts it in
 * the background; while the participant works in Codex (a rollout file of a session in the exercise
 * folder keeps growing) and files change, it delivers `activity.observed` (times and a count, no
 * names) to a real hub, so the dashboard says "working" past the expected minutes; when the work
 * stops the same card turns "stuck"; once the last exercise passes the reporter is gone.
 *
 * The pack is the sample pack with its exercises' minutes shrunk to 0.1 (6 s), the hub's quiet window
 * to about 4 s and the reporter's poll to 400 ms, so minutes of a room take seconds here.
 */
const fixturePack = path.resolve('test/fixtures/sample-pack');
const POLL_MS = 400;

let data: { dir: string; cleanup: () => Promise<void> };
let hub: RunningHub | undefined;

beforeEach(async () => {
  data = await tempDir('activity-reporter-');
});
afterEach(async () => {
  await hub?.close();
  hub = undefined;
  await data.cleanup();
});

async function fastPack(): Promise<string> {
  const dir = path.join(data.dir, 'pack');
  await cp(fixturePack, dir, { recursive: true });
  for (const id of ['01-meeting-summary', '02-sort-files']) {
    const file = path.join(dir, id, 'exercise.json');
    const exercise = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...exercise, minutes: 0.1 }, null, 2));
  }
  return dir;
}

interface LoggedEvent {
  participantId: string;
  receivedAt: string;
  event: { type: string; ts: string; exerciseId?: string; [key: string]: unknown };
}

async function activityEvents(): Promise<{ events: LoggedEvent[]; lines: string[] }> {
  const text = await readFile(path.join(hub!.dir, 'log.jsonl'), 'utf8');
  const lines = text.split('\n').filter((line) => line.includes('"activity.observed"'));
  return { events: lines.map((line) => JSON.parse(line) as LoggedEvent), lines };
}

async function card(): Promise<{ needs: { state: string; words: string } }> {
  const state = await call(hub!.joinUrl, 'GET', '/v1/facilitator/state', { token: hub!.facilitatorToken });
  return state.body.cards[0];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the activity reporter on a joined laptop', () => {
  it('reports Codex and file activity while the participant works, keeps them "working", and stops when the pack is done', async () => {
    const pack = await fastPack();
    hub = await testHub(data.dir, { pack, pace: { stuckFactor: 1, quietMinutes: 0.07 } });
    const home = path.join(data.dir, 'home');
    const env = await participantEnv(home, { WORKSHOP_ACTIVITY_WATCH: 'on', WORKSHOP_ACTIVITY_POLL_MS: String(POLL_MS), WORKSHOP_NO_PULSE_OFFER: '1' });
    const joined = await runCli(['join', hub.joinUrl, '--code', hub.meta.code, '--name', 'Aiko Tanaka', '--email', 'aiko@example.com', '--team', 'Finance'], env);
    expect(joined.code, joined.stderr).toBe(0);

    const setup = await runCli(['next', '--pack', pack, '--json'], env);
    expect(setup.code, setup.stderr).toBe(0);
    const folder: string = JSON.parse(setup.stdout).exercise.folder;
    // The command came back at once; the reporter runs on its own, holding the one lock.
    expect(setup.stderr).toBe("");
    const lockFile = path.join(env.WORKSHOP_HOME!, 'activity-watch.lock');
    await expect.poll(() => existsSync(lockFile), { timeout: 5000 }).toBe(true);
    const pid: number = JSON.parse(await readFile(lockFile, 'utf8')).pid;
    expect(alive(pid)).toBe(true);
    // A second `brief` does not start a second reporter.
    await runCli(['brief', '--pack', pack], env);
    expect(JSON.parse(await readFile(lockFile, 'utf8')).pid).toBe(pid);

    // Codex starts in the folder: its session file (first line: the folder) grows as it works.
    const day = localDay(Date.now()).split('-');
    const sessions = path.join(env.CODEX_HOME!, 'sessions', ...day);
    await mkdir(sessions, { recursive: true });
    const rollout = path.join(sessions, 'rollout-2026-12-03T10-00-00-0199a6f0-0000-7000-8000-000000000001.jsonl');
    await writeFile(rollout, `${JSON.stringify({ timestamp: new Date().toISOString(), type: 'session_meta', payload: { id: 'x', timestamp: new Date().toISOString(), cwd: folder } })}\n`);
    // A session somewhere else must not count as work on the exercise.
    const elsewhere = path.join(sessions, 'rollout-2026-12-03T10-00-01-0199a6f0-0000-7000-8000-000000000002.jsonl');
    await writeFile(elsewhere, `${JSON.stringify({ type: 'session_meta', payload: { timestamp: new Date().toISOString(), cwd: path.join(home, 'other-project') } })}\n`);

    await expect.poll(async () => (await activityEvents()).events.some((e) => e.event.codexActiveAt), { timeout: 8000, interval: 200 }).toBe(true);

    // Working in Codex well past the expected 6 s (the conversation goes on; Codex writes a file).
    const workUntil = Date.now() + 9000;
    let wroteFile = false;
    while (Date.now() < workUntil) {
      await appendFile(rollout, `{"type":"response_item","payload":{"secret-prompt":"summarise the budget"}}\n`);
      if (!wroteFile && Date.now() > workUntil - 6000) {
        await writeFile(path.join(folder, 'summary.md'), '# Budget meeting\n');
        wroteFile = true;
      }
      await sleep(700);
    }
    // 9 s on a 6 s exercise with a 4 s quiet window: working, not stuck.
    expect((await card()).needs.state).toBe('working');
    await expect.poll(async () => (await activityEvents()).events.some((e) => (e.event.filesChanged as number) >= 1 && e.event.filesChangedAt), { timeout: 5000, interval: 200 }).toBe(true);

    // What travelled: times and a count, never a file name, a folder or what was asked.
    const { events, lines } = await activityEvents();
    for (const { event } of events) expect(Object.keys(event).sort()).toEqual(expect.arrayContaining(['exerciseId', 'filesChanged', 'id', 'ts', 'type']));
    for (const { event } of events) for (const key of Object.keys(event)) expect(['id', 'ts', 'type', 'exerciseId', 'filesChanged', 'filesChangedAt', 'codexActiveAt']).toContain(key);
    for (const line of lines) {
      expect(line).not.toContain('summary.md');
      expect(line).not.toContain('secret-prompt');
      expect(line).not.toContain(folder);
      expect(line).not.toContain('rollout-');
    }
    // At most one event per poll.
    const times = events.map((e) => Date.parse(e.event.ts)).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i += 1) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(POLL_MS - 40);

    // The work stops: past the expected time and quiet for the window, the same card turns stuck.
    await expect.poll(async () => (await card()).needs.state, { timeout: 8000, interval: 300 }).toBe('stuck');

    // Passing both exercises finishes the pack: the reporter sees no exercise left and goes.
    await cp(path.join(pack, '01-meeting-summary', 'solution'), folder, { recursive: true });
    const first = await runCli(['next', '--pack', pack, '--json'], env);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const secondFolder: string = JSON.parse(first.stdout).next.folder;
    // The solution moves the starter files into two folders.
    await cp(path.join(pack, '02-sort-files', 'solution'), secondFolder, { recursive: true });
    for (const name of ['invoice-2024-001.pdf', 'invoice-2024-002.pdf', 'team-lunch.jpg']) await rm(path.join(secondFolder, name));
    const second = await runCli(['next', '--pack', pack, '--json'], env);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    await expect.poll(() => alive(pid), { timeout: 5000, interval: 100 }).toBe(false);
    // The last `next` may start a reporter of its own that finds nothing to watch and leaves at once:
    // the lock is gone once it has.
    await expect.poll(() => existsSync(lockFile), { timeout: 5000, interval: 100 }).toBe(false);
    // It followed the second exercise while it was the current one (its solution's files changed there).
    expect((await activityEvents()).events.some((e) => e.event.exerciseId === '02-sort-files')).toBe(true);
  }, 60_000);

  it('does not start without a hub, and stops when the laptop leaves the hub', async () => {
    const pack = await fastPack();
    const home = path.join(data.dir, 'home');
    const env = await participantEnv(home, { WORKSHOP_ACTIVITY_WATCH: 'on', WORKSHOP_ACTIVITY_POLL_MS: String(POLL_MS), WORKSHOP_NO_PULSE_OFFER: '1' });
    const lockFile = path.join(env.WORKSHOP_HOME!, 'activity-watch.lock');
    expect((await runCli(['next', '--pack', pack], env)).code).toBe(0);
    await sleep(500);
    expect(existsSync(lockFile)).toBe(false);

    hub = await testHub(data.dir, { pack });
    expect((await runCli(['join', hub.joinUrl, '--code', hub.meta.code, '--name', 'Ben', '--email', 'ben@example.com', '--team', 'Ops'], env)).code).toBe(0);
    expect((await runCli(['brief', '--pack', pack], env)).code).toBe(0);
    await expect.poll(() => existsSync(lockFile), { timeout: 5000 }).toBe(true);
    const pid: number = JSON.parse(await readFile(lockFile, 'utf8')).pid;
    // Leaving the hub (the link removed) ends it at its next look.
    await rm(path.join(env.WORKSHOP_HOME!, 'hub.json'));
    await expect.poll(() => alive(pid), { timeout: 5000, interval: 100 }).toBe(false);
    // The last `next` may start a reporter of its own that finds nothing to watch and leaves at once:
    // the lock is gone once it has.
    await expect.poll(() => existsSync(lockFile), { timeout: 5000, interval: 100 }).toBe(false);
  }, 40_000);
});
