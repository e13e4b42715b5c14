import { z } from 'zod';
import { ExitCode, UserError } from '../../src/core/errors.js';
import {
  HealthResponse,
  type Role,
  REPORT_WARNINGS_HEADER,
  RosterUploadRequest,
  RosterUploadResponse,
  ServerPaths,
  TokenAddResponse,
  TokenListResponse,
  TokenRevokeResponse,
  UsageUploadRequest,
  UsageUploadResponse,
  UsageSyncPageRequest,
  UsageSyncPageResponse,
  UsageSyncStateResponse,
  WhoamiResponse,
  serverPath,
} from '../../src/protocol/server-api.js';
import { Digest, type DigestAudience } from '../../src/protocol/digest.js';
import { QuestPaths } from '../../src/protocol/quests.js';

/**
 * The CLI's side of the programme server's API: fetch with the token in the Authorization header
 * (and nowhere else), every answer parsed with the protocol's zod schema, and every failure turned
 * into one sentence that says what to do (unreachable, untrusted certificate, 401, 403, a database
 * that is down, an answer that is not from this kind of server).
 */
export class ServerRequestError extends UserError {
  constructor(
    message: string,
    readonly status?: number,
    readonly error?: string,
  ) {
    super(message, ExitCode.failure);
    this.name = 'ServerRequestError';
  }
}

const ErrorBody = z.object({ error: z.string(), reason: z.string() });

export interface ServerClientOptions {
  fetch?: typeof fetch;
  /** Per request, for everything but uploads and reports (default 30 s). */
  timeoutMs?: number;
}

const CERT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

export class ServerClient {
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(
    readonly url: string,
    token: string | undefined,
    options: ServerClientOptions = {},
  ) {
    this.url = url.replace(/\/+$/, '');
    this.#token = token;
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  async health(): Promise<HealthResponse> {
    // 503 with ok:false is still a health answer: read it rather than fail.
    const response = await this.#send('GET', ServerPaths.health, { auth: false, acceptStatus: [503] });
    return this.#parse(HealthResponse, response);
  }

  async whoami(): Promise<WhoamiResponse> {
    return this.#parse(WhoamiResponse, await this.#send('GET', ServerPaths.whoami));
  }

  async report(programmeId: string, format: 'json' | 'md' | 'html' | 'csv'): Promise<{ text: string; warnings: string[] }> {
    const response = await this.#send('GET', `${serverPath(ServerPaths.report, { programmeId })}?format=${format}`, { timeoutMs: 5 * 60_000 });
    // Byte for byte: response.text() would drop the CSV's byte-order mark, which Excel needs to read UTF-8.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    return { text, warnings: readWarnings(response.headers.get(REPORT_WARNINGS_HEADER)) };
  }

  /** The weekly digest's data (issue 14); the CLI renders it as it would from the store. */
  async digest(programmeId: string, query: { audience: DigestAudience; team?: string; since?: string }): Promise<Digest> {
    const params = new URLSearchParams({ format: 'json', audience: query.audience });
    if (query.team !== undefined) params.set('team', query.team);
    if (query.since !== undefined) params.set('since', query.since);
    const response = await this.#send('GET', `${serverPath(QuestPaths.digest, { programmeId })}?${params}`, { timeoutMs: 5 * 60_000 });
    return this.#parse(Digest, response);
  }

  async uploadRoster(programmeId: string, body: z.infer<typeof RosterUploadRequest>): Promise<RosterUploadResponse> {
    const response = await this.#send('POST', serverPath(ServerPaths.roster, { programmeId }), { body, timeoutMs: 10 * 60_000 });
    return this.#parse(RosterUploadResponse, response);
  }

  async uploadUsage(programmeId: string, body: z.infer<typeof UsageUploadRequest>): Promise<UsageUploadResponse> {
    const response = await this.#send('POST', serverPath(ServerPaths.usage, { programmeId }), { body, timeoutMs: 10 * 60_000 });
    return this.#parse(UsageUploadResponse, response);
  }

  /** Issue 16: where a usage sync stream stands, with the programme's time zone and first date. */
  async usageSyncState(programmeId: string, stream: string, scope: string): Promise<UsageSyncStateResponse> {
    const query = `?stream=${encodeURIComponent(stream)}&scope=${encodeURIComponent(scope)}`;
    return this.#parse(UsageSyncStateResponse, await this.#send('GET', `${serverPath(ServerPaths.usageSync, { programmeId })}${query}`));
  }

  async storeUsageSyncPage(programmeId: string, body: UsageSyncPageRequest): Promise<UsageSyncPageResponse> {
    const response = await this.#send('POST', serverPath(ServerPaths.usageSync, { programmeId }), { body, timeoutMs: 5 * 60_000 });
    return this.#parse(UsageSyncPageResponse, response);
  }

  async listTokens(): Promise<z.infer<typeof TokenListResponse>> {
    return this.#parse(TokenListResponse, await this.#send('GET', ServerPaths.tokens));
  }

  async addToken(name: string, role: Role, email?: string): Promise<z.infer<typeof TokenAddResponse>> {
    return this.#parse(TokenAddResponse, await this.#send('POST', ServerPaths.tokens, { body: { name, role, ...(email ? { email } : {}) } }));
  }

  async revokeToken(name: string): Promise<z.infer<typeof TokenRevokeResponse>> {
    return this.#parse(TokenRevokeResponse, await this.#send('DELETE', serverPath(ServerPaths.token, { name })));
  }

  async #send(method: string, path: string, options: { body?: unknown; auth?: boolean; timeoutMs?: number; acceptStatus?: number[] } = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json, text/*' };
    if (options.auth !== false) {
      if (!this.#token) throw new UserError('This needs a facilitator token: set WORKSHOP_SERVER_TOKEN, or give --token-file FILE.', ExitCode.usage);
      headers.Authorization = `Bearer ${this.#token}`;
    }
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    let response: Response;
    try {
      response = await this.#fetch(`${this.url}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
        // Never followed: a redirect would carry the token to wherever it points.
        redirect: 'manual',
      });
    } catch (error) {
      throw this.#unreachable(error, timeoutMs);
    }
    if (response.ok || options.acceptStatus?.includes(response.status)) return response;
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      let where = '';
      try {
        where = location ? new URL(location, this.url).origin : '';
      } catch {
        where = '';
      }
      throw new ServerRequestError(
        where && where !== this.url
          ? `The address ${this.url} redirects to ${where}: give that one with --server (the token is not sent to a redirect).`
          : `The address ${this.url} answers with a redirect (HTTP ${response.status}), not as a programme server. Check the address given with --server.`,
        response.status,
      );
    }
    throw await this.#refused(response);
  }

  #unreachable(error: unknown, timeoutMs: number): ServerRequestError {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
      return new ServerRequestError(`The programme server at ${this.url} did not answer within ${Math.round(timeoutMs / 1000)} s. Check that it is running and reachable, then try again.`);
    }
    const code = e?.cause?.code ?? '';
    if (CERT_CODES.test(code)) {
      return new ServerRequestError(
        `The programme server at ${this.url} presented a certificate this computer does not trust (${code}). If it is your company's or a self-signed certificate, point NODE_EXTRA_CA_CERTS at its PEM file and try again.`,
      );
    }
    const why = code === 'ECONNREFUSED' ? 'nothing is listening there' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'unknown host name' : code || e?.cause?.message || e?.message || 'no connection';
    return new ServerRequestError(`Cannot reach the programme server at ${this.url} (${why}). Check the address, and that \`workshop serve\` is running there.`);
  }

  async #refused(response: Response): Promise<ServerRequestError> {
    let body: z.infer<typeof ErrorBody> | undefined;
    try {
      body = ErrorBody.parse(await response.json());
    } catch {
      body = undefined;
    }
    const status = response.status;
    if (!body) return new ServerRequestError(`The answer from ${this.url} (HTTP ${status}) is not what a codex-workshop programme server sends. Is this the right address?`, status);
    const reason = body.reason;
    if (status === 401) return new ServerRequestError(`The programme server at ${this.url} does not accept this token: ${reason}. Check WORKSHOP_SERVER_TOKEN or --token-file.`, status, body.error);
    if (status === 403) return new ServerRequestError(`The programme server at ${this.url} refused: ${reason}.`, status, body.error);
    if (status === 503 && body.error === 'database_unavailable') {
      return new ServerRequestError(`The programme server at ${this.url} cannot reach its database right now; nothing was changed. Try again in a moment, and if it lasts, tell whoever runs the server.`, status, body.error);
    }
    if (status === 429) return new ServerRequestError(`The programme server at ${this.url} asks to slow down: ${reason}.`, status, body.error);
    if (status >= 500) return new ServerRequestError(`The programme server at ${this.url} hit a problem (HTTP ${status}: ${reason}). Try again in a moment.`, status, body.error);
    return new ServerRequestError(`The programme server at ${this.url} refused the request: ${reason}.`, status, body.error);
  }

  async #parse<S extends z.ZodType>(schema: S, response: Response): Promise<z.infer<S>> {
    let value: unknown;
    try {
      value = await response.json();
    } catch {
      value = undefined;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new ServerRequestError(`The answer from ${this.url} is not what a codex-workshop programme server sends. Is this the right address, and the same kit version?`, response.status);
    return parsed.data;
  }
}

function readWarnings(header: string | null): string[] {
  if (!header) return [];
  try {
    const value: unknown = JSON.parse(decodeURIComponent(header));
    return Array.isArray(value) ? value.filter((w): w is string => typeof w === 'string') : [];
  } catch {
    return [];
  }
}
