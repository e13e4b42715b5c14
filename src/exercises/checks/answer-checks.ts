import type { z } from 'zod';
import { type AnswerProblem, answerProblem, cleanAnswer, judgeChoice, mentionsWord, readMinutes, removeTerms, shown } from '../answers.js';
import { type FieldEntry, entriesFor, fieldEntries } from '../fields.js';
import { type Finding, finding } from '../findings.js';
import { matchesAnyGlob } from '../glob.js';
import { matchDistinct } from '../matching.js';
import type { BulletsCheck, CountCheck, FieldCheck, HeadingCheck, Term } from '../pack-schema.js';
import { decodeText } from '../snapshot.js';
import { plainText } from '../text.js';
import { type CheckOutcome, type GradeContext, failed, noFileMatches } from './context.js';

/**
 * Checks that an answer is a real answer (the *real answers* primitive): a form's fields filled in
 * with the right kind of value, a title that is more than a generic word or a placeholder, bullet
 * points that say something, and files that are more than empty shells.
 */

/** Files matching the glob whose text is empty (whitespace only): reported as such instead of "no heading". */
function emptyFiles(ctx: GradeContext, files: string[]): string[] {
  return files.filter((path) => ctx.plain(path).trim() === '');
}

// --- field ------------------------------------------------------------------------------------

type FieldConfig = z.infer<typeof FieldCheck>;
type Judged = { ok: true; minutes?: { low: number; high: number } } | { ok: false; finding: Finding };

function judgeEntry(check: FieldConfig, entry: FieldEntry): Judged {
  const label = check.label;
  const found = shown(entry.value);
  const problem = answerProblem(entry.value);
  if (problem === 'empty') return { ok: false, finding: finding('field-empty', { label }) };
  if (problem === 'placeholder') return { ok: false, finding: finding('field-placeholder', { label, found }) };
  const kind = check.answer ?? 'text';
  if (kind === 'choice') {
    const options = check.options ?? [];
    const verdict = judgeChoice(entry.value, options);
    if (verdict.ok) return { ok: true };
    if (verdict.problem === 'options-copied') return { ok: false, finding: finding('field-options-copied', { label, found }) };
    if (verdict.problem === 'several') return { ok: false, finding: finding('field-several-choices', { label, found }) };
    return { ok: false, finding: finding('field-not-a-choice', { label, found, options }) };
  }
  if (kind === 'minutes') {
    const reading = readMinutes(entry.value);
    if (reading.kind === 'percent') return { ok: false, finding: finding('field-percent', { label, found }) };
    if (reading.kind === 'none') return { ok: false, finding: finding('field-no-number', { label, found }) };
    return { ok: true, minutes: { low: reading.low, high: reading.high } };
  }
  return { ok: true };
}

/** The minutes another field gives (its first readable value), for "not more than" comparisons. */
function otherMinutes(entries: readonly FieldEntry[], label: Term): { high: number; found: string } | undefined {
  for (const entry of entriesFor(entries, label)) {
    if (answerProblem(entry.value)) continue;
    const reading = readMinutes(entry.value);
    if (reading.kind === 'minutes') return { high: reading.high, found: shown(entry.value) };
  }
  return undefined;
}

export function checkField(check: FieldConfig, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const entries = files.flatMap((path) => fieldEntries(ctx.plain(path)));
  const candidates = entriesFor(entries, check.label);
  if (candidates.length === 0) return failed(finding('field-missing', { label: check.label }));

  const judged = candidates.map((entry) => ({ entry, verdict: judgeEntry(check, entry) }));
  const good = judged.filter((item) => item.verdict.ok);
  if (good.length === 0) {
    // Explain the entry that got furthest: one with something written in it rather than an empty template line.
    const explained = judged.find((item) => !item.verdict.ok && item.verdict.finding.code !== 'field-empty') ?? judged[0];
    return failed((explained.verdict as { ok: false; finding: Finding }).finding);
  }
  if (check.atMost !== undefined) {
    const other = otherMinutes(entries, check.atMost);
    const sensible = good.some((item) => !other || !item.verdict.ok || !item.verdict.minutes || item.verdict.minutes.low <= other.high);
    if (!sensible && other) {
      return failed(finding('field-more-than', { label: check.label, found: shown(good[0].entry.value), other: check.atMost, otherFound: other.found }));
    }
  }
  return { passed: true };
}

// --- heading ----------------------------------------------------------------------------------

const ATX = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const SETEXT_UNDERLINE = /^\s*(=+|-+)\s*$/;
const BULLET_START = /^\s*(?:[-*+•]\s|\d{1,3}[.)]\s|[・･])/;

/** The first heading of a markdown text (# Title, or Title underlined with === / ---), fenced code skipped. */
/**
 * The title of a file: its first heading, and the heading right below it when only blank lines stand
 * between them ("# 自己紹介" then "## 山田 花子" is a title with the name as its subtitle). A heading
 * further down names a section, not the person.
 */
export function titleHeadings(plain: string): string[] {
  const lines = plain.split('\n');
  const found: string[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    if (found.length === 1 && line.trim() !== '' && !ATX.test(line) && !SETEXT_UNDERLINE.test(line)) {
      const next = lines[i + 1];
      const setext = next !== undefined && !BULLET_START.test(line) && SETEXT_UNDERLINE.test(next);
      if (!setext) break;
    }
    const atx = ATX.exec(line);
    let heading: string | undefined;
    if (atx) heading = atx[1];
    else {
      const next = lines[i + 1];
      if (next !== undefined && line.trim() !== '' && !BULLET_START.test(line) && SETEXT_UNDERLINE.test(next) && (next.includes('=') || i === 0 || lines[i - 1].trim() === '')) {
        heading = line.trim();
        i += 1;
      }
    }
    if (heading === undefined) continue;
    found.push(heading);
    if (found.length === 2) break;
  }
  return found;
}

export function checkHeading(check: z.infer<typeof HeadingCheck>, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const empty = emptyFiles(ctx, files);
  if (empty.length === files.length) return failed(finding('file-empty', { files: empty }));
  const headings = files.flatMap((path) => titleHeadings(ctx.plain(path)));
  if (headings.length === 0) return failed(finding('heading-none', { files: files.filter((path) => !empty.includes(path)) }));
  const problems: Array<{ text: string; problem: AnswerProblem }> = [];
  for (const text of headings) {
    const rest = removeTerms(cleanAnswer(text), check.generic ?? []);
    const problem = answerProblem(rest);
    if (!problem) return { passed: true };
    problems.push({ text, problem });
  }
  const placeholder = problems.find((item) => item.problem === 'placeholder');
  return placeholder
    ? failed(finding('heading-placeholder', { found: shown(placeholder.text) }))
    : failed(finding('heading-generic', { found: shown(problems[0].text) }));
}

// --- bullets ----------------------------------------------------------------------------------

const BULLET = /^(\s*)(?:[-*+•]\s+|\d{1,3}[.)]\s+|[・･]\s*)(?:\[[ xX✓✔]\]\s*)?(.*)$/;

/**
 * Top-level list items of a markdown text, fenced code skipped. Nested items belong to their parent:
 * "- Work:" with two sub-items below is one bullet point, answered by its sub-items.
 */
export function topLevelBullets(plain: string): string[] {
  const items: Array<{ indent: number; text: string }> = [];
  let fenced = false;
  for (const line of plain.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const normalized = line.normalize('NFKC');
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(normalized)) continue;
    const match = BULLET.exec(normalized);
    if (match) items.push({ indent: match[1].replace(/\t/g, '    ').length, text: match[2].trim() });
  }
  if (items.length === 0) return [];
  const base = Math.min(...items.map((item) => item.indent));
  const top: string[] = [];
  for (const item of items) {
    if (item.indent <= base + 1 || top.length === 0) top.push(item.text);
    else top[top.length - 1] += ` ${item.text}`;
  }
  return top;
}

/** A bullet's answer: the value after "Team:" when it is written as a label, else the whole text. */
function bulletAnswer(text: string): string {
  const clean = cleanAnswer(text);
  const colon = clean.search(/:(?!\/\/)/);
  return colon > 0 && colon <= 40 ? clean.slice(colon + 1) : clean;
}

/** Each term matched by a different item (augmenting paths, as `checklist` does). */
function assignDistinct(terms: readonly Term[], items: readonly string[]): boolean[] {
  const candidates = terms.map((term) => items.flatMap((item, index) => (mentionsWord(item, term) ? [index] : [])));
  return matchDistinct(candidates, items.length).map((column) => column !== -1);
}

export function checkBullets(check: z.infer<typeof BulletsCheck>, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const empty = emptyFiles(ctx, files);
  if (empty.length === files.length) return failed(finding('file-empty', { files: empty }));
  const bullets = files.flatMap((path) => topLevelBullets(ctx.plain(path)));
  const generic = check.generic ?? [];
  const problem = (text: string) => answerProblem(removeTerms(bulletAnswer(text), generic));
  const answered = bullets.filter((text) => !problem(text));
  const unanswered = bullets.filter((text) => problem(text));
  const min = check.min ?? 1;
  const findings: Finding[] = [];
  if (answered.length < min) {
    findings.push(finding('bullets-too-few', { count: answered.length, min }));
    if (unanswered.length > 0) findings.push(finding('bullets-placeholder', { items: unanswered.map((text) => shown(text, 40)) }));
  }
  const terms = check.items ?? [];
  if (terms.length > 0) {
    const matched = assignDistinct(terms, answered);
    const missing = terms.filter((_term, index) => !matched[index]);
    if (missing.length > 0) findings.push(finding('bullets-missing', { terms: missing }));
  }
  return findings.length === 0 ? { passed: true } : failed(...findings);
}

// --- count: files that are really there --------------------------------------------------------

/** A dot file or a file in a dot folder (.DS_Store, .codex/…, .vscode/…): tool state, not work. */
function isHiddenPath(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'));
}

/** A file with no text of its own: zero bytes, whitespace only, or only headings and placeholders. */
export function isEmptyFile(bytes: Uint8Array | undefined, size: number): boolean {
  if (size === 0) return true;
  if (!bytes) return false;
  if (bytes.includes(0)) return false; // binary: a spreadsheet or an image is something
  const text = plainText(decodeText(bytes));
  if (text.trim() === '') return true;
  const body = text
    .split('\n')
    .filter((line) => !/^\s{0,3}#{1,6}\s/.test(line) && !/^\s*([-=*_])\1{2,}\s*$/.test(line))
    .join('\n');
  return answerProblem(body) !== undefined;
}

type CountConfig = z.infer<typeof CountCheck>;

/** True when the count check asks for more than matching names (the options below). */
export function countsRealFiles(check: CountConfig): boolean {
  return Boolean(check.changed || check.nonEmpty || check.ignoreDotfiles || check.exclude?.length);
}

/**
 * `count` with `changed`, `nonEmpty`, `ignoreDotfiles` or `exclude`: files that are new or edited,
 * have content, are not hidden (.DS_Store, .codex/…) and are not excluded. When too few are left,
 * the finding says which files were set aside and why.
 */
export function checkCountReal(check: CountConfig, ctx: GradeContext): CheckOutcome {
  const changed = new Set([...ctx.changes.added, ...ctx.changes.modified]);
  const empty: string[] = [];
  const hidden: string[] = [];
  const counted: string[] = [];
  for (const path of ctx.files(check.glob)) {
    if (check.exclude && matchesAnyGlob(path, check.exclude)) continue;
    if (check.changed && !changed.has(path)) continue;
    if (check.ignoreDotfiles && isHiddenPath(path)) {
      hidden.push(path);
      continue;
    }
    const file = ctx.current.files.get(path);
    if (check.nonEmpty && file && isEmptyFile(file.bytes, file.size)) {
      empty.push(path);
      continue;
    }
    counted.push(path);
  }
  const min = check.min ?? (check.max === undefined ? 1 : 0);
  if (counted.length < min) return failed(finding('count-real-too-few', { count: counted.length, min, empty, hidden }));
  if (check.max !== undefined && counted.length > check.max) return failed(finding('count-too-many', { glob: check.glob, count: counted.length, max: check.max }));
  return { passed: true };
}
