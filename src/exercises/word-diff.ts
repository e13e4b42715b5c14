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
const HEADING = /^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const KATAKANA_RUN = /[\u30a1-\u30fa\u30fc\u30fb\uff65][\u30a1-\u30fa\u30fc\u30fb\uff65]*/y;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Hangul}\u3005\u3006\u30fd\u30fe]/uy;
const NUMBER = /\p{Nd}+(?:[.,]\p{Nd}+)*/uy;
const WORD = /[\p{L}\p{M}\p{Nd}]+/uy;
const SPACE_OR_EMPHASIS = /[\s*_`~\u200b-\u200d\u2060\ufeff]+/uy;
const DASHES = /[-\u2010-\u2015\u2212\u30fc]+/y;
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
    const heading = HEADING.exec(lineText);
    if (heading) headings.push({ line, level: heading[1].length, title: heading[2] });
    const skip = LINE_MARKUP.exec(lineText)?.[0].length ?? 0;
    tokenizeLine(text, lineStart + skip, lineEnd, line, tokens);
    lineStart = lineEnd + 1;
    line += 1;
  }
  return { text, tokens, headings };
}

function tokenizeLine(text: string, from: number, to: number, line: number, tokens: Token[]): void {
  let at = from;
  const take = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match || match.index !== at || match[0].length === 0) return undefined;
    const end = Math.min(at + match[0].length, to);
    return text.slice(at, end);
  };
  while (at < to) {
    const space = take(SPACE_OR_EMPHASIS);
    if (space) {
      at += space.length;
      continue;
    }
    const katakana = take(KATAKANA_RUN);
    // A lone long-vowel mark between Latin words is a dash ("Tidewell ー guide"), not katakana.
    if (katakana && katakana !== 'ー') {
      tokens.push({ key: foldKatakana(katakana), start: at, end: at + katakana.length, line });
      at += katakana.length;
      continue;
    }
    const cjk = take(CJK_CHAR);
    if (cjk) {
      tokens.push({ key: cjk, start: at, end: at + cjk.length, line });
      at += cjk.length;
      continue;
    }
    const number = take(NUMBER);
    const word = take(WORD);
    // "1,800" is one number, but "v3" or "iOS16" is one word: take whichever runs longer.
    const longest = number && (!word || number.length >= word.length) ? number : word;
    if (longest) {
      tokens.push({ key: wordKey(longest), start: at, end: at + longest.length, line });
      at += longest.length;
      continue;
    }
    const dashes = take(DASHES);
    if (dashes) {
      tokens.push({ key: '-', start: at, end: at + dashes.length, line });
      at += dashes.length;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(at) as number);
    tokens.push({ key: QUOTES[char] ?? char, start: at, end: at + char.length, line });
    at += char.length;
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
