import { z } from 'zod';
import { ExitCode, UserError, said } from '../core/errors.js';
import {
  type QuestListResponse,
  QuestListResponse as ListSchema,
  QuestPaths,
  type QuestPostRequest,
  type QuestResponse,
  QuestResponse as QuestSchema,
  type QuestShowResponse,
  QuestShowResponse as ShowSchema,
  type QuestState,
  type ReviewRequest,
  type Submission,
} from '../protocol/quests.js';

/**
 * The participant's side of the quest routes (facilitator/quests/routes.ts): the token in the
 * Authorization header and nowhere else, redirects never followed (they would carry it along), every
 * answer parsed with the protocol's schema, every failure one catalogue sentence (exit 1).
 */
const ErrorBody = z.object({ error: z.string(), reason: z.string() });

export class QuestClient {
  readonly #token: string;
  readonly #base: string;

  constructor(
    readonly url: string,
    programmeId: string,
    token: string,
    readonly timeoutMs = 15_000,
  ) {
    this.#token = token;
    this.#base = QuestPaths.quests.replace(':programmeId', encodeURIComponent(programmeId));
  }

  /** The list, and the answer's text as it came (checked: `--json` prints it as is, 2,000 quests need no second serialisation). */
  async list(filter: { state?: QuestState[]; team?: string; mine?: boolean; limit?: string } = {}): Promise<{ answer: QuestListResponse; text: string }> {
    const query = new URLSearchParams();
    if (filter.state?.length) query.set('state', filter.state.join(','));
    if (filter.team) query.set('team', filter.team);
    if (filter.mine) query.set('mine', '1');
    if (filter.limit) query.set('limit', filter.limit);
    const q = query.toString();
    return this.#request(ListSchema, 'GET', `${this.#base}${q ? `?${q}` : ''}`);
  }

  post(body: QuestPostRequest): Promise<QuestResponse> {
    return this.#call(QuestSchema, 'POST', this.#base, body);
  }

  show(id: number): Promise<QuestShowResponse> {
    return this.#call(ShowSchema, 'GET', `${this.#base}/${id}`);
  }

  claim(id: number, withEmail?: string): Promise<QuestResponse> {
    return this.#call(QuestSchema, 'POST', `${this.#base}/${id}/claim`, withEmail ? { withEmail } : {});
  }

  release(id: number, note?: string): Promise<QuestResponse> {
    return this.#call(QuestSchema, 'POST', `${this.#base}/${id}/release`, note ? { note } : {});
  }

  submit(id: number, submission: Submission): Promise<QuestResponse> {
    return this.#call(QuestSchema, 'POST', `${this.#base}/${id}/submit`, submission);
  }

  review(id: number, request: ReviewRequest): Promise<QuestResponse> {
    return this.#call(QuestSchema, 'POST', `${this.#base}/${id}/review`, request);
  }

  reuse(id: number, note?: string): Promise<QuestResponse> {
    return this.#call(QuestSchema, 'POST', `${this.#base}/${id}/reuse`, note ? { note } : {});
  }

  async #call<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.infer<S>> {
    return (await this.#request(schema, method, path, body)).answer;
  }

  async #request<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<{ answer: z.infer<S>; text: string }> {
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${this.#token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      throw new UserError(said('quest-unreachable', { url: this.url, why: unreachableWhy(error, this.timeoutMs) }), ExitCode.failure);
    }
    let text = '';
    let value: unknown;
    try {
      text = await response.text();
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (!response.ok) throw this.#refused(response, value);
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new UserError(said('quest-bad-answer', { url: this.url }), ExitCode.failure);
    return { answer: parsed.data, text };
  }

  #refused(response: Response, value: unknown): UserError {
    const body = ErrorBody.safeParse(value);
    const status = response.status;
    if (!body.success) return new UserError(said('quest-bad-answer', { url: this.url }), ExitCode.failure);
    const { error, reason } = body.data;
    let refusal: UserError;
    if (status === 401) refusal = new UserError(said('quest-token-refused', { url: this.url, reason }), ExitCode.failure);
    else if (status === 429) refusal = new UserError(said('quest-slow-down', { seconds: Number(response.headers.get('retry-after')) || 60 }), ExitCode.failure);
    else if (status >= 500) refusal = new UserError(said('quest-server-problem', { url: this.url, status, reason }), ExitCode.failure);
    else refusal = new UserError(said('quest-refused', { reason }), ExitCode.failure);
    return Object.assign(refusal, { status, code: error });
  }
}

/** Why nothing answered, in a few words (never the request, which holds the token). */
export function unreachableWhy(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const code = e?.cause?.code ?? '';
  if (code === 'ECONNREFUSED') return 'nothing is listening there';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host name';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return `a certificate this computer does not trust (${code}); NODE_EXTRA_CA_CERTS can name your company's`;
  return code || 'no connection';
}
