import type { Term } from './pack-schema.js';

/**
 * Judging a written answer the way a reviewer reads a filled-in form: is there an answer at all, or
 * only the template's placeholder ("…", "TBD", "[your task]", "未記入", "XX分")? Is a choice one of
 * the options, or the options list copied ("low / medium / high")? Is a number of minutes written in
 * digits ("about 20", "20分", "1.5 hours", "1時間半")?
 *
 * Everything here is a pure function of a string, used by the `field`, `heading` and `bullets` checks
 * and by `count` with `nonEmpty`.
 */

/** Markdown marks that never carry the answer: emphasis, code, struck-through text, link syntax. */
export function cleanAnswer(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/~~[^~]*~~/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`|\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Letters, digits or ideographs: something a person wrote, not only punctuation. */
const CONTENT = /[\p{L}\p{N}]/u;

/** Spans that hold a slot to fill in, not an answer: [your task], <fill in>, {{name}}. */
const BRACKETED = /\{\{[^}]*\}\}|\[[^\]]*\]|<[^>]*>|\{[^}]*\}/g;

/** Placeholder marks: XX, ○○, ＿＿, …, ???, and words a template uses for "not filled in yet". */
const PLACEHOLDER_MARKS = /\bx+\b|[○〇●◯△□◻×✕]{2,}|_{2,}|…+|\.{2,}|\?+|-{2,}/g;
const PLACEHOLDER_WORDS = [
  'tbd',
  'tbc',
  'tba',
  'todo',
  'to do',
  'n/a',
  'fill in',
  'fill me in',
  'to be filled in',
  'to be filled',
  'to be decided',
  'to be confirmed',
  'pending',
  'placeholder',
  'lorem ipsum',
  'dolor sit amet',
  'your answer',
  'answer here',
  '未記入',
  '未入力',
  '未定',
  '要記入',
  '要確認',
  '記入してください',
  '入力してください',
  'ここに記入',
  'ここに入力',
  '記入',
];
/** A slot left with only its unit ("XX minutes", "__分") is still a slot. */
const UNIT_WORDS = ['minutes', 'minute', 'mins', 'min', 'hours', 'hour', 'hrs', 'hr', '分', '時間'];
/** Short instructions left in place of an answer: "your name here", "enter the task", "describe it here". */
const INSTRUCTION = /^(?:your|enter|write|describe|insert|add|type)\b|^あなたの|\bhere$|ここに/;

export type AnswerProblem = 'empty' | 'placeholder';

/** Whether a written answer is missing ("empty") or only a template's slot ("placeholder"). */
export function answerProblem(raw: string): AnswerProblem | undefined {
  const text = cleanAnswer(raw).toLowerCase();
  if (text === '') return 'empty';
  // "…", "-", "?": something was written, but only a mark standing for the answer.
  if (!CONTENT.test(text)) return 'placeholder';
  // "TBD (try the template first)": a placeholder with a note after it is still a placeholder.
  const head = text.split(/\s*\(/)[0];
  if (head !== '' && head !== text && answerProblem(head) === 'placeholder') return 'placeholder';
  // "(チーム名を記入)", "(enter your team)": an instruction in brackets where the answer goes.
  if (/^\(.*\)$/.test(text) && /記入|入力|ここに|\b(?:fill|enter|write|add|insert|describe|your)\b/.test(text)) return 'placeholder';
  let rest = text.replace(BRACKETED, ' ').replace(/\(\s*\)|（\s*）/g, ' ');
  rest = removeWords(rest, PLACEHOLDER_WORDS).replace(PLACEHOLDER_MARKS, ' ');
  const withoutUnits = removeWords(rest, UNIT_WORDS);
  if (!CONTENT.test(withoutUnits)) return 'placeholder';
  // "〇〇部", "XX社": a slot with one character of context left is still a slot.
  if (rest.replace(/\s+/g, ' ').trim() !== text && (withoutUnits.match(/[\p{L}\p{N}]/gu) ?? []).length <= 1) return 'placeholder';
  const words = rest.trim().split(/\s+/);
  if (words.length <= 5 && INSTRUCTION.test(rest.replace(/[^\p{L}\p{N}\s/]/gu, ' ').trim())) return 'placeholder';
  return undefined;
}

/** How a value is quoted back to the reader: cleaned, on one line, cut to a readable length. */
export function shown(raw: string, limit = 50): string {
  const text = cleanAnswer(raw);
  return text.length > limit ? `${text.slice(0, limit - 1).trimEnd()}…` : text;
}

// ---------------------------------------------------------------------------------------------
// Words: Latin words match whole words ("no" is not in "note", "low" not in "below"); Japanese
// words match anywhere (no spaces to mark their edges).

const LATIN_WORD = /^[\p{Script=Latin}\p{N}][\p{Script=Latin}\p{N}\s'’./-]*$/u;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern for one word or phrase: spaces and hyphens inside it may vary. */
function wordPattern(word: string): RegExp {
  const normalized = word.normalize('NFKC').toLowerCase().trim();
  const body = normalized
    .split(/[\s-]+/)
    .map(escape)
    .join('[\\s\\-‐‑–—]*');
  return LATIN_WORD.test(normalized) ? new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'gu') : new RegExp(body, 'gu');
}

const patternCache = new Map<string, RegExp>();
function cachedPattern(word: string): RegExp {
  let pattern = patternCache.get(word);
  if (!pattern) {
    pattern = wordPattern(word);
    if (patternCache.size < 5000) patternCache.set(word, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

function synonyms(term: Term): string[] {
  return (Array.isArray(term) ? term : [term]).filter((word) => word.trim() !== '');
}

/** Removes the words (whole words for Latin ones) from a lower-cased NFKC text. */
export function removeWords(text: string, words: readonly string[]): string {
  // Longest first, so "to be filled in" goes before "fill in" and "不可能" before "可能".
  const sorted = [...words].sort((a, b) => b.length - a.length);
  return sorted.reduce((rest, word) => rest.replace(cachedPattern(word), ' '), text);
}

/** Removes every synonym of every term. */
export function removeTerms(text: string, terms: readonly Term[]): string {
  return removeWords(text.normalize('NFKC').toLowerCase(), terms.flatMap(synonyms));
}

/** True when the text mentions the term as a word (see above); markdown marks are ignored. */
export function mentionsWord(text: string, term: Term): boolean {
  const clean = cleanAnswer(text).toLowerCase();
  return synonyms(term).some((word) => cachedPattern(word).test(clean));
}

/**
 * Which of the options a text names, each occurrence counted once and the longest synonym first
 * ("不可能" is "no" even though it contains "可能").
 */
export function optionsNamed(text: string, options: readonly Term[]): number[] {
  let rest = cleanAnswer(text).toLowerCase();
  const found = new Set<number>();
  const words = options.flatMap((term, index) => synonyms(term).map((word) => ({ word, index }))).sort((a, b) => b.word.length - a.word.length);
  for (const { word, index } of words) {
    const pattern = cachedPattern(word);
    if (pattern.test(rest)) {
      found.add(index);
      rest = rest.replace(cachedPattern(word), ' ');
    }
  }
  return [...found].sort((a, b) => a - b);
}

export type ChoiceVerdict = { ok: true; option: number } | { ok: false; problem: 'options-copied' | 'several' | 'none' };

/**
 * One option picked: the one named at the start of the answer ("Medium – a colleague reviews it",
 * "はい(営業チーム全員)"), or the only one named anywhere ("I review it, so low"). A bolded option
 * among struck-through ones counts too. Every option named is the list copied; some of them, no pick.
 */
export function judgeChoice(raw: string, options: readonly Term[]): ChoiceVerdict {
  const bold = [...raw.normalize('NFKC').matchAll(/\*\*([^*]+)\*\*|__([^_]+)__/g)].map((match) => match[1] ?? match[2]);
  const boldPicks = bold.map((segment) => optionsNamed(segment, options)).filter((named) => named.length === 1);
  const clean = cleanAnswer(raw);
  const all = optionsNamed(clean, options);
  if (boldPicks.length === 1 && all.length > 1) return { ok: true, option: boldPicks[0][0] };
  const head = clean.split(/\s*(?:[(（,、。;；:]|\.\s|\s[–—-]\s|\sbecause\s|\sas\s|\ssince\s)/)[0] ?? clean;
  const inHead = optionsNamed(head, options);
  if (inHead.length === 1) return { ok: true, option: inHead[0] };
  const named = inHead.length > 1 ? inHead : all;
  if (named.length === 1) return { ok: true, option: named[0] };
  if (named.length === 0) return { ok: false, problem: 'none' };
  return { ok: false, problem: named.length === options.length ? 'options-copied' : 'several' };
}

// ---------------------------------------------------------------------------------------------
// Minutes: "45", "about 20", "~90", "45 min", "20分", "1.5 hours", "1h30", "1時間半", "三十分",
// "20-30 minutes", "20〜30分". Words without digits ("about an hour") are not a number.

export type MinutesReading = { kind: 'minutes'; low: number; high: number } | { kind: 'percent' } | { kind: 'none' };

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 三十 = 30, 百二十 = 120, 四十五 = 45 (what Japanese writers use for small amounts of time). */
function kanjiNumber(text: string): number {
  let total = 0;
  let digit = 0;
  for (const char of text) {
    if (char === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (char === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = KANJI_DIGITS[char] ?? 0;
  }
  return total + digit;
}

const NUMBER = '(\\d+(?:[.,]\\d+)?)';
const HOURS = '(?:hours?|hrs?|h|時間)';
const MINUTES = '(?:minutes?|mins?|m|分)';
const FIRST = new RegExp(`${NUMBER}(?:\\s*(?:-|–|—|〜|~|～|to)\\s*${NUMBER})?\\s*(%|${HOURS}(?![a-z])|${MINUTES}(?![a-z]))?`, 'i');
const AFTER_HOURS = new RegExp(`^\\s*(?:and\\s*)?(?:${NUMBER}\\s*${MINUTES}(?![a-z])|(半)|(half))`, 'i');

function toNumber(text: string): number {
  return Number(text.replace(',', '.'));
}

export function readMinutes(raw: string): MinutesReading {
  const text = cleanAnswer(raw)
    .toLowerCase()
    .replace(/([〇一二三四五六七八九十百]+)(?=\s*(?:分|時間))/g, (match) => String(kanjiNumber(match)));
  const match = FIRST.exec(text);
  if (!match) return { kind: 'none' };
  const unit = match[3] ?? '';
  if (unit === '%') return { kind: 'percent' };
  const factor = new RegExp(`^${HOURS}$`, 'i').test(unit) ? 60 : 1;
  let low = toNumber(match[1]) * factor;
  let high = match[2] !== undefined ? toNumber(match[2]) * factor : low;
  if (high < low) high = low;
  if (factor === 60 && match[2] === undefined) {
    const extra = AFTER_HOURS.exec(text.slice((match.index ?? 0) + match[0].length));
    if (extra) {
      const add = extra[1] !== undefined ? toNumber(extra[1]) : 30;
      low += add;
      high += add;
    }
  }
  return { kind: 'minutes', low, high };
}
