// A throwaway PostgreSQL cluster for benches (the JavaScript twin of test/support/postgres.ts, which
// the tests use): initdb into a temp folder, a free port on 127.0.0.1, trust auth for one local user,
// fsync on (the figures must include durable commits). As root it runs as the `postgres` user, since
// PostgreSQL refuses root. Returns undefined when PostgreSQL is not installed.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function binDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))[0];
  return version ? path.join(root, version, 'bin') : undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres() {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  if (!bin || (asRoot && !/^postgres:/m.test(readFileSync('/etc/passwd', 'utf8')))) return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-pg-'));
  const data = path.join(dir, 'data');
  if (asRoot) await run('chown', ['postgres:postgres', dir]);
  const as = (cmd, args) => (asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args));
  await as('initdb', ['-D', data, '-U', 'workshop', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  await as('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100`, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const stop = () => {
    const args = ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'];
    spawnSync(asRoot ? 'runuser' : path.join(bin, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args] : args, { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `postgres://workshop@127.0.0.1:${port}/postgres`, stop };
}
