import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { maybeOfferPulse } from '../../src/pulse/auto-offer.js';
import { countCodexSessions } from '../../src/pulse/session-counter.js';
import { isolatedEnv, tempDir, workshop } from './helpers.js';

const SECRET_PROMPT = 'please summarise the secret merger plan';
const SECRET_FOLDER = '/Users/ann/secret-project';

/** A rollout file as Codex writes it: session_meta first, then the conversation. */
async function rollout(codexHome: string, isoStart: string, options: { longFirstLine?: boolean; garbage?: boolean } = {}): Promise<void> {
  const [date] = isoStart.split('T');
  const [y, m, d] = date.split('-');
  const dir = path.join(codexHome, 'sessions', y, m, d);
  await mkdir(dir, { recursive: true });
  // Every session has its own id, as in Codex (one id across a resumed session's files).
  const id = Math.random().toString(16).slice(2);
  const file = path.join(dir, `rollout-${isoStart.replace(/[:.]/g, '-')}-${id}.jsonl`);
  if (options.garbage) {
    await writeFile(file, 'not json at all\n');
    return;
  }
  const meta = {
    timestamp: isoStart,
    type: 'session_meta',
    payload: { id, timestamp: isoStart, cwd: SECRET_FOLDER, originator: 'codex_cli_rs', cli_version: '0.169.0', instructions: options.longFirstLine ? 'x'.repeat(400_000) : 'be helpful' },
  };
  await writeFile(file, `${JSON.stringify(meta)}\n${JSON.stringify({ type: 'response_item', payload: { role: 'user', content: SECRET_PROMPT } })}\n`);
}

async function sessionEvent(configDir: string, iso: string): Promise<void> {
  await mkdir(configDir, { recursive: true });
  const event = { id: '00000000-0000-4000-8000-000000000001', ts: iso, type: 'exercise.setup', exerciseId: '01-first-file' };
  await writeFile(path.join(configDir, 'events.jsonl'), `${JSON.stringify(event)}\n`);
}

async function recordedEvents(configDir: string): Promise<Array<Record<string, unknown>>> {
  try {
    return (await readFile(path.join(configDir, 'events.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

describe('counting Codex sessions per day', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    root = await tempDir('pulse-');
  });
  afterEach(async () => root.cleanup());

  it('counts sessions per day from the first line only, inside the period, and skips unreadable files', async () => {
    const home = path.join(root.dir, 'codex');
    await rollout(home, '2026-03-03T12:00:00.000Z');
    await rollout(home, '2026-03-05T12:00:00.000Z');
    await rollout(home, '2026-03-05T12:30:00.000Z', { longFirstLine: true });
    await rollout(home, '2026-03-20T12:00:00.000Z');
    await rollout(home, '2026-02-10T12:00:00.000Z'); // before the period
    await rollout(home, '2026-03-06T12:00:00.000Z', { garbage: true });
    const counted = await countCodexSessions(home, '2026-03-03', '2026-04-01');
    expect(Object.fromEntries(counted.perDay)).toEqual({ '2026-03-03': 1, '2026-03-05': 2, '2026-03-20': 1 });
    expect(counted.unreadable).toBe(1);
  });

  it('finds nothing, without failing, when Codex has never run here', async () => {
    const counted = await countCodexSessions(path.join(root.dir, 'nothing'), '2026-03-03', '2026-04-01');
    expect(counted.perDay.size).toBe(0);
  });
});

describe('workshop pulse', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    root = await tempDir('pulse-cli-');
    env = { ...isolatedEnv(root.dir), TZ: 'UTC' };
    await sessionEvent(env.WORKSHOP_HOME!, '2026-03-03T01:00:00.000Z');
    await rollout(env.CODEX_HOME!, '2026-03-03T12:00:00.000Z');
    await rollout(env.CODEX_HOME!, '2026-03-05T12:00:00.000Z');
    await rollout(env.CODEX_HOME!, '2026-03-05T15:00:00.000Z');
  });
  afterEach(async () => root.cleanup());

  it('asks for consent before counting anything, and records nothing without it', async () => {
    const result = await workshop(['pulse'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs your consent .*workshop pulse --yes/);
    expect((await recordedEvents(env.WORKSHOP_HOME!)).filter((e) => e.type === 'pulse.reported')).toEqual([]);
  });

  it('with consent, records only days and counts since the first session, and remembers the answer', async () => {
    const first = await workshop(['pulse', '--yes', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ consent: 'granted', recorded: true, since: '2026-03-03', days: [{ day: '2026-03-03', codexSessions: 1 }, { day: '2026-03-05', codexSessions: 2 }], totalSessions: 3, activeDays: 2 });
    const again = await workshop(['pulse', '--json'], env);
    expect(again.code).toBe(0);
    const events = (await recordedEvents(env.WORKSHOP_HOME!)).filter((e) => e.type === 'pulse.reported');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ since: '2026-03-03', days: [{ day: '2026-03-03', codexSessions: 1 }, { day: '2026-03-05', codexSessions: 2 }] });
    const log = await readFile(path.join(env.WORKSHOP_HOME!, 'events.jsonl'), 'utf8');
    expect(log).not.toContain(SECRET_PROMPT);
    expect(log).not.toContain(SECRET_FOLDER);
  });

  it('remembers a no, and says how to change it', async () => {
    expect((await workshop(['pulse', '--no'], env)).code).toBe(0);
    const later = await workshop(['pulse'], env);
    expect(later).toMatchObject({ code: 1, stderr: expect.stringMatching(/said no .*workshop pulse --yes/) });
    expect((await recordedEvents(env.WORKSHOP_HOME!)).filter((e) => e.type === 'pulse.reported')).toEqual([]);
  });

  it('tells someone without a session on this laptop how to give the day', async () => {
    const other = { ...isolatedEnv(path.join(root.dir, 'other')), TZ: 'UTC' };
    const result = await workshop(['pulse', '--yes'], other);
    expect(result).toMatchObject({ code: 1, stderr: expect.stringMatching(/--since YYYY-MM-DD/) });
  });
});

describe('the automatic pulse offer', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  const session = new Date('2026-03-03T03:00:00.000Z');
  const daysLater = (n: number) => new Date(session.getTime() + n * 86_400_000);

  beforeEach(async () => {
    root = await tempDir('pulse-offer-');
    env = isolatedEnv(root.dir);
    await sessionEvent(env.WORKSHOP_HOME!, session.toISOString());
    await rollout(env.CODEX_HOME!, '2026-03-05T12:00:00.000Z');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await root.cleanup();
  });

  const offer = (now: Date, ask: (q: string) => Promise<boolean>, overrides: Partial<Parameters<typeof maybeOfferPulse>[0]> = {}) =>
    maybeOfferPulse({ commandPath: ['status'], argv: ['status'], env, now, isInteractive: true, ask, ...overrides });

  it('waits until the session is a week old, then offers once; a yes reports and a second command does not ask again', async () => {
    const ask = vi.fn(async () => true);
    expect(await offer(daysLater(6), ask)).toBe('skipped');
    expect(ask).not.toHaveBeenCalled();
    expect(await offer(daysLater(7), ask)).toBe('offered-yes');
    expect(ask).toHaveBeenCalledTimes(1);
    expect(ask.mock.calls[0][0]).toMatch(/Only dates and numbers are sent/);
    expect(await offer(daysLater(8), ask)).toBe('skipped');
    expect(ask).toHaveBeenCalledTimes(1);
    expect((await recordedEvents(env.WORKSHOP_HOME!)).filter((e) => e.type === 'pulse.reported')).toHaveLength(1);
  });

  it('with consent, refreshes the counts quietly once a week for five weeks, then stops', async () => {
    const ask = vi.fn(async () => true);
    await offer(daysLater(7), ask);
    expect(await offer(daysLater(14), ask)).toBe('refreshed');
    expect(await offer(daysLater(15), ask)).toBe('skipped');
    expect(await offer(daysLater(40), ask)).toBe('skipped');
    expect(ask).toHaveBeenCalledTimes(1);
    expect((await recordedEvents(env.WORKSHOP_HOME!)).filter((e) => e.type === 'pulse.reported')).toHaveLength(2);
  });

  it('never asks again after a no, and never counts', async () => {
    const ask = vi.fn(async () => false);
    expect(await offer(daysLater(9), ask)).toBe('offered-no');
    expect(await offer(daysLater(16), ask)).toBe('skipped');
    expect(ask).toHaveBeenCalledTimes(1);
    expect((await recordedEvents(env.WORKSHOP_HOME!)).filter((e) => e.type === 'pulse.reported')).toEqual([]);
  });

  it('stays quiet for --json, facilitator commands and non-interactive runs', async () => {
    const ask = vi.fn(async () => true);
    expect(await offer(daysLater(9), ask, { argv: ['status', '--json'] })).toBe('skipped');
    expect(await offer(daysLater(9), ask, { commandPath: ['report'] })).toBe('skipped');
    expect(await offer(daysLater(9), ask, { isInteractive: false })).toBe('skipped');
    expect(ask).not.toHaveBeenCalled();
  });
});

describe('workshop share', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    root = await tempDir('share-');
    env = isolatedEnv(root.dir);
  });
  afterEach(async () => root.cleanup());

  const flags = ['--what', 'Draft the weekly pipeline summary from the CRM export', '--team', 'Sales', '--frequency', 'weekly', '--minutes', '45', '--risk', 'medium', '--reusable', 'yes'];

  it('records a use case from flags alone, for the hub to collect', async () => {
    const result = await workshop(['share', ...flags, '--json'], env);
    expect(result.code).toBe(0);
    const [event] = await recordedEvents(env.WORKSHOP_HOME!);
    expect(event).toMatchObject({ type: 'usecase.shared', what: 'Draft the weekly pipeline summary from the CRM export', team: 'Sales', frequency: 'weekly', minutesSavedPerWeek: 45, risk: 'medium', reusable: true });
  });

  it('lists the missing flags when it cannot ask, and refuses bad values with exit 2', async () => {
    const missing = await workshop(['share', '--what', 'Something useful'], env);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/--team T .*--frequency .*--minutes N .*--risk .*--reusable/) });
    const bad = await workshop(['share', ...flags.slice(0, -4), '--risk', 'extreme', '--reusable', 'maybe'], env);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/--risk must be one of low, medium, high; --reusable must be yes or no/) });
    expect(await recordedEvents(env.WORKSHOP_HOME!)).toEqual([]);
  });

  it('removes anything that looks like an API key from the shared text', async () => {
    const key = 'sk-proj-QQQQQQQQQQQQQQQQQQQQQQQQ7777';
    const result = await workshop(['share', ...flags.map((f) => (f.startsWith('Draft') ? `Check usage with ${key} every Monday` : f))], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const log = await readFile(path.join(env.WORKSHOP_HOME!, 'events.jsonl'), 'utf8');
    expect(log).not.toContain('QQQQQQQQ');
    expect(log).toContain('sk-…7777');
  });
});

describe('sharing the "own task" exercise as a use case', () => {
  const solution = [
    '# My task',
    '',
    'Task (業務): Weekly status e-mail to my manager summarising last week\'s customer calls',
    'How often (頻度): every Monday (weekly)',
    'Minutes it takes (所要時間・分): 45',
    '',
    'Minutes saved (短縮できた時間・分): 25',
    'Risk level (リスク low / medium / high): low',
    'Reusable by colleagues (同僚も使えるか yes / no): yes',
  ].join('\r\n');

  it('reads the six answers, in English or Japanese, on the label line or under a heading', async () => {
    const { readMyTaskFields, useCaseFromMyTask } = await import('../../src/share/own-task.js');
    expect(readMyTaskFields(solution)).toEqual({
      task: "Weekly status e-mail to my manager summarising last week's customer calls",
      howOften: 'every Monday (weekly)',
      minutesItTakes: '45',
      minutesSaved: '25',
      risk: 'low',
      reusable: 'yes',
    });
    const japanese = '## 業務\n経費精算のチェック\n\n頻度：毎月2回\n短縮できた時間：60分\nリスク：高\n同僚も使えるか：はい\n';
    expect(useCaseFromMyTask(japanese, '08-own-task', 'Finance').event).toEqual({
      type: 'usecase.shared',
      what: '経費精算のチェック',
      team: 'Finance',
      frequency: 'monthly',
      minutesSavedPerWeek: 28, // 60 minutes, twice a month
      risk: 'high',
      reusable: true,
      exerciseId: '08-own-task',
    });
    expect(useCaseFromMyTask(solution, '08-own-task', '').event).toMatchObject({ frequency: 'weekly', minutesSavedPerWeek: 25, risk: 'low', reusable: true });
    expect(useCaseFromMyTask('Task: x\n', '08-own-task', '').missing).toEqual(['Task', 'How often', 'Minutes saved', 'Risk level', 'Reusable by colleagues']);
  });

  it('after the own task passes, shares its answers once and only them; by hand it can be shared again', async () => {
    const root = await tempDir('own-task-');
    try {
      const env = isolatedEnv(root.dir);
      const folder = path.join(root.dir, 'workspace', '08-own-task');
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'my-task.md'), solution);
      await writeFile(path.join(folder, 'notes-with-customer-names.md'), 'Customer: ACME, secret pricing 42');
      await mkdir(env.WORKSHOP_HOME!, { recursive: true });
      await writeFile(path.join(env.WORKSHOP_HOME!, 'progress.json'), JSON.stringify({ schemaVersion: 1, packs: { p: { packId: 'p', current: null, exercises: { '08-own-task': { folder, setupAt: '2026-03-03T01:00:00Z', passedAt: '2026-03-03T02:00:00Z' } } } } }));
      const passed = { id: '00000000-0000-4000-8000-0000000000b1', ts: '2026-03-03T02:00:00.000Z', type: 'exercise.graded', exerciseId: '08-own-task', passed: true, score: 7, maxScore: 7, noChange: false, failingChecks: [], attempt: 1, codexSessions: 1, changedAfterCodex: true };
      await writeFile(path.join(env.WORKSHOP_HOME!, 'events.jsonl'), `${JSON.stringify(passed)}\n`);
      const { maybeShareOwnTask } = await import('../../src/share/own-task.js');
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      expect(await maybeShareOwnTask(env)).toBe('shared');
      expect(await maybeShareOwnTask(env)).toBe('skipped');
      vi.restoreAllMocks();
      const shares = (await recordedEvents(env.WORKSHOP_HOME!)).filter((e) => e.type === 'usecase.shared');
      expect(shares).toEqual([expect.objectContaining({ what: "Weekly status e-mail to my manager summarising last week's customer calls", minutesSavedPerWeek: 25, exerciseId: '08-own-task' })]);
      const log = await readFile(path.join(env.WORKSHOP_HOME!, 'events.jsonl'), 'utf8');
      expect(log).not.toContain('ACME');
      const byHand = await workshop(['share', '--from-own-task', '08-own-task', '--json'], env);
      expect(byHand.code).toBe(0);
      expect(JSON.parse(byHand.stdout).useCase).toMatchObject({ type: 'usecase.shared', risk: 'low', reusable: true });
    } finally {
      await root.cleanup();
    }
  });

  it('says what to do when there is no own task to share', async () => {
    const root = await tempDir('own-task-none-');
    try {
      const result = await workshop(['share', '--from-own-task'], isolatedEnv(root.dir));
      expect(result).toMatchObject({ code: 1, stderr: expect.stringMatching(/no passed "own task" exercise .*workshop share/) });
    } finally {
      await root.cleanup();
    }
  });
});
