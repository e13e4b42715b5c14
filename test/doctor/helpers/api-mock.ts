import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';

/**
 * A local stand-in for the OpenAI API on 127.0.0.1 (plain or behind a test certificate), answering
 * GET /v1/models the way the real API does for each scenario. Bodies from codex-cli-facts.md.
 */
export type ApiMode = 'ok' | 'invalid_key' | 'not_member' | 'region' | 'forbidden' | 'quota' | 'rate' | 'hang' | 'html' | 'not_found' | 'server_error';

const TLS_DIR = path.resolve('test/fixtures/tls');
export const COMPANY_CA = path.join(TLS_DIR, 'company-ca.pem');

const ANSWERS: Record<Exclude<ApiMode, 'hang'>, { status: number; body: string; type?: string }> = {
  ok: { status: 200, body: JSON.stringify({ object: 'list', data: [{ id: 'gpt-5', object: 'model' }] }) },
  invalid_key: {
    status: 401,
    body: JSON.stringify({ error: { message: 'Incorrect API key provided: sk-test-***0000. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }),
  },
  not_member: { status: 401, body: JSON.stringify({ error: { message: 'You must be a member of an organization to use the API.', type: 'invalid_request_error', param: null, code: 'no_organization' } }) },
  region: { status: 403, body: JSON.stringify({ error: { code: 'unsupported_country_region_territory', type: 'request_forbidden', message: 'Country, region, or territory not supported' } }) },
  forbidden: { status: 403, body: JSON.stringify({ error: { code: null, type: 'invalid_request_error', message: 'Your IP address is not allowed to access this organization.' } }) },
  quota: { status: 429, body: JSON.stringify({ error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } }) },
  rate: { status: 429, body: JSON.stringify({ error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } }) },
  html: { status: 200, body: '<html><body>Please sign in to the guest Wi-Fi</body></html>', type: 'text/html' },
  not_found: { status: 404, body: JSON.stringify({ error: { message: 'Not found', type: 'invalid_request_error', code: null } }) },
  server_error: { status: 503, body: JSON.stringify({ error: { message: 'The server is overloaded', type: 'server_error', code: null } }) },
};

export interface ApiMock {
  /** Base URL, ending in /v1. */
  url: string;
  port: number;
  setMode(mode: ApiMode): void;
  requests: Array<{ method: string; path: string; authorization?: string }>;
  close(): Promise<void>;
}

export async function startApiMock(options: { tls?: 'intercepted' | 'self-signed'; mode?: ApiMode } = {}): Promise<ApiMock> {
  let mode: ApiMode = options.mode ?? 'ok';
  const requests: ApiMock['requests'] = [];
  const sockets = new Set<net.Socket>();
  const handler: http.RequestListener = (req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    if (mode === 'hang') return; // never answer
    const answer = ANSWERS[mode];
    res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' });
    res.end(answer.body);
  };
  const server = options.tls
    ? https.createServer(
        {
          cert: readFileSync(path.join(TLS_DIR, options.tls === 'intercepted' ? 'server.pem' : 'self-signed.pem')),
          key: readFileSync(path.join(TLS_DIR, options.tls === 'intercepted' ? 'server.key' : 'self-signed.key')),
        },
        handler,
      )
    : http.createServer(handler);
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/v1`,
    port,
    setMode: (m) => {
      mode = m;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (connections are refused). */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A minimal HTTP CONNECT proxy (optionally demanding credentials), recording what it tunnelled. */
export async function startConnectProxy(options: { requireAuth?: string } = {}): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    sockets.add(client);
    if (options.requireAuth && req.headers['proxy-authorization'] !== `Basic ${Buffer.from(options.requireAuth).toString('base64')}`) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n');
      return;
    }
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
