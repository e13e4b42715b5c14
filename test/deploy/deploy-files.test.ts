import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runWorkshop } from '../support/run-workshop.js';
import { type YamlValue, parseYamlSubset } from './yaml-subset.js';

/**
 * The deployment files (Dockerfile, compose.yaml, .dockerignore, scripts/healthcheck.mjs). Docker
 * does not run on every machine that runs these tests, so what can be checked without it is: the
 * compose file parses and wires the server to PostgreSQL, every command the Dockerfile runs exists,
 * nothing secret reaches the build context, and the health check tells a healthy server from a sick one.
 */
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
type Map = { [key: string]: YamlValue };
const compose = parseYamlSubset(read('compose.yaml')) as Map;
const services = compose.services as Map;
const server = services.server as Map;
const postgres = services.postgres as Map;
const dockerfile = read('Dockerfile');
/** Dockerfile instructions, continuation lines joined. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((l) => l.trim() && !l.trim().startsWith('#'))
  .map((l) => {
    const [word, ...rest] = l.trim().split(/\s+/);
    return { word: word.toUpperCase(), args: rest.join(' ') };
  });
const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string>; dependencies: Record<string, string> };

describe('compose.yaml', () => {
  it('is YAML (the same as PyYAML reads it, where PyYAML is installed)', () => {
    const python = spawnSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path.join(repoRoot, 'compose.yaml')], { encoding: 'utf8' });
    if (python.status === 0) expect(JSON.parse(python.stdout)).toEqual(compose);
    expect(Object.keys(services).sort()).toEqual(['postgres', 'server']);
  });

  it('runs PostgreSQL 15 on a named volume, and the server on it once it is healthy', () => {
    expect(postgres.image).toMatch(/^postgres:15(\.|$|-)/);
    const [volume, mount] = String((postgres.volumes as string[])[0]).split(':');
    expect(mount).toBe('/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes as Map)).toContain(volume);
    expect(((postgres.healthcheck as Map).test as string[]).join(' ')).toMatch(/pg_isready/);
    expect(server.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(server.build).toBe('.');
  });

  it('gives the server its database address from the environment, with the same password as PostgreSQL', () => {
    const url = (server.environment as Map).WORKSHOP_DATABASE_URL as string;
    const env = postgres.environment as Map;
    expect(url).toBe(`postgres://${env.POSTGRES_USER}:\${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}@postgres:5432/${env.POSTGRES_DB}`);
    expect(env.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/); // required, never a default password
  });

  it('publishes the server port (to this machine only unless told otherwise) and names the programme', () => {
    expect(server.ports).toEqual(['${WORKSHOP_BIND:-127.0.0.1}:${WORKSHOP_PORT:-4747}:4747']);
    const command = server.command as string[];
    expect(command[command.indexOf('--programme') + 1]).toMatch(/^\$\{WORKSHOP_PROGRAMME:\?/);
    expect(postgres.ports).toBeUndefined();
  });

  it('every setting it reads from .env is documented in docs/deploy.md', () => {
    const variables = new Set([...read('compose.yaml').matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]));
    expect(variables.size).toBeGreaterThan(4);
    const doc = read('docs/deploy.md');
    for (const variable of variables) expect(doc, `${variable} in docs/deploy.md`).toContain(variable);
  });
});

describe('Dockerfile', () => {
  it('builds on node:20-slim and runs with production dependencies only, as a user without privileges', () => {
    const froms = instructions.filter((i) => i.word === 'FROM').map((i) => i.args.split(' ')[0]);
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) expect(image).toBe('node:20-slim');
    const lastStage = instructions.slice(instructions.map((i) => i.word).lastIndexOf('FROM'));
    expect(lastStage.some((i) => i.word === 'RUN' && /npm ci --omit=dev\b/.test(i.args))).toBe(true);
    const user = lastStage.filter((i) => i.word === 'USER').map((i) => i.args);
    expect(user).toEqual(['node']);
  });

  it('runs only npm scripts that package.json has, and copies only what exists and is not ignored', () => {
    const runs = instructions.filter((i) => i.word === 'RUN').map((i) => i.args);
    const scripts = runs.flatMap((r) => [...r.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(Object.keys(packageJson.scripts), `npm run ${script}`).toContain(script);
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const copy of instructions.filter((i) => i.word === 'COPY' && !i.args.startsWith('--from'))) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(path.join(repoRoot, source)), `COPY ${source}`).toBe(true);
        expect(ignored, `COPY ${source} is not in .dockerignore`).not.toContain(source.split('/')[0]);
      }
    }
  });

  it('starts `workshop serve` listening on every network inside the container, on the port it exposes and checks', () => {
    const entry = JSON.parse(instructions.find((i) => i.word === 'ENTRYPOINT')!.args) as string[];
    expect(entry.slice(0, 3)).toEqual(['node', 'bin/workshop.js', 'serve']);
    expect(entry[entry.indexOf('--bind') + 1]).toBe('0.0.0.0');
    const port = entry[entry.indexOf('--port') + 1];
    expect(instructions.find((i) => i.word === 'EXPOSE')!.args).toBe(port);
    expect(read('scripts/healthcheck.mjs')).toContain(`http://127.0.0.1:${port}/healthz`);
    expect(instructions.find((i) => i.word === 'HEALTHCHECK')!.args).toMatch(/CMD \["node", "scripts\/healthcheck\.mjs"\]$/);
  });

  it('keeps secrets, local data and dependencies out of the build context', () => {
    const ignored = read('.dockerignore');
    for (const pattern of ['.git', 'node_modules', 'dist', '.env', '*.token', '*.pem', '*.key']) expect(ignored.split('\n')).toContain(pattern);
  });

  // The programme server's command comes with the server (issue 13): checked once it is in the kit.
  const help = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'workshop.js'), '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).stdout;
  it.skipIf(!/^\s+serve\b/m.test(help))('the command it runs exists, with the flags it passes', async () => {
    const result = await runWorkshop(['serve', '--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--programme', '--bind', '--port', '--title', '--time-zone', '--public-url']) expect(result.stdout).toContain(flag);
  });
});

describe('scripts/healthcheck.mjs', () => {
  async function check(status: number | 'none', body: unknown = { ok: status === 200 }): Promise<number | null> {
    const app = http.createServer((request, response) => {
      expect(request.url).toBe('/healthz');
      response.writeHead(status as number, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const { port } = app.address() as AddressInfo;
    if (status === 'none') await new Promise((resolve) => app.close(resolve));
    // Not spawnSync: the server above answers from this process's event loop.
    const code = await new Promise<number | null>((resolve) => {
      const child = execFile(process.execPath, [path.join(repoRoot, 'scripts', 'healthcheck.mjs')], { env: { ...process.env, WORKSHOP_HEALTH_URL: `http://127.0.0.1:${port}/healthz` }, timeout: 10_000 });
      child.on('exit', (exitCode) => resolve(exitCode));
    });
    if (status !== 'none') await new Promise((resolve) => app.close(resolve));
    return code;
  }

  it('is healthy when the server says ok, and not when its database is down, it answers nonsense, or nothing listens', async () => {
    expect(await check(200)).toBe(0);
    expect(await check(503, { ok: false, reason: 'database' })).toBe(1);
    expect(await check(200, 'not json')).toBe(1);
    expect(await check('none')).toBe(1);
  });
});
