import { randomBytes } from 'node:crypto';
import { promises as fs, unlinkSync } from 'node:fs';
import os from 'node:os';
import { ExitCode, UserError, describeFsError, isErrno, said } from '../core/errors.js';

/**
 * A lock file so that two `workshop` commands run at once (two terminals, a double Enter) take turns
 * instead of both setting up the same exercise or overwriting each other's progress.
 *
 * Exclusive create (`wx`) is atomic on every OS and file system we meet, needs no extra dependency,
 * and leaves a readable trace. A lock whose owner is gone (crash, Ctrl-C, power loss) is detected as
 * stale: same machine and the process is no longer alive, or simply very old.
 */
interface LockOwner {
  pid: number;
  host: string;
  createdAt: string;
  token: string;
}

export interface LockOptions {
  /** How long to wait for another command to finish before giving up. */
  timeoutMs?: number;
  /** A lock older than this is stale whatever its owner (another machine on a shared home folder). */
  staleMs?: number;
}

export interface HeldLock {
  release(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return isErrno(error, 'EPERM');
  }
}

async function readOwner(file: string): Promise<{ owner?: LockOwner; ageMs: number } | undefined> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    const ageMs = Date.now() - stat.mtimeMs;
    try {
      return { owner: JSON.parse(text) as LockOwner, ageMs };
    } catch {
      return { ageMs };
    }
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function isStale(found: { owner?: LockOwner; ageMs: number }, staleMs: number): boolean {
  if (found.ageMs > staleMs) return true;
  // An unreadable lock is one being written right now, or one a crash left half-written.
  if (!found.owner || typeof found.owner.pid !== 'number') return found.ageMs > 5_000;
  return found.owner.host === os.hostname() && found.owner.pid !== process.pid && !processAlive(found.owner.pid);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireLock(file: string, options: LockOptions = {}): Promise<HeldLock> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 10 * 60_000;
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), createdAt: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    try {
      const handle = await fs.open(file, 'wx', 0o644);
      try {
        await handle.writeFile(JSON.stringify(owner));
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw describeFsError(error, `create the lock file ${file}`);
    }
    const found = await readOwner(file).catch(() => undefined);
    if (found && isStale(found, staleMs)) {
      // Re-read right before removing, so a lock that was just replaced by a live one survives.
      const again = await readOwner(file).catch(() => undefined);
      if (again && again.owner?.token === found.owner?.token && isStale(again, staleMs)) await fs.rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      const who = found?.owner ? { pid: found.owner.pid, since: found.owner.createdAt } : {};
      throw new UserError(said('lock-busy', { file, ...who }), ExitCode.failure);
    }
    await sleep(40 + Math.random() * 80);
  }

  // If the process ends without releasing (an uncaught error), do not leave the lock behind.
  const onExit = () => {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);
  return {
    release: async () => {
      process.removeListener('exit', onExit);
      const current = await readOwner(file).catch(() => undefined);
      if (current?.owner?.token === owner.token) await fs.rm(file, { force: true });
    },
  };
}

/**
 * Issue 11: the process holding a lock, when it is alive and the lock is fresh (the activity
 * reporter's "is one running already?", asked without trying to take the lock).
 */
export async function lockHolder(file: string, staleMs: number): Promise<{ pid: number } | undefined> {
  const found = await readOwner(file).catch(() => undefined);
  if (!found?.owner || typeof found.owner.pid !== 'number' || isStale(found, staleMs)) return undefined;
  return { pid: found.owner.pid };
}
