import type { Term } from '../exercises/pack-schema.js';

/**
 * Formatting that depends on the language but is not a sentence: lists of names, terms chosen in the
 * reader's script, numbers. Catalogues use these so a list reads "a, b, c and 4 more" in English and
 * 「a、b、c ほか 4 件」 in Japanese.
 */
export type Language = 'en' | 'ja';

/** How many names a list shows before it says "and N more". */
const LIST_LIMIT = 3;

export function languageOf(lang: string): Language {
  return lang.split('-')[0].toLowerCase() === 'ja' ? 'ja' : 'en';
}

export function list(items: readonly string[], language: Language, limit = LIST_LIMIT): string {
  const shown = items.slice(0, limit);
  const more = items.length - shown.length;
  if (language === 'ja') return more > 0 ? `${shown.join('、')} ほか ${more} 件` : shown.join('、');
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;

/** One synonym of a term, the first written in the reader's script when there is one. */
export function termWord(term: Term, language: Language): string {
  const synonyms = Array.isArray(term) ? term : [term];
  const inScript = language === 'ja' ? synonyms.find((s) => JAPANESE_SCRIPT.test(s)) : synonyms.find((s) => !JAPANESE_SCRIPT.test(s));
  return inScript ?? synonyms[0];
}

export function quoted(text: string, language: Language): string {
  return language === 'ja' ? `「${text}」` : `“${text}”`;
}

export function terms(list_: readonly Term[], language: Language): string {
  return list(
    list_.map((term) => quoted(termWord(term, language), language)),
    language,
    4,
  );
}

export function files(paths: readonly string[], language: Language): string {
  return list(paths, language);
}

// --- identity ---
/** Starter files and where they are now: "DSC_0412.JPG → photos/2024-03-16_nara.jpg". */
export function moves(items: readonly { from: string; to: string }[], language: Language): string {
  return list(
    items.map((item) => `${item.from.slice(item.from.lastIndexOf('/') + 1)} → ${item.to}`),
    language,
  );
}

export function number(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/**
 * A path pattern in words a participant reads: "intro.md" for a plain name, "a .md file" for
 * "**\/*.md", and the pattern itself (quoted) only when it is something else.
 */
export function fileWords(glob: string, language: Language): string {
  const plain = glob.replace(/^\*\*\//, '');
  if (!/[*?[\]{}]/.test(plain)) return quoted(plain, language);
  const extension = /^\*\.([A-Za-z0-9]+)$/.exec(plain)?.[1] ?? /^\*\.\{([A-Za-z0-9,]+)\}$/.exec(plain)?.[1]?.split(',').map((ext) => ext).join('/');
  if (extension) return language === 'ja' ? `.${extension.split('/').join('・.')} ファイル` : `a .${extension.split('/').join(' or .')} file`;
  return quoted(glob, language);
}
