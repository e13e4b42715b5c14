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
  headers: Headers;
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

export async function requestServer(request: ServerRequest): Promise<ServerAnswer> {
  const timeoutMs = request.timeoutMs ?? 15_000;
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': `codex-workshop/${kitVersion()}`, ...request.headers };
  if (request.token) headers.Authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${request.url}${request.path}`, {
      method: request.method ?? 'GET',
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    text = await response.text();
  } catch (error) {
    throw new ServerUnreachable(unreachableWhy(error, timeoutMs));
  }
  let value: unknown;
  try {
    value = text ? JSON.parse(text) : undefined;
  } catch {
    value = undefined;
  }
  return { status: response.status, ok: response.ok, headers: response.headers, text, value };
}

/** Why nothing answered, in a few words (never the request, which holds the token). */
export function unreachableWhy(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const code = e?.cause?.code ?? '';
  if (code === 'ECONNREFUSED') return 'nothing is listening there';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host name';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'no network route';
  if (code === 'ECONNRESET') return 'the connection was cut';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return `a certificate this computer does not trust (${code}); NODE_EXTRA_CA_CERTS can name your company's`;
  return code || 'no connection';
}
