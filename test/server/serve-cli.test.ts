import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../facilitator/store/store.js';
import { freePort } from '../support/postgres.js';
import { repoRoot } from '../support/run-workshop.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { isolatedEnv, workshop } from '../programme/helpers.js';
import { everyRow, startServe } from './helpers.js';

/**
 * `workshop serve` and the commands that talk to it, through the real CLI: the one --json line, the
 * owner token file, tokens, imports and the report over --server, the messages when something is
 * wrong, HTTPS, and that no token ever shows up where it should not.
 */
afterAll(cleanupTargets);

const TLS = path.join(repoRoot, 'test', 'fixtures', 'tls');
const ROSTER = 'email,name,team,key\naiko@example.com,Aiko Tanaka,Sales,key_aiko\nken@example.com,Ken Sato,HR,\n';
const USAGE = 'date,key,email,requests\n2026-03-04,key_aiko,,5\n2026-03-05,,ken@example.com,2\n';

async function scratch(prefix: string): Promise<{ dir: string; env: NodeJS.ProcessEnv; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  // Nothing from the developer's shell may choose the database or the token.
  const env: NodeJS.ProcessEnv = { ...isolatedEnv(dir), WORKSHOP_SERVER_TOKEN: '', WORKSHOP_DATABASE_URL: '' };
  return { dir, env, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

describe.each(ENGINES)('workshop serve on the %s engine, through the CLI', (kind) => {
  it.skipIf(!engineAvailable(kind))(
    'prints one JSON line, writes the owner token to a private file, and serves tokens, imports and the report to the CLI until SIGTERM',
    async () => {
      const { dir, env, cleanup } = await scratch('server-cli-');
      const target = kind === 'postgres' ? await freshTarget('postgres') : undefined;
      const where = target ? ['--database', target.location] : [];
      try {
        const serve = await startServe(['--programme', 'spring', '--title', 'Spring <b>2026</b>', '--time-zone', 'Asia/Tokyo', '--data', env.WORKSHOP_DATA!, ...where], env);
        const { info } = serve;
        const ownerFile = path.join(env.WORKSHOP_DATA!, 'server-owner.token');
        expect(info).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), programme: 'spring', engine: kind, tls: false, schemaVersion: expect.any(Number), ownerTokenFile: ownerFile });
        expect(info.dashboardUrl).toBe(`${info.url}/dashboard`);
        expect(JSON.stringify(info)).not.toMatch(/wst_|#token|password/);
        expect(serve.stdout().trim().split('\n')).toHaveLength(1);
        const owner = (await readFile(ownerFile, 'utf8')).trim();
        expect(owner).toMatch(/^wst_[A-Za-z0-9_-]{43}$/);
        if (process.platform !== 'win32') expect((await stat(ownerFile)).mode & 0o777).toBe(0o600);
        const server = ['--server', info.url];
        const asOwner = [...server, '--token-file', ownerFile];

        // A viewer's link, printed once by `token add`; a facilitator for the imports.
        const viewer = await workshop(['server', 'token', 'add', '--role', 'viewer', '--name', 'Manager', ...asOwner, '--json'], env);
        expect(viewer.code).toBe(0);
        const viewerInfo = JSON.parse(viewer.stdout) as { token: string; dashboardUrl: string; boardUrl: string };
        expect(viewerInfo).toMatchObject({ name: 'Manager', role: 'viewer', token: expect.stringMatching(/^wst_/) });
        expect(viewerInfo.dashboardUrl).toBe(`${info.url}/dashboard#token=${viewerInfo.token}`);
        expect(viewerInfo.boardUrl).toBe(`${info.url}/board#token=${viewerInfo.token}`);
        const facilitator = JSON.parse((await workshop(['server', 'token', 'add', '--role', 'facilitator', '--name', 'Ken', ...asOwner, '--json'], env)).stdout) as { token: string };

        await writeFile(path.join(dir, 'people.csv'), ROSTER);
        await writeFile(path.join(dir, 'usage.csv'), USAGE);
        const refused = await workshop(['roster', 'import', path.join(dir, 'people.csv'), '--programme', 'spring', ...server], { ...env, WORKSHOP_SERVER_TOKEN: viewerInfo.token });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain(`The programme server at ${info.url} refused: the token "Manager" has the role viewer; this needs facilitator or above.`);
        const roster = await workshop(['roster', 'import', path.join(dir, 'people.csv'), '--programme', 'spring', ...server, '--json'], { ...env, WORKSHOP_SERVER_TOKEN: facilitator.token });
        expect(roster.code).toBe(0);
        expect(JSON.parse(roster.stdout)).toMatchObject({ programme: 'spring', people: 2, added: 2, encoding: 'utf-8' });
        const usage = await workshop(['usage', 'import', path.join(dir, 'usage.csv'), '--programme', 'spring', ...server], { ...env, WORKSHOP_SERVER_TOKEN: facilitator.token });
        expect(usage.code).toBe(0);
        expect(usage.stdout).toContain('Imported 2 key-days (7 requests) from usage.csv into spring');

        const report = await workshop(['report', '--programme', 'spring', ...server, '--format', 'json'], { ...env, WORKSHOP_SERVER_TOKEN: viewerInfo.token });
        expect(report.code).toBe(0);
        expect(JSON.parse(report.stdout)).toMatchObject({ kind: 'programme-report', programme: { id: 'spring', title: 'Spring <b>2026</b>', timeZone: 'Asia/Tokyo' }, rosterSize: 2 });
        const out = path.join(dir, 'report.html');
        const written = await workshop(['report', '--programme', 'spring', ...server, '--format', 'html', '--out', out], { ...env, WORKSHOP_SERVER_TOKEN: viewerInfo.token });
        expect(written.stdout).toContain(`written to ${out}`);
        expect(await readFile(out, 'utf8')).toContain('Spring &lt;b&gt;2026&lt;/b&gt;');

        // Held by the server: the store's lock says where to go instead (embedded).
        if (kind === 'embedded') {
          const direct = await workshop(['server', 'token', 'list', '--data', env.WORKSHOP_DATA!], env);
          expect(direct.code).toBe(1);
          expect(direct.stderr).toContain(`held by the programme server at ${info.url}`);
        }
        const list = await workshop(['server', 'token', 'list', ...asOwner], env);
        expect(list.code).toBe(0);
        expect(list.stdout).toMatch(/Manager\s+viewer\s+created \d{4}-\d\d-\d\d by owner\s+live/);
        const revoke = await workshop(['server', 'token', 'revoke', 'Manager', ...asOwner], env);
        expect(revoke.stdout).toContain('Revoked "Manager"');
        const afterRevoke = await workshop(['report', '--programme', 'spring', ...server], { ...env, WORKSHOP_SERVER_TOKEN: viewerInfo.token });
        expect(afterRevoke.code).toBe(1);
        expect(afterRevoke.stderr).toContain('does not accept this token');

        expect(await serve.stop()).toBe(0);
        expect(serve.stderr()).toContain('Stopping the programme server');
        // No token in anything the server wrote: its output, the database's rows, the report.
        const secrets = [owner, viewerInfo.token, facilitator.token];
        const everything = serve.stdout() + serve.stderr() + report.stdout + (await readFile(out, 'utf8')) + list.stdout + roster.stdout + usage.stdout + refused.stderr + afterRevoke.stderr;
        for (const secret of secrets) expect(everything).not.toContain(secret);
        const store = await Store.open(target ?? { kind: 'embedded', location: path.join(env.WORKSHOP_DATA!, 'database') });
        try {
          const rows = await everyRow(store);
          expect(rows).toContain('Manager');
          for (const secret of secrets) expect(rows).not.toContain(secret);
          expect((await store.changes('spring')).map((c) => c.actor)).toEqual(expect.arrayContaining(['Ken']));
        } finally {
          await store.close();
        }
        if (kind === 'embedded') {
          // And not in any byte of the embedded database's files (pages, WAL), nor anywhere in the data folder but the owner's file.
          for (const file of await filesUnder(env.WORKSHOP_DATA!)) {
            if (file === ownerFile) continue;
            const bytes = await readFile(file);
            for (const secret of secrets) expect({ file, found: bytes.includes(Buffer.from(secret)) }).toEqual({ file, found: false });
          }
          // A second start finds live tokens: no new owner token, the file left as it was.
          const again = await startServe(['--programme', 'spring', '--data', env.WORKSHOP_DATA!], env);
          expect(again.info.ownerTokenFile).toBeUndefined();
          expect(await again.stop()).toBe(0);
          expect((await readFile(ownerFile, 'utf8')).trim()).toBe(owner);
        }
      } finally {
        await cleanup();
      }
    },
    180_000,
  );
});

describe('workshop serve refuses what it cannot do, with one clear message', () => {
  let scratchDir: Awaited<ReturnType<typeof scratch>>;
  beforeAll(async () => {
    scratchDir = await scratch('server-flags-');
  });
  afterAll(async () => scratchDir?.cleanup());

  const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

  it('bad flags: exit 2, before any database is opened', async () => {
    const { env } = scratchDir;
    const cases: Array<[string[], RegExp]> = [
      [['serve'], /--programme/],
      [['serve', '--programme', 'Spring 2026!'], /not a usable programme id/],
      [['serve', '--programme', 'spring', '--tls-cert', path.join(TLS, 'server.pem')], /needs both --tls-cert FILE .* and --tls-key FILE/],
      [['serve', '--programme', 'spring', '--public-url', 'ftp://example.com'], /--public-url must start with http:\/\/ or https:\/\//],
      [['serve', '--programme', 'spring', '--public-url', 'https://example.com/workshop'], /without a path/],
      [['serve', '--programme', 'spring', '--port', '70000'], /--port must be at most 65535/],
      [['serve', '--programme', 'spring', '--time-zone', 'Mars/Olympus'], /not a time zone name/],
      [['server', 'token', 'add', '--role', 'boss', '--name', 'x'], /Allowed choices are owner, facilitator, viewer/],
      [['server', 'token', 'add', '--role', 'viewer', '--name', '!!'], /--name .*letters, digits/],
      [['report', '--programme', 'spring', '--server', 'http://127.0.0.1:9'], /needs a facilitator token: set WORKSHOP_SERVER_TOKEN/],
      [['report', '--programme', 'spring', '--session', '2026-03-03', '--server', 'http://127.0.0.1:9'], /--server reports on a whole programme/],
      [['report', '--programme', 'spring', '--server', 'not a url'], /--server must be the server's address/],
    ];
    for (const [args, message] of cases) {
      const result = await workshop(args, env);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
      noStack(result.stderr);
    }
    expect((await readdir(env.WORKSHOP_DATA!).catch(() => [])).length).toBe(0);
    // A token pasted where the address goes is not echoed back.
    const token = `wst_${'k'.repeat(43)}`;
    const pasted = await workshop(['report', '--programme', 'spring', '--server', token], env);
    expect(pasted.code).toBe(2);
    expect(pasted.stderr).toContain('"wst_***"');
    expect(pasted.stderr).not.toContain(token);
  });

  it('a certificate and a key that do not belong together, and a database that cannot be reached: exit 1', async () => {
    const { env } = scratchDir;
    const tls = await workshop(['serve', '--programme', 'spring', '--title', 'S', '--tls-cert', path.join(TLS, 'server.pem'), '--tls-key', path.join(TLS, 'self-signed.key')], env);
    expect(tls.code).toBe(1);
    expect(tls.stderr).toMatch(/The TLS certificate .*server\.pem and key .*self-signed\.key cannot be used together \(.*\)\. Give the PEM certificate and the private key that belongs to it\./);
    const missing = await workshop(['serve', '--programme', 'spring', '--tls-cert', path.join(TLS, 'nope.pem'), '--tls-key', path.join(TLS, 'server.key')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.pem cannot be read (no such file)');
    const db = await workshop(['serve', '--programme', 'spring', '--title', 'S', '--database', 'postgres://workshop:hunter2@127.0.0.1:9/none'], env);
    expect(db.code).toBe(1);
    expect(db.stderr).toContain('cannot be reached (nothing is listening there)');
    expect(db.stderr).not.toContain('hunter2');
    for (const r of [tls, missing, db]) noStack(r.stderr);
  });

  it('a port in use, and a programme the database does not have without --title', async () => {
    const { env } = scratchDir;
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const busy = await workshop(['serve', '--programme', 'spring', '--title', 'Spring', '--data', env.WORKSHOP_DATA!, '--port', String(port)], env);
      expect(busy.code).toBe(1);
      expect(busy.stderr.trim()).toBe(`Port ${port} on 127.0.0.1 is already in use. Stop what is using it, or choose another port with --port.`);
    } finally {
      blocker.close();
    }
    const unknown = await workshop(['serve', '--programme', 'autumn', '--data', env.WORKSHOP_DATA!], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no programme "autumn" in the database at');
    expect(unknown.stderr).toContain('add --title');
    noStack(unknown.stderr);
  }, 60_000);

  it('a server that is not there, and an address that is not a programme server', async () => {
    const { env } = scratchDir;
    const token = `wst_${'z'.repeat(43)}`;
    const closed = await freePort();
    const gone = await workshop(['report', '--programme', 'spring', '--server', `http://127.0.0.1:${closed}`], { ...env, WORKSHOP_SERVER_TOKEN: token });
    expect(gone.code).toBe(1);
    expect(gone.stderr.trim()).toBe(`Cannot reach the programme server at http://127.0.0.1:${closed} (nothing is listening there). Check the address, and that \`workshop serve\` is running there.`);
    const other = net.createServer((socket) => socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\nConnection: close\r\n\r\n<h1>x</h1'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = (other.address() as net.AddressInfo).port;
      const wrong = await workshop(['report', '--programme', 'spring', '--server', `http://127.0.0.1:${port}`], { ...env, WORKSHOP_SERVER_TOKEN: token });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('is not what a codex-workshop programme server sends. Is this the right address?');
      expect(gone.stderr + wrong.stderr).not.toContain(token);
    } finally {
      other.close();
    }
    const redirect = net.createServer((socket) => socket.end('HTTP/1.1 301 Moved Permanently\r\nLocation: https://workshop.example.com/v1/programmes/spring/report\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    await new Promise<void>((resolve) => redirect.listen(0, '127.0.0.1', resolve));
    try {
      const port = (redirect.address() as net.AddressInfo).port;
      const moved = await workshop(['report', '--programme', 'spring', '--server', `http://127.0.0.1:${port}`], { ...env, WORKSHOP_SERVER_TOKEN: token });
      expect(moved.code).toBe(1);
      expect(moved.stderr.trim()).toBe(`The address http://127.0.0.1:${port} redirects to https://workshop.example.com: give that one with --server (the token is not sent to a redirect).`);
    } finally {
      redirect.close();
    }
  });
});

describe('workshop serve over HTTPS', () => {
  it('serves with --tls-cert/--tls-key; a client that does not trust the certificate is told what to do', async () => {
    const { env, cleanup } = await scratch('server-tls-');
    try {
      const serve = await startServe(['--programme', 'spring', '--title', 'Spring', '--data', env.WORKSHOP_DATA!, '--tls-cert', path.join(TLS, 'self-signed.pem'), '--tls-key', path.join(TLS, 'self-signed.key')], env);
      try {
        expect(serve.info).toMatchObject({ url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), tls: true });
        const ca = await readFile(path.join(TLS, 'self-signed.pem'));
        const health = await new Promise<{ status: number; hsts: unknown; body: string }>((resolve, reject) => {
          https
            .get(`${serve.info.url}/healthz`, { ca }, (res) => {
              let body = '';
              res.on('data', (d) => (body += d));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'], body }));
            })
            .on('error', reject);
        });
        expect(health.status).toBe(200);
        expect(JSON.parse(health.body)).toMatchObject({ ok: true, programme: 'spring' });
        expect(health.hsts).toBe('max-age=31536000');
        const ownerFile = String(serve.info.ownerTokenFile);
        const untrusted = await workshop(['report', '--programme', 'spring', '--server', serve.info.url, '--token-file', ownerFile, '--format', 'json'], env);
        expect(untrusted.code).toBe(1);
        expect(untrusted.stderr).toMatch(/presented a certificate this computer does not trust \(.+\)\. If it is your company's or a self-signed certificate, point NODE_EXTRA_CA_CERTS at its PEM file/);
        const trusted = await workshop(['report', '--programme', 'spring', '--server', serve.info.url, '--token-file', ownerFile, '--format', 'json'], { ...env, NODE_EXTRA_CA_CERTS: path.join(TLS, 'self-signed.pem') });
        expect(trusted.code).toBe(0);
        expect(JSON.parse(trusted.stdout).programme.id).toBe('spring');
      } finally {
        expect(await serve.stop()).toBe(0);
      }
    } finally {
      await cleanup();
    }
  }, 120_000);
});

describe('workshop serve --trust-proxy', () => {
  it('takes proxy addresses and refuses anything else with a usage error before opening the database', async () => {
    const { parseTrustProxy } = await import('../../facilitator/server/serve-command.js');
    expect(parseTrustProxy(' 127.0.0.1 , 10.0.1.0/24 ')).toBe('127.0.0.1,10.0.1.0/24');
    expect(parseTrustProxy('::1')).toBe('::1');
    for (const bad of ['', 'true', '*', 'proxy.local', '127.0.0.1;rm']) expect(() => parseTrustProxy(bad)).toThrow(/--trust-proxy takes the reverse proxy's IP address/);
  });
});
