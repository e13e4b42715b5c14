import { sanitizeLine, sanitizeText } from '../../src/core/sanitize.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';
import { facilitatorDataDir } from '../../src/core/paths.js';
import { paint, printJson } from '../../src/core/terminal.js';
import { isValidTimeZone, systemTimeZone } from './calendar.js';
import { decodeSpreadsheetBytes } from './csv.js';
import { programmeCsvCell } from './render-text.js';
import { importRoster } from './roster-import.js';
import {
  DEFAULT_SETTINGS,
  type ProgrammeSettings,
  createProgramme,
  listProgrammes,
  loadProgramme,
  loadCosts,
  loadRoster,
  loadUsage,
  parseProgramme,
  programmeDir,
  saveProgramme,
  saveCosts,
  saveRoster,
  saveUsage,
} from './store.js';
import { matchUsage, mergeCosts, mergeUsage, parseUsageFile, spendByCurrency } from './usage-import.js';

/**
 * The facilitator's programme commands: `programme create|set|show|list`, `roster import|pending`
 * and `usage import`. Thin: options in, store and pure cores, one summary out (or one JSON document
 * with --json). Warnings go to stderr so that stdout stays clean for scripts.
 */

export interface DataOption {
  data?: string;
}

function warn(lines: string[]): void {
  for (const line of lines) process.stderr.write(`${paint.yellow('!')} ${sanitizeText(line)}\n`);
}

/** Reads a file a facilitator gives (a roster, a usage export), with a clear message when it cannot be read. */
export async function readInputFile(file: string, what: string): Promise<Uint8Array> {
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw new UserError(`${file} is a folder; give the ${what} file itself.`, ExitCode.usage);
    if (stat.size > 200 * 1024 * 1024) throw new UserError(`${file} is larger than 200 MB; that is not a ${what}.`, ExitCode.usage);
    return await fs.readFile(file);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`The ${what} ${file} does not exist.`, ExitCode.usage);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`The ${what} ${file} cannot be read: permission denied.`, ExitCode.failure);
    throw new UserError(`Could not read the ${what} ${file}: ${(error as Error).message}`, ExitCode.failure);
  }
}

export interface SettingsOptions {
  windowDays?: number;
  regularWeeks?: number;
  ownTask?: string;
}

/** The settings' rules, worded with the flags people typed (the schema re-checks them when saving). */
function checkSettings(settings: { windowDays: number; regularMinWeeks: number }): void {
  if (settings.windowDays % 7 !== 0 || settings.windowDays < 7) {
    throw new UsageError(`--window-days must be a whole number of weeks (7, 14, 21, 28, …), not ${settings.windowDays}.`);
  }
  if (settings.regularMinWeeks > settings.windowDays / 7) {
    throw new UsageError(`--regular-weeks ${settings.regularMinWeeks} cannot be more than the ${settings.windowDays / 7} weeks of the window (--window-days ${settings.windowDays}).`);
  }
}

function settingsFrom(options: SettingsOptions): Partial<ProgrammeSettings> {
  return {
    ...(options.windowDays !== undefined ? { windowDays: options.windowDays } : {}),
    ...(options.regularWeeks !== undefined ? { regularMinWeeks: options.regularWeeks } : {}),
    ...(options.ownTask !== undefined ? { ownTaskExercise: options.ownTask } : {}),
  };
}

function checkTimeZone(timeZone: string): string {
  if (!isValidTimeZone(timeZone)) throw new UsageError(`--time-zone "${timeZone}" is not a time zone name this system knows; use an IANA name such as Asia/Tokyo or Europe/Paris.`);
  return timeZone;
}

export async function programmeCreate(id: string, options: DataOption & SettingsOptions & { title: string; timeZone?: string; json?: boolean }): Promise<number> {
  const dataDir = facilitatorDataDir(options.data);
  if (!options.title?.trim()) throw new UsageError('A programme needs a title: --title "Codex for everyone, December".');
  checkSettings({ ...DEFAULT_SETTINGS, ...settingsFrom(options) });
  const programme = await createProgramme(dataDir, {
    id,
    title: options.title,
    timeZone: checkTimeZone(options.timeZone ?? systemTimeZone()),
    settings: settingsFrom(options),
  });
  const dir = programmeDir(dataDir, programme.id);
  if (options.json) {
    printJson({ programme, dir });
    return ExitCode.ok;
  }
  process.stdout.write(
    `${paint.green('✓')} Created the programme ${paint.bold(programme.id)} "${programme.title}" in ${dir}\n` +
      `  Days are counted in ${programme.timeZone}; "continued" looks ${programme.settings.windowDays} days past each person's session.\n` +
      `  Next: workshop roster import people.csv --programme ${programme.id}${options.data ? ` --data ${options.data}` : ''}\n`,
  );
  return ExitCode.ok;
}

export async function programmeSet(id: string, options: DataOption & SettingsOptions & { title?: string; timeZone?: string; json?: boolean }): Promise<number> {
  const dataDir = facilitatorDataDir(options.data);
  const programme = await loadProgramme(dataDir, id);
  checkSettings({ ...programme.settings, ...settingsFrom(options) });
  const changed = parseProgramme(
    {
      ...programme,
      ...(options.title ? { title: options.title.trim() } : {}),
      ...(options.timeZone ? { timeZone: checkTimeZone(options.timeZone) } : {}),
      settings: { ...programme.settings, ...settingsFrom(options) },
    },
    'the options given',
  );
  await saveProgramme(dataDir, changed);
  if (options.json) printJson({ programme: changed });
  else process.stdout.write(`${paint.green('✓')} Updated ${changed.id}: window ${changed.settings.windowDays} days, regular = ${changed.settings.regularMinWeeks}+ active weeks, time zone ${changed.timeZone}.\n`);
  return ExitCode.ok;
}

export async function programmeShow(id: string, options: DataOption & { json?: boolean }): Promise<number> {
  const dataDir = facilitatorDataDir(options.data);
  const programme = await loadProgramme(dataDir, id);
  const roster = await loadRoster(dataDir, programme.id);
  const usage = await loadUsage(dataDir, programme.id);
  const teams = new Map<string, number>();
  for (const p of roster.people) teams.set(p.team || '(no team)', (teams.get(p.team || '(no team)') ?? 0) + 1);
  const withKey = roster.people.filter((p) => p.key).length;
  if (options.json) {
    printJson({ programme, dir: programmeDir(dataDir, programme.id), roster: { people: roster.people.length, withKey, teams: Object.fromEntries(teams) }, usage: { imports: usage.imports.length, rows: usage.days.length } });
    return ExitCode.ok;
  }
  process.stdout.write(
    [
      `${paint.bold(programme.title)} (${programme.id}) — ${programmeDir(dataDir, programme.id)}`,
      `  time zone ${programme.timeZone}; window ${programme.settings.windowDays} days; regular = ${programme.settings.regularMinWeeks}+ active weeks${programme.settings.ownTaskExercise ? `; own-task exercise ${programme.settings.ownTaskExercise}` : ''}`,
      `  roster: ${roster.people.length} people (${withKey} with a key id or hint) in ${teams.size} team(s)${teams.size ? `: ${[...teams].map(([t, n]) => `${t} ${n}`).join(', ')}` : ''}`,
      `  usage: ${usage.imports.length} import(s), ${usage.days.length} key-days`,
      `  dates: ${programme.sessions.length ? programme.sessions.map((s) => s.id).join(', ') : 'none hosted yet'}`,
      '',
    ].join('\n'),
  );
  return ExitCode.ok;
}

export async function programmeList(options: DataOption & { json?: boolean }): Promise<number> {
  const dataDir = facilitatorDataDir(options.data);
  const ids = await listProgrammes(dataDir);
  const programmes = [];
  for (const id of ids) {
    try {
      const p = await loadProgramme(dataDir, id);
      programmes.push({ id: p.id, title: p.title, sessions: p.sessions.length });
    } catch (error) {
      warn([error instanceof Error ? error.message : String(error)]);
    }
  }
  if (options.json) printJson({ dataDir, programmes });
  else if (programmes.length === 0) process.stdout.write(`No programmes in ${dataDir} yet. Create one with: workshop programme create ID --title "…"\n`);
  else process.stdout.write(programmes.map((p) => `${p.id}  ${p.title}  (${p.sessions} date${p.sessions === 1 ? '' : 's'})`).join('\n') + '\n');
  return ExitCode.ok;
}

export async function rosterImport(file: string, options: DataOption & { programme: string; replace?: boolean; json?: boolean }): Promise<number> {
  const dataDir = facilitatorDataDir(options.data);
  const programme = await loadProgramme(dataDir, options.programme);
  const bytes = await readInputFile(file, 'roster');
  const decoded = decodeSpreadsheetBytes(bytes, file);
  const existing = await loadRoster(dataDir, programme.id);
  const result = importRoster(decoded.text, existing, { file, replace: options.replace });
  await saveRoster(dataDir, programme.id, result.roster);
  const notes = [...result.warnings];
  if (decoded.encoding === 'shift_jis') notes.unshift(`${file} was read as Shift_JIS (Japanese Excel's plain CSV). If names look wrong, save it as "CSV UTF-8" and import again.`);
  if (result.ignoredColumns.length > 0) notes.push(`Ignored column(s): ${result.ignoredColumns.join(', ')}.`);
  if (options.json) {
    printJson({ programme: programme.id, file, encoding: decoded.encoding, people: result.roster.people.length, added: result.added, updated: result.updated, unchanged: result.unchanged, notInFile: result.notInFile, removed: result.removed, warnings: notes });
    return ExitCode.ok;
  }
  warn(notes);
  const parts = [`${result.added} added`, `${result.updated} updated`, `${result.unchanged} unchanged`];
  if (result.notInFile) parts.push(`${result.notInFile} kept (not in this file)`);
  if (result.removed) parts.push(`${result.removed} removed (--replace)`);
  process.stdout.write(`${paint.green('✓')} Roster of ${programme.id}: ${result.roster.people.length} people (${parts.join(', ')}).\n`);
  return ExitCode.ok;
}

export async function rosterPending(options: DataOption & { programme: string; format?: string; json?: boolean }): Promise<number> {
  const format = options.json ? 'json' : (options.format ?? 'text');
  if (!['text', 'csv', 'json'].includes(format)) throw new UsageError(`--format must be text, csv or json, not "${format}".`);
  const dataDir = facilitatorDataDir(options.data);
  const { loadProgrammeReport } = await import('./load.js');
  const { report, warnings } = await loadProgrammeReport({ dataDir, programmeId: options.programme });
  const pending = report.people.filter((p) => p.attended.length === 0);
  if (format === 'json') {
    printJson({ programme: report.programme.id, pending: pending.map((p) => ({ email: p.email, name: p.name, team: p.team, ...(p.invitedTo ? { invitedTo: p.invitedTo } : {}), readyBeforeSession: p.readyBeforeSession })) });
    return ExitCode.ok;
  }
  if (format === 'csv') {
    const lines = ['email,name,team,invited_to,set_up', ...pending.map((p) => [p.email, p.name, p.team, p.invitedTo ?? '', p.readyBeforeSession].map(programmeCsvCell).join(','))];
    process.stdout.write(`\uFEFF${lines.join('\r\n')}\r\n`);
    return ExitCode.ok;
  }
  warn(warnings);
  if (report.people.length === 0) {
    process.stdout.write(`The roster of ${report.programme.id} is empty: import one with \`workshop roster import FILE --programme ${report.programme.id}\`.\n`);
    return ExitCode.ok;
  }
  if (pending.length === 0) {
    process.stdout.write(`${paint.green('✓')} Everyone on the roster of ${report.programme.id} has attended a date.\n`);
    return ExitCode.ok;
  }
  process.stdout.write(`${pending.length} of ${report.people.length} people on the roster have not attended any date yet:\n`);
  // Issue 12: names, emails and teams come from a spreadsheet: one line each, nothing that drives the terminal.
  for (const p of pending) process.stdout.write(`  ${sanitizeLine(p.name)} <${sanitizeLine(p.email)}> — ${sanitizeLine(p.team)}${p.readyBeforeSession ? paint.dim(' (already set up)') : ''}\n`);
  process.stdout.write(paint.dim(`Invite them to the next date; \`--format csv\` gives a list for a mail merge.\n`));
  return ExitCode.ok;
}

export async function usageImport(file: string, options: DataOption & { programme: string; json?: boolean }): Promise<number> {
  const dataDir = facilitatorDataDir(options.data);
  const programme = await loadProgramme(dataDir, options.programme);
  const bytes = await readInputFile(file, 'usage export');
  const decoded = decodeSpreadsheetBytes(bytes, file);
  const parsed = parseUsageFile(decoded.text, file, programme.timeZone);
  const [existing, roster] = await Promise.all([loadUsage(dataDir, programme.id), loadRoster(dataDir, programme.id)]);
  const merged = mergeUsage(existing, parsed, { file: path.basename(file) });
  // Spend first, then usage.json with the import's record: stopped in between, a rerun replaces the same days.
  if (parsed.costs.length > 0) await saveCosts(dataDir, programme.id, mergeCosts(await loadCosts(dataDir, programme.id), parsed.costs));
  await saveUsage(dataDir, programme.id, merged);
  const thisImport = matchUsage({ ...merged, days: parsed.days }, roster);
  const requests = parsed.days.reduce((n, d) => n + d.requests, 0);
  const unmatchedRequests = thisImport.unmatched.reduce((n, u) => n + u.requests, 0);
  if (options.json) {
    printJson({
      programme: programme.id,
      file,
      format: parsed.format,
      rows: parsed.days.length,
      requests,
      people: thisImport.byPerson.size,
      unmatched: thisImport.unmatched,
      ungroupedRequests: parsed.ungroupedRequests,
      costRows: parsed.costs.length,
      spend: spendByCurrency(parsed.costs),
      warnings: parsed.warnings,
    });
    return ExitCode.ok;
  }
  warn(parsed.warnings);
  if (parsed.format === 'costs-api-json') {
    process.stdout.write(`${paint.green('✓')} Imported spend from ${path.basename(file)}: ${parsed.costs.length} row(s), ${describeSpend(spendByCurrency(parsed.costs))}. The programme report shows it under costs.\n`);
    return ExitCode.ok;
  }
  process.stdout.write(`${paint.green('✓')} Imported ${parsed.days.length} key-days (${requests} requests) from ${path.basename(file)}: matched to ${thisImport.byPerson.size} people on the roster.\n`);
  if (parsed.costs.length > 0) process.stdout.write(`  and spend: ${parsed.costs.length} row(s), ${describeSpend(spendByCurrency(parsed.costs))}.\n`);
  if (thisImport.unmatched.length > 0) {
    process.stdout.write(`${paint.yellow('!')} ${thisImport.unmatched.length} key(s) or email(s) matched nobody (${unmatchedRequests} requests). They are kept and will count once the roster has them in its key column:\n`);
    for (const u of thisImport.unmatched.slice(0, 20)) process.stdout.write(`  ${sanitizeLine(u.source.value)}: ${u.requests} requests on ${u.days} day(s) (${u.reason})\n`);
    if (thisImport.unmatched.length > 20) process.stdout.write(`  … and ${thisImport.unmatched.length - 20} more (see --json)\n`);
  }
  return ExitCode.ok;
}

export function describeSpend(spend: Record<string, number>): string {
  const parts = Object.entries(spend).sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => `${amount} ${currency}`);
  return parts.length > 0 ? parts.join(', ') : 'no spend';
}
