import { z } from 'zod';
import { type ServerAnswer, ServerUnreachable, requestServer } from '../report/server-request.js';
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
    let answer: ServerAnswer;
    try {
      answer = await requestServer({ url: this.url, path, token: this.#token, method, body, timeoutMs: this.timeoutMs });
    } catch (error) {
      if (error instanceof ServerUnreachable) throw new UserError(said('quest-unreachable', { url: this.url, why: error.why }), ExitCode.failure);
      throw error;
    }
    if (!answer.ok) throw this.#refused(answer);
    const parsed = schema.safeParse(answer.value);
    if (!parsed.success) throw new UserError(said('quest-bad-answer', { url: this.url }), ExitCode.failure);
    return { answer: parsed.data, text: answer.text };
  }

  #refused(response: ServerAnswer): UserError {
    const body = ErrorBody.safeParse(response.value);
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
