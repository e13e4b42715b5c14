import { foldKatakana } from './text.js';

/**
 * Word-level comparison of two versions of a text, for the `edits` check ("only these changes").
 * A reviewer reading a diff does not care where lines wrap, which line endings or BOM the editor
 * wrote, how wide a table's padding is, whether a list uses "-" or "4.1", or whether a word was put in
 * bold: so the text is cut into tokens that leave all that out, and only tokens are compared.
 *
 * - Latin words and numbers are one token each ("1,800" and "99.9" are one number); a katakana run is
 *   one token (so ソフトウェア = ソフトウエア folds as in term matching); every other CJK character
 *   and every punctuation mark is a token of its own.
 * - Keys are compared in NFKC (full-width = half-width), ignoring case; "a" and "an" are one key
 *   (a rename may have to switch them), typographic quotes are straight, any dash is "-".
 * - Markup at the start of a line is left out: blockquote ">", heading "#"s, list markers ("-", "*",
 *   "1.", "4.1", "2)"), task boxes; so are emphasis and code marks (* _ ` ~) anywhere.
 */
export interface Token {
  /** What is compared. */
  key: string;
  /** Offsets in the (NFKC) text, for quoting a short excerpt. */
  start: number;
  end: number;
  line: number;
}

export interface TokenizedText {
  text: string;
  tokens: Token[];
  /** Markdown ATX headings: line number, level and the heading's words (NFKC). */
  headings: Array<{ line: number; level: number; title: string }>;
}

const LINE_MARKUP = /^[ \t]*(?:>[ \t]*)*(?:#{1,6}[ \t]+)?(?:(?:[-*+•・]|\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}\.\d{1,3})[ \t]+)?(?:\[[ xX✓✔]\][ \t]+)?/;
const HEADING = /^[ \t]{0,3}(#{1,6})[ \t]+(.*)$/;
const NON_ASCII_WORD_CHAR = /[\p{L}\p{M}\p{Nd}]/u;
const NON_ASCII_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Hangul}]/u;
const QUOTES: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u00ab': '"', '\u00bb': '"' };

function wordKey(raw: string): string {
  const key = raw.toLowerCase();
  return key === 'an' ? 'a' : key;
}

/** Cuts a text (already decoded: BOM removed, LF line endings) into comparable tokens. */
export function tokenize(plain: string): TokenizedText {
  const text = plain.normalize('NFKC');
  const tokens: Token[] = [];
  const headings: TokenizedText['headings'] = [];
  let lineStart = 0;
  let line = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const lineText = text.slice(lineStart, lineEnd);
    if (lineText.includes('#')) {
      const heading = HEADING.exec(lineText);
      if (heading) headings.push({ line, level: heading[1].length, title: heading[2].replace(/[ \t#]+$/, '') });
    }
    const skip = LINE_MARKUP.exec(lineText)?.[0].length ?? 0;
    tokenizeLine(text, lineStart + skip, lineEnd, line, tokens);
    lineStart = lineEnd + 1;
    line += 1;
  }
  return { text, tokens, headings };
}

// Character classes by code point: a scanner, not a regular expression per token, because grading
// must stay fast on a cold start (a CLI process compiles nothing ahead).
const isAsciiWord = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isSkipped = (c: number) => c <= 0x20 || c === 0x2a || c === 0x5f || c === 0x60 || c === 0x7e || c === 0xa0 || (c >= 0x2000 && c <= 0x200d) || c === 0x2060 || c === 0x3000 || c === 0xfeff;
const isKatakana = (c: number) => (c >= 0x30a1 && c <= 0x30fc) || c === 0xff65;
const isDash = (c: number) => c === 0x2d || (c >= 0x2010 && c <= 0x2015) || c === 0x2212;

function isCjk(text: string, at: number, c: number): boolean {
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3041 && c <= 0x309f) || c === 0x3005 || c === 0x3006) return true;
  return c >= 0x2e80 && NON_ASCII_CJK.test(String.fromCodePoint(text.codePointAt(at) as number));
}

function isWordChar(text: string, at: number, c: number): boolean {
  if (c < 0x80) return isAsciiWord(c);
  if (isKatakana(c) || isCjk(text, at, c)) return false;
  return NON_ASCII_WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at) as number));
}

function tokenizeLine(text: string, from: number, to: number, line: number, tokens: Token[]): void {
  let at = from;
  const push = (key: string, start: number, end: number) => tokens.push({ key, start, end, line });
  while (at < to) {
    const c = text.charCodeAt(at);
    if (isSkipped(c)) {
      at += 1;
      continue;
    }
    const start = at;
    // A katakana run is one word; a lone "ー" between Latin words is a dash ("Tidewell ー guide").
    if (isKatakana(c) && !(c === 0x30fc && !isKatakana(text.charCodeAt(at + 1)) && !isKatakana(text.charCodeAt(at - 1)))) {
      while (at < to && (isKatakana(text.charCodeAt(at)) || text.charCodeAt(at) === 0x30fb)) at += 1;
      push(foldKatakana(text.slice(start, at)), start, at);
      continue;
    }
    if (isCjk(text, at, c)) {
      at += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      push(text.slice(start, at), start, at);
      continue;
    }
    if (isWordChar(text, at, c)) {
      // "1,800" and "99.9" are one number; "v3" or "16GB" one word.
      if (isDigit(c)) {
        while (at < to && isDigit(text.charCodeAt(at))) at += 1;
        while (at + 1 < to && (text[at] === ',' || text[at] === '.') && isDigit(text.charCodeAt(at + 1))) {
          at += 1;
          while (at < to && isDigit(text.charCodeAt(at))) at += 1;
        }
      }
      while (at < to && isWordChar(text, at, text.charCodeAt(at))) at += text.charCodeAt(at) >= 0xd800 && text.charCodeAt(at) <= 0xdbff ? 2 : 1;
      push(wordKey(text.slice(start, at)), start, at);
      continue;
    }
    if (isDash(c) || c === 0x30fc) {
      while (at < to && (isDash(text.charCodeAt(at)) || text.charCodeAt(at) === 0x30fc)) at += 1;
      push('-', start, at);
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(at) as number);
    at += char.length;
    push(QUOTES[char] ?? char, start, at);
  }
}

/** The keys a term's text tokenises into, joined: how a term is compared with runs of tokens. */
export function termKey(term: string): string {
  return tokenize(term).tokens.map((token) => token.key).join('');
}

/**
 * Replaces every run of tokens that spells one of the `spellings` (already `termKey`s) by one token
 * with the key `placeholder`; the longest spelling wins. The new token spans the whole run.
 */
export function collapseSpellings(tokens: readonly Token[], spellings: readonly string[], placeholder: string): Token[] {
  const ordered = [...new Set(spellings)].filter(Boolean).sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return [...tokens];
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    let matchedEnd = -1;
    for (const spelling of ordered) {
      if (!spelling.startsWith(tokens[i].key)) continue;
      let joined = '';
      let j = i;
      while (j < tokens.length && joined.length < spelling.length) {
        joined += tokens[j].key;
        j += 1;
        if (!spelling.startsWith(joined)) break;
      }
      if (joined === spelling) {
        matchedEnd = j;
        break;
      }
    }
    if (matchedEnd === -1) {
      out.push(tokens[i]);
      continue;
    }
    out.push({ key: placeholder, start: tokens[i].start, end: tokens[matchedEnd - 1].end, line: tokens[i].line });
    i = matchedEnd - 1;
  }
  return out;
}

export interface Hunk {
  /** Tokens [aStart, aEnd) of the first sequence were replaced by [bStart, bEnd) of the second. */
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

export interface Alignment {
  hunks: Hunk[];
  /** For each token of a / b: is it kept (part of the longest common subsequence)? */
  keptA: boolean[];
  keptB: boolean[];
}

/**
 * Myers' O((N+M)·D) difference of two key sequences, after trimming the common start and end (most
 * edits are small). Returns undefined when more than `maxEdits` tokens differ: the text was rewritten
 * rather than edited, and listing the differences would help nobody.
 */
export function alignKeys(a: readonly string[], b: readonly string[], maxEdits = 1000): Alignment | undefined {
  const keptA = new Array<boolean>(a.length).fill(false);
  const keptB = new Array<boolean>(b.length).fill(false);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) {
    keptA[prefix] = true;
    keptB[prefix] = true;
    prefix += 1;
  }
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) {
    keptA[a.length - 1 - suffix] = true;
    keptB[b.length - 1 - suffix] = true;
    suffix += 1;
  }
  const n = a.length - prefix - suffix;
  const m = b.length - prefix - suffix;
  if (Math.abs(n - m) > maxEdits) return undefined;
  if (n > 0 && m > 0) {
    const pairs = middleSnakes(a, b, prefix, n, m, maxEdits);
    if (!pairs) return undefined;
    for (const [i, j] of pairs) {
      keptA[prefix + i] = true;
      keptB[prefix + j] = true;
    }
  } else if (n + m > maxEdits) {
    return undefined;
  }
  return { hunks: hunksOf(keptA, keptB), keptA, keptB };
}

/** The matched pairs (offsets after the trimmed prefix) of a shortest edit script, or undefined past maxEdits. */
function middleSnakes(a: readonly string[], b: readonly string[], offset: number, n: number, m: number, maxEdits: number): Array<[number, number]> | undefined {
  const max = Math.min(n + m, maxEdits);
  const v = new Int32Array(2 * max + 3);
  const at = (k: number) => k + max + 1;
  // trace[d]: the furthest x on diagonals -d-1 … d+1 before step d (k is stored at k + d + 1).
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found === -1; d += 1) {
    trace.push(v.slice(at(-d - 1), at(d + 1) + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[at(k - 1)] < v[at(k + 1)]) ? v[at(k + 1)] : v[at(k - 1)] + 1;
      let y = x - k;
      while (x < n && y < m && a[offset + x] === b[offset + y]) {
        x += 1;
        y += 1;
      }
      v[at(k)] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found === -1) return undefined;
  // Walk back from (n, m), collecting the diagonal (kept) steps; at d = 0 the walk ends in the opening diagonal.
  const pairs: Array<[number, number]> = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d -= 1) {
    const prev = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && prev[k - 1 + d + 1] < prev[k + 1 + d + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : prev[prevK + d + 1];
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x -= 1;
      y -= 1;
      pairs.push([x, y]);
    }
    x = prevX;
    y = prevY;
  }
  return pairs;
}

function hunksOf(keptA: boolean[], keptB: boolean[]): Hunk[] {
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  while (i < keptA.length || j < keptB.length) {
    if (i < keptA.length && j < keptB.length && keptA[i] && keptB[j]) {
      i += 1;
      j += 1;
      continue;
    }
    const hunk: Hunk = { aStart: i, aEnd: i, bStart: j, bEnd: j };
    while (i < keptA.length && !keptA[i]) i += 1;
    while (j < keptB.length && !keptB[j]) j += 1;
    hunk.aEnd = i;
    hunk.bEnd = j;
    hunks.push(hunk);
  }
  return hunks;
}
