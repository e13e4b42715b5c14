import { ExitCode, UserError } from '../../src/core/errors.js';
import { type CompletionsPage, type CostsPage, parseCompletionsPage, parseCostsPage } from '../admin-api/schemas.js';
import type { CostDay } from '../store/cost-series.js';
import { costDaysOf, usageDaysOf } from '../usage-sync/convert.js';
import { isCalendarDate, looksLikeEmail, normalizeEmail } from './ids.js';
import { headerKey, parseCsv, sniffDelimiter } from './csv.js';
import { readKeyCell } from './roster-import.js';
import type { CostsData, Roster, UsageData, UsageDay, UsageSource } from './store.js';

/**
 * The organisation's usage, read from (a) the OpenAI organisation usage API's JSON pages grouped by
 * api_key_id (completions usage, and the Costs API's pages as spend), or (b) a CSV with columns date,
 * key or email, and requests. Pure: text in, per-source per-day rows out. Like the roster, a file is
 * imported whole or not at all. Every page's and result's `object` is checked, so a page of another
 * endpoint is refused with what it is, and an export that stops on has_more: true is said to be partial.
 */

export interface UsageImportResult {
  format: 'usage-api-json' | 'costs-api-json' | 'csv';
  days: UsageDay[];
  /** Spend read from pages of the Costs API (issue 16), per key (or project and line item) and day. */
  costs: CostDay[];
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

const COMPLETIONS = 'organization.usage.completions.result';
const COSTS = 'organization.costs.result';
const WHAT_TO_EXPORT = 'import the completions usage (/organization/usage/completions, group_by=api_key_id) or the costs (/organization/costs, group_by=api_key_id)';

/** What a result's `object` says the page is, in words ("the embeddings usage API (organization.usage.embeddings.result)"). */
function describeResultObject(object: unknown): string {
  if (typeof object !== 'string') return object === undefined ? 'a page whose results carry no "object" type' : `a page whose results have the "object" ${JSON.stringify(object).slice(0, 80)}`;
  const shown = object.slice(0, 100);
  const usage = /^organization\.usage\.([a-z_]+)\.result$/.exec(object);
  if (usage) return `a page of the ${usage[1].replace(/_/g, ' ')} usage API (${shown})`;
  return `a page of another API (${JSON.stringify(shown)})`;
}

type PageKind = 'completions' | 'costs';

/**
 * The kind of one page, from its own `object` and its results' `object` (the API sets both): a page
 * of another endpoint is refused with what it is, never counted as model requests.
 */
function pageKind(raw: unknown, where: string): PageKind | 'empty' {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`${where} is not a page of the OpenAI usage or costs API (expected an object {"object": "page", "data": […]}); ${WHAT_TO_EXPORT}. Nothing was imported.`, ExitCode.usage);
  const page = raw as { object?: unknown; data?: unknown };
  if (page.object !== 'page') {
    const found = page.object === undefined ? 'has no "object" type' : `is ${JSON.stringify(page.object).slice(0, 80)}`;
    throw new UserError(`${where} is not a page of the OpenAI usage or costs API: its "object" ${found}, not "page"; ${WHAT_TO_EXPORT}. Nothing was imported.`, ExitCode.usage);
  }
  const objects = new Set<unknown>();
  if (Array.isArray(page.data)) {
    for (const bucket of page.data) {
      const results = (bucket as { results?: unknown } | null)?.results;
      if (Array.isArray(results)) for (const r of results) objects.add((r as { object?: unknown } | null)?.object);
    }
  }
  if (objects.size === 0) return 'empty';
  for (const object of objects) {
    if (object !== COMPLETIONS && object !== COSTS) throw new UserError(`${where} is ${describeResultObject(object)}; ${WHAT_TO_EXPORT}. Nothing was imported.`, ExitCode.usage);
  }
  if (objects.size > 1) throw new UserError(`${where} mixes completions usage and costs results in one page; that is not a page the API returns. Nothing was imported.`, ExitCode.usage);
  return objects.has(COSTS) ? 'costs' : 'completions';
}

function parseUsageJson(text: string, file: string, timeZone: string): UsageImportResult {
  const pages = readPages(text, file);
  const totals = new Map<string, UsageDay>();
  const spend = new Map<string, CostDay>();
  let ungroupedRequests = 0;
  let ungroupedSpend = 0;
  let currencyOfUngrouped = '';
  const seen = { completions: false, costs: false };
  // The last page of each kind: an export that ends on has_more: true stopped before its last page.
  const last: Partial<Record<PageKind, { index: number; hasMore: boolean; nextPage: string | null }>> = {};
  pages.forEach((raw, pageIndex) => {
    const where = pages.length > 1 ? `${file}, page ${pageIndex + 1}` : file;
    const kind = pageKind(raw, where);
    const parse = kind === 'costs' ? parseCostsPage : parseCompletionsPage;
    const parsed = parse(raw);
    if ('problem' in parsed) throw new UserError(`${where} is not a valid page of the OpenAI ${kind === 'costs' ? 'costs' : 'usage'} API: ${parsed.problem}. Nothing was imported.`, ExitCode.usage);
    if (kind === 'empty') return;
    seen[kind] = true;
    last[kind] = { index: pageIndex, hasMore: parsed.page.has_more, nextPage: parsed.page.next_page ?? null };
    if (kind === 'completions') {
      // The same conversion as `usage sync` (usage-sync/convert.ts), so both store a bucket alike.
      const read = usageDaysOf(parsed.page as CompletionsPage, timeZone);
      ungroupedRequests += read.ungroupedRequests;
      for (const d of read.days) add(totals, d.source, d.day, d.requests, d.inputTokens, d.outputTokens);
    } else {
      const page = parsed.page as CostsPage;
      const byKey = page.data.some((b) => b.results.some((r) => r.api_key_id));
      for (const b of page.data) {
        for (const r of b.results) {
          if (r.amount && !r.api_key_id) {
            ungroupedSpend += r.amount.value;
            currencyOfUngrouped ||= r.amount.currency.toLowerCase();
          }
        }
      }
      for (const c of costDaysOf(page, byKey ? 'key' : 'project', timeZone)) {
        const id = JSON.stringify([c.source.kind, c.source.value, c.lineItem, c.currency, c.day]);
        const row = spend.get(id);
        if (row) row.amount += c.amount;
        else spend.set(id, { ...c });
      }
    }
  });
  const warnings: string[] = [];
  for (const [kind, page] of Object.entries(last) as Array<[PageKind, NonNullable<(typeof last)[PageKind]>]>) {
    if (!page.hasMore) continue;
    const at = pages.length > 1 ? `page ${page.index + 1}` : 'its only page';
    warnings.push(
      page.nextPage
        ? `${file} looks partial: ${at} of the ${kind} export says has_more: true, and the page after it (next_page "${page.nextPage.slice(0, 80)}") is not in the file. Fetch it (add page=${page.nextPage.slice(0, 80)} to the request, and so on until has_more is false) and import again: days imported twice are replaced, not added.`
        : `${file} looks partial: ${at} of the ${kind} export says has_more: true but no later page follows. Fetch the remaining pages and import again: days imported twice are replaced, not added.`,
    );
  }
  if (ungroupedRequests > 0) {
    warnings.push(
      `${ungroupedRequests} requests in ${file} carry no api_key_id and cannot be matched to anyone: export the usage with group_by=api_key_id.`,
    );
  }
  if (ungroupedSpend > 0) {
    warnings.push(
      `${round(ungroupedSpend)} ${currencyOfUngrouped} of spend in ${file} carries no api_key_id: it is kept per project and counts for the programme, not for a person or team. Export the costs with group_by=api_key_id to see spend per person.`,
    );
  }
  const format = seen.completions || !seen.costs ? 'usage-api-json' : 'costs-api-json';
  return { format, days: [...totals.values()], costs: [...spend.values()], ungroupedRequests, warnings };
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

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
  return { format: 'csv', days: [...totals.values()], costs: [], ungroupedRequests: 0, warnings };
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

/** Spend per currency, rounded to 1/10,000 (what --json and the summary show). */
export function spendByCurrency(costs: Array<{ amount: number; currency: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of costs) out[c.currency] = (out[c.currency] ?? 0) + c.amount;
  for (const k of Object.keys(out)) out[k] = Math.round(out[k] * 10_000) / 10_000;
  return out;
}

const costId = (c: CostDay) => JSON.stringify([c.source.kind, c.source.value, c.lineItem, c.currency, c.day]);

/** Adds imported spend to the stored spend: a (source, line item, currency, day) already stored is replaced, as `usage sync` does. */
export function mergeCosts(existing: CostsData, imported: CostDay[]): CostsData {
  const incoming = new Set(imported.map(costId));
  const days = [...existing.days.filter((c) => !incoming.has(costId(c))), ...imported].sort((a, b) => {
    const x = costId(a);
    const y = costId(b);
    return a.day < b.day ? -1 : a.day > b.day ? 1 : x < y ? -1 : x > y ? 1 : 0;
  });
  return { schemaVersion: existing.schemaVersion, days };
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
  /** normalized email → input + output tokens over every day (rows that carry token counts). */
  tokensByPerson: Map<string, number>;
  unmatched: UnmatchedSource[];
}

/**
 * The visible end of a key hint (`sk-…abcd` → `abcd`). The API redacts keys in several forms
 * (`sk-abc...def` in its own example, `sk-proj-…abcd`): two hints are the same key when one's end
 * ends with the other's (at least 3 characters), whatever the prefix shows.
 */
const hintEnd = (hint: string) => /(?:…|\.{3}|\*{3,})([A-Za-z0-9_-]+)$/.exec(hint)?.[1] ?? hint;

/** Roster hints by their last 3 characters, to find every person a usage hint could be. */
function hintIndex(people: Array<{ end: string; email: string }>): (hint: string) => string | null | undefined {
  const byTail = new Map<string, Array<{ end: string; email: string }>>();
  for (const p of people) {
    const tail = p.end.slice(-3);
    byTail.set(tail, [...(byTail.get(tail) ?? []), p]);
  }
  return (hint) => {
    const end = hintEnd(hint);
    const emails = new Set((byTail.get(end.slice(-3)) ?? []).filter((p) => p.end.endsWith(end) || end.endsWith(p.end)).map((p) => p.email));
    // null: the hint fits several people, so it cannot say whose usage this is.
    return emails.size === 0 ? undefined : emails.size === 1 ? [...emails][0] : null;
  };
}

/** Who each usage row belongs to, through the roster's key column (id or hint) or the email. */
export function matchUsage(usage: UsageData, roster: Roster): MatchedUsage {
  const byKeyId = new Map<string, string>();
  const hints: Array<{ end: string; email: string }> = [];
  const emails = new Set<string>();
  for (const person of roster.people) {
    const email = normalizeEmail(person.email);
    emails.add(email);
    if (person.key?.kind === 'id') byKeyId.set(person.key.id, email);
    if (person.key?.kind === 'hint') hints.push({ end: hintEnd(person.key.hint), email });
  }
  const byHint = hintIndex(hints);
  const byPerson = new Map<string, Map<string, number>>();
  const tokensByPerson = new Map<string, number>();
  const unmatched = new Map<string, UnmatchedSource>();
  for (const row of usage.days) {
    let email: string | null | undefined;
    if (row.source.kind === 'keyId') email = byKeyId.get(row.source.value);
    else if (row.source.kind === 'hint') email = byHint(row.source.value);
    else email = emails.has(row.source.value) ? row.source.value : undefined;
    if (!email) {
      const id = sourceId(row.source);
      const entry = unmatched.get(id) ?? { source: row.source, requests: 0, days: 0, reason: email === null ? 'hint shared by several people' : 'not on the roster' };
      entry.requests += row.requests;
      entry.days += 1;
      unmatched.set(id, entry);
      continue;
    }
    const tokens = (row.inputTokens ?? 0) + (row.outputTokens ?? 0);
    if (tokens > 0) tokensByPerson.set(email, (tokensByPerson.get(email) ?? 0) + tokens);
    if (row.requests <= 0) continue;
    const days = byPerson.get(email) ?? new Map<string, number>();
    days.set(row.day, (days.get(row.day) ?? 0) + row.requests);
    byPerson.set(email, days);
  }
  return { byPerson, tokensByPerson, unmatched: [...unmatched.values()].sort((a, b) => b.requests - a.requests) };
}

/** Whose spend each key's cost row is (roster key ids only: spend is never reported by hint or email). */
export function keyOwners(roster: Roster): Map<string, string> {
  const owners = new Map<string, string>();
  for (const person of roster.people) if (person.key?.kind === 'id') owners.set(person.key.id, normalizeEmail(person.email));
  return owners;
}
