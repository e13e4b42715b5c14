import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  InstallReport,
  PublishRequest,
  PublishResponse,
  SKILL_LIMITS,
  SkillListResponse,
  SkillName,
  SkillPaths,
  SkillReviewRequest,
  SkillShowResponse,
  SkillUsesReport,
} from '../../src/protocol/skills.js';
import { skillDigest } from '../../src/skills/digest.js';
import { validateSkill } from '../../src/skills/validate.js';
import { RateLimiter } from '../hub/rate-limit.js';
import { HttpError, parseBody } from '../http/errors.js';
import { questIdentity } from '../quests/identify.js';
import type { QuestActor } from '../quests/people.js';
import type { ProgrammeServerPlugin, ServerContext } from '../server/context.js';
import { answerErrorsLikeTheHub } from '../server/route-errors.js';
import { SkillRuleError, approvedOnly, checkMayPublish, checkMayReview, checkNewVersion, notPending, searchSkills, visibleVersions } from './rules.js';

/**
 * The skills over HTTP (issue 15), a plugin of the programme server (`workshop serve` registers it):
 *   GET  skills                ?team=&q=          → {skills}   approved ones; every state for facilitators
 *   POST skills                PublishRequest     → 201 {skill, version}   a new pending version
 *   GET  skills/:name                             → {skill, versions}      versions without their contents
 *   POST skills/:name/review   SkillReviewRequest → {skill, version}
 *   POST skills/:name/installs InstallReport      → {recorded}
 *   POST skill-uses            SkillUsesReport    → {stored, unknown}
 * under `/v1/programmes/:programmeId/` (src/protocol/skills.ts, docs/skills.md). Who is asking comes
 * from `questIdentity` (a participant's join token or a facilitator token); the rules are in rules.ts.
 * A published skill is checked again here with the laptop's own validator (src/skills/validate.ts):
 * a client that skipped the checks gets the same problems back (422), and nothing is stored.
 * Nothing here logs or repeats a token, and a refusal for a secret names its file and line only.
 */
export interface SkillRoutesOptions {
  clock?: () => Date;
  /** Per person: publishes allowed at once, and refilled per second. */
  publishLimits?: { burst: number; perSecond: number };
}

/** Room for SKILL_LIMITS.totalBytes as base64, each file's path and JSON punctuation, with margin. */
export const PUBLISH_BODY_BYTES = Math.ceil((SKILL_LIMITS.totalBytes * 4) / 3) + SKILL_LIMITS.files * 1024 + 64 * 1024;

const ListQuery = z.object({ team: z.string().trim().max(120).optional(), q: z.string().max(500).optional() }).strip();

export function skillRoutes(options: SkillRoutesOptions = {}): ProgrammeServerPlugin {
  return (app, context) => registerSkillRoutes(app, context, options);
}

async function registerSkillRoutes(app: FastifyInstance, context: ServerContext, options: SkillRoutesOptions): Promise<void> {
  const { store, programmeId } = context;
  const clock = options.clock ?? (() => new Date());
  // Failed tokens count against the server's own per-address limit when the server offers it.
  const identity = questIdentity(store, programmeId, context.auth);
  const limits = options.publishLimits ?? { burst: 10, perSecond: 1 / 30 };
  const publishLimiter = new RateLimiter({ capacity: limits.burst, perSecond: limits.perSecond });
  answerErrorsLikeTheHub(app);

  const path = (template: string) => template.replace(':programmeId', encodeURIComponent(programmeId));
  const nameOf = (request: FastifyRequest): string => {
    const parsed = SkillName.safeParse((request.params as { name?: string }).name);
    if (!parsed.success) throw new HttpError(404, 'unknown_skill', 'there is no skill of that name (names are lowercase letters, digits and hyphens)');
    return parsed.data;
  };
  const identify = async (request: FastifyRequest): Promise<QuestActor> => identity.identify(request);
  // The change log's actor: a token's name, or the person's opaque key (never an email).
  const actorName = (actor: QuestActor) => (actor.kind === 'token' ? actor.ref.name : actor.ref.key);

  app.get(path(SkillPaths.skills), async (request): Promise<z.infer<typeof SkillListResponse>> => {
    const actor = await identify(request);
    const query = ListQuery.safeParse(request.query);
    if (!query.success) throw new HttpError(400, 'invalid_request', 'team and q are short texts');
    const skills = await store.listSkills(programmeId, { approvedOnly: approvedOnly(actor) });
    return { skills: searchSkills(skills, query.data) };
  });

  app.post(path(SkillPaths.skills), { bodyLimit: PUBLISH_BODY_BYTES }, async (request, reply): Promise<z.infer<typeof PublishResponse>> => {
    const actor = await identify(request);
    rule(() => checkMayPublish(actor));
    const wait = publishLimiter.take(actor.ref.key);
    if (wait) throw new HttpError(429, 'rate_limited', `too many publishes from you; try again in ${wait} s`, wait);
    const body = parseBody(PublishRequest, request.body);
    const files = body.files.map((f) => ({ path: f.path, bytes: new Uint8Array(Buffer.from(f.content, 'base64')), executable: f.executable ?? false }));
    const checked = validateSkill(files);
    if (checked.problems.length > 0 || !checked.name || !checked.description) {
      reply.code(422);
      return reply.send({ error: 'invalid_skill', reason: `the skill does not pass the checks: ${checked.problems.map((p) => `${p.file ? `${p.file}${p.line ? `:${p.line}` : ''} ` : ''}${p.code}`).join('; ')}`, problems: checked.problems });
    }
    if (body.questId !== undefined && !(await store.getQuest(programmeId, body.questId))) {
      throw new HttpError(400, 'unknown_quest', `there is no quest #${body.questId} in this programme`);
    }
    const name = checked.name;
    // A new version keeps the skill's team; a new skill takes the one given, else the publisher's.
    const team = (body.team ?? (await store.getSkill(programmeId, name))?.skill.team ?? actor.ref.team).trim();
    if (!team) throw new HttpError(400, 'team_required', 'say which team the skill belongs to (team)');
    const sha256 = skillDigest(files);
    const published = await store.publishSkillVersion(
      programmeId,
      {
        name,
        team,
        ...(body.questId !== undefined ? { questId: body.questId } : {}),
        description: checked.description,
        // Stored as the server encodes it, so what is served is exactly what was hashed.
        files: files.map((f) => ({ path: f.path, content: Buffer.from(f.bytes).toString('base64'), executable: f.executable })),
        bytes: checked.bytes,
        sha256,
        scripts: checked.scripts,
        by: actor.ref,
        at: clock().toISOString(),
      },
      (existing) => rule(() => checkNewVersion(actor, existing, name, sha256)),
      actorName(actor),
    );
    reply.code(201);
    return published;
  });

  app.get(path(SkillPaths.skill), async (request): Promise<z.infer<typeof SkillShowResponse>> => {
    const actor = await identify(request);
    const name = nameOf(request);
    const found = await store.getSkill(programmeId, name);
    if (!found) throw new HttpError(404, 'unknown_skill', `there is no skill "${name}"`);
    // Someone who cannot see a pending version still learns that the skill waits for review (so
    // `workshop skills install` can say so), never what is in it.
    return { skill: found.skill, versions: visibleVersions(actor, found.skill, found.versions) };
  });

  app.post(path(SkillPaths.review), async (request): Promise<z.infer<typeof PublishResponse>> => {
    const actor = await identify(request);
    const name = nameOf(request);
    const body = parseBody(SkillReviewRequest, request.body);
    const found = await store.getSkill(programmeId, name);
    if (!found) throw new HttpError(404, 'unknown_skill', `there is no skill "${name}"`);
    rule(() => checkMayReview(actor, found.skill));
    const refuse = (state: Parameters<typeof notPending>[0]): never => {
      throw toHttp(notPending(state));
    };
    const reviewed = await store.reviewSkillVersion(programmeId, name, body.version, { verdict: body.verdict, note: body.note, by: actor.ref, at: clock().toISOString() }, refuse, actorName(actor));
    if (!reviewed) throw new HttpError(404, 'unknown_version', `${name} has no version ${body.version}`);
    return reviewed;
  });

  app.post(path(SkillPaths.installs), async (request): Promise<{ recorded: true }> => {
    const actor = await identify(request);
    const name = nameOf(request);
    const body = parseBody(InstallReport, request.body);
    if (!(await store.recordSkillInstall(programmeId, name, actor.ref, body.action, body.version, clock().toISOString()))) {
      throw new HttpError(404, 'unknown_skill', `there is no skill "${name}"`);
    }
    return { recorded: true };
  });

  app.post(path(SkillPaths.uses), async (request): Promise<{ stored: number; unknown: string[] }> => {
    const actor = await identify(request);
    const body = parseBody(SkillUsesReport, request.body);
    return store.addSkillUses(programmeId, actor.ref, body.days);
  });
}

function toHttp(error: SkillRuleError): HttpError {
  return new HttpError(error.status, error.rule, error.reason);
}

/** Runs a rule; its refusal becomes the HTTP answer. */
function rule(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof SkillRuleError) throw toHttp(error);
    throw error;
  }
}
