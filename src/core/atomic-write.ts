import { randomBytes } from 'node:crypto';
import { type WriteStream, createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { UserError, describeFsError } from './errors.js';

/**
 * The one way this project writes a file that must never be half-written: a temporary file in the
 * same folder, flushed to disk, then renamed over the target (rename is atomic on one volume).
 * On failure the old file is untouched and the temporary file is removed.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.mkdir(dir, { recursive: true });
    const handle = await fs.open(temp, 'w', options.mode ?? 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw describeFsError(error, `write ${target}`);
  }
}

/**
 * The same promise for a file too large to hold in memory (a database backup): `produce` writes to a
 * stream on a temporary file, which is flushed to disk and renamed over the target only once
 * `produce` has finished. If `produce` fails, the target is untouched and the temporary file removed;
 * its own error (a database that went away) reaches the caller as it was.
 */
export async function writeFileAtomicStream(target: string, produce: (out: Writable) => Promise<void>, options: { mode?: number } = {}): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let out: WriteStream | undefined;
  try {
    await fs.mkdir(dir, { recursive: true });
    // `flush`: fsync before close, so the rename never publishes a file whose bytes are not on disk.
    out = createWriteStream(temp, { mode: options.mode ?? 0o644, flush: true });
    const closed = finished(out);
    closed.catch(() => undefined); // awaited below; a failure before then is the one reported
    await once(out, 'open');
    await produce(out);
    if (!out.writableEnded) out.end();
    await closed;
    await fs.rename(temp, target);
  } catch (error) {
    out?.destroy();
    await fs.rm(temp, { force: true }).catch(() => undefined);
    if (error instanceof UserError) throw error;
    throw describeFsError(error, `write ${target}`);
  }
}

/** What appendLineDurably needs of a file handle (tests pass one that fails half-way, as a full disk does). */
export type AppendHandle = Pick<fs.FileHandle, 'stat' | 'read' | 'write' | 'truncate' | 'datasync' | 'close'>;
export type OpenForAppend = (target: string) => Promise<AppendHandle>;

const openForAppend: OpenForAppend = (target) => fs.open(target, 'a+', 0o600);

/**
 * Appends one line and flushes it to disk before returning (used by append-only logs). The file only
 * ever holds complete lines, so a reader never sees a line glued to a torn one:
 * - a short write is continued until the whole line is written;
 * - a failed write or flush (a full disk) truncates the file back to where it was, and throws;
 * - a torn last line left by a crash mid-write is cut off before the next line is added (its
 *   command never reported success, so nothing that was reported as recorded is lost).
 */
export async function appendLineDurably(target: string, line: string, open: OpenForAppend = openForAppend): Promise<void> {
  const data = Buffer.from(line.endsWith('\n') ? line : `${line}\n`, 'utf8');
  let handle: AppendHandle | undefined;
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    handle = await open(target);
    const size = await completeLinesLength(handle);
    try {
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await handle.write(data, written, data.length - written);
        if (bytesWritten <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        written += bytesWritten;
      }
      await handle.datasync();
    } catch (error) {
      await handle.truncate(size).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    throw describeFsError(error, `append to ${target}`);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The length of the file up to its last complete line, cutting off a torn tail if there is one. */
async function completeLinesLength(handle: AppendHandle): Promise<number> {
  const { size } = await handle.stat();
  if (size === 0) return 0;
  const chunk = Buffer.alloc(Math.min(size, 64 * 1024));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await handle.read(chunk, 0, end - start, start);
    const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline !== -1) {
      const complete = start + newline + 1;
      if (complete !== size) await handle.truncate(complete);
      return complete;
    }
    end = start;
  }
  await handle.truncate(0);
  return 0;
}
