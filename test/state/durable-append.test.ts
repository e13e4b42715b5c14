import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppendHandle, appendLineDurably } from '../../src/core/atomic-write.js';
import { readEventLog, recordEvent } from '../../src/state/event-log.js';

/**
 * Issue 12: a full disk on a participant's laptop lost events while the CLI said they were sent: a
 * short write left a torn line and the next line was glued to it. The log must only ever hold whole
 * lines, and a failed append must say so.
 */
let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'durable-append-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Opens the real file, but its writes go through `write` (to write less, or fail part-way). */
function openWith(write: (real: fs.FileHandle, data: Buffer, offset: number, length: number) => Promise<{ bytesWritten: number }>) {
  return async (target: string): Promise<AppendHandle> => {
    const real = await fs.open(target, 'a+');
    return {
      stat: () => real.stat(),
      read: ((...args: Parameters<fs.FileHandle['read']>) => real.read(...(args as [Buffer, number, number, number]))) as AppendHandle['read'],
      write: ((data: Buffer, offset: number, length: number) => write(real, data, offset, length)) as AppendHandle['write'],
      truncate: (length?: number) => real.truncate(length),
      datasync: () => real.datasync(),
      close: () => real.close(),
    };
  };
}

const linesOf = async (file: string) => (await fs.readFile(file, 'utf8')).split('\n');

describe('appending a line durably', () => {
  it('finishes a line written in short pieces', async () => {
    const file = path.join(dir, 'log.jsonl');
    const threeBytesAtATime = openWith((real, data, offset, length) => real.write(data, offset, Math.min(3, length)));
    await appendLineDurably(file, '{"n":1,"text":"a longer line than three bytes"}', threeBytesAtATime);
    expect(await linesOf(file)).toEqual(['{"n":1,"text":"a longer line than three bytes"}', '']);
  });

  it('rolls back a line the disk ran out of space for, and says so', async () => {
    const file = path.join(dir, 'log.jsonl');
    await appendLineDurably(file, '{"n":1}');
    const halfThenFull = openWith(async (real, data, offset, length) => {
      if (offset === 0) return real.write(data, offset, Math.floor(length / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    await expect(appendLineDurably(file, '{"n":2,"lost":"because the disk is full"}', halfThenFull)).rejects.toThrow(/space/i);
    expect(await linesOf(file)).toEqual(['{"n":1}', '']);
    // Space is back: the next line is whole, and not glued to anything.
    await appendLineDurably(file, '{"n":3}');
    expect(await linesOf(file)).toEqual(['{"n":1}', '{"n":3}', '']);
  });

  it('cuts off a torn last line left by a crash before adding the next one', async () => {
    const file = path.join(dir, 'log.jsonl');
    await fs.writeFile(file, '{"n":1}\n{"n":2,"tor');
    await appendLineDurably(file, '{"n":3}');
    expect(await linesOf(file)).toEqual(['{"n":1}', '{"n":3}', '']);
  });

  it('creates the log readable by its owner only', async () => {
    const file = path.join(dir, 'new.jsonl');
    await appendLineDurably(file, '{"n":1}');
    if (process.platform !== 'win32') expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });
});

// A real full disk: a tiny tmpfs (needs root, as in CI; skipped elsewhere with the reason).
const canMount = process.platform === 'linux' && process.getuid?.() === 0;
describe.skipIf(!canMount)('the participant event log on a disk that really fills up', () => {
  let mount: string;
  beforeEach(async () => {
    mount = path.join(dir, 'small-disk');
    await fs.mkdir(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
  });
  afterEach(() => {
    execFileSync('umount', [mount]);
  });

  it('records nothing it cannot store, and everything once space returns', async () => {
    const env = { ...process.env, WORKSHOP_HOME: path.join(mount, 'state'), XDG_CONFIG_HOME: path.join(mount, 'config') };
    await recordEvent({ type: 'hand.raised', message: 'before the disk filled' }, env);
    const filler = path.join(mount, 'filler');
    const chunk = Buffer.alloc(4096, 120);
    // Fill the disk up to the last byte.
    const handle = await fs.open(filler, 'w');
    try {
      for (;;) await handle.write(chunk);
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      await handle.close();
    }
    // The log's last page may still have room for a line or two; after that, appends fail.
    const stored = ['before the disk filled'];
    let failures = 0;
    for (let i = 0; i < 20; i += 1) {
      const message = `while full ${i} ${'x'.repeat(250)}`;
      await recordEvent({ type: 'hand.raised', message }, env).then(
        () => stored.push(message),
        (error: Error) => {
          expect(error.message).toMatch(/space/i);
          failures += 1;
        },
      );
    }
    expect(failures).toBeGreaterThan(0);
    await fs.rm(filler);
    await recordEvent({ type: 'hand.raised', message: 'after space came back' }, env);
    stored.push('after space came back');
    // Exactly what was reported as recorded, each once, no torn or glued line.
    const log = await readEventLog(env);
    expect(log.skippedLines).toBe(0);
    expect(log.events.map((event) => (event.type === 'hand.raised' ? event.message : event.type))).toEqual(stored);
  });
});
