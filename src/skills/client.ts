import { z } from 'zod';
import { type ServerAnswer, ServerUnreachable, requestServer } from '../report/server-request.js';
import { ExitCode, UserError, said } from '../core/errors.js';
import {
  type PublishRequest,
  PublishResponse,
  SkillListResponse,
  SkillPaths,
  type SkillProblem,
  SkillRefusal,
  SkillReviewResponse,
  SkillShowResponse,
} from '../protocol/skills.js';
import type { SkillTarget } from './target.js';

/**
 * The laptop's side of the skills routes (facilitator/skills/routes.ts): the token in the
 * Authorization header and nowhere else, redirects never followed (they would carry it along), every
 * answer parsed with the protocol's schema, every failure one catalogue sentence (exit 1). A publish
 * the server's own checks refuse comes back as its problems, to be shown like the laptop's.
 */
const ErrorBody = z.object({ error: z.string(), reason: z.string() });

export class SkillRefused extends Error {
  constructor(readonly problems: SkillProblem[]) {
    super('invalid_skill');
  }
}

export class SkillClient {
  readonly #token: string;
  readonly #programmeId: string;
  readonly url: string;

  constructor(
    target: SkillTarget,
    readonly timeoutMs = 30_000,
  ) {
    this.url = target.url;
    this.#token = target.token;
    this.#programmeId = target.programmeId;
  }

  list(filter: { team?: string; q?: string } = {}): Promise<z.infer<typeof SkillListResponse>> {
    const query = new URLSearchParams();
    if (filter.team) query.set('team', filter.team);
    if (filter.q) query.set('q', filter.q);
    const q = query.toString();
    return this.#call(SkillListResponse, 'GET', `${this.#path(SkillPaths.skills)}${q ? `?${q}` : ''}`);
  }

  show(name: string): Promise<z.infer<typeof SkillShowResponse>> {
    return this.#call(SkillShowResponse, 'GET', this.#path(SkillPaths.skill, name));
  }

  publish(request: PublishRequest): Promise<z.infer<typeof PublishResponse>> {
    return this.#call(PublishResponse, 'POST', this.#path(SkillPaths.skills), request);
  }

  review(name: string, body: { version: number; verdict: 'approve' | 'reject'; note: string }): Promise<z.infer<typeof SkillReviewResponse>> {
    return this.#call(SkillReviewResponse, 'POST', this.#path(SkillPaths.review, name), body);
  }

  #path(template: string, name?: string): string {
    const path = template.replace(':programmeId', encodeURIComponent(this.#programmeId));
    return name === undefined ? path : path.replace(':name', encodeURIComponent(name));
  }

  async #call<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.infer<S>> {
    let answer: ServerAnswer;
    try {
      answer = await requestServer({ url: this.url, path, token: this.#token, method, body, timeoutMs: this.timeoutMs });
    } catch (error) {
      if (error instanceof ServerUnreachable) throw new UserError(said('skills-unreachable', { url: this.url, why: error.why }), ExitCode.failure);
      throw error;
    }
    if (!answer.ok) throw this.#refused(answer);
    const parsed = schema.safeParse(answer.value);
    if (!parsed.success) throw new UserError(said('skills-bad-answer', { url: this.url }), ExitCode.failure);
    return parsed.data;
  }

  #refused(response: ServerAnswer): Error {
    const { status, value } = response;
    if (status === 422) {
      const refusal = SkillRefusal.safeParse(value);
      if (refusal.success) return new SkillRefused(refusal.data.problems);
    }
    const body = ErrorBody.safeParse(value);
    if (!body.success) return new UserError(said('skills-bad-answer', { url: this.url }), ExitCode.failure);
    const { error, reason } = body.data;
    let refusal: UserError;
    if (status === 401) refusal = new UserError(said('skills-token-refused', { url: this.url, reason }), ExitCode.failure);
    else if (status === 429) refusal = new UserError(said('skills-slow-down', { seconds: Number(response.headers.get('retry-after')) || 60 }), ExitCode.failure);
    else if (status >= 500) refusal = new UserError(said('skills-server-problem', { url: this.url, status, reason }), ExitCode.failure);
    else refusal = new UserError(said('skills-refused', { reason }), ExitCode.failure);
    return Object.assign(refusal, { status, code: error });
  }
}
