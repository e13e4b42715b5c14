import { DIGEST_AUDIENCES, DIGEST_FORMATS, DIGEST_LANGUAGES, type DigestAudience, type DigestFormat, type DigestLanguage } from '../../src/protocol/digest.js';
import { QuestPaths } from '../../src/protocol/quests.js';
import { ROLE_RANK } from '../../src/protocol/server-api.js';
import { HttpError } from '../http/errors.js';
import { loadDigest } from '../quests/digest-load.js';
import { renderDigestHtml, renderDigestMarkdown } from '../quests/digest-render.js';
import type { ProgrammeServerPlugin } from './context.js';
import { thisProgramme } from './http.js';
import { REPORT_CSP } from './report-routes.js';

/**
 * `GET /v1/programmes/:id/digest?audience=team|facilitator&team=T&since=DATE&format=json|md|html&lang=en|ja`
 * (issue 14): the weekly digest, for `workshop digest --server` (which asks for JSON and renders it
 * as it would from the store) and for a script that mails the HTML as it is. A team's digest needs a
 * viewer token; the facilitator's, which names people to invite to office hours, a facilitator or the
 * owner. Registered by `workshop serve` as one plugin.
 */
export interface DigestRouteOptions {
  packDir?: string;
  /** The digest's "now" (tests pin it). */
  clock?: () => Date;
}

const CONTENT_TYPES: Record<DigestFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

function choice<T extends string>(name: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new HttpError(400, 'invalid_request', `${name} must be one of ${choices.join(', ')}, not "${String(value).slice(0, 20)}"`);
}

export function digestPlugin(options: DigestRouteOptions = {}): ProgrammeServerPlugin {
  return (app, context) => {
    app.get(QuestPaths.digest, { onRequest: [context.auth.requireRole('viewer'), thisProgramme(app)] }, async (request, reply) => {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const audience = choice<DigestAudience>('audience', query.audience, DIGEST_AUDIENCES, 'team');
      const format = choice<DigestFormat>('format', query.format, DIGEST_FORMATS, 'json');
      const lang = choice<DigestLanguage>('lang', query.lang, DIGEST_LANGUAGES, 'en');
      // Who to invite to office hours names people who stopped: not for a manager's viewer link.
      if (audience === 'facilitator' && ROLE_RANK[request.role ?? 'viewer'] < ROLE_RANK.facilitator) {
        throw new HttpError(403, 'role_too_low', `the token "${request.actor ?? ''}" has the role ${request.role ?? 'viewer'}; the facilitator's digest needs facilitator or above (a viewer gets audience=team)`);
      }
      const team = typeof query.team === 'string' ? query.team.trim() : undefined;
      if (query.team !== undefined && (!team || team.length > 120 || /[\r\n]/.test(team))) throw new HttpError(400, 'invalid_request', 'team must be one line of 1 to 120 characters');
      if (query.since !== undefined && typeof query.since !== 'string') throw new HttpError(400, 'invalid_request', 'since must be given once');
      const digest = await loadDigest(context.store, context.programmeId, {
        audience,
        ...(team ? { team } : {}),
        ...(typeof query.since === 'string' ? { since: query.since } : {}),
        ...(options.clock ? { now: options.clock() } : {}),
        ...(options.packDir ? { packDir: options.packDir } : {}),
      });
      if (format === 'json') return reply.type(CONTENT_TYPES.json).send(digest);
      if (format === 'html') reply.header('Content-Security-Policy', REPORT_CSP);
      return reply.type(CONTENT_TYPES[format]).send(format === 'html' ? renderDigestHtml(digest, lang) : renderDigestMarkdown(digest, lang));
    });
  };
}
