import { SkillPaths } from '../../src/protocol/skills.js';
import type { ProgrammeServerPlugin } from '../../facilitator/server/context.js';
import { HttpError, parseBody } from '../../facilitator/http/errors.js';
import { questIdentity } from '../../facilitator/quests/identify.js';
import { InstallReport, SkillUsesReport } from '../../src/protocol/skills.js';

/**
 * STAND-IN, for these tests only: the skill, installs and uses routes are built by the skills-publish
 * part of issue 15 (facilitator/skills/routes.ts). Until it is merged, the install suites need a server
 * that answers them the way the protocol says; this is the least of that, straight on the store.
 * Replace with the real plugin at the merge.
 */
export function standInSkillRoutes(): ProgrammeServerPlugin {
  return (app) => {
    const identity = questIdentity(app.store, app.programmeId);
    app.get(SkillPaths.skill, async (request) => {
      await identity.identify(request);
      const found = await app.store.getSkill(app.programmeId, (request.params as { name: string }).name);
      if (!found) throw new HttpError(404, 'unknown_skill', 'no such skill');
      return found;
    });
    app.post(SkillPaths.installs, async (request) => {
      const actor = await identity.identify(request);
      const body = parseBody(InstallReport, request.body);
      const ok = await app.store.recordSkillInstall(app.programmeId, (request.params as { name: string }).name, actor.ref, body.action, body.version, new Date().toISOString());
      if (!ok) throw new HttpError(404, 'unknown_skill', 'no such skill');
      return { ok: true };
    });
    app.post(SkillPaths.uses, async (request) => {
      const actor = await identity.identify(request);
      const body = parseBody(SkillUsesReport, request.body);
      return app.store.addSkillUses(app.programmeId, actor.ref, body.days);
    });
  };
}
