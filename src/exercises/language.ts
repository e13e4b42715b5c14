import { systemLanguage } from '../i18n/choose-language.js';
import type { LocalizedText } from './pack-schema.js';

/**
 * Which language a participant reads the pack in: the participant's language (src/i18n/choose-language.ts:
 * `--lang`, remembered, profile, system locale), restricted to the languages the pack has.
 */
export { systemLanguage };

export function resolveLanguage(options: { flag?: string; profileLanguage?: string; env?: NodeJS.ProcessEnv; packLanguages: readonly string[] }): string {
  const available = options.packLanguages;
  // The system locale last and only if needed: asking Intl loads ICU data (tens of milliseconds).
  const wanted = [() => options.flag, () => options.profileLanguage, () => systemLanguage(options.env)];
  for (const ask of wanted) {
    const candidate = ask();
    if (!candidate) continue;
    const exact = available.find((lang) => lang.toLowerCase() === candidate.toLowerCase());
    if (exact) return exact;
    const base = available.find((lang) => lang.split('-')[0].toLowerCase() === candidate.split('-')[0].toLowerCase());
    if (base) return base;
  }
  return available[0] ?? 'en';
}

/** The text in `lang`, else in the pack's first language, else any. */
export function localize(text: LocalizedText, lang: string, fallback = 'en'): string {
  if (typeof text === 'string') return text;
  return text[lang] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}
