import { type FoundNumber, findNumbers } from './numbers.js';
import type { Term } from './pack-schema.js';
import { type Table, findMarkdownTables, parseCsv } from './tables.js';
import { normalizeForMatch, termVariants } from './text.js';

/**
 * Where a label's figure stands in a report, for the `number` check: "the Travel total", "the grand
 * total". Reports put it in many places, and a careful reviewer reads each the way it is meant:
 *
 * - a table with the label as a row ("| Travel | 28 | ¥439,210 | 15.4% |"): the row's cell in the
 *   totals column when the header has one ("Total", "Amount (JPY)", "合計金額"), else the row's numbers;
 * - a table with the label as a column header (months as rows, categories as columns): the column's
 *   cell in the totals row ("Total", "合計", "計", "Grand total"), or in the only data row;
 * - the totals row × totals column of a table is its grand total;
 * - prose and lists ("Travel: ¥439,210 (28 claims)", "旅費交通費は 439,210 円"): the numbers that the
 *   words just before them are about; a bare "Total:" under a heading or list item about Travel is
 *   Travel's total, and a line with only a number under "## Grand total" is the grand total.
 *
 * `others` names the neighbouring items (for a grand total, every category): text that names one of them
 * is about that item, so "Total travel: 439,210" is not the grand total, whatever "total" says.
 */
export interface LabelQuery {
  label: Term;
  others?: readonly Term[];
}

export interface LabelValue {
  value: number;
  /** As written, for feedback ("¥439k" shows as "439"). */
  text: string;
  /** Read from where the label's figure stands (its own words, its table cell), not inherited from a neighbour. */
  strong: boolean;
  /** Said to be a count or a share ("28 claims", a "Claims" or "Share" column), not an amount. */
  count: boolean;
}

export interface LabelValues {
  values: LabelValue[];
  /** The label is named somewhere (as this item, not as part of another's name). */
  labelSeen: boolean;
  /** The label heads a table column whose total no row gives (months as rows, no totals row). */
  columnWithoutTotal: boolean;
  /** The label is named only together with another item ("Travel & accommodation"). */
  labelShared: boolean;
}

const TOTALS_IN_TEXT = /grand\s*total|totals?|overall|総合計|合計|総計|総額|全体/gi;

/** Notes that a text names the label: on its own, or only together with another item. */
function see(text: string, match: Matcher, out: LabelValues): void {
  if (match.isSubject(text)) out.labelSeen = true;
  else if (match.namesOther(text) && match.namesLabel(text.replace(TOTALS_IN_TEXT, ' '))) out.labelShared = true;
}

/** Words that make a row a totals row or a column the figures column (read with word boundaries kept). */
const TOTAL_WORDS = /\b(?:grand\s*)?totals?\b|\bsum\b|\boverall\b|\ball\s*categories\b|合計|総計|総額|全体|^計$|合算/;
const AMOUNT_WORDS = /\bamount|\bnet\b|\bjpy\b|\byen\b|円|¥|金額|純額|差引|実額|\bcosts?\b|\bspen[dt]\b/;
/** Headers of columns that hold something other than the figure: counts, shares, ranks. */
const NOT_FIGURE_WORDS = /\bcount|\bnumber|\bclaims?\b|\bitems?\b|\brows?\b|\blines?\b|\breceipts?\b|\bentries\b|\btransactions?\b|\bshare|\bpercent|\bratio|%|件数|件|枚|回数|割合|構成比|比率|シェア|^#$|^no\.?$|\brank|順位/;
/** Words that say a figure is a count or a share, not an amount ("claims", "件数", "Share (%)"). */
export function isCountWording(text: string): boolean {
  return NOT_FIGURE_WORDS.test(words(text));
}

/** A segment that only says "total" ("Total:", "合計額", "Total amount (JPY)") takes its subject from around it. */
const GENERIC = /^(?:total|totals|sum|amount|net|spent|spend|costs?|expenses?|合計|計|金額|額|費用|支出|合計額|合計金額)+$/;
const CLAUSE_BREAK = /[;；。．!?！？、,，(（)）|/]/;
/** Units and currency around a figure, ignored when deciding what a segment names. */
const UNITS = /jpy|yen|円|税込|税抜|[¥$€£]/g;

/** Lower case, compatibility forms folded, markdown emphasis gone, parenthesised units dropped; spaces kept. */
function words(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[*_`~]/g, '')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function strip(text: string): string {
  return normalizeForMatch(text)
    .replace(UNITS, '')
    .replace(/[\p{P}\p{S}\d]/gu, '');
}

export function isGenericTotal(text: string): boolean {
  const stripped = strip(text);
  return stripped !== '' && GENERIC.test(stripped);
}

/**
 * Which items a text names: the label (item 0) and the others. A name inside a longer name of another
 * item does not count ("飲食" for Meals inside "接待飲食費" for Client entertainment), so overlapping
 * synonyms resolve to the more specific one instead of ruling the text out for both.
 */
class Matcher {
  readonly #items: string[][];
  readonly #cache = new Map<string, Set<number>>();

  constructor(query: LabelQuery) {
    this.#items = [query.label, ...(query.others ?? [])].map((term) => termVariants(term));
  }

  named(text: string): Set<number> {
    let named = this.#cache.get(text);
    if (named) return named;
    const normalized = normalizeForMatch(text);
    const spans: Array<{ item: number; start: number; end: number }> = [];
    this.#items.forEach((variants, item) => {
      for (const variant of variants) {
        for (let at = normalized.indexOf(variant); at !== -1; at = normalized.indexOf(variant, at + 1)) spans.push({ item, start: at, end: at + variant.length });
      }
    });
    named = new Set(
      spans
        .filter((span) => !spans.some((other) => other.item !== span.item && other.end - other.start > span.end - span.start && other.start <= span.start && other.end >= span.end))
        .map((span) => span.item),
    );
    if (this.#cache.size < 5000) this.#cache.set(text, named);
    return named;
  }

  namesLabel(text: string): boolean {
    return this.named(text).has(0);
  }

  namesOther(text: string): boolean {
    return [...this.named(text)].some((item) => item > 0);
  }

  /** Text about this item: it names the label and no other item. */
  isSubject(text: string): boolean {
    const named = this.named(text);
    return named.has(0) && named.size === 1;
  }

  /** Names an item (this one or another) by more than a bare "total". */
  namesItem(text: string): boolean {
    return this.named(text).size > 0 && !isGenericTotal(text);
  }
}

// ---------------------------------------------------------------------------------------------
// Tables

function isFigureCell(cell: string): boolean {
  const numbers = findNumbers(cell.normalize('NFKC'));
  if (numbers.length === 0) return false;
  return strip(cell).replace(/[km]/g, '') === '';
}

/** The cell that names the row: the first non-empty cell that is not a figure (a rank "1" comes before it). */
function nameIndex(row: string[]): number {
  return row.findIndex((cell) => cell.trim() !== '' && !isFigureCell(cell));
}

function isTotalsName(cell: string): boolean {
  const text = words(cell);
  if (/subtotal|小計/.test(text)) return false;
  return TOTAL_WORDS.test(text) || isGenericTotal(cell);
}

function isNotFigureHeader(cell: string | undefined): boolean {
  if (cell === undefined) return false;
  return NOT_FIGURE_WORDS.test(words(cell)) || NOT_FIGURE_WORDS.test(cell.normalize('NFKC').toLowerCase());
}

/** Columns that hold the figure: headed "Total", "Amount (JPY)", "金額"…, not "Claims" or "Share". */
function figureColumns(header: string[], skip: number): number[] {
  const out: number[] = [];
  header.forEach((cell, index) => {
    if (index === skip) return;
    if (isNotFigureHeader(cell)) return;
    if (TOTAL_WORDS.test(words(cell)) || AMOUNT_WORDS.test(cell.normalize('NFKC').toLowerCase())) out.push(index);
  });
  return out;
}

/** The numbers of a cell, each with its text as written there (multiplier included: "439k"). */
function numbersOf(cell: string | undefined): FoundNumber[] {
  if (cell === undefined) return [];
  const text = cell.normalize('NFKC');
  return findNumbers(text).map((found) => ({ ...found, text: text.slice(found.start, found.end) }));
}

function readTable(table: Table, context: string | undefined, match: Matcher, out: LabelValues): void {
  const { header, rows } = table;
  const names = rows.map(nameIndex);
  // A table that names no item ("| Month | Amount |") under "### Travel" is about Travel: its totals row is Travel's.
  const aboutItems = [...header, ...rows.map((row, r) => row[names[r]] ?? '')].some((cell) => match.namesItem(cell));
  const subjectOf = (cell: string) => (!aboutItems && context !== undefined && isGenericTotal(cell) ? `${context} ${cell}` : cell);
  const push = (cell: string | undefined, count = false) => {
    for (const found of numbersOf(cell)) out.values.push({ value: found.value, text: found.text, strong: true, count });
  };
  for (const cell of [...header, ...rows.flat()]) see(subjectOf(cell), match, out);

  // The label as a column header: the column's cell in the totals row, or in the only row.
  const headerName = nameIndex(header);
  header.forEach((cell, column) => {
    if (!match.isSubject(subjectOf(cell))) return;
    out.labelSeen = true;
    const totalsRows = rows.filter((row, r) => names[r] !== column && names[r] >= 0 && isTotalsName(row[names[r]]) && !match.namesOther(row[names[r]]));
    if (totalsRows.length > 0) totalsRows.forEach((row) => push(row[column]));
    else if (rows.length === 1 && !(names[0] >= 0 && match.namesOther(rows[0][names[0]]))) push(rows[0][column]);
    else if (column !== headerName) out.columnWithoutTotal = true;
  });

  // The label as a row: the row's figure cells, preferring the totals column.
  rows.forEach((row, r) => {
    const at = row.findIndex((cell, index) => index <= Math.max(names[r], 0) + 1 && cell.trim() !== '' && !isFigureCell(cell) && match.isSubject(subjectOf(cell)));
    if (at === -1) return;
    out.labelSeen = true;
    const figures = figureColumns(header, at).filter((column) => column > at);
    if (figures.length > 0) figures.forEach((column) => push(row[column]));
    // No column says "total" or "amount": the row's numbers, but not those under "Claims" or "Share".
    else row.forEach((cell, column) => column > at && push(cell, isNotFigureHeader(header[column])));
  });
}

// ---------------------------------------------------------------------------------------------
// Prose: headings, lists, paragraphs

interface Line {
  text: string;
  indent: number;
}

/** A numbered or bulleted list item, or an indented continuation. */
const LIST_ITEM = /^\s*(?:[-*+・•]|\d+[.)])\s/;
const ATX = /^\s{0,3}(#{1,6})\s+(.*)$/;

function isMinorHeading(line: string): boolean {
  const trimmed = line.trim();
  if (/\d/.test(trimmed) || LIST_ITEM.test(line)) return false;
  return /^(\*\*|__)[^*_]+(\*\*|__)[:：]?$/.test(trimmed) || /[^:：][:：]$/.test(trimmed);
}

interface Subjects {
  texts: string[];
  strong: boolean;
  count: boolean;
}

/** What one number on a line is about, from the words around it (see the module comment). */
function subjectsOfLine(line: string, numbers: FoundNumber[], context: () => string | undefined, match: Matcher): Subjects[] {
  const out: Subjects[] = [];
  numbers.forEach((found, i) => {
    const left = line.slice(i === 0 ? 0 : numbers[i - 1].end, found.start);
    const near = left.split(CLAUSE_BREAK).pop() ?? '';
    const after = line.slice(found.end, numbers[i + 1]?.start ?? line.length).split(CLAUSE_BREAK)[0];
    // "28 claims", "15.4%": a count or a share, not the figure to report on.
    const count = /^\s*%/.test(after) || NOT_FIGURE_WORDS.test(words(after).split(' ')[0] ?? '');
    if (match.namesItem(near)) {
      // "Total claims: 74" too; but not "Total across 200 rows: 2,844,960", where "rows" is the 200's.
      const counted = count || NOT_FIGURE_WORDS.test(words(near));
      out.push({ texts: [near], strong: !counted, count: counted });
      return;
    }
    const texts: string[] = [];
    let strong = false;
    if (isGenericTotal(near)) {
      const around = context();
      texts.push(around === undefined ? near : `${around} ${near}`);
      strong = around === undefined;
    }
    if (match.namesItem(left)) {
      texts.push(left);
      strong = true;
    } else if (i > 0) texts.push(...out[i - 1].texts);
    if (texts.length === 0) {
      const around = context();
      if (match.namesItem(after) || isGenericTotal(after)) texts.push(after);
      else if (around !== undefined) texts.push(around);
    }
    out.push({ texts, strong: strong && !count, count });
  });
  return out;
}

function readProse(lines: string[], skip: (index: number) => boolean, tableAt: Map<number, Table>, match: Matcher, out: LabelValues): void {
  const headings: Array<{ level: number; text: string }> = [];
  let minor: string | undefined;
  let blankSinceMinor = false;
  let list: Line[] = [];
  let pending: string | undefined;

  const contextNow = (): string | undefined => {
    const chain = [...headings.map((h) => h.text), ...(minor !== undefined ? [minor] : []), ...list.map((l) => l.text), ...(pending !== undefined ? [pending] : [])];
    for (let i = chain.length - 1; i >= 0; i -= 1) if (match.namesItem(chain[i])) return chain[i];
    return undefined;
  };

  for (let index = 0; index < lines.length; index += 1) {
    const table = tableAt.get(index);
    if (table) {
      readTable(table, contextNow(), match, out);
      pending = undefined;
      continue;
    }
    if (skip(index)) continue;
    const raw = lines[index];
    if (raw.trim() === '') {
      if (minor !== undefined) blankSinceMinor = true;
      continue;
    }
    const line = raw.normalize('NFKC');
    const heading = ATX.exec(line);
    if (heading) {
      const level = heading[1].length;
      while (headings.length > 0 && headings[headings.length - 1].level >= level) headings.pop();
      headings.push({ level, text: heading[2] });
      minor = undefined;
      list = [];
      pending = undefined;
      readLine(heading[2], () => (headings.length > 1 ? headings[headings.length - 2].text : undefined));
      continue;
    }
    const indent = (/^\s*/.exec(line.replace(/\t/g, '    '))?.[0].length ?? 0);
    if (isMinorHeading(line)) {
      minor = line;
      blankSinceMinor = false;
      list = [];
      pending = undefined;
      see(line, match, out);
      continue;
    }
    // A paragraph after a blank line ends what a bold or "Travel:" heading was about.
    if (minor !== undefined && blankSinceMinor && indent === 0 && !LIST_ITEM.test(line)) minor = undefined;
    while (list.length > 0 && list[list.length - 1].indent >= indent) list.pop();
    readLine(line, contextNow);
    list.push({ text: line, indent });
  }

  function readLine(line: string, context: () => string | undefined): void {
    const numbers = numbersOf(line);
    if (numbers.length === 0) {
      pending = match.namesItem(line) ? line : undefined;
      see(line, match, out);
      return;
    }
    const subjects = subjectsOfLine(line, numbers, context, match);
    pending = undefined;
    numbers.forEach((found, i) => {
      if (!subjects[i].texts.some((text) => match.isSubject(text))) return;
      out.labelSeen = true;
      out.values.push({ value: found.value, text: found.text, strong: subjects[i].strong, count: subjects[i].count });
    });
    see(line, match, out);
  }
}

export function labelValuesInMarkdown(text: string, query: LabelQuery): LabelValues {
  const match = new Matcher(query);
  const out: LabelValues = { values: [], labelSeen: false, columnWithoutTotal: false, labelShared: false };
  const lines = text.split('\n');
  const tables = findMarkdownTables(text);
  const tableAt = new Map<number, Table>();
  const inTable = new Set<number>();
  for (const table of tables) {
    if (!table.lines) continue;
    tableAt.set(table.lines[0], table);
    for (let i = table.lines[0]; i < table.lines[1]; i += 1) inTable.add(i);
  }
  readProse(lines, (index) => inTable.has(index), tableAt, match, out);
  return out;
}

export function labelValuesInCsv(text: string, query: LabelQuery): LabelValues {
  const match = new Matcher(query);
  const out: LabelValues = { values: [], labelSeen: false, columnWithoutTotal: false, labelShared: false };
  const [header, ...rows] = parseCsv(text);
  if (header) readTable({ header, rows }, undefined, match, out);
  return out;
}
