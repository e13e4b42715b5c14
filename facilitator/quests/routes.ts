import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ClaimRequest,
  QUEST_STATES,
  QuestPaths,
  QuestPostRequest,
  type QuestListResponse,
  QUEST_LIST_DEFAULT_LIMIT,
  type Quest,
  type QuestSummary,
  type QuestResponse,
  type QuestShowResponse,
  ReleaseRequest,
  ReuseRequest,
  ReviewRequest,
  SubmitRequest,
} from '../../src/protocol/quests.js';
import { RateLimiter } from '../hub/rate-limit.js';
import { HttpError, parseBody } from '../http/errors.js';
import type { ProgrammeServerPlugin, ServerContext } from '../server/context.js';
import { questIdentity } from './identify.js';
import { QuestRuleError } from './lifecycle.js';
import type { QuestActor } from './people.js';
import { QuestNotFound, QuestService } from './service.js';

/**
 * The quests over HTTP (issue 14), a plugin of the programme server (`workshop serve` registers it):
 *   GET  quests            ?state=open,claimed&team=…&mine=1  → {quests}
 *   POST quests            QuestPostRequest                   → 201 {quest}
 *   GET  quests/:id                                           → {quest, history, reusers}
 *   POST quests/:id/claim|release|submit|review|reuse         → {quest}
 * under `/v1/programmes/:programmeId/` (src/protocol/quests.ts, docs/quests.md). Anyone the server
 * knows reads (a participant's join token, any facilitator token); the lifecycle decides who may
 * change what (facilitator/quests/lifecycle.ts). Its refusals are `{error: <rule>, reason}` with
 * 403/404/409; a token nobody knows counts against the server's failed-token limit per address.
 * Participants' writes are rate-limited per person. Nothing here logs or repeats a token.
 */
export interface QuestRoutesOptions {
  /** The server's clock (tests move it to check the stale-claim rule). */
  clock?: () => Date;
  /** Per person: writes allowed at once, and refilled per second. */
  limits?: Partial<QuestWriteLimits>;
}

export interface QuestWriteLimits {
  writeBurst: number;
  writesPerSecond: number;
}

/** A few quick steps in a row are fine (post, claim, submit); a script posting in a loop is not. */
export const DEFAULT_QUEST_WRITE_LIMITS: QuestWriteLimits = { writeBurst: 20, writesPerSecond: 1 / 3 };

/**
 * Room for the largest body the protocol allows: a submission of 20,000 characters of Japanese is
 * 60 KB as UTF-8 and up to 120 KB when a client escapes it as \uXXXX, plus a 4,000-character "today".
 */
export const QUEST_BODY_BYTES = 256 * 1024;

const ListQuery = z
  .object({
    state: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value.trim() === '') return undefined;
        const states = value.split(',').map((s) => s.trim());
        const wrong = states.filter((s) => !(QUEST_STATES as readonly string[]).includes(s));
        if (wrong.length > 0) ctx.addIssue({ code: 'custom', message: `must be one or more of ${QUEST_STATES.join(', ')} (comma-separated), not ${wrong.join(', ')}` });
        return states as (typeof QUEST_STATES)[number][];
      }),
    team: z.string().trim().min(1).max(120).optional(),
    mine: z.enum(['1', 'true', '0', 'false']).optional(),
    limit: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === '') return QUEST_LIST_DEFAULT_LIMIT;
        if (value === 'all') return null;
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 100_000) ctx.addIssue({ code: 'custom', message: 'must be a whole number of quests (1 or more) or all' });
        return n;
      }),
  })
  .strip();

/** A quest as lists show it: without the long texts (the store already left them empty). */
function toSummary(quest: Quest): QuestSummary {
  const { today: _today, submission, review, ...rest } = quest;
  return {
    ...rest,
    ...(submission ? { submission: { kind: submission.kind, minutesAfter: submission.minutesAfter, at: submission.at, by: submission.by } } : {}),
    ...(review ? { review: { verdict: review.verdict, by: review.by, role: review.role, at: review.at } } : {}),
  };
}

const QuestId = z.coerce.number().int().positive().max(2_147_483_647);

export function questRoutes(options: QuestRoutesOptions = {}): ProgrammeServerPlugin {
  return (app, context) => registerQuestRoutes(app, context, options);
}

async function registerQuestRoutes(app: FastifyInstance, context: ServerContext, options: QuestRoutesOptions): Promise<void> {
  const { store, programmeId } = context;
  const service = new QuestService(store, programmeId, options.clock ?? (() => new Date()));
  const identity = questIdentity(store, programmeId, context.auth);
  const limits = { ...DEFAULT_QUEST_WRITE_LIMITS, ...options.limits };
  const writes = new RateLimiter({ capacity: limits.writeBurst, perSecond: limits.writesPerSecond });

  /** Who asks, for this server's programme; the id in the path is checked after the token (only people it knows learn which one it holds). */
  const who = async (request: FastifyRequest): Promise<QuestActor> => {
    const actor = await identity.identify(request);
    const { programmeId: asked } = request.params as { programmeId?: string };
    if (asked !== programmeId) throw new HttpError(404, 'unknown_programme', `this server holds the programme "${programmeId}", not "${asked ?? ''}"`);
    return actor;
  };

  /** A participant's write, within their share (facilitators are not limited: they tidy up in bulk). */
  const writer = async (request: FastifyRequest): Promise<QuestActor> => {
    const actor = await who(request);
    if (actor.kind === 'participant') {
      const wait = writes.take(actor.ref.key);
      if (wait) throw new HttpError(429, 'rate_limited', `too many quest changes from you in a short time; try again in ${wait} s`, wait);
    }
    return actor;
  };

  const questId = (request: FastifyRequest): number => {
    const raw = (request.params as { questId?: string }).questId;
    const parsed = QuestId.safeParse(raw);
    if (!parsed.success) throw new HttpError(400, 'invalid_quest_id', `a quest id is a whole number such as 12, not "${String(raw).slice(0, 40)}"`);
    return parsed.data;
  };

  // The service keeps each filter's list until a quest changes (QuestService.listCurrent); a
  // person's own list (`mine`) is read each time.
  app.get(QuestPaths.quests, async (request, reply): Promise<QuestListResponse | string> => {
    const actor = await who(request);
    const parsed = ListQuery.safeParse(request.query ?? {});
    if (!parsed.success) throw new HttpError(400, 'invalid_query', parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
    const { state, team, mine, limit } = parsed.data;
    const filter = { ...(state ? { state } : {}), ...(team ? { team } : {}), withoutTexts: true };
    // Only the quests sent are made into summaries: the kept list is 2,000 quests, a page is 100.
    const answer = (all: readonly Quest[]): string => JSON.stringify({ quests: (limit === null ? all : all.slice(0, limit)).map(toSummary), total: all.length, limit } satisfies QuestListResponse);
    reply.type('application/json; charset=utf-8');
    if (mine === '1' || mine === 'true') return answer(await rules(() => service.list({ ...filter, personKey: actor.ref.key })));
    return answer(await rules(() => service.listCurrent(filter)));
  });

  app.post(QuestPaths.quests, { bodyLimit: QUEST_BODY_BYTES }, async (request, reply): Promise<QuestResponse> => {
    const actor = await writer(request);
    const body = parseBody(QuestPostRequest, request.body);
    const quest = await rules(() => service.post(actor, body));
    reply.code(201);
    return { quest };
  });

  app.get(QuestPaths.quest, async (request): Promise<QuestShowResponse> => {
    await who(request);
    const id = questId(request);
    return rules(() => service.show(id));
  });

  app.post(QuestPaths.claim, async (request): Promise<QuestResponse> => {
    const actor = await writer(request);
    const id = questId(request);
    const body = parseBody(ClaimRequest, request.body ?? {});
    return { quest: await rules(() => service.claim(actor, id, body.withEmail)) };
  });

  app.post(QuestPaths.release, async (request): Promise<QuestResponse> => {
    const actor = await writer(request);
    const id = questId(request);
    const body = parseBody(ReleaseRequest, request.body ?? {});
    return { quest: await rules(() => service.release(actor, id, body.note)) };
  });

  app.post(QuestPaths.submit, { bodyLimit: QUEST_BODY_BYTES }, async (request): Promise<QuestResponse> => {
    const actor = await writer(request);
    const id = questId(request);
    const body = parseBody(SubmitRequest, request.body);
    return { quest: await rules(() => service.submit(actor, id, body)) };
  });

  app.post(QuestPaths.review, async (request): Promise<QuestResponse> => {
    const actor = await writer(request);
    const id = questId(request);
    const body = parseBody(ReviewRequest, request.body);
    return { quest: await rules(() => service.review(actor, id, body)) };
  });

  app.post(QuestPaths.reuse, async (request): Promise<QuestResponse> => {
    const actor = await writer(request);
    const id = questId(request);
    const body = parseBody(ReuseRequest, request.body ?? {});
    return { quest: await rules(() => service.reuse(actor, id, body.note)) };
  });
}

/** The lifecycle's refusals as the server's answers: `{error: <rule code>, reason}` with the rule's status. */
async function rules<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof QuestRuleError) throw new HttpError(error.status, error.code, error.message);
    if (error instanceof QuestNotFound) throw new HttpError(404, 'quest_not_found', error.message);
    throw error;
  }
}
