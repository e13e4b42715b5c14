import { existsSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { HttpError, parseBody } from '../../facilitator/http/errors.js';
import { questIdentity } from '../../facilitator/quests/identify.js';
import { QuestRuleError } from '../../facilitator/quests/lifecycle.js';
import { QuestNotFound, QuestService } from '../../facilitator/quests/service.js';
import type { ProgrammeServerPlugin } from '../../facilitator/server/context.js';
import { ClaimRequest, QuestPaths, QuestPostRequest, ReuseRequest, ReviewRequest, SubmitRequest } from '../../src/protocol/quests.js';

/**
 * The quest write API the board's end-to-end tests drive (post, claim, submit, review, reuse over
 * HTTP with participants' join tokens and a facilitator token). The real routes plugin
 * (facilitator/quests/routes.ts, `questRoutes()`) is built on another branch of issue 14; when it is
 * in the tree it is used, and until then this stand-in answers the same paths the same way (the
 * service's rules, `{error: code, reason}` with the rule's status). Delete the stand-in once merged.
 */
const REAL = new URL('../../facilitator/quests/routes.ts', import.meta.url);

export async function questWriteRoutes(): Promise<ProgrammeServerPlugin> {
  if (existsSync(REAL)) {
    const module = (await import(/* @vite-ignore */ REAL.href)) as { questRoutes: () => ProgrammeServerPlugin };
    return module.questRoutes();
  }
  return (app, context) => {
    const service = new QuestService(context.store, context.programmeId);
    const identity = questIdentity(context.store, context.programmeId);
    const id = (request: FastifyRequest) => Number((request.params as { questId: string }).questId);
    const rules = async <T>(run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        if (error instanceof QuestRuleError) throw new HttpError(error.status, error.code, error.message);
        if (error instanceof QuestNotFound) throw new HttpError(404, 'quest_not_found', error.message);
        throw error;
      }
    };
    app.post(QuestPaths.quests, async (request, reply) => {
      const actor = await identity.identify(request);
      const quest = await rules(() => service.post(actor, parseBody(QuestPostRequest, request.body)));
      reply.code(201);
      return { quest };
    });
    app.post(QuestPaths.claim, async (request) => {
      const actor = await identity.identify(request);
      return { quest: await rules(() => service.claim(actor, id(request), parseBody(ClaimRequest, request.body ?? {}).withEmail)) };
    });
    app.post(QuestPaths.submit, async (request) => {
      const actor = await identity.identify(request);
      return { quest: await rules(() => service.submit(actor, id(request), parseBody(SubmitRequest, request.body))) };
    });
    app.post(QuestPaths.review, async (request) => {
      const actor = await identity.identify(request);
      return { quest: await rules(() => service.review(actor, id(request), parseBody(ReviewRequest, request.body))) };
    });
    app.post(QuestPaths.reuse, async (request) => {
      const actor = await identity.identify(request);
      return { quest: await rules(() => service.reuse(actor, id(request), parseBody(ReuseRequest, request.body ?? {}).note)) };
    });
  };
}

export const questPath = (path: string, programmeId: string, questId?: number) => path.replace(':programmeId', programmeId).replace(':questId', String(questId ?? ''));
