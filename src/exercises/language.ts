import type { LocalizedText } from './pack-schema.js';

/**
 * Which language a participant reads briefs, hints and messages in: `--lang`, else the profile's
 * `language`, else the system locale (LC_ALL / LC_MESSAGES / LANG, then what Intl reports, which is
 * how Windows and macOS expose it), restricted to the languages the pack has.
 */
export function systemLanguage(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value && value !== 'C' && value !== 'POSIX' && !value.startsWith('C.')) return value.split(/[._@-]/)[0].toLowerCase();
  }
  try {
    return new Intl.DateTimeFormat().resolvedOptions().locale.split('-')[0].toLowerCase();
  } catch {
    return undefined;
  }
}

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
