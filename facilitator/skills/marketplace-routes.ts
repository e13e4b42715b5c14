import type { FastifyInstance } from 'fastify';
import { SkillPaths, type MarketplaceResponse } from '../../src/protocol/skills.js';
import type { ProgrammeServerPlugin } from '../server/context.js';
import { thisProgramme } from '../server/http.js';
import { questIdentity } from '../quests/identify.js';
import { buildMarketplace, etagMatches, marketplaceEtag, marketplaceName } from './marketplace.js';

/**
 * `GET /v1/programmes/:id/marketplace`: the company marketplace as files (approved versions only), for
 * `workshop skills install|update` on a laptop. Participants read it with their join token, facilitators
 * (any role) with their `wst_` token. The ETag comes from the store's cheap fingerprint of the approved
 * versions, so a laptop that is up to date gets a 304 without the server reading a single file.
 */
export interface MarketplaceRoutesOptions {
  /** The marketplace's `generatedAt` (tests pin it). */
  clock?: () => Date;
}

export function marketplacePlugin(options: MarketplaceRoutesOptions = {}): ProgrammeServerPlugin {
  return (app) => marketplaceRoutes(app, options);
}

export async function marketplaceRoutes(app: FastifyInstance, options: MarketplaceRoutesOptions = {}): Promise<void> {
  const clock = options.clock ?? (() => new Date());
  // Wrong tokens count against the server's one failed-token limit (a join token can be guessed at no faster).
  const identity = questIdentity(app.store, app.programmeId, app.auth);
  const name = marketplaceName(app.programmeId);

  app.get(SkillPaths.marketplace, { onRequest: [async (request) => void (await identity.identify(request)), thisProgramme(app)] }, async (request, reply): Promise<MarketplaceResponse | undefined> => {
    const etag = marketplaceEtag(name, await app.store.approvedSkillsFingerprint(app.programmeId));
    // Private: the answer depends on who asks being allowed to; revalidated every time (cheap with the ETag).
    reply.header('ETag', etag).header('Cache-Control', 'private, no-cache');
    if (etagMatches(request.headers['if-none-match'], etag)) {
      reply.code(304);
      return undefined;
    }
    // Read after the fingerprint: an approval in between gives newer files under the older ETag, and the
    // laptop merely fetches once more next time (never older files under a newer ETag).
    const skills = await app.store.approvedSkills(app.programmeId);
    return buildMarketplace(app.programmeId, skills, { etag, generatedAt: clock().toISOString() });
  });
}
