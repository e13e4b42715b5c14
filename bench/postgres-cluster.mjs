// A throwaway PostgreSQL cluster for benches (the same recipe as test/support/postgres.ts, which
// benches cannot import: it is TypeScript). initdb into a temp folder, a free port on 127.0.0.1, the
// socket in that folder, trust for the local superuser; stop() removes everything. As root the
// cluster runs as the `postgres` user, since PostgreSQL refuses to run as root.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (process.env.WORKSHOP_PG_BIN && existsSync(path.join(process.env.WORKSHOP_PG_BIN, 'initdb'))) return process.env.WORKSHOP_PG_BIN;
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return version ? path.join(root, version, 'bin') : undefined;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startCluster() {
  const bin = postgresBinDir();
  if (!bin) return undefined;
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'workshop-bench-pg-'));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']).catch(() => ({ stdout: '' }));
    if (!stdout.trim()) return undefined;
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout), Number(gid));
  }
  const as = (cmd, args) => (asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args));
  const data = path.join(dir, 'data');
  await as('initdb', ['-D', data, '-U', 'workshop', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  // The server's defaults otherwise (fsync on): the figures are what a plain installation gives.
  await as('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const version = path.basename(path.dirname(bin));
  let databases = 0;
  return {
    version,
    url: `postgres://workshop@127.0.0.1:${port}/postgres`,
    async createDatabase() {
      databases += 1;
      const name = `bench_${databases}`;
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: `postgres://workshop@127.0.0.1:${port}/postgres` });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://workshop@127.0.0.1:${port}/${name}`;
    },
    /** For a process 'exit' handler, where nothing asynchronous runs any more. */
    stopSync() {
      const args = ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'];
      spawnSync(asRoot ? 'runuser' : path.join(bin, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args] : args, { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
    async stop() {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
