import type { FastifyInstance } from 'fastify';
import { REPORT_WARNINGS_HEADER, ServerPaths } from '../../src/protocol/server-api.js';
import { loadProgrammeReportFromStore } from '../programme/load-from-store.js';
import { FORMATS, type ReportFormat, renderProgrammeReport } from '../programme/report-command.js';
import { HttpError } from '../http/errors.js';
import { thisProgramme } from './http.js';

/**
 * `GET /v1/programmes/:id/report?format=json|md|html|csv` (viewer and above): the programme report
 * built from the store by the same builder and renderers as `workshop report --programme`, so the
 * bytes equal what the CLI writes. The builder's warnings travel in one header (URI-encoded JSON)
 * so the body stays exactly the report.
 */
/** The report page's own policy (no script, inline styles and SVG only), as a header too. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export interface ReportRouteOptions {
  packDir?: string;
  /** The report's "now" (tests pin it). */
  clock?: () => Date;
}

export function reportRoutes(options: ReportRouteOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(ServerPaths.report, { onRequest: [app.auth.requireRole('viewer'), thisProgramme(app)] }, async (request, reply) => {
      const { format = 'json' } = request.query as { format?: string };
      if (!FORMATS.includes(format as ReportFormat)) throw new HttpError(400, 'invalid_format', `format must be one of ${FORMATS.join(', ')}, not "${String(format).slice(0, 20)}"`);
      const { report, warnings } = await loadProgrammeReportFromStore(app.store, app.programmeId, {
        ...(options.packDir ? { packDir: options.packDir } : {}),
        ...(options.clock ? { now: options.clock() } : {}),
      });
      // Bounded so the header stays far below the 16 KiB clients accept for all of them.
      if (warnings.length > 0) reply.header(REPORT_WARNINGS_HEADER, encodeURIComponent(JSON.stringify(warnings.slice(0, 10).map((w) => w.slice(0, 300)))));
      if (format === 'html') reply.header('Content-Security-Policy', REPORT_CSP);
      return reply.type(CONTENT_TYPES[format as ReportFormat]).send(renderProgrammeReport(report, format as ReportFormat));
    });
  };
}
