import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomicStream } from '../../src/core/atomic-write.js';
import { UserError } from '../../src/core/errors.js';

/** A file too large for memory (a database backup) is still published whole or not at all. */
describe('writeFileAtomicStream', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'atomic-stream-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('publishes what the producer wrote, with the mode asked for, and leaves no temporary file', async () => {
    const target = path.join(dir, 'backup.jsonl');
    await writeFileAtomicStream(
      target,
      async (out) => {
        for (let i = 0; i < 1000; i += 1) out.write(`line ${i}\n`);
      },
      { mode: 0o600 },
    );
    expect((await readFile(target, 'utf8')).split('\n')).toHaveLength(1001);
    if (process.platform !== 'win32') expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['backup.jsonl']);
  });

  it('keeps the old file and passes the producer\'s own error on when the producer fails half-way', async () => {
    const target = path.join(dir, 'backup.jsonl');
    await writeFile(target, 'the previous backup\n');
    const failure = new UserError('The database went away; nothing was changed.');
    await expect(
      writeFileAtomicStream(target, async (out) => {
        out.write('half of a backup\n');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await readFile(target, 'utf8')).toBe('the previous backup\n');
    expect(await readdir(dir)).toEqual(['backup.jsonl']);
  });

  it('says in words when the folder cannot be written', async () => {
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'x');
    await expect(writeFileAtomicStream(path.join(blocker, 'backup.jsonl'), async () => undefined)).rejects.toThrow(/^Could not write .*backup\.jsonl/);
  });
});
