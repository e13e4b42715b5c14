import type { Term } from './pack-schema.js';
import { findMarkdownTables } from './tables.js';
import { normalizeForMatch, termVariants } from './text.js';

/**
 * Reading a filled-in form (a template with labelled fields) in whatever layout a person or an AI
 * leaves it:
 *
 *   Task (業務): Weekly status e-mail          label and value on one line (":" or "：")
 *   **Risk level:** medium                     bold labels; "- " / "1. " / "・" / "> " in front
 *   Task — weekly status e-mail                a spaced dash instead of a colon
 *   ## Minutes it takes  (blank)  45           a heading, the value below it
 *   **Task**  (newline)  Weekly status e-mail  a bold line, the value below it
 *   Task:  (newline)  Weekly status e-mail     an empty label line, the value on the next line
 *   | Task | Weekly status e-mail |            a table row per field
 *   | Task | How often | … |  then one row     a table column per field
 *
 * Every layout yields entries (label, raw value). A field is then found by its label's synonyms.
 */
export interface FieldEntry {
  label: string;
  value: string;
}

const FENCE = /^\s*(```|~~~)/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const SETEXT = /^\s*(=+|-+)\s*$/;
const TABLE_LINE = /^\s*\|/;
const LIST_MARKER = /^\s*(?:[-*+•]\s+|\d{1,3}[.)]\s+|[・･]\s*)(?:\[[ xX✓✔]\]\s*)?/;
const QUOTE = /^\s*(?:>\s?)+/;
const BOLD_ONLY = /^\s*(?:\*\*|__)([^*_]+?)(?:\*\*|__)\s*:?\s*$/;
/** A label is a short phrase: longer text before a colon is a sentence, not a field. */
const MAX_LABEL = 80;

/** The text of a line without quote marks, list markers and emphasis marks. */
function bare(line: string): string {
  return line
    .normalize('NFKC')
    .replace(QUOTE, '')
    .replace(LIST_MARKER, '')
    .replace(/\*\*|__|\*/g, '')
    .trim();
}

/** "Label: value" (the first colon that is not inside a time such as 9:30), or a spaced dash. */
function splitLabel(text: string): { label: string; value: string } | undefined {
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] !== ':') continue;
    if (/\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')) continue;
    if (text.slice(i + 1, i + 3) === '//') continue;
    const label = text.slice(0, i).trim();
    if (label === '' || label.length > MAX_LABEL) return undefined;
    return { label, value: text.slice(i + 1).trim() };
  }
  const dash = /\s[–—-]\s/.exec(text);
  if (dash && dash.index > 0 && dash.index <= MAX_LABEL) return { label: text.slice(0, dash.index).trim(), value: text.slice(dash.index + dash[0].length).trim() };
  return undefined;
}

function indentOf(line: string): number {
  return (/^[ \t]*/.exec(line)?.[0] ?? '').replace(/\t/g, '    ').length;
}

/** Lines of the text with fenced code blocks blanked (a code sample is not the form). */
function formLines(plain: string): string[] {
  let fenced = false;
  return plain.split('\n').map((line) => {
    if (FENCE.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
}

function isLabelLine(line: string): boolean {
  if (HEADING.test(line) || TABLE_LINE.test(line) || BOLD_ONLY.test(line)) return true;
  const split = splitLabel(bare(line));
  return split !== undefined && /:/.test(line.normalize('NFKC'));
}

function isStop(line: string): boolean {
  return line.trim() === '' || RULE.test(line) || isLabelLine(line);
}

/** The lines right after `start` that are not a blank line, a rule or another label: a value below its label. */
function linesBelow(lines: string[], start: number, skipBlank: boolean, stopAtHeadingOnly = false): string {
  const taken: string[] = [];
  let i = start;
  if (skipBlank) while (i < lines.length && lines[i].trim() === '') i += 1;
  for (; i < lines.length; i += 1) {
    const line = lines[i];
    if (stopAtHeadingOnly) {
      if (HEADING.test(line) || (i + 1 < lines.length && SETEXT.test(lines[i + 1]) && line.trim() !== '')) break;
      if (RULE.test(line)) continue;
      if (line.trim() !== '') taken.push(line.trim());
      continue;
    }
    if (isStop(line)) break;
    taken.push(line.trim());
  }
  return taken.join('\n');
}

function lineEntries(lines: string[]): FieldEntry[] {
  const entries: FieldEntry[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '' || TABLE_LINE.test(line) || RULE.test(line)) return;
    const heading = HEADING.exec(line);
    const setext = index + 1 < lines.length && SETEXT.test(lines[index + 1]) && !LIST_MARKER.test(line) && line.trim() !== '' && !HEADING.test(line);
    if (heading || setext) {
      const text = bare(heading ? heading[1] : line);
      const split = splitLabel(text);
      if (split && split.value !== '' && /:/.test(text)) entries.push(split);
      else entries.push({ label: text.replace(/:$/, '').trim(), value: linesBelow(lines, index + (setext ? 2 : 1), true, true) });
      return;
    }
    const boldOnly = BOLD_ONLY.exec(line.replace(QUOTE, '').replace(LIST_MARKER, ''));
    if (boldOnly) {
      entries.push({ label: boldOnly[1].normalize('NFKC').replace(/:$/, '').trim(), value: linesBelow(lines, index + 1, true) });
      return;
    }
    const text = bare(line);
    const split = splitLabel(text);
    if (split) {
      entries.push({ label: split.label, value: split.value !== '' ? split.value : linesBelow(lines, index + 1, false) });
      return;
    }
    // "- Task" with the answer as a nested item below it.
    if (LIST_MARKER.test(line) && text.length <= MAX_LABEL) {
      const nested: string[] = [];
      for (let j = index + 1; j < lines.length && lines[j].trim() !== '' && indentOf(lines[j]) > indentOf(line); j += 1) nested.push(lines[j].trim());
      if (nested.length > 0) entries.push({ label: text, value: nested.join('\n') });
    }
  });
  return entries;
}

function tableEntries(plain: string): FieldEntry[] {
  const entries: FieldEntry[] = [];
  for (const table of findMarkdownTables(plain)) {
    // One row per field ("| Task | … |"); the header row is a field too when rows follow it in the same shape.
    const rows = table.rows.length >= 2 ? [table.header, ...table.rows] : table.rows;
    for (const row of rows) if (row.length >= 2) entries.push({ label: bare(row[0]), value: row[1] });
    // One column per field, the answers in the first row.
    const first = table.rows[0];
    if (first) table.header.forEach((label, index) => entries.push({ label: bare(label), value: first[index] ?? '' }));
  }
  return entries;
}

export function fieldEntries(plain: string): FieldEntry[] {
  const lines = formLines(plain);
  return [...lineEntries(lines), ...tableEntries(lines.join('\n'))];
}

/**
 * The entries that stand for a field: those whose label contains one of the label's synonyms.
 * A label that starts with it ("Task (業務)") beats one that merely contains it ("My task", "私の業務"),
 * so the form's own title is not read as the task.
 */
export function entriesFor(entries: readonly FieldEntry[], label: Term): FieldEntry[] {
  const variants = termVariants(label);
  const ranked = entries
    .map((entry) => {
      const normalized = normalizeForMatch(entry.label).replace(/^[^\p{L}\p{N}]+|^\d+[.)]?/u, '');
      const positions = variants.map((variant) => normalized.indexOf(variant)).filter((at) => at >= 0);
      return { entry, at: positions.length ? Math.min(...positions) : -1 };
    })
    .filter((item) => item.at >= 0);
  const starting = ranked.filter((item) => item.at === 0);
  return (starting.length > 0 ? starting : ranked).map((item) => item.entry);
}
