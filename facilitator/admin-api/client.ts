import type { z } from 'zod';
import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';
import { ApiKey, redactSecrets } from '../../src/core/secret.js';
import { formatZodIssues } from '../../src/core/validation.js';
import { ErrorBody } from './schemas.js';

/**
 * The kit's side of the OpenAI Admin API: GET requests with the admin key in the Authorization
 * header and nowhere else (not in a URL, a body, a log line or an error), answers checked with zod,
 * and polite retries: a 429 waits what `retry-after` says, a 5xx or a dropped connection waits an
 * exponential backoff with jitter, and either gives up after a bounded number of attempts. A 401 or
 * 403 becomes one sentence that says what to fix. Redirects are never followed: they would carry the
 * key wherever they point.
 */
export const ADMIN_KEY_ENV = 'OPENAI_ADMIN_KEY';
export const DEFAULT_API_BASE = 'https://api.openai.com/v1';

export type Query = Record<string, string | number | boolean | string[] | undefined>;

export class AdminApiError extends UserError {
  constructor(
    message: string,
    readonly status?: number,
    /** The API's own error code or type, when it said one. */
    readonly apiCode?: string,
  ) {
    super(message, ExitCode.failure);
    this.name = 'AdminApiError';
  }
}

export interface RetryPolicy {
  /** Attempts per request, the first included (default 6). */
  attempts: number;
  /** First backoff (doubled each time, full jitter; default 500 ms). */
  baseDelayMs: number;
  /** No single wait is longer (default 60 s; a longer retry-after is refused with a sentence). */
  maxDelayMs: number;
}

export interface AdminApiOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Told about every wait (the progress line says "rate limited, waiting 3 s"). */
  onWait?: (info: { reason: string; ms: number; attempt: number }) => void;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

/** `OPENAI_ADMIN_KEY`, read once; never a flag (it would show in the process list and shell history). */
export function readAdminKey(env: NodeJS.ProcessEnv = process.env): ApiKey {
  const raw = env[ADMIN_KEY_ENV]?.trim();
  if (!raw) {
    throw new UsageError(
      `Set ${ADMIN_KEY_ENV} to an admin key of your organisation (platform.openai.com → Organization settings → Admin keys; read-only Usage permission is enough for \`usage sync\`, read-only API keys permission for \`roster keys\`). It is only read from the environment, never from a flag or a file.`,
    );
  }
  if (/\s/.test(raw)) throw new UsageError(`${ADMIN_KEY_ENV} holds spaces or line breaks: set it to the key alone.`);
  return new ApiKey(raw);
}

/** `--api-base URL`: an http(s) address with no user name or password (default: the OpenAI API). */
export function parseApiBase(raw: string | undefined): string {
  if (raw === undefined) return DEFAULT_API_BASE;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`--api-base must be an address such as ${DEFAULT_API_BASE}, not "${redactSecrets(raw).slice(0, 200)}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--api-base must start with https:// (or http:// for a local proxy), not "${url.protocol}".`);
  if (url.username || url.password || url.search || url.hash) throw new UsageError('--api-base must be a plain address (no user name, password, query or fragment): the admin key goes only in OPENAI_ADMIN_KEY.');
  return url.toString().replace(/\/+$/, '');
}

/** What a 403 most likely lacks, by endpoint, when the API's message does not name the scope. */
function scopeFor(path: string): string {
  if (path.includes('/api_keys')) return 'api.management.read (Admin key permission "API keys: Read")';
  return 'api.usage.read (Admin key permission "Usage: Read")';
}

export function encodeQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    // Arrays repeat the name (group_by=api_key_id&group_by=project_id), as the API's own examples and cookbook send them.
    if (Array.isArray(value)) for (const item of value) params.append(name, item);
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class AdminApiClient {
  readonly #key: ApiKey;
  readonly #fetch: typeof fetch;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #onWait?: AdminApiOptions['onWait'];
  /** Requests sent (every attempt), for the summary. */
  requests = 0;

  constructor(
    readonly base: string,
    key: ApiKey,
    options: AdminApiOptions = {},
  ) {
    this.base = base.replace(/\/+$/, '');
    this.#key = key;
    this.#fetch = options.fetch ?? fetch;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#random = options.random ?? Math.random;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    this.#onWait = options.onWait;
  }

  /** Text from anywhere, with the admin key (and anything shaped like a key) replaced by its hint. */
  redact(text: string): string {
    return redactSecrets(text, [this.#key]);
  }

  /** One GET, retried as the policy says, its answer checked against `schema`. */
  async get<S extends z.ZodTypeAny>(path: string, query: Query, schema: S, what: string): Promise<z.infer<S>> {
    return this.getChecked<z.infer<S>>(path, query, what, (body) => {
      const parsed = schema.safeParse(body);
      return parsed.success ? { page: parsed.data as z.infer<S> } : { problem: formatZodIssues(parsed.error) };
    });
  }

  /** One GET, its answer checked by `check` (a page parser that names the first problem). */
  async getChecked<T>(path: string, query: Query, what: string, check: (body: unknown) => { page: T } | { problem: string }): Promise<T> {
    const url = `${this.base}${path}${encodeQuery(query)}`;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(url, path, what);
      if ('body' in outcome) {
        const checked = check(outcome.body);
        if ('problem' in checked) {
          throw new AdminApiError(this.redact(`The answer for ${what} from ${this.base} is not what the Admin API sends (${checked.problem}). Is --api-base right?`), outcome.status);
        }
        return checked.page;
      }
      if (attempt >= this.#retry.attempts) throw new AdminApiError(this.redact(`${outcome.failure} Gave up after ${attempt} attempts; run the same command again later: it continues where it stopped.`), outcome.status);
      let ms: number;
      if (outcome.retryAfterMs !== undefined) {
        if (outcome.retryAfterMs > this.#retry.maxDelayMs) {
          throw new AdminApiError(`The Admin API asks to wait ${Math.ceil(outcome.retryAfterMs / 1000)} s before the next request (rate limit). Run the same command again then: it continues where it stopped.`, 429);
        }
        ms = outcome.retryAfterMs;
      } else {
        // Full jitter: a random wait up to the doubled backoff, so retries of many clients spread out.
        const cap = Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** (attempt - 1));
        ms = Math.round(cap / 2 + (this.#random() * cap) / 2);
      }
      this.#onWait?.({ reason: outcome.reason, ms, attempt });
      await this.#sleep(ms);
    }
  }

  async #attempt(url: string, path: string, what: string): Promise<{ body: unknown; status: number } | { failure: string; reason: string; status?: number; retryAfterMs?: number }> {
    this.requests++;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: 'GET',
        headers: { Authorization: `Bearer ${this.#key.revealForRequest()}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      const why = e?.name === 'TimeoutError' ? `no answer within ${Math.round(this.#timeoutMs / 1000)} s` : e?.cause?.code || e?.cause?.message || e?.message || 'no connection';
      return { failure: `Could not read ${what} from ${this.base} (${this.redact(String(why))}).`, reason: 'connection lost' };
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      try {
        return { body: JSON.parse(text) as unknown, status: response.status };
      } catch {
        // A page cut short in transit: read it again.
        return { failure: `The answer for ${what} from ${this.base} was cut short (not complete JSON).`, reason: 'answer cut short', status: response.status };
      }
    }
    const status = response.status;
    let apiMessage = '';
    let apiCode: string | undefined;
    try {
      const body = ErrorBody.parse(JSON.parse(text));
      apiMessage = this.redact(body.error.message ?? '').slice(0, 500);
      apiCode = body.error.code ?? body.error.type ?? undefined;
    } catch {
      apiMessage = '';
    }
    const said = apiMessage ? `: ${apiMessage}` : '';
    if (status === 429) {
      const retryAfterMs = readRetryAfter(response.headers.get('retry-after'));
      return { failure: `The Admin API kept answering "too many requests" for ${what}${said}.`, reason: 'rate limited', status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    if (status >= 500) return { failure: `The Admin API had a problem answering ${what} (HTTP ${status}${said}).`, reason: `HTTP ${status}`, status };
    if (status === 401) {
      throw new AdminApiError(`The Admin API did not accept ${ADMIN_KEY_ENV} (HTTP 401${said}). Check that it holds an admin key (sk-admin-…) of this organisation that has not been deleted; a project or personal API key cannot read usage.`, status, apiCode);
    }
    if (status === 403) {
      const named = /missing scopes?:?\s*([a-z0-9._, -]+)/i.exec(apiMessage)?.[1]?.trim().replace(/[.,\s]+$/, '');
      const scope = named ? `${named}` : scopeFor(path);
      throw new AdminApiError(`The admin key in ${ADMIN_KEY_ENV} may not read ${what} (HTTP 403): it lacks the scope ${scope}. Give the key that permission (read-only is enough), or use a key that has it.`, status, apiCode);
    }
    if (status >= 300 && status < 400) {
      throw new AdminApiError(`${this.base} answered ${what} with a redirect (HTTP ${status}); the admin key is not sent to a redirect. Point --api-base at the final address.`, status);
    }
    throw new AdminApiError(`The Admin API refused the request for ${what} (HTTP ${status}${said}).`, status, apiCode);
  }
}

/** `retry-after` in seconds (the API's form) or an HTTP date; undefined when absent or unreadable. */
export function readRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
