/**
 * Participant-facing doctor texts added for Codex compatibility come as English/Japanese pairs, so
 * that the message catalogue being built in src/i18n/ can take them over key by key. Until then the
 * doctor picks the pair's language from the profile's `language` (English by default). Each entry
 * is a whole sentence with named parameters: code never glues fragments together, so the Japanese
 * word order stays natural.
 */
export type DoctorLang = 'en' | 'ja';

export interface Phrase<A extends unknown[] = []> {
  en: (...args: A) => string;
  ja: (...args: A) => string;
}

/** Builds a phrase from two fixed strings. */
export function fixed(en: string, ja: string): Phrase {
  return { en: () => en, ja: () => ja };
}

export function say<A extends unknown[]>(lang: DoctorLang, phrase: Phrase<A>, ...args: A): string {
  return phrase[lang](...args);
}
