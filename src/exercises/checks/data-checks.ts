import type { z } from 'zod';
import { type NumberOffBand, finding } from '../findings.js';
import { type LabelValue, isCountWording, labelValuesInCsv, labelValuesInMarkdown } from '../label-values.js';
import type { JsonCheck, NumberCheck, TableCheck, Term } from '../pack-schema.js';
import { type Table, csvTableCandidates, findMarkdownTables } from '../tables.js';
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

/** A label that is itself a count ("claims", "件数"): its figures are counts, and that is fine. */
function labelIsCount(label: Term): boolean {
  return (Array.isArray(label) ? label : [label]).some((synonym) => isCountWording(synonym));
}

function isCsvPath(path: string): boolean {
  return /\.(csv|tsv)$/i.test(path);
}

/**
 * The label's figure must equal `value`: read where it stands (label-values.ts), in a table of any
 * orientation or in prose. Any reading that equals it passes; otherwise the feedback says which way
 * the closest figure is off and roughly how far, never the right one.
 */
export function checkNumber(check: z.infer<typeof NumberCheck>, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const tolerance = check.tolerance ?? 0.01;
  const query = { label: check.label, others: check.others };
  // Only files that mention the label can hold its figure: the cheap, cached term test first keeps the
  // full reading (structure, clauses, tables) to the few files that need it in a 2,000-file folder.
  const mentioning = files.filter((path) => containsTerm(ctx.normalized(path), check.label));
  if (mentioning.length === 0) return failed(finding('number-no-label', { label: check.label }));
  const readings = mentioning.map((path) => (isCsvPath(path) ? labelValuesInCsv(ctx.plain(path), query) : labelValuesInMarkdown(ctx.plain(path), query)));
  const values = readings.flatMap((reading) => reading.values);

  if (values.some((found) => Math.abs(found.value - check.value) <= tolerance + 1e-9)) return { passed: true };
  // Feedback reads the figure that stands as the label's first, then what is only said near it; a
  // count or a share is not compared with the amount ("28 is too low by 50–100%" helps nobody).
  const amounts = values.filter((found) => !found.count || labelIsCount(check.label));
  const strong = amounts.filter((found) => found.strong);
  if (amounts.length > 0) return failed(numberOff(check.label, check.value, strong.length > 0 ? strong : amounts));
  if (values.length > 0) return failed(finding('number-only-counts', { label: check.label }));
  if (readings.some((reading) => reading.columnWithoutTotal)) return failed(finding('number-column-no-total', { label: check.label }));
  if (readings.some((reading) => reading.labelSeen)) return failed(finding('number-no-value', { label: check.label }));
  if (readings.some((reading) => reading.labelShared)) return failed(finding('number-label-shared', { label: check.label }));
  return failed(finding('number-no-label', { label: check.label }));
}

/** How far off, in bands too wide to work the right figure back out of (see findings.ts `number-off`). */
export function offBand(ratio: number): NumberOffBand {
  if (ratio < 0.01) return 'under-1';
  if (ratio < 0.05) return '1-5';
  if (ratio < 0.1) return '5-10';
  if (ratio < 0.25) return '10-25';
  if (ratio < 0.5) return '25-50';
  if (ratio <= 1) return '50-100';
  return 'over-100';
}

/**
 * "439,000" or "¥439k" against 439,210: a figure rounded (or cut) to a round unit, within one unit of
 * the right one. Says so instead of "too low by less than 1%", which would send people hunting for a
 * missing row.
 */
function roundedUnit(found: Pick<LabelValue, 'value'>, expected: number): number | undefined {
  if (!Number.isInteger(expected) || found.value === expected) return undefined;
  let unit = 1;
  while (unit < 1e9 && found.value !== 0 && Number.isInteger(found.value / (unit * 10)) && Math.abs(found.value) >= unit * 10) unit *= 10;
  if (unit < 100 || Number.isInteger(expected / unit)) return undefined;
  return Math.abs(found.value - expected) < unit ? unit : undefined;
}

/**
 * Says which way the closest number is off and roughly by how much, never the right number itself:
 * the lesson is to ask Codex how it added up, not to copy a total from the checker.
 */
export function numberOff(label: Term, expected: number, seen: ReadonlyArray<Pick<LabelValue, 'value' | 'text'>>) {
  const closest = [...seen].sort((a, b) => Math.abs(a.value - expected) - Math.abs(b.value - expected))[0];
  if (roundedUnit(closest, expected) !== undefined) return finding('number-rounded', { label, found: closest.text });
  const ratio = expected === 0 ? 1 : Math.abs(closest.value - expected) / Math.abs(expected);
  return finding('number-off', { label, found: closest.text, direction: closest.value > expected ? 'high' : 'low', band: offBand(ratio) });
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
