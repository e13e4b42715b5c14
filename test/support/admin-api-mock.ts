import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';

/**
 * A local stand-in for the OpenAI Admin API, built from the published OpenAPI description
 * (test/fixtures/openai-admin-api.yaml, an excerpt copied by scripts/extract-admin-api-spec.mjs):
 * `GET /organization/usage/completions` and `/organization/costs` (daily buckets, `group_by` checked
 * against the spec's enum, `limit` buckets per page, `page`/`next_page`/`has_more`) and
 * `/organization/projects/{id}/api_keys` (`limit`, `after`, `has_more`, `first_id`/`last_id`, user and
 * service-account owners). It answers 401 to an unknown key, 403 to a key without the endpoint's scope,
 * and serves either generated data (N keys × D days, deterministic) or the spec's own examples
 * verbatim. It records every request and can be told to fail (drop the connection, 5xx, 429 with
 * retry-after) at page K. Listens on 127.0.0.1 only.
 */
// The bench runs this file bundled elsewhere and names the excerpt in ADMIN_API_SPEC_FILE.
const SPEC_FILE = process.env.ADMIN_API_SPEC_FILE ?? new URL('../fixtures/openai-admin-api.yaml', import.meta.url);

interface Spec {
  paths: Record<string, { get: { parameters: Array<{ name: string; schema?: { items?: { enum?: string[] } } }>; 'x-oaiMeta': { examples: { response: string } } } }>;
}
let specCache: Spec | undefined;
export function adminApiSpec(): Spec {
  specCache ??= parse(readFileSync(SPEC_FILE, 'utf8')) as Spec;
  return specCache;
}

export const USAGE_PATH = '/organization/usage/completions';
export const COSTS_PATH = '/organization/costs';
export const KEYS_PATH = '/organization/projects/{project_id}/api_keys';

/** The spec's example answer for a path, exactly as the spec writes it. */
export function specExample(path: string): string {
  return adminApiSpec().paths[path].get['x-oaiMeta'].examples.response;
}

function groupByEnum(path: string): string[] {
  return adminApiSpec().paths[path].get.parameters.find((p) => p.name === 'group_by')?.schema?.items?.enum ?? [];
}

export const SCOPES = { usage: 'api.usage.read', keys: 'api.management.read' } as const;

export interface ProjectKeyInput {
  id: string;
  name?: string;
  /** A user owner (email) or a service account (name). */
  email?: string;
  userName?: string;
  serviceAccount?: string;
  createdAt?: number;
  lastUsedAt?: number | null;
}

export interface MockOptions {
  /** Admin keys and the scopes each has (default: both). */
  keys: Record<string, Array<(typeof SCOPES)[keyof typeof SCOPES]>>;
  /** `generated` (default) or the spec's examples verbatim. */
  data?: 'generated' | 'spec-examples';
  generated?: { keys: number; days: number; firstDay: string; projectId?: string };
  projectKeys?: ProjectKeyInput[];
  /** When false, the Costs API refuses group_by=api_key_id (400), as some organisations see. */
  costsByKey?: boolean;
  /** Usage buckets per page at most (the spec: 31 for 1d); costs: 180. */
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The raw query string. */
  query: string;
  params: URLSearchParams;
  authorization?: string;
  /** Every header but Authorization, as sent. */
  otherHeaders: Record<string, string | string[] | undefined>;
  body: string;
  /** The page number (1-based) this request asked for. */
  pageNumber: number;
}

export interface Failure {
  endpoint: 'usage' | 'costs' | 'keys';
  page: number;
  mode: 'close' | '500' | '429';
  /** How many times (default: every time until cleared). */
  times?: number;
  retryAfter?: number;
}

const DAY = 86_400;

/** Deterministic usage of key j on day i (0 = no use that day). */
export function generatedRequests(j: number, i: number): number {
  return (j * 7 + i * 13 + ((j * i) % 5)) % 23;
}

export const generatedKeyId = (j: number) => `key_gen${String(j).padStart(5, '0')}`;
export const generatedCost = (requests: number) => Math.round(requests * 0.0021 * 1e6) / 1e6;

export class AdminApiMock {
  readonly requests: RecordedRequest[] = [];
  #failures: Array<Failure & { used: number }> = [];
  #server!: Server;
  url = '';

  private constructor(readonly options: MockOptions) {}

  static async start(options: MockOptions): Promise<AdminApiMock> {
    const mock = new AdminApiMock(options);
    mock.#server = createServer((req, res) => void mock.#handle(req, res));
    // Pages of generated data can be tens of MB; no socket timeout in tests.
    mock.#server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => mock.#server.listen(0, '127.0.0.1', resolve));
    mock.url = `http://127.0.0.1:${(mock.#server.address() as AddressInfo).port}/v1`;
    return mock;
  }

  fail(failure: Failure): void {
    this.#failures.push({ ...failure, used: 0 });
  }

  clearFailures(): void {
    this.#failures = [];
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { authorization, ...otherHeaders } = req.headers;
    const path = url.pathname.replace(/^\/v1/, '');
    const endpoint = path === USAGE_PATH ? 'usage' : path === COSTS_PATH ? 'costs' : /^\/organization\/projects\/[^/]+\/api_keys$/.test(path) ? 'keys' : undefined;
    const pageNumber = endpoint === 'keys' ? this.#keysPageNumber(url.searchParams) : pageOffset(url.searchParams.get('page')) + 1;
    this.requests.push({ method: req.method ?? '', path, query: url.search, params: url.searchParams, ...(authorization ? { authorization } : {}), otherHeaders, body: Buffer.concat(chunks).toString('utf8'), pageNumber });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(text);
    };
    const error = (status: number, message: string, type = 'invalid_request_error', code: string | null = null, headers: Record<string, string> = {}) =>
      send(status, { error: { message, type, param: null, code } }, headers);

    if (req.method !== 'GET' || !endpoint) return error(404, `Unknown request URL: ${req.method} ${url.pathname}.`);
    const key = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const scopes = key ? this.options.keys[key] : undefined;
    if (!scopes) {
      // The real API echoes the key it got (masked); echoing it whole proves the client redacts it.
      return error(401, `Incorrect API key provided: ${key ?? '(none)'}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key');
    }
    const needed = endpoint === 'keys' ? SCOPES.keys : SCOPES.usage;
    if (!scopes.includes(needed)) return error(403, `You have insufficient permissions for this operation. Missing scopes: ${needed}.`, 'invalid_request_error', 'insufficient_permissions');

    const failure = this.#failures.find((f) => f.endpoint === endpoint && f.page === pageNumber && (f.times === undefined || f.used < f.times));
    if (failure) {
      failure.used++;
      if (failure.mode === 'close') {
        req.socket.destroy();
        return;
      }
      if (failure.mode === '429') return error(429, 'Rate limit reached for requests.', 'requests', 'rate_limit_exceeded', failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {});
      return error(500, 'The server had an error while processing your request.', 'server_error');
    }

    if (endpoint === 'keys') return this.#keys(url.searchParams, send, error);
    if (this.options.data === 'spec-examples') {
      const path = endpoint === 'usage' ? USAGE_PATH : COSTS_PATH;
      // The usage example says has_more with a next_page: its next page is the end.
      if (url.searchParams.get('page')) return send(200, { object: 'page', data: [], has_more: false, next_page: null });
      return send(200, specExample(path));
    }
    return this.#buckets(endpoint, url.searchParams, send, error);
  }

  #keysPageNumber(params: URLSearchParams): number {
    const after = params.get('after');
    if (!after) return 1;
    const keys = this.options.projectKeys ?? [];
    const index = keys.findIndex((k) => k.id === after);
    const limit = Number(params.get('limit') ?? 20);
    return Math.floor((index + 1) / limit) + 1;
  }

  #keys(params: URLSearchParams, send: (s: number, b: unknown) => void, error: (s: number, m: string) => void): void {
    if (this.options.data === 'spec-examples') return send(200, specExample(KEYS_PATH));
    const limit = Number(params.get('limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, 'limit must be between 1 and 100');
    const keys = this.options.projectKeys ?? [];
    const after = params.get('after');
    const start = after ? keys.findIndex((k) => k.id === after) + 1 : 0;
    const slice = keys.slice(start, start + limit);
    send(200, {
      object: 'list',
      data: slice.map((k) => ({
        object: 'organization.project.api_key',
        redacted_value: `sk-proj-...${k.id.slice(-3)}`,
        name: k.name ?? k.id,
        created_at: k.createdAt ?? 1_711_471_533,
        last_used_at: k.lastUsedAt ?? null,
        id: k.id,
        owner_project_access: 'active',
        owner: k.serviceAccount
          ? { type: 'service_account', service_account: { id: `svc_${k.id}`, name: k.serviceAccount, created_at: 1_711_471_533, role: 'member' } }
          : { type: 'user', user: { id: `user_${k.id}`, email: k.email ?? 'nobody@example.com', name: k.userName ?? 'Someone', created_at: 1_711_471_533, role: 'member' } },
      })),
      first_id: slice[0]?.id ?? null,
      last_id: slice.at(-1)?.id ?? null,
      has_more: start + limit < keys.length,
    });
  }

  #buckets(endpoint: 'usage' | 'costs', params: URLSearchParams, send: (s: number, b: unknown) => void, error: (s: number, m: string) => void): void {
    const path = endpoint === 'usage' ? USAGE_PATH : COSTS_PATH;
    const groupBy = [...params.getAll('group_by'), ...params.getAll('group_by[]')];
    const allowed = groupByEnum(path);
    const bad = groupBy.find((g) => !allowed.includes(g));
    if (bad) return error(400, `Invalid value for 'group_by': '${bad}'. Supported values are: ${allowed.join(', ')}.`);
    if (endpoint === 'costs' && groupBy.includes('api_key_id') && this.options.costsByKey === false) return error(400, "Invalid value for 'group_by': grouping costs by 'api_key_id' is not available for this organization.");
    if ((params.get('bucket_width') ?? '1d') !== '1d') return error(400, 'this mock serves bucket_width=1d only');
    const start = Number(params.get('start_time'));
    if (!Number.isInteger(start) || start < 0) return error(400, "Missing required parameter: 'start_time'.");
    const end = params.has('end_time') ? Number(params.get('end_time')) : start + 366 * DAY;
    const maxLimit = endpoint === 'usage' ? 31 : 180;
    const limit = params.has('limit') ? Number(params.get('limit')) : 7;
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) return error(400, `limit must be between 1 and ${maxLimit} for bucket_width=1d`);
    const offset = pageOffset(params.get('page'));
    const first = Math.floor(start / DAY) * DAY + offset * limit * DAY;
    const buckets: string[] = [];
    for (let t = first; t < end && buckets.length < limit; t += DAY) buckets.push(this.#bucket(endpoint, t, groupBy, params.getAll('project_ids')));
    const nextStart = first + buckets.length * DAY;
    const hasMore = nextStart < end;
    const nextPage = hasMore ? JSON.stringify(makePage(offset + 1)) : 'null';
    // Built as text: pages of 2,000 keys × 31 days are tens of MB.
    send(200, `{"object":"page","data":[${buckets.join(',')}],"has_more":${hasMore},"next_page":${nextPage}}`);
  }

  #bucket(endpoint: 'usage' | 'costs', t: number, groupBy: string[], projectIds: string[]): string {
    const g = this.options.generated ?? { keys: 0, days: 0, firstDay: '2026-01-01' };
    const project = g.projectId ?? 'proj_workshop';
    const dayIndex = Math.round((t - Date.parse(`${g.firstDay}T00:00:00Z`) / 1000) / DAY);
    const results: string[] = [];
    const inWindow = dayIndex >= 0 && dayIndex < g.days && (projectIds.length === 0 || projectIds.includes(project));
    const byKey = groupBy.includes('api_key_id');
    const pid = groupBy.includes('project_id') ? JSON.stringify(project) : 'null';
    if (inWindow) {
      let total = 0;
      for (let j = 0; j < g.keys; j++) {
        const n = generatedRequests(j, dayIndex);
        if (n === 0) continue;
        total += n;
        if (byKey) results.push(endpoint === 'usage' ? usageResult(n, JSON.stringify(generatedKeyId(j)), pid) : costResult(generatedCost(n), JSON.stringify(generatedKeyId(j)), pid, 'null'));
      }
      if (!byKey && total > 0) {
        if (endpoint === 'usage') results.push(usageResult(total, 'null', pid));
        else if (groupBy.includes('line_item')) {
          const cost = generatedCost(total);
          results.push(costResult(Math.round(cost * 0.6 * 1e6) / 1e6, 'null', pid, '"gpt-5-codex, input"'));
          results.push(costResult(Math.round(cost * 0.4 * 1e6) / 1e6, 'null', pid, '"gpt-5-codex, output"'));
        } else results.push(costResult(generatedCost(total), 'null', pid, 'null'));
      }
    }
    return `{"object":"bucket","start_time":${t},"end_time":${t + DAY},"results":[${results.join(',')}]}`;
  }
}

function usageResult(n: number, keyId: string, projectId: string): string {
  const input = n * 1200;
  const output = n * 300;
  return `{"object":"organization.usage.completions.result","input_tokens":${input},"input_cached_tokens":${n * 400},"input_cache_write_tokens":0,"input_uncached_tokens":${input - n * 400},"output_tokens":${output},"input_text_tokens":${input - n * 400},"output_text_tokens":${output},"input_cached_text_tokens":${n * 400},"input_audio_tokens":0,"input_cached_audio_tokens":0,"output_audio_tokens":0,"input_image_tokens":0,"input_cached_image_tokens":0,"output_image_tokens":0,"num_model_requests":${n},"project_id":${projectId},"user_id":null,"api_key_id":${keyId},"model":null,"batch":null,"service_tier":null}`;
}

function costResult(amount: number, keyId: string, projectId: string, lineItem: string): string {
  return `{"object":"organization.costs.result","amount":{"value":${amount},"currency":"usd"},"line_item":${lineItem},"project_id":${projectId},"api_key_id":${keyId},"quantity":null,"quantity_unit":null}`;
}

function makePage(offset: number): string {
  return `page_${Buffer.from(JSON.stringify({ o: offset })).toString('base64url')}`;
}

function pageOffset(page: string | null): number {
  if (!page?.startsWith('page_')) return 0;
  try {
    const o = (JSON.parse(Buffer.from(page.slice(5), 'base64url').toString('utf8')) as { o?: unknown }).o;
    return typeof o === 'number' && Number.isInteger(o) && o >= 0 ? o : 0;
  } catch {
    return 0;
  }
}
