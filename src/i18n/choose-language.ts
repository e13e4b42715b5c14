import { UsageError, said } from '../core/errors.js';

/**
 * Which language the participant reads: `--lang` (remembered for later commands), else the language
 * remembered from an earlier `--lang`, else the profile's `language`, else the system locale
 * (LC_ALL / LC_MESSAGES / LANG, then what Intl reports, which is how Windows and macOS expose the
 * user's language). Chosen once per process, when a command starts (src/cli/main.ts), and asked for
 * wherever words are printed.
 */
export const UI_LANGUAGES = ['en', 'ja'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

function asUiLanguage(value: string | undefined): UiLanguage | undefined {
  if (!value) return undefined;
  const base = value.split(/[._@-]/)[0].toLowerCase();
  return (UI_LANGUAGES as readonly string[]).includes(base) ? (base as UiLanguage) : undefined;
}

/** The language of the system locale (a language code such as "ja"), or undefined. */
export function systemLanguage(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value && value !== 'C' && value !== 'POSIX' && !value.startsWith('C.')) return value.split(/[._@-]/)[0].toLowerCase();
  }
  try {
    // Asking Intl loads ICU data (milliseconds to tens of them): only when no variable answered. On
    // Windows it reports the user's language (GetUserDefaultLocaleName), without starting PowerShell.
    return new Intl.DateTimeFormat().resolvedOptions().locale.split('-')[0].toLowerCase();
  } catch {
    return undefined;
  }
}

/** Checks a `--lang` value: one of the languages the kit speaks. */
export function parseLangFlag(value: string): UiLanguage {
  const lang = asUiLanguage(value);
  if (!lang || !/^[a-z]{2,3}([-_][A-Za-z0-9]+)?$/.test(value)) throw new UsageError(said('lang-invalid', { given: value, choices: [...UI_LANGUAGES] }));
  return lang;
}

export interface LanguageSources {
  flag?: string;
  remembered?: string;
  profile?: string;
  env?: NodeJS.ProcessEnv;
}

/** The first source that names a language the kit speaks; English when none does. */
export function chooseLanguage(sources: LanguageSources): UiLanguage {
  const candidates = [() => sources.flag, () => sources.remembered, () => sources.profile, () => systemLanguage(sources.env ?? process.env)];
  for (const ask of candidates) {
    const lang = asUiLanguage(ask());
    if (lang) return lang;
  }
  return 'en';
}

let chosen: UiLanguage | undefined;

/**
 * Chooses the participant's language for this process and remembers a `--lang` for later commands.
 * The remembered language and the profile are read only when needed (a flag answers at once).
 */
export async function settleLanguage(options: { flag?: string; profileFile?: string; remember?: boolean; env?: NodeJS.ProcessEnv }): Promise<UiLanguage> {
  const env = options.env ?? process.env;
  const flag = options.flag === undefined ? undefined : parseLangFlag(options.flag);
  const { rememberedLanguage, rememberLanguage } = await import('../state/progress.js');
  const remembered = await rememberedLanguage(env);
  if (flag) {
    if (options.remember !== false && flag !== remembered) await rememberLanguage(flag, env).catch(() => undefined);
    return (chosen = flag);
  }
  if (remembered) return (chosen = chooseLanguage({ remembered, env }));
  let profile: string | undefined;
  try {
    const { loadProfile } = await import('../profile/profile.js');
    profile = (await loadProfile({ flag: options.profileFile, env })).profile.language;
  } catch {
    // A broken profile is the command's to report; the language falls back to the system's.
  }
  return (chosen = chooseLanguage({ profile, env }));
}

/**
 * The participant's language: as settled when the command started, else guessed from the command
 * line and the system (errors printed before a command ran, unit tests).
 */
export function participantLanguage(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): UiLanguage {
  if (chosen) return chosen;
  const at = argv.indexOf('--lang');
  const inline = argv.find((arg) => arg.startsWith('--lang='));
  return chooseLanguage({ flag: at >= 0 ? argv[at + 1] : inline?.slice('--lang='.length), env });
}

/** For tests: forget the language chosen in this process. */
export function forgetChosenLanguage(): void {
  chosen = undefined;
}
