import type { Catalog } from './catalog.js';
import { en } from './en.js';
import { type Language, languageOf } from './format.js';
import { ja } from './ja.js';

/**
 * The message catalogues, one per language (en.ts, ja.ts), with the same keys (catalog.ts). Code asks
 * `messages(lang)` for the sentences of the reader's language and never builds a sentence from
 * fragments, so Japanese word order stays natural.
 */
export const CATALOGS: Record<Language, Catalog> = { en, ja };

export function messages(lang: string): Catalog {
  return CATALOGS[languageOf(lang)];
}

export type { Catalog } from './catalog.js';
export { type Language, languageOf } from './format.js';
