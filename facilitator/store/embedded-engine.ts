import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePrivateDir } from '../data/private-files.js';
import { isErrno } from '../../src/core/errors.js';
import { type Db, DatabaseUnavailable, type Sql, translateDbError } from './engine.js';

/**
 * The embedded engine: PGlite (PostgreSQL in WebAssembly) in a folder. No server, no native build:
 * it installs from the registry on every OS. It is single-process, so the folder has a lock file
 * naming its owner (pid, host, and the URL of the server holding it); another process is told to go
 * through that server instead of opening the folder a second time.
 */
export const LOCK_FILE = 'owner.json';

export interface EmbeddedOwner {
  pid: number;
  host: string;
  since: string;
  /** The programme server's address, when the owner is one (other commands go through it). */
  url?: string;
}

export class DatabaseBusy extends DatabaseUnavailable {
  constructor(
    readonly folder: string,
    readonly owner: EmbeddedOwner,
  ) {
    super(
      owner.url
        ? `The database in ${folder} is held by the programme server at ${owner.url} (process ${owner.pid}). Run the command against it with --server ${owner.url}, or stop that server first.`
        : `The database in ${folder} is in use by another workshop command (process ${owner.pid} on ${owner.host}). Wait for it to finish, or stop it, and try again.`,
    );
    this.name = 'DatabaseBusy';
  }
}

export async function openEmbedded(folder: string): Promise<Db & { setOwnerUrl(url: string): Promise<void> }> {
  await ensurePrivateDir(folder);
  const lock = path.join(folder, LOCK_FILE);
  let owner = await takeLock(lock);
  // Loaded only here: `workshop --help` and the participant commands never pay for the WASM module.
  const { PGlite } = await import('@electric-sql/pglite');
  let pg: InstanceType<typeof PGlite>;
  try {
    pg = await PGlite.create(path.join(folder, 'pgdata'));
  } catch (error) {
    await fs.rm(lock, { force: true });
    throw new DatabaseUnavailable(`The embedded database in ${folder} could not be opened (${(error as Error).message}). If the disk is full, free some space; if the folder was copied while in use, restore it from \`workshop data export\`.`, { cause: error });
  }
  const where = folder;
  const wrap = (runner: { query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }> }): Sql => ({
    async query<Row>(text: string, params?: unknown[]) {
      try {
        return (await runner.query(text, params)).rows as Row[];
      } catch (error) {
        throw translateDbError(error, where);
      } finally {
        // PGlite runs a statement on this thread without letting I/O in; a server doing statement
        // after statement would otherwise read new connections only seconds later (300 laptops at
        // once: 10 s before their first request was even read). One turn of the event loop each.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
  });
  const root = wrap(pg);
  let closed = false;
  return {
    kind: 'embedded',
    where,
    query: root.query,
    async transaction(work) {
      try {
        return await pg.transaction((tx) => work(wrap(tx)));
      } catch (error) {
        throw translateDbError(error, where);
      }
    },
    async exec(text) {
      try {
        await pg.exec(text);
      } catch (error) {
        throw translateDbError(error, where);
      }
    },
    async setOwnerUrl(url) {
      owner = { ...owner, url };
      await fs.writeFile(lock, JSON.stringify(owner), { mode: 0o600 });
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pg.close();
      } finally {
        await fs.rm(lock, { force: true });
      }
    },
  };
}

/** Reads who holds an embedded database folder, if anyone alive does. */
export async function embeddedOwner(folder: string): Promise<EmbeddedOwner | undefined> {
  const owner = await readLock(path.join(folder, LOCK_FILE));
  return owner && isAlive(owner) ? owner : undefined;
}

async function takeLock(file: string): Promise<EmbeddedOwner> {
  const me: EmbeddedOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await fs.writeFile(file, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      return me;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const owner = await readLock(file);
    if (owner && isAlive(owner)) throw new DatabaseBusy(path.dirname(file), owner);
    // Left by a process that is gone (kill -9, a crash): PGlite's own files are consistent, take over.
    await fs.rm(file, { force: true });
  }
  throw new DatabaseUnavailable(`Could not take the lock ${file}; remove it if no workshop command is running.`);
}

async function readLock(file: string): Promise<EmbeddedOwner | undefined> {
  try {
    const value = JSON.parse(await fs.readFile(file, 'utf8')) as EmbeddedOwner;
    return typeof value.pid === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(owner: EmbeddedOwner): boolean {
  if (owner.host !== os.hostname()) return true; // another machine on a shared folder: assume it is
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}
