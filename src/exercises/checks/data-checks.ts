import type { z } from 'zod';
import { finding } from '../findings.js';
import { type FoundNumber, findNumbers } from '../numbers.js';
import type { JsonCheck, NumberCheck, TableCheck, Term } from '../pack-schema.js';
import { type Table, csvTableCandidates, findMarkdownTables, parseCsv, splitMarkdownRow } from '../tables.js';
import { assignTermsToDistinct, containsTerm, normalizeForMatch } from '../text.js';
import { type CheckOutcome, type GradeContext, failed, noFileMatches } from './context.js';

/** Checks about structured content: tables, numbers beside a label, JSON keys. */

interface TableFit {
  missingColumns: Term[];
  rowCount: number;
  rowsOk: boolean;
}

function fitTable(table: Table, check: z.infer<typeof TableCheck>): TableFit {
  const columns = check.columns ?? [];
  const assignment = assignTermsToDistinct(
    columns,
    table.header.map((cell) => normalizeForMatch(cell)),
  );
  const missingColumns = columns.filter((_term, index) => assignment[index] === -1);
  const rowCount = table.rows.length;
  const min = check.rows?.min ?? 0;
  const max = check.rows?.max ?? Number.POSITIVE_INFINITY;
  return { missingColumns, rowCount, rowsOk: rowCount >= min && rowCount <= max };
}

export function checkTable(check: z.infer<typeof TableCheck>, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const tables = files.flatMap((path) => {
    const text = ctx.plain(path);
    if (check.format === 'markdown') return findMarkdownTables(text);
    // Without required columns the first row is the header; with them, a title line or two may come first.
    const candidates = csvTableCandidates(text);
    return check.columns?.length ? candidates : candidates.slice(0, 1);
  });
  if (tables.length === 0) {
    return failed(finding('table-none', { format: check.format, files }));
  }
  const fits = tables.map((table) => fitTable(table, check));
  if (fits.some((fit) => fit.missingColumns.length === 0 && fit.rowsOk)) return { passed: true };
  // Explain the closest table: the one with the fewest missing columns.
  const best = [...fits].sort((a, b) => a.missingColumns.length - b.missingColumns.length || Number(b.rowsOk) - Number(a.rowsOk))[0];
  const findings = [];
  if (best.missingColumns.length > 0) findings.push(finding('table-columns-missing', { terms: best.missingColumns }));
  if (!best.rowsOk) findings.push(finding('table-rows', { count: best.rowCount, min: check.rows?.min, max: check.rows?.max }));
  return failed(...findings);
}

/** Numbers that stand beside the label in one line (or row): the label's cell and the cells after it. */
function numbersBesideLabel(cells: string[], label: z.infer<typeof NumberCheck>['label']): FoundNumber[] | undefined {
  const at = cells.findIndex((cell) => containsTerm(normalizeForMatch(cell), label));
  if (at === -1) return undefined;
  return cells.slice(at).flatMap((cell) => findNumbers(cell.normalize('NFKC')));
}

function isCsvPath(path: string): boolean {
  return /\.(csv|tsv)$/i.test(path);
}

export function checkNumber(check: z.infer<typeof NumberCheck>, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const tolerance = check.tolerance ?? 0.01;
  const seen: FoundNumber[] = [];
  let labelLines = 0;

  for (const path of files) {
    const text = ctx.plain(path);
    if (isCsvPath(path)) {
      for (const row of parseCsv(text)) {
        const numbers = numbersBesideLabel(row, check.label);
        if (numbers === undefined) continue;
        labelLines += 1;
        seen.push(...numbers);
      }
      continue;
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i];
      if (!containsTerm(normalizeForMatch(line), check.label)) continue;
      labelLines += 1;
      let numbers = line.includes('|') ? numbersBesideLabel(splitMarkdownRow(line), check.label) ?? [] : findNumbers(line.normalize('NFKC'));
      // "**Total**" on one line and the amount on the next is how some answers are laid out.
      if (numbers.length === 0) {
        const next = lines.slice(i + 1).find((candidate) => candidate.trim() !== '');
        if (next !== undefined) numbers = findNumbers(next.normalize('NFKC'));
      }
      seen.push(...numbers);
    }
  }

  if (seen.some((found) => Math.abs(found.value - check.value) <= tolerance + 1e-9)) return { passed: true };
  if (labelLines === 0) return failed(finding('number-no-label', { label: check.label }));
  if (seen.length === 0) return failed(finding('number-no-value', { label: check.label }));
  return failed(numberOff(check.label, check.value, seen));
}

/**
 * Says which way the closest number is off and roughly by how much, never the right number itself:
 * the lesson is to ask Codex how it added up, not to copy a total from the checker.
 */
export function numberOff(label: Term, expected: number, seen: FoundNumber[]) {
  const closest = [...seen].sort((a, b) => Math.abs(a.value - expected) - Math.abs(b.value - expected))[0];
  const ratio = expected === 0 ? 1 : Math.abs(closest.value - expected) / Math.abs(expected);
  const percent = ratio < 0.01 ? 0 : ratio < 0.1 ? Math.round(ratio * 100) : Math.round(ratio * 10) * 10;
  return finding('number-off', { label, found: closest.text, direction: closest.value > expected ? 'high' : 'low', percent });
}

/**
 * A dotted key exists: "owner.email"; "items.0.name" indexes an array; "items.name" on an array means
 * every element has it. Keys are compared exactly, then ignoring case ("Owner" for "owner").
 */
export function hasDottedKey(value: unknown, segments: string[]): boolean {
  if (segments.length === 0) return true;
  const [head, ...rest] = segments;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(head)) return Number(head) < value.length && hasDottedKey(value[Number(head)], rest);
    return value.length > 0 && value.every((element) => hasDottedKey(element, segments));
  }
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, head)) return hasDottedKey(record[head], rest);
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === head.toLowerCase());
  return key !== undefined && hasDottedKey(record[key], rest);
}

export function checkJson(check: z.infer<typeof JsonCheck>, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const parsed: unknown[] = [];
  for (const path of files) {
    try {
      parsed.push(JSON.parse(ctx.plain(path)));
    } catch {
      return failed(finding('json-invalid', { file: path }));
    }
  }
  const required = check.required ?? [];
  if (required.length === 0) return { passed: true };
  let bestMissing: string[] | undefined;
  for (const value of parsed) {
    const missing = required.filter((key) => !hasDottedKey(value, key.split('.')));
    if (missing.length === 0) return { passed: true };
    if (!bestMissing || missing.length < bestMissing.length) bestMissing = missing;
  }
  return failed(finding('json-keys-missing', { keys: bestMissing ?? required }));
}
