import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acquireLock } from '../../src/state/lock.js';
import { PROGRESS_SCHEMA_VERSION, progressPath, readProgress, withProgress } from '../../src/state/progress.js';
import { wordError } from '../../src/i18n/participant/word-error.js';

let home: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'progress-'));
  env = { ...process.env, WORKSHOP_HOME: home };
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(home, { recursive: true, force: true });
});

const sample = {
  schemaVersion: 1,
  packs: {
    demo: {
      packId: 'demo',
      current: 'b',
      exercises: { a: { folder: '/ws/a', setupAt: '2025-05-01T10:00:00.000Z', attempts: 2, hintsShown: 1, passedAt: '2025-05-01T10:07:00.000Z', codexSessions: 1, changedAfterCodex: true } },
    },
  },
};

describe('reading progress', () => {
  it('starts empty when there is no file yet', async () => {
    expect(await readProgress(env)).toEqual({ file: { schemaVersion: PROGRESS_SCHEMA_VERSION, packs: {} } });
  });

  it('keeps fields it does not know (written by a newer kit of the same format) when saving', async () => {
    await fs.writeFile(progressPath(env), JSON.stringify({ ...sample, futureField: { keep: true } }));
    await withProgress(async (session) => session.save(), { env });
    const saved = JSON.parse(await fs.readFile(progressPath(env), 'utf8'));
    expect(saved.futureField).toEqual({ keep: true });
    expect(saved.packs.demo.exercises.a.attempts).toBe(2);
  });

  it('sets a corrupt file aside under a timestamped name, keeping its bytes, and says so', async () => {
    await fs.writeFile(progressPath(env), '{"schemaVersion": 1, "packs": {');
    const read = await readProgress(env, new Date('2025-05-01T10:00:00.000Z'));
    expect(read.file.packs).toEqual({});
    expect(read.setAsideAs).toBe(path.join(home, 'progress.unreadable-2025-05-01T10-00-00-000Z.json'));
    expect(read.notice).toMatch(/could not be read \(it is not valid JSON.*It was kept as .*progress\.unreadable-.*rebuilt from your exercise folders/);
    expect(await fs.readFile(read.setAsideAs as string, 'utf8')).toBe('{"schemaVersion": 1, "packs": {');
    await expect(fs.stat(progressPath(env))).rejects.toThrow();
  });

  it('sets a hand-edited file with an invalid field aside, naming the field', async () => {
    const edited = structuredClone(sample) as any;
    edited.packs.demo.exercises.a.attempts = 'three';
    await fs.writeFile(progressPath(env), JSON.stringify(edited));
    const read = await readProgress(env);
    expect(read.notice).toContain('packs.demo.exercises.a.attempts');
  });

  it('leaves a file from a newer format alone and asks for an update', async () => {
    await fs.writeFile(progressPath(env), JSON.stringify({ schemaVersion: 99, packs: {} }));
    expect(wordError(await readProgress(env).catch((error) => error), 'en')).toMatch(/written by a newer version of workshop \(format 99/);
    expect(JSON.parse(await fs.readFile(progressPath(env), 'utf8')).schemaVersion).toBe(99);
  });
});

describe('saving progress', () => {
  it('a full disk is one clear message and the previous file stays intact', async () => {
    await fs.writeFile(progressPath(env), JSON.stringify(sample));
    const before = await fs.readFile(progressPath(env), 'utf8');
    const realOpen = fs.open;
    vi.spyOn(fs, 'open').mockImplementation(async (file, flags, mode) => {
      if (String(file).includes('.progress.json.')) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return realOpen(file, flags, mode);
    });
    const error = await withProgress(
      async (session) => {
        session.file.packs.demo.current = null;
        await session.save();
      },
      { env },
    ).catch((e) => e);
    expect(error.message).toMatch(/Could not write .*progress\.json: the disk is full\. Free some space and run the command again; nothing was changed\./);
    expect(await fs.readFile(progressPath(env), 'utf8')).toBe(before);
    await expect(fs.stat(path.join(home, 'progress.lock'))).rejects.toThrow();
  });
});

describe('two commands at once', () => {
  it('take turns: the second reads what the first wrote (no lost update)', async () => {
    const bump = () =>
      withProgress(
        async (session) => {
          const pack = (session.file.packs.demo ??= { packId: 'demo', current: null, exercises: {} });
          const value = Number(pack.packVersion ?? '0');
          await new Promise((resolve) => setTimeout(resolve, 30));
          pack.packVersion = String(value + 1);
          await session.save();
        },
        { env },
      );
    await Promise.all([bump(), bump(), bump(), bump()]);
    expect((await readProgress(env)).file.packs.demo.packVersion).toBe('4');
  });

  it('a lock left by a process that no longer exists is taken over', async () => {
    const lockFile = path.join(home, 'progress.lock');
    await fs.writeFile(lockFile, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), createdAt: '2025-01-01T00:00:00Z', token: 'dead' }));
    const lock = await acquireLock(lockFile, { timeoutMs: 2000 });
    expect(JSON.parse(await fs.readFile(lockFile, 'utf8')).pid).toBe(process.pid);
    await lock.release();
    await expect(fs.stat(lockFile)).rejects.toThrow();
  });

  it('a live lock that is never released ends in a clear message naming the lock file', async () => {
    const lockFile = path.join(home, 'progress.lock');
    const held = await acquireLock(lockFile);
    const started = Date.now();
    expect(wordError(await acquireLock(lockFile, { timeoutMs: 300 }).catch((error) => error), 'en')).toMatch(/Another workshop command is still running \(process \d+.*delete .*progress\.lock/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await held.release();
  });
});
