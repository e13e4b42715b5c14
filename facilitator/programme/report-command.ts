import path from 'node:path';
import { writeFileAtomic } from '../../src/core/atomic-write.js';
import { ExitCode, UsageError } from '../../src/core/errors.js';
import { expandHome } from '../../src/core/paths.js';
import { paint } from '../../src/core/terminal.js';
import { facilitatorDataDir } from '../../src/core/paths.js';
import { loadProgrammeReport } from './load.js';
import { renderHtml } from './render-html.js';
import type { ProgrammeReport } from './report-data.js';
import { renderCsv, renderMarkdown } from './render-text.js';

/**
 * `workshop report --programme ID [--format html|md|csv|json] [--out FILE]`: the adoption picture of
 * a whole programme (every date's hub, the roster, the usage imports), to stdout or a file.
 */
export interface ProgrammeReportOptions {
  programme: string;
  data?: string;
  format?: string;
  out?: string;
  pack?: string;
}

export const FORMATS = ['md', 'html', 'csv', 'json'] as const;
export type ReportFormat = (typeof FORMATS)[number];

/** The report in one of its formats; the programme server answers with exactly these bytes. */
export function renderProgrammeReport(report: ProgrammeReport, format: ReportFormat): string {
  return format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'html' ? renderHtml(report) : format === 'csv' ? renderCsv(report) : renderMarkdown(report);
}

export async function programmeReportCommand(options: ProgrammeReportOptions): Promise<number> {
  const format = options.format ?? 'md';
  if (!FORMATS.includes(format as (typeof FORMATS)[number])) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}".`);
  const { report, warnings } = await loadProgrammeReport({
    dataDir: facilitatorDataDir(options.data),
    programmeId: options.programme,
    ...(options.pack ? { packDir: path.resolve(expandHome(options.pack)) } : {}),
  });
  const text = renderProgrammeReport(report, format as ReportFormat);
  for (const warning of warnings) process.stderr.write(`${paint.yellow('warning:')} ${warning}\n`);
  if (!options.out) {
    process.stdout.write(text);
    return ExitCode.ok;
  }
  const file = path.resolve(expandHome(options.out));
  await writeFileAtomic(file, text);
  const f = report.funnel;
  process.stdout.write(
    `Programme report written to ${file}: ${f.invited} invited, ${f.readyBeforeSession} ready before their session, ${f.attended} attended, ${f.tried} tried, ${f.finished} finished, ${f.continued} continued.\n`,
  );
  return ExitCode.ok;
}
