import { z } from 'zod';
import { ExitCode, UserError } from '../../src/core/errors.js';
import { formatZodIssues } from '../../src/core/validation.js';
import { isCalendarDate, looksLikeEmail, normalizeEmail } from './ids.js';
import { bucketDay } from './usage-buckets.js';
import { headerKey, parseCsv, sniffDelimiter } from './csv.js';
import { readKeyCell } from './roster-import.js';
import type { Roster, UsageData, UsageDay, UsageSource } from './store.js';

/**
 * The organisation's usage, read from (a) the OpenAI organisation usage API's JSON pages grouped by
 * api_key_id, or (b) a CSV with columns date, key or email, and requests. Pure: text in, per-source
 * per-day rows out. Like the roster, a file is imported whole or not at all.
 */

const UsageResult = z
  .object({
    api_key_id: z.string().nullable().optional(),
    num_model_requests: z.number().int().min(0).default(0),
    input_tokens: z.number().int().min(0).default(0),
    output_tokens: z.number().int().min(0).default(0),
  })
  .passthrough();

const UsageBucket = z
  .object({
    start_time: z.number().int().min(0),
    end_time: z.number().int().min(0).optional(),
    results: z.array(UsageResult),
  })
  .passthrough();

const UsagePage = z.object({ data: z.array(UsageBucket) }).passthrough();

export interface UsageImportResult {
  format: 'usage-api-json' | 'csv';
  days: UsageDay[];
  /** Requests that carry no api_key_id (the export was not grouped by key). */
  ungroupedRequests: number;
  warnings: string[];
}

export function parseUsageFile(text: string, file: string, timeZone: string): UsageImportResult {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseUsageJson(trimmed, file, timeZone);
  return parseUsageCsv(text, file);
}

/** One page object, an array of pages, or JSON lines with one page per line (as a paging script writes). */
function readPages(text: string, file: string): unknown[] {
  try {
    const whole: unknown = JSON.parse(text);
    return Array.isArray(whole) ? whole : [whole];
  } catch (wholeError) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    if (lines.length < 2) throw new UserError(`${file} is not valid JSON: ${(wholeError as Error).message}`, ExitCode.usage);
    return lines.map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new UserError(`${file}, line ${index + 1}: not valid JSON (${(error as Error).message}). Expected one usage page per line.`, ExitCode.usage);
      }
    });
  }
}

function parseUsageJson(text: string, file: string, timeZone: string): UsageImportResult {
  const pages = readPages(text, file);
  const totals = new Map<string, UsageDay>();
  let ungroupedRequests = 0;
  pages.forEach((raw, pageIndex) => {
    const parsed = UsagePage.safeParse(raw);
    if (!parsed.success) {
      const where = pages.length > 1 ? `${file}, page ${pageIndex + 1}` : file;
      throw new UserError(
        `${where} is not a page of the OpenAI usage API (expected {"data": [{"start_time", "results": [{"api_key_id", "num_model_requests", …}]}]}): ${formatZodIssues(parsed.error)}`,
        ExitCode.usage,
      );
    }
    for (const bucket of parsed.data.data) {
      const day = bucketDay(bucket, timeZone);
      for (const result of bucket.results) {
        if (!result.api_key_id) {
          ungroupedRequests += result.num_model_requests;
          continue;
        }
        add(totals, { kind: 'keyId', value: result.api_key_id }, day, result.num_model_requests, result.input_tokens, result.output_tokens);
      }
    }
  });
  const warnings: string[] = [];
  if (ungroupedRequests > 0) {
    warnings.push(
      `${ungroupedRequests} requests in ${file} carry no api_key_id and cannot be matched to anyone: export the usage with group_by=api_key_id.`,
    );
  }
  return { format: 'usage-api-json', days: [...totals.values()], ungroupedRequests, warnings };
}

function add(totals: Map<string, UsageDay>, source: UsageSource, day: string, requests: number, input?: number, output?: number): void {
  const id = `${source.kind}:${source.value}|${day}`;
  const row = totals.get(id) ?? { source, day, requests: 0 };
  row.requests += requests;
  if (input !== undefined) row.inputTokens = (row.inputTokens ?? 0) + input;
  if (output !== undefined) row.outputTokens = (row.outputTokens ?? 0) + output;
  totals.set(id, row);
}

const CSV_COLUMNS = {
  date: ['date', 'day', '日付'],
  key: ['key', 'apikey', 'apikeyid', 'keyid', 'keyhint'],
  email: ['email', 'emailaddress', 'mail', 'メール', 'メールアドレス'],
  requests: ['requests', 'nummodelrequests', 'count', 'リクエスト数'],
  inputTokens: ['inputtokens'],
  outputTokens: ['outputtokens'],
} as const;

/** `2026-12-03`, `2026/12/03`, or an ISO timestamp (its date part). Day-month orders are ambiguous: refused. */
function readDate(raw: string): string | undefined {
  const text = raw.trim();
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(text);
  if (!match) return undefined;
  const day = `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
  return isCalendarDate(day) ? day : undefined;
}

function readCount(raw: string): number | undefined {
  const text = raw.trim().replace(/[,\s_]/g, '');
  if (text === '') return 0;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function parseUsageCsv(text: string, file: string): UsageImportResult {
  const records = parseCsv(text, sniffDelimiter(text));
  if (records.length === 0) throw new UserError(`${file} is empty: expected a header with date, key or email, and requests.`, ExitCode.usage);
  const [header, ...rows] = records;
  const index: Partial<Record<keyof typeof CSV_COLUMNS, number>> = {};
  header.fields.forEach((cell, i) => {
    const k = headerKey(cell);
    for (const [column, aliases] of Object.entries(CSV_COLUMNS) as Array<[keyof typeof CSV_COLUMNS, readonly string[]]>) {
      if (aliases.includes(k) && index[column] === undefined) index[column] = i;
    }
  });
  if (index.date === undefined || index.requests === undefined || (index.key === undefined && index.email === undefined)) {
    throw new UserError(
      `${file} is neither usage API JSON nor a usage CSV: its first row must name the columns date, key or email, and requests (found ${header.fields.map((f) => `"${f.trim()}"`).join(', ')}).`,
      ExitCode.usage,
    );
  }
  const totals = new Map<string, UsageDay>();
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const record of rows) {
    const at = `line ${record.line}`;
    if (record.problem) {
      problems.push(`${at}: ${record.problem}`);
      continue;
    }
    const cell = (i: number | undefined) => (i === undefined ? '' : (record.fields[i] ?? '').trim());
    const day = readDate(cell(index.date));
    const requests = readCount(cell(index.requests));
    const input = index.inputTokens === undefined ? undefined : readCount(cell(index.inputTokens));
    const output = index.outputTokens === undefined ? undefined : readCount(cell(index.outputTokens));
    const rowProblems: string[] = [];
    if (!day) rowProblems.push(`the date "${cell(index.date).slice(0, 30)}" is not YYYY-MM-DD`);
    if (requests === undefined) rowProblems.push(`requests "${cell(index.requests).slice(0, 30)}" is not a whole number`);
    if ((index.inputTokens !== undefined && input === undefined) || (index.outputTokens !== undefined && output === undefined)) rowProblems.push('a token count is not a whole number');
    let source: UsageSource | undefined;
    const keyCell = readKeyCell(cell(index.key));
    if (keyCell.kind === 'key') {
      source = keyCell.key.kind === 'id' ? { kind: 'keyId', value: keyCell.key.id } : { kind: 'hint', value: keyCell.key.hint };
      if (keyCell.pastedSecret) warnings.push(`${at}: the key column holds a full secret API key; only its hint ${source.value} was kept. Revoke that key: it sits in a file.`);
    } else if (keyCell.kind === 'invalid') {
      rowProblems.push('the key is neither an API key id (key_…) nor a key hint (sk-…abcd)');
    } else if (cell(index.email)) {
      if (looksLikeEmail(cell(index.email))) source = { kind: 'email', value: normalizeEmail(cell(index.email)) };
      else rowProblems.push(`"${cell(index.email).slice(0, 80)}" is not an email address`);
    } else {
      rowProblems.push('neither a key nor an email says whose usage this is');
    }
    if (rowProblems.length > 0 || !source || !day || requests === undefined) {
      problems.push(`${at}: ${rowProblems.join('; ')}`);
      continue;
    }
    add(totals, source, day, requests, input, output);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 30).map((p) => `  ${p}`);
    if (problems.length > 30) shown.push(`  … and ${problems.length - 30} more`);
    throw new UserError(`${file} was not imported (nothing changed): ${problems.length} row(s) have problems:\n${shown.join('\n')}`, ExitCode.failure);
  }
  return { format: 'csv', days: [...totals.values()], ungroupedRequests: 0, warnings };
}

const sourceId = (s: UsageSource) => `${s.kind}:${s.value}`;

/** Adds an import to the stored usage: a (source, day) already stored is replaced, so re-importing a file is harmless. */
export function mergeUsage(existing: UsageData, imported: UsageImportResult, info: { file: string; now?: Date }): UsageData {
  const incoming = new Set(imported.days.map((d) => `${sourceId(d.source)}|${d.day}`));
  const kept = existing.days.filter((d) => !incoming.has(`${sourceId(d.source)}|${d.day}`));
  const days = [...kept, ...imported.days].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : sourceId(a.source) < sourceId(b.source) ? -1 : 1));
  return {
    schemaVersion: existing.schemaVersion,
    imports: [...existing.imports, { file: info.file, importedAt: (info.now ?? new Date()).toISOString(), format: imported.format, rows: imported.days.length }],
    days,
  };
}

export interface UnmatchedSource {
  source: UsageSource;
  requests: number;
  days: number;
  reason: 'not on the roster' | 'hint shared by several people';
}

export interface MatchedUsage {
  /** normalized email → day → requests */
  byPerson: Map<string, Map<string, number>>;
  unmatched: UnmatchedSource[];
}

/** Who each usage row belongs to, through the roster's key column (id or hint) or the email. */
export function matchUsage(usage: UsageData, roster: Roster): MatchedUsage {
  const byKeyId = new Map<string, string>();
  const byHint = new Map<string, string | null>();
  const emails = new Set<string>();
  for (const person of roster.people) {
    const email = normalizeEmail(person.email);
    emails.add(email);
    if (person.key?.kind === 'id') byKeyId.set(person.key.id, email);
    if (person.key?.kind === 'hint') byHint.set(person.key.hint, byHint.has(person.key.hint) ? null : email);
  }
  const byPerson = new Map<string, Map<string, number>>();
  const unmatched = new Map<string, UnmatchedSource>();
  for (const row of usage.days) {
    let email: string | null | undefined;
    if (row.source.kind === 'keyId') email = byKeyId.get(row.source.value);
    else if (row.source.kind === 'hint') email = byHint.get(row.source.value);
    else email = emails.has(row.source.value) ? row.source.value : undefined;
    if (!email) {
      const id = sourceId(row.source);
      const entry = unmatched.get(id) ?? { source: row.source, requests: 0, days: 0, reason: email === null ? 'hint shared by several people' : 'not on the roster' };
      entry.requests += row.requests;
      entry.days += 1;
      unmatched.set(id, entry);
      continue;
    }
    if (row.requests <= 0) continue;
    const days = byPerson.get(email) ?? new Map<string, number>();
    days.set(row.day, (days.get(row.day) ?? 0) + row.requests);
    byPerson.set(email, days);
  }
  return { byPerson, unmatched: [...unmatched.values()].sort((a, b) => b.requests - a.requests) };
}
