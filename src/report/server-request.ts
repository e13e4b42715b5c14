import http from 'node:http';
import https from 'node:https';
import { kitVersion } from '../core/paths.js';

/**
 * One request from a laptop to the programme server (quests, the board, company skills): the token in
 * the Authorization header and nowhere else, never following a redirect (it would carry the token to
 * wherever it points), bounded in time. The answer comes back read (its text, and its JSON when it is
 * JSON); a request that got no answer throws `ServerUnreachable` with a few words on why, never the
 * request itself. What a refusal means is each command's to say.
 */
export class ServerUnreachable extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'ServerUnreachable';
  }
}

export interface ServerAnswer {
  status: number;
  ok: boolean;
  /** The answer's headers, by lower-case name. */
  headers: { get(name: string): string | null };
  text: string;
  /** The body parsed as JSON, undefined when it is not JSON. */
  value: unknown;
}

export interface ServerRequest {
  url: string;
  path: string;
  token: string | undefined;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export function requestServer(request: ServerRequest): Promise<ServerAnswer> {
  const timeoutMs = request.timeoutMs ?? 15_000;
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': `codex-workshop/${kitVersion()}`, ...request.headers };
  if (request.token) headers.Authorization = `Bearer ${request.token}`;
  const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
  if (payload) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(payload.length);
  }
  let url: URL;
  try {
    url = new URL(`${request.url}${request.path}`);
  } catch {
    return Promise.reject(new ServerUnreachable('not an address'));
  }
  // node:http rather than fetch: fetch's first use loads its client (about 50 ms) and keeps the
  // process alive about 100 ms after the answer, which a command that prints a list would pay each
  // time. node:http never follows a redirect.
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: request.method ?? 'GET', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(new ServerUnreachable(unreachableWhy(error, timeoutMs))));
      response.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let value: unknown;
        try {
          value = text ? JSON.parse(text) : undefined;
        } catch {
          value = undefined;
        }
        const status = response.statusCode ?? 0;
        const raw = response.headers;
        // Not the global Headers: it would load fetch's client, which this module avoids.
        const answerHeaders = { get: (name: string) => { const found = raw[name.toLowerCase()]; return found === undefined ? null : Array.isArray(found) ? found.join(', ') : found; } };
        resolve({ status, ok: status >= 200 && status < 300, headers: answerHeaders, text, value });
      });
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(new ServerUnreachable(unreachableWhy(error, timeoutMs)));
    });
    req.end(payload);
  });
}

/** Why nothing answered, in a few words (never the request, which holds the token). */
export function unreachableWhy(error: unknown, timeoutMs: number): string {
  const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const code = e?.code ?? e?.cause?.code ?? '';
  if (code === 'ECONNREFUSED') return 'nothing is listening there';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host name';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'no network route';
  if (code === 'ECONNRESET') return 'the connection was cut';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return `a certificate this computer does not trust (${code}); NODE_EXTRA_CA_CERTS can name your company's`;
  return code || 'no connection';
}
