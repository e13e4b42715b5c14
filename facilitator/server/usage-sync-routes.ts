import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ServerPaths, SyncScope, SyncStream, UsageSyncPageRequest, type UsageSyncPageResponse, type UsageSyncStateResponse } from '../../src/protocol/server-api.js';
import { HttpError, parseBody } from '../http/errors.js';
import { firstDateOf } from '../usage-sync/sink.js';
import { thisProgramme } from './http.js';

/**
 * Issue 16, `workshop usage sync --server URL` (facilitator and above). The CLI reads the Admin API
 * (the admin key never reaches the server); the server only stores: GET says where a stream stands
 * (and the programme's time zone and first date, which decide the window), POST stores one page with
 * the stream's new state in one transaction (Store.storeSyncPage), so an interrupted sync continues
 * at the stored cursor and a page sent twice replaces its own days.
 */
// A page of 31 days × 2,000 keys is about 62,000 usage days (about 6 MB of JSON).
export const SYNC_PAGE_BODY_BYTES = 64 * 1024 * 1024;

const StateQuery = z.object({ stream: SyncStream, scope: SyncScope.default('') }).strict();

export async function usageSyncRoutes(app: FastifyInstance): Promise<void> {
  const guard = { onRequest: [app.auth.requireRole('facilitator'), thisProgramme(app)] };

  app.get(ServerPaths.usageSync, guard, async (request): Promise<UsageSyncStateResponse> => {
    const query = StateQuery.safeParse(request.query);
    if (!query.success) throw new HttpError(400, 'invalid_request', 'give ?stream=NAME (and optionally &scope=PROJECT_ID)');
    const programme = await app.store.getProgramme(app.programmeId);
    if (!programme) throw new HttpError(404, 'unknown_programme', `the programme "${app.programmeId}" is not in the database any more`);
    const state = await app.store.getSyncState(app.programmeId, query.data.stream, query.data.scope);
    const firstDate = firstDateOf(programme.sessions);
    return { programme: app.programmeId, timeZone: programme.timeZone, ...(firstDate ? { firstDate } : {}), state };
  });

  app.post(ServerPaths.usageSync, { ...guard, bodyLimit: SYNC_PAGE_BODY_BYTES }, async (request): Promise<UsageSyncPageResponse> => {
    const page = parseBody(UsageSyncPageRequest, request.body);
    await app.store.storeSyncPage(app.programmeId, page, request.actor!);
    return { programme: app.programmeId, stream: page.stream, usageRows: page.usage.length, costRows: page.costs.length };
  });
}
