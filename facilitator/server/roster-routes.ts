import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { RosterUploadRequest, type RosterUploadResponse, ServerPaths } from '../../src/protocol/server-api.js';
import { importRoster } from '../programme/roster-import.js';
import { parseBody } from '../http/errors.js';
import { thisProgramme } from './http.js';

/**
 * `POST /v1/programmes/:id/roster` (facilitator and above): a roster CSV as text. The pure
 * `importRoster` runs inside `store.updateRoster`, under the programme's row lock, on the roster as
 * it is at that moment, so two uploads at once both land (the second merges into the first's result)
 * and a file with a bad row changes nothing. The actor of the change is the token's name.
 */
// The CSV may be 20 Mi characters; JSON escapes and UTF-8 (Japanese names: 3 bytes each) make the body larger.
export const ROSTER_BODY_BYTES = 64 * 1024 * 1024;

export async function rosterRoutes(app: FastifyInstance): Promise<void> {
  // Authentication runs at onRequest: a body from someone without a token is never read.
  app.post(ServerPaths.roster, { bodyLimit: ROSTER_BODY_BYTES, onRequest: [app.auth.requireRole('facilitator'), thisProgramme(app)] }, async (request): Promise<RosterUploadResponse> => {
    const body = parseBody(RosterUploadRequest, request.body);
    // Only the file's name: the client's folders are none of the server's business (and may name a person).
    const file = path.basename(body.file.replace(/\\/g, '/')) || 'roster.csv';
    const result = await app.store.updateRoster(app.programmeId, request.actor!, (current) => importRoster(body.csv, current, { file, replace: body.replace }));
    return {
      programme: app.programmeId,
      file,
      people: result.roster.people.length,
      added: result.added,
      updated: result.updated,
      unchanged: result.unchanged,
      notInFile: result.notInFile,
      removed: result.removed,
      warnings: result.warnings,
      ignoredColumns: result.ignoredColumns,
    };
  });
}
