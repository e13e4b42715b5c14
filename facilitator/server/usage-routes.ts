import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ServerPaths, UsageUploadRequest, type UsageUploadResponse } from '../../src/protocol/server-api.js';
import { matchUsage, parseUsageFile, spendByCurrency } from '../programme/usage-import.js';
import { HttpError, parseBody } from '../http/errors.js';
import { thisProgramme } from './http.js';

/**
 * `POST /v1/programmes/:id/usage` (facilitator and above): a usage export (the usage API's JSON pages
 * or a CSV) as text. Parsed by the same pure `parseUsageFile` as `workshop usage import`, then stored
 * in one transaction: the whole file or nothing, a (source, day) already there replaced.
 */
// The text may be 200 Mi characters (a year of daily usage for thousands of keys); JSON escapes add a little.
export const USAGE_BODY_BYTES = 256 * 1024 * 1024;

export async function usageRoutes(app: FastifyInstance): Promise<void> {
  app.post(ServerPaths.usage, { bodyLimit: USAGE_BODY_BYTES, onRequest: [app.auth.requireRole('facilitator'), thisProgramme(app)] }, async (request): Promise<UsageUploadResponse> => {
    const body = parseBody(UsageUploadRequest, request.body);
    const file = path.basename(body.file.replace(/\\/g, '/')) || 'usage';
    const programme = await app.store.getProgramme(app.programmeId);
    if (!programme) throw new HttpError(404, 'unknown_programme', `the programme "${app.programmeId}" is not in the database any more`);
    const parsed = parseUsageFile(body.text, file, programme.timeZone);
    const importedAt = new Date().toISOString();
    await app.store.addUsage(app.programmeId, parsed.days, { file, importedAt, format: parsed.format }, request.actor!, parsed.costs);
    const roster = await app.store.getRoster(app.programmeId);
    const thisImport = matchUsage({ schemaVersion: 1, imports: [], days: parsed.days }, roster);
    return {
      programme: app.programmeId,
      file,
      format: parsed.format,
      rows: parsed.days.length,
      requests: parsed.days.reduce((n, d) => n + d.requests, 0),
      people: thisImport.byPerson.size,
      unmatched: thisImport.unmatched,
      ungroupedRequests: parsed.ungroupedRequests,
      costRows: parsed.costs.length,
      spend: spendByCurrency(parsed.costs),
      warnings: parsed.warnings,
    };
  });
}
