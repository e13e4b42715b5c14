import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_FILE_MODE, ensurePrivateDir, narrow } from '../data/private-files.js';

/**
 * An append-only file written with group commit: appends that arrive while a write is in flight are
 * gathered into the next single write + fdatasync, so 300 laptops posting at once cost a handful of
 * disk flushes instead of 300, and every append's promise resolves only once its bytes are on disk
 * (the hub acknowledges after that, never before).
 *
 * A failed write (full disk) truncates the file back to its last durable length, so a half-written
 * line never glues itself to the next one, and rejects every append of that batch.
 */
interface Pending {
  text: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class AppendLog {
  readonly file: string;
  #handle: FileHandle;
  #size: number;
  #queue: Pending[] = [];
  #writing: Promise<void> | undefined;
  #closed = false;

  private constructor(file: string, handle: FileHandle, size: number) {
    this.file = file;
    this.#handle = handle;
    this.#size = size;
  }

  /** Opens (creating if needed) for appending; `durableSize` is the length known to end on a full line. */
  static async open(file: string, durableSize: number): Promise<AppendLog> {
    await ensurePrivateDir(path.dirname(file));
    const existed = await fs.stat(file).then(() => true, () => false);
    // Names and emails: owner only (issue 12); a log an older version left 0644 is narrowed.
    const handle = await fs.open(file, 'a', PRIVATE_FILE_MODE);
    if (existed) await narrow(file, PRIVATE_FILE_MODE);
    const { size } = await handle.stat();
    if (size !== durableSize) await handle.truncate(durableSize);
    if (!existed) await syncDirectory(path.dirname(file));
    return new AppendLog(file, handle, durableSize);
  }

  /** Bytes on disk and flushed. */
  get size(): number {
    return this.#size;
  }

  /** Appends `text` (whole lines, each ending in \n); resolves once flushed to disk. */
  append(text: string): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the session log is closed'));
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ text, resolve, reject });
      this.#kick();
    });
  }

  /** Resolves once everything appended so far is on disk (or failed). */
  async flushed(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async close(): Promise<void> {
    await this.flushed();
    this.#closed = true;
    await this.#handle.close();
  }

  #kick(): void {
    if (this.#writing) return;
    this.#writing = this.#drain().finally(() => {
      this.#writing = undefined;
      // An append may have queued between the drain's last check and this callback.
      if (this.#queue.length > 0) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#queue.length);
      const bytes = Buffer.from(batch.map((p) => p.text).join(''), 'utf8');
      try {
        let offset = 0;
        while (offset < bytes.length) {
          const { bytesWritten } = await this.#handle.write(bytes, offset, bytes.length - offset);
          offset += bytesWritten;
        }
        await this.#handle.datasync();
        this.#size += bytes.length;
        for (const p of batch) p.resolve();
      } catch (error) {
        await this.#handle.truncate(this.#size).catch(() => undefined);
        for (const p of batch) p.reject(error);
      }
    }
  }
}

/** Makes a new file's directory entry durable (POSIX); Windows can't open folders, and needs not. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort: some file systems refuse fsync on a directory
  }
}
