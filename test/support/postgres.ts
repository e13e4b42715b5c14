import { execFile, spawn } from 'node:child_process';
import { existsSync, promises as fs, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster for tests and benches (issue 13): initdb into a temp folder, a free
 * port on 127.0.0.1, the socket in that folder, trust auth for the one local user; `stop()` shuts it
 * down at once and removes the folder. PostgreSQL refuses to run as root, so as root the cluster is
 * the `postgres` user's (Debian's package creates it). Nothing is installed or started system-wide.
 */
export interface ThrowawayPostgres {
  /** `postgres://workshop@127.0.0.1:<port>/postgres`: a superuser on the maintenance database. */
  url: string;
  port: number;
  /** A fresh, empty database in this cluster; its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server immediately (kill -9 style if it will not stop) and removes its folder. */
  stop(): Promise<void>;
  /** Stops the server but keeps the data (to test "the database is down"); `start()` brings it back. */
  pause(): Promise<void>;
  start(): Promise<void>;
}

const SUPERUSER = 'workshop';

/** The folder holding initdb, pg_ctl and postgres, or undefined when PostgreSQL is not installed. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env.WORKSHOP_PG_BIN;
  if (fromEnv && existsSync(path.join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  return undefined;
}

export function postgresAvailable(): boolean {
  return postgresBinDir() !== undefined && (process.getuid?.() !== 0 || hasPostgresUser());
}

function hasPostgresUser(): boolean {
  try {
    return /^postgres:/m.test(readFileSync('/etc/passwd', 'utf8'));
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (no initdb found): install the Debian package postgresql.');
  const asRoot = process.getuid?.() === 0;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'workshop-pg-'));
  const data = path.join(dir, 'data');
  if (asRoot) await run('chown', ['postgres:postgres', dir]);
  const as = (cmd: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args));
  await as('initdb', ['-D', data, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200 -c shared_buffers=64MB`;
  const logFile = path.join(dir, 'server.log');
  const start = async () => {
    await as('pg_ctl', ['-D', data, '-o', options, '-l', logFile, '-w', '-t', '60', 'start']);
  };
  await start();
  const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
  let counter = 0;
  let stopped = false;
  const stopServer = async () => {
    await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']).catch(() => undefined);
  };
  return {
    url,
    port,
    async createDatabase(name) {
      const db = name ?? `t_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`;
      await psql(bin, url, `create database ${db}`);
      return `postgres://${SUPERUSER}@127.0.0.1:${port}/${db}`;
    },
    async pause() {
      await stopServer();
    },
    start,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopServer();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** One statement through psql (no driver needed by the harness). */
export async function psql(bin: string | undefined, url: string, sql: string): Promise<string> {
  const psqlBin = bin && existsSync(path.join(bin, 'psql')) ? path.join(bin, 'psql') : 'psql';
  return new Promise((resolve, reject) => {
    const child = spawn(psqlBin, [url, '-v', 'ON_ERROR_STOP=1', '-Atc', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`psql failed: ${err.trim()}`))));
  });
}
