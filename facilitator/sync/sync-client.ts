import type { z } from 'zod';
import { UsageError } from '../../src/core/errors.js';
import { ErrorResponse } from '../../src/protocol/hub-api.js';
import { ServerPaths, SyncResponse, SyncStatusResponse, serverPath, type SyncRequest } from '../../src/protocol/server-api.js';
import { SERVER_TOKEN_ENV } from '../server/cli-support.js';

/**
 * The venue's HTTP client for the programme server's sync endpoint (issue 13). Every call has a
 * deadline; answers are checked with the protocol's zod schemas. Two kinds of failure, acted on
 * differently: the server could not be reached or is busy (keep the lines, try again later), or it
 * refused (a wrong token, another programme, a session hosted there: a person must act). The token
 * only ever goes into the Authorization header.
 */

export class SyncUnreachable extends Error {
  constructor(
    readonly url: string,
    readonly why: string,
    /** The server asked to wait this long (a 503 or 429 with Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(`could not reach the programme server at ${url} (${why})`);
    this.name = 'SyncUnreachable';
  }
}

export class SyncRefused extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'SyncRefused';
  }
}

/**
 * What people type as the server's address: `https://workshop.example.com`, `10.0.0.5:8080`, with a
 * path when it sits behind a reverse proxy (`https://intra.example.com/workshop`). No credentials in
 * it: the token travels in WORKSHOP_SERVER_TOKEN, never in an address that ends up in files.
 */
export function normaliseServerUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`--sync must be the programme server's address (for example https://workshop.example.com), not "${input}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--sync must be an http:// or https:// address, not "${url.protocol}".`);
  if (url.username || url.password) throw new UsageError('Leave the user name and password out of the --sync address; the server token goes in WORKSHOP_SERVER_TOKEN.');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The token from the environment, or one clear sentence saying how to get one. */
export function serverTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const token = env[SERVER_TOKEN_ENV]?.trim();
  if (!token) {
    throw new UsageError(
      `Set ${SERVER_TOKEN_ENV} to a facilitator token of the programme server (the server's owner makes one with \`workshop server token add --role facilitator --name <you>\`).`,
    );
  }
  if (/\s/.test(token) || token.length < 20 || token.length > 200) throw new UsageError(`${SERVER_TOKEN_ENV} does not look like a server token (wst_…); copy it again.`);
  return token;
}

export class SyncClient {
  readonly #token: string;

  constructor(
    readonly baseUrl: string,
    token: string,
  ) {
    this.#token = token;
  }

  status(programmeId: string, sessionId: string, signal: AbortSignal): Promise<SyncStatusResponse> {
    return this.#call('GET', serverPath(ServerPaths.syncSession, { programmeId, sessionId }), undefined, SyncStatusResponse, signal);
  }

  send(programmeId: string, sessionId: string, body: SyncRequest, signal: AbortSignal): Promise<SyncResponse> {
    return this.#call('POST', serverPath(ServerPaths.syncSession, { programmeId, sessionId }), body, SyncResponse, signal);
  }

  async #call<S extends z.ZodType>(method: string, path: string, body: unknown, schema: S, signal: AbortSignal): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${this.#token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, redirect: 'error' });
      text = await response.text();
    } catch (error) {
      throw new SyncUnreachable(this.baseUrl, describeFetchFailure(error));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // A proxy's HTML error page while the server restarts is "not reachable", not a refusal.
      if (response.status >= 500) throw new SyncUnreachable(this.baseUrl, `HTTP ${response.status}`);
      throw new SyncRefused(response.status, 'not_a_server', `${this.baseUrl} answered, but not like a workshop programme server (HTTP ${response.status}); check the address`);
    }
    if (!response.ok) {
      const parsed = ErrorResponse.safeParse(json);
      const reason = parsed.success ? parsed.data.reason : `HTTP ${response.status}`;
      if (response.status >= 500 || response.status === 429) {
        const retryAfter = Number(response.headers.get('retry-after')) || undefined;
        throw new SyncUnreachable(this.baseUrl, `${response.status === 429 ? 'busy' : 'unavailable'}: ${reason}`, retryAfter);
      }
      throw new SyncRefused(response.status, parsed.success ? parsed.data.error : 'unknown', reason);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncRefused(response.status, 'not_a_server', `${this.baseUrl} answered in a form this kit does not understand; update the kit`);
    return parsed.data;
  }
}

function describeFetchFailure(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === 'TimeoutError') return 'no answer in time';
  if (e.name === 'AbortError') return 'stopped';
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'nothing is listening there';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host name';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'no route to it from this network';
  if (code === 'ECONNRESET') return 'the connection was cut';
  return code ?? e.cause?.message ?? e.message ?? 'network error';
}
