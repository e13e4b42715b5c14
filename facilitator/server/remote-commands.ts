import path from 'node:path';
import { writeFileAtomic } from '../../src/core/atomic-write.js';
import { ExitCode, UsageError } from '../../src/core/errors.js';
import { expandHome } from '../../src/core/paths.js';
import { sanitizeLine, sanitizeText } from '../../src/core/sanitize.js';
import { paint, printJson } from '../../src/core/terminal.js';
import { readInputFile } from '../programme/commands.js';
import { decodeSpreadsheetBytes } from '../programme/csv.js';
import { validateProgrammeId } from '../programme/ids.js';
import { FORMATS, type ReportFormat } from '../programme/report-command.js';
import { parseServerUrl, readServerToken } from './cli-support.js';
import { ServerClient } from './client.js';

/**
 * `workshop report|roster import|usage import … --server URL`: the same commands, against a programme
 * server instead of the local data folder. Files are read and decoded here (Shift_JIS, UTF-16: the
 * same decoder), the parsing and the change happen on the server, and the output matches the local
 * commands'.
 */
export interface RemoteOptions {
  server: string;
  tokenFile?: string;
  programme: string;
  json?: boolean;
}

async function clientFor(options: RemoteOptions): Promise<{ client: ServerClient; programmeId: string }> {
  const url = parseServerUrl(options.server);
  const programmeId = validateProgrammeId(options.programme);
  return { client: new ServerClient(url, await readServerToken({ tokenFile: options.tokenFile })), programmeId };
}

function warn(lines: string[]): void {
  for (const line of lines) process.stderr.write(`${paint.yellow('!')} ${sanitizeText(line)}\n`);
}

export async function remoteReportCommand(options: RemoteOptions & { format?: string; out?: string }): Promise<number> {
  const format = options.format ?? 'md';
  if (!FORMATS.includes(format as ReportFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}".`);
  const { client, programmeId } = await clientFor(options);
  const { text, warnings } = await client.report(programmeId, format as ReportFormat);
  for (const warning of warnings) process.stderr.write(`${paint.yellow('warning:')} ${sanitizeText(warning)}\n`);
  if (!options.out) {
    process.stdout.write(text);
    return ExitCode.ok;
  }
  const file = path.resolve(expandHome(options.out));
  await writeFileAtomic(file, text);
  process.stdout.write(`Programme report of ${programmeId} from ${client.url} written to ${file}.\n`);
  return ExitCode.ok;
}

export async function remoteRosterImport(file: string, options: RemoteOptions & { replace?: boolean }): Promise<number> {
  const { client, programmeId } = await clientFor(options);
  const decoded = decodeSpreadsheetBytes(await readInputFile(file, 'roster'), file);
  const result = await client.uploadRoster(programmeId, { csv: decoded.text, file: path.basename(file), ...(options.replace ? { replace: true } : {}) });
  const notes = [...result.warnings];
  if (decoded.encoding === 'shift_jis') notes.unshift(`${file} was read as Shift_JIS (Japanese Excel's plain CSV). If names look wrong, save it as "CSV UTF-8" and import again.`);
  if (result.ignoredColumns.length > 0) notes.push(`Ignored column(s): ${result.ignoredColumns.join(', ')}.`);
  if (options.json) {
    printJson({ programme: programmeId, server: client.url, file, encoding: decoded.encoding, people: result.people, added: result.added, updated: result.updated, unchanged: result.unchanged, notInFile: result.notInFile, removed: result.removed, warnings: notes });
    return ExitCode.ok;
  }
  warn(notes);
  const parts = [`${result.added} added`, `${result.updated} updated`, `${result.unchanged} unchanged`];
  if (result.notInFile) parts.push(`${result.notInFile} kept (not in this file)`);
  if (result.removed) parts.push(`${result.removed} removed (--replace)`);
  process.stdout.write(`${paint.green('✓')} Roster of ${programmeId} on ${client.url}: ${result.people} people (${parts.join(', ')}).\n`);
  return ExitCode.ok;
}

export async function remoteUsageImport(file: string, options: RemoteOptions): Promise<number> {
  const { client, programmeId } = await clientFor(options);
  const decoded = decodeSpreadsheetBytes(await readInputFile(file, 'usage export'), file);
  const result = await client.uploadUsage(programmeId, { text: decoded.text, file: path.basename(file) });
  if (options.json) {
    printJson({ ...result, server: client.url, file });
    return ExitCode.ok;
  }
  warn(result.warnings);
  if (result.format === 'costs-api-json') {
    const spend = Object.entries(result.spend ?? {}).map(([currency, amount]) => `${amount} ${currency}`).join(', ') || 'no spend';
    process.stdout.write(`${paint.green('✓')} Imported spend from ${path.basename(file)} into ${programmeId} on ${client.url}: ${result.costRows ?? 0} row(s), ${sanitizeLine(spend)}.\n`);
    return ExitCode.ok;
  }
  process.stdout.write(`${paint.green('✓')} Imported ${result.rows} key-days (${result.requests} requests) from ${path.basename(file)} into ${programmeId} on ${client.url}: matched to ${result.people} people on the roster.\n`);
  if (result.unmatched.length > 0) {
    const unmatchedRequests = result.unmatched.reduce((n, u) => n + u.requests, 0);
    process.stdout.write(`${paint.yellow('!')} ${result.unmatched.length} key(s) or email(s) matched nobody (${unmatchedRequests} requests). They are kept and will count once the roster has them in its key column:\n`);
    for (const u of result.unmatched.slice(0, 20)) process.stdout.write(`  ${sanitizeLine(u.source.value)}: ${u.requests} requests on ${u.days} day(s) (${sanitizeLine(u.reason)})\n`);
    if (result.unmatched.length > 20) process.stdout.write(`  … and ${result.unmatched.length - 20} more (see --json)\n`);
  }
  return ExitCode.ok;
}
