import { ExitCode, UserError, said } from '../core/errors.js';
import type { Catalog } from '../i18n/index.js';
import { type Often, QUEST_RISKS, type QuestRisk, SENSITIVITIES, type Sensitivity, WIN_KINDS, type WinKind, parseOften } from '../protocol/quests.js';

/**
 * The questions `workshop quest post | submit | review` (and the quest offers) ask on a terminal
 * for what the flags did not say, in plain words of the participant's language. Prompts go to stderr
 * so that `--json` keeps stdout for the one JSON document; Ctrl-C cancels with one sentence.
 */
type Words = Catalog['quest'];

export function parseMinutes(value: string | number | undefined, { allowZero = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim().replace(/\s*(min|分)$/, ''));
  if (!Number.isFinite(n) || n > 10_080 || n < 0 || (!allowZero && n === 0) || (typeof value === 'string' && value.trim() === '')) return undefined;
  return n;
}

async function prompts() {
  return import('@inquirer/prompts');
}

const toStderr = { output: process.stderr };

async function cancellable<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new UserError(said('quest-cancelled', {}), ExitCode.failure);
    throw error;
  }
}

export interface Asker {
  text(message: string, options?: { default?: string; min?: number }): Promise<string>;
  often(t: Words): Promise<Often>;
  minutes(message: string, t: Words, options?: { allowZero?: boolean }): Promise<number>;
  risk(t: Words): Promise<QuestRisk>;
  sensitivity(t: Words): Promise<Sensitivity>;
  kind(t: Words): Promise<WinKind>;
  yesNo(message: string, fallback: boolean): Promise<boolean>;
}

/** The terminal asker (@inquirer/prompts); tests of the offers pass their own. */
export function terminalAsker(t: Words): Asker {
  return {
    text: (message, options = {}) =>
      cancellable(async () =>
        (await (await prompts()).input({ message, ...(options.default ? { default: options.default } : {}), validate: (v) => v.trim().length >= (options.min ?? 0) || t.tooShort }, toStderr)).trim(),
      ),
    often: (words) => cancellable(async () => parseOften(await (await prompts()).input({ message: words.askOften, validate: (v) => parseOften(v) !== undefined || words.askOftenInvalid }, toStderr))!),
    minutes: (message, words, options = {}) =>
      cancellable(async () => parseMinutes(await (await prompts()).input({ message, validate: (v) => parseMinutes(v, options) !== undefined || words.askMinutesInvalid }, toStderr), options)!),
    risk: (words) => cancellable(async () => (await prompts()).select({ message: words.askRisk, choices: QUEST_RISKS.map((value) => ({ name: words.risks[value], value })) }, toStderr)),
    sensitivity: (words) => cancellable(async () => (await prompts()).select({ message: words.askSensitivity, choices: SENSITIVITIES.map((value) => ({ name: words.sensitivities[value], value })) }, toStderr)),
    kind: (words) => cancellable(async () => (await prompts()).select({ message: words.askKind, choices: WIN_KINDS.map((value) => ({ name: words.kinds[value], value })) }, toStderr)),
    yesNo: (message, fallback) => cancellable(async () => (await prompts()).confirm({ message, default: fallback }, toStderr)),
  };
}
