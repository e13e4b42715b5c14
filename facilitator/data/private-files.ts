import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../src/core/atomic-write.js';

/**
 * Issue 12 (item 8): the hub's and the programmes' files hold names, emails, teams and token hashes,
 * so they are readable by their owner only: files 0600, folders 0700. New folders are created so;
 * folders and files an older version left 0755/0644 are narrowed when they are opened again.
 *
 * Windows has no POSIX modes (Node maps them to the read-only flag only); there the data folder is
 * under the user's profile (%LOCALAPPDATA%), whose ACL already grants only that user, SYSTEM and
 * administrators. A `--data` folder elsewhere on Windows keeps the ACL of where it is created.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

const posix = process.platform !== 'win32';

/** Creates `dir` (and missing parents) as 0700, and narrows `dir` itself if it already existed wider. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await narrow(dir, PRIVATE_DIR_MODE);
}

/** Narrows an existing file or folder to `mode` (owner only); a missing one, or one we may not chmod, is left alone. */
export async function narrow(target: string, mode: number): Promise<void> {
  if (!posix) return;
  try {
    const { mode: current } = await fs.stat(target);
    if ((current & 0o077) !== 0) await fs.chmod(target, mode);
  } catch {
    // Not ours to change (another owner, a read-only mount): the data still works, only wider.
  }
}

/** Writes a data file atomically, 0600, in a 0700 folder. */
export async function writePrivateFile(target: string, data: string | Uint8Array): Promise<void> {
  await ensurePrivateDir(path.dirname(target));
  await writeFileAtomic(target, data, { mode: PRIVATE_FILE_MODE });
}
