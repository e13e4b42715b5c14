import { matchDistinct } from './matching.js';
import type { Term } from './pack-schema.js';

/**
 * Text matching for graders. AI output varies from run to run, so a term is looked for in a form that
 * ignores what does not change the meaning:
 * - Unicode compatibility forms (NFKC): full-width "ＡＢＣ１２３" is "ABC123", "㈱" is "(株)";
 * - case, and accents on Latin letters ("Café" is "cafe"); Japanese voiced marks (が vs か) are kept,
 *   because there they change the word (and so is the long-vowel mark ー: ビール is not ビル);
 * - all whitespace, and the characters markdown uses for emphasis or code (* _ ` ~), and hyphens and
 *   dashes ("follow-up" is "follow up" is "followup");
 * - the ways one katakana word is spelt (JIS Z 8301 and house styles differ): small vowels
 *   (ソフトウェア = ソフトウエア), ヴ (ヴァイオリン = バイオリン), a word-final long-vowel mark
 *   (ユーザー = ユーザ) and the middle dot between words (ダニエル・オカフォー = ダニエルオカフォー).
 * A term matches when its normalised form occurs anywhere in the normalised text. A term may be a
 * list of synonyms: any one of them matching is enough.
 */

const LATIN_COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const IGNORED = /[\s*_`~\-\u2010-\u2015\u2212\u200b-\u200d\u2060\ufeff]/g;

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ASCII_IGNORED = /[\s*_`~-]/g;

const SMALL_KATAKANA: Record<string, string> = { ァ: 'ア', ィ: 'イ', ゥ: 'ウ', ェ: 'エ', ォ: 'オ', ヮ: 'ワ', ヵ: 'カ', ヶ: 'ケ' };
const VU: Record<string, string> = { ヴァ: 'バ', ヴィ: 'ビ', ヴェ: 'ベ', ヴォ: 'ボ', ヴ: 'ブ' };
const KATAKANA = /[\u30a0-\u30ff]/;

/** Folds katakana spelling variants (see above) after NFKC has made half-width katakana full-width. */
export function foldKatakana(text: string): string {
  if (!KATAKANA.test(text)) return text;
  return text
    .replace(/ヴ[ァィェォ]?/g, (match) => VU[match])
    .replace(/[ァィゥェォヮヵヶ]/g, (match) => SMALL_KATAKANA[match])
    .replace(/([\u30a1-\u30fa])ー(?![\u30a1-\u30fc])/g, '$1')
    .replace(/([\u30a1-\u30fc])[・･]([\u30a1-\u30fc])/g, '$1$2');
}

/**
 * Short texts recur (a "Total:" label, a table header, a repeated phrase across hundreds of notes) and
 * the readers ask for the same one several times: they are normalised once. Bounded, so a huge folder
 * cannot grow it without limit.
 */
const shortTextCache = new Map<string, string>();
const SHORT_TEXT = 160;
const SHORT_TEXT_ENTRIES = 20_000;

export function normalizeForMatch(text: string): string {
  if (text.length > SHORT_TEXT) return normalizeUncached(text);
  let normalized = shortTextCache.get(text);
  if (normalized === undefined) {
    if (shortTextCache.size >= SHORT_TEXT_ENTRIES) shortTextCache.clear();
    normalized = normalizeUncached(text);
    shortTextCache.set(text, normalized);
  }
  return normalized;
}

function normalizeUncached(text: string): string {
  // Plain ASCII has no compatibility forms and no accents: skip the Unicode passes (most lines).
  if (ASCII_ONLY.test(text)) return text.toLowerCase().replace(ASCII_IGNORED, '');
  return foldKatakana(
    text
      .normalize('NFKC')
      .normalize('NFKD')
      .replace(LATIN_COMBINING_MARKS, '')
      .normalize('NFC')
      .toLowerCase(),
  ).replace(IGNORED, '');
}

/** Terms are few and short but are matched against thousands of lines: normalise each once. */
const termCache = new Map<string, string>();

function normalizeTerm(term: string): string {
  let normalized = termCache.get(term);
  if (normalized === undefined) {
    normalized = normalizeForMatch(term);
    if (termCache.size < 10_000) termCache.set(term, normalized);
  }
  return normalized;
}

/** The synonyms of a term, each normalised, empty ones dropped. */
export function termVariants(term: Term): string[] {
  const list = Array.isArray(term) ? term : [term];
  return list.map(normalizeTerm).filter((variant) => variant.length > 0);
}

/** True when any synonym of `term` occurs in `normalizedText` (already passed through normalizeForMatch). */
export function containsTerm(normalizedText: string, term: Term): boolean {
  return termVariants(term).some((variant) => normalizedText.includes(variant));
}

/** Plain text of a file for regex checks and parsers: BOM removed, CRLF/CR turned into LF, NFC. */
export function plainText(text: string): string {
  const unix = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return ASCII_ONLY.test(unix) ? unix : unix.normalize('NFC');
}

/**
 * Assigns each term to a different candidate (bipartite matching, augmenting paths): "each item
 * matched by a different list item". Returns, for each term, the candidate index or -1.
 */
export function assignTermsToDistinct(terms: Term[], normalizedCandidates: string[]): number[] {
  const candidates = terms.map((term) => {
    const variants = termVariants(term);
    return normalizedCandidates.flatMap((candidate, index) => (variants.some((variant) => candidate.includes(variant)) ? [index] : []));
  });
  return matchDistinct(candidates, normalizedCandidates.length);
}
