import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describeFsError } from './errors.js';

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

/** Appends one line and flushes it to disk before returning (used by append-only logs). */
export async function appendLineDurably(target: string, line: string): Promise<void> {
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    const handle = await fs.open(target, 'a', 0o644);
    try {
      await handle.write(line.endsWith('\n') ? line : `${line}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw describeFsError(error, `append to ${target}`);
  }
}
