import { ExitCode, UsageError, UserError, said } from '../core/errors.js';
import { redactSecrets } from '../core/secret.js';
import { interactive, paint, printJson } from '../core/terminal.js';
import { participantLanguage } from '../i18n/choose-language.js';
import { type Catalog, messages } from '../i18n/index.js';
import { UseCaseSharedEvent } from '../protocol/events.js';
import { recordEvent } from '../state/event-log.js';
import { type Often, SENSITIVITIES, type Sensitivity, timesPerMonth } from '../protocol/quests.js';
import type { OfferOutcome, QuestDraft } from '../quests/offer.js';

/**
 * `workshop share`: the participant describes a task they now do with Codex, for the organisation's
 * use-case catalogue: what, for which team, how often, minutes saved per week, risk, and whether
 * others could reuse it. Flags alone work in scripts; on a terminal, whatever is missing is asked.
 * This text is the participant's own, written to be shared; key-like strings are still removed.
 */
export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'occasionally'] as const;
export const RISKS = ['low', 'medium', 'high'] as const;

export interface ShareOptions {
  what?: string;
  team?: string;
  frequency?: string;
  minutes?: string | number;
  risk?: string;
  reusable?: string | boolean;
  exercise?: string;
  /** Share the answers of the own-task exercise's my-task.md (true: the passed one; a string: that exercise id). */
  fromOwnTask?: boolean | string;
  /** Issue 14: post the task as a quest on the programme server too, without asking. */
  quest?: boolean;
  /** For the quest: minutes the task took each time before, and the data it touches. */
  minutesEach?: string;
  sensitivity?: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** The participant's words for sharing (src/i18n, `share` section). */
function shareWords(): Catalog['share'] {
  return messages(participantLanguage()).share;
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return redactSecrets(text).replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function parseMinutes(value: string | number): number | undefined {
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value.trim());
  return Number.isInteger(n) && n >= 0 && n <= 6000 ? n : undefined;
}

function parseYesNo(value: string | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const v = value.trim().toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(v)) return true;
  if (['no', 'n', 'false', '0'].includes(v)) return false;
  return undefined;
}

async function shareOwnTask(options: ShareOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const { prepareOwnTaskShare, MY_TASK_FILE } = await import('./own-task.js');
  const share = await prepareOwnTaskShare(env, typeof options.fromOwnTask === 'string' ? options.fromOwnTask : undefined);
  if (!share) {
    throw new UserError(said('share-no-own-task', {}), ExitCode.failure);
  }
  if (!share.event) throw new UserError(said('share-own-task-missing', { missing: share.missing, file: share.file }), ExitCode.failure);
  // `--quest` after the automatic share (the line printed then says to run this): the use case is not recorded twice.
  const again = options.quest && (await alreadyShared(share.exerciseId, env));
  const recorded = again ? share.event : await recordEvent(share.event, env);
  if (!options.json && !again) process.stdout.write(`${paint.green('✓')} ${shareWords().sharedOwnTask({ file: MY_TASK_FILE, what: recorded.type === 'usecase.shared' ? recorded.what : '' })}\n`);
  let quest: OfferOutcome | undefined;
  const { ownTaskQuestDraft } = await import('./own-task.js');
  const draft = await ownTaskQuestDraft(share, share.event.type === 'usecase.shared' ? share.event.team : '');
  if (draft) {
    if (options.sensitivity !== undefined) draft.sensitivity = checkSensitivity(options.sensitivity);
    quest = await offerAsQuest(draft, options, `workshop share --from-own-task ${share.exerciseId} --quest`, env);
  }
  if (options.json) printJson({ recorded: !again, useCase: recorded, ...questJson(quest) });
  return ExitCode.ok;
}

async function alreadyShared(exerciseId: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const { readEventLog } = await import('../state/event-log.js');
  return (await readEventLog(env)).events.some((e) => e.type === 'usecase.shared' && e.exerciseId === exerciseId);
}

function checkSensitivity(value: string): Sensitivity {
  if (!(SENSITIVITIES as readonly string[]).includes(value)) throw new UsageError(said('quest-invalid', { field: '--sensitivity', reason: `one of ${SENSITIVITIES.join(', ')}, not "${value}"` }));
  return value as Sensitivity;
}

/** Issue 14: the offer to post the task as a quest; whatever happens there, the share stands. */
async function offerAsQuest(draft: QuestDraft, options: ShareOptions, command: string, env: NodeJS.ProcessEnv): Promise<OfferOutcome | undefined> {
  try {
    const { offerQuest } = await import('../quests/offer.js');
    return await offerQuest(draft, { force: options.quest, command, env });
  } catch {
    return undefined;
  }
}

function questJson(outcome: OfferOutcome | undefined): { quest?: { status: OfferOutcome['status']; id?: number } } {
  if (!outcome) return {};
  return { quest: { status: outcome.status, ...('id' in outcome ? { id: outcome.id } : {}) } };
}

export async function runShare(options: ShareOptions): Promise<number> {
  const env = options.env ?? process.env;
  if (options.minutesEach !== undefined && (parseMinutes(options.minutesEach) === undefined || Number(options.minutesEach) === 0)) {
    throw new UsageError(said('quest-invalid', { field: '--minutes-each', reason: `a number of minutes above 0, not "${options.minutesEach}"` }));
  }
  if (options.sensitivity !== undefined) checkSensitivity(options.sensitivity);
  if (options.fromOwnTask) return shareOwnTask(options, env);
  const problems: Array<'frequency' | 'risk' | 'minutes' | 'reusable'> = [];
  if (options.frequency !== undefined && !FREQUENCIES.includes(options.frequency as never)) problems.push('frequency');
  if (options.risk !== undefined && !RISKS.includes(options.risk as never)) problems.push('risk');
  if (options.minutes !== undefined && parseMinutes(options.minutes) === undefined) problems.push('minutes');
  if (options.reusable !== undefined && parseYesNo(options.reusable) === undefined) problems.push('reusable');
  if (problems.length > 0) throw new UsageError(said('share-invalid', { problems, frequencies: [...FREQUENCIES], risks: [...RISKS] }));

  const answers = {
    what: options.what !== undefined ? oneLine(options.what) : undefined,
    team: options.team !== undefined ? oneLine(options.team) : undefined,
    frequency: options.frequency as (typeof FREQUENCIES)[number] | undefined,
    minutes: options.minutes !== undefined ? parseMinutes(options.minutes) : undefined,
    risk: options.risk as (typeof RISKS)[number] | undefined,
    reusable: options.reusable !== undefined ? parseYesNo(options.reusable) : undefined,
  };
  const missing = Object.entries(answers).filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length > 0) {
    if (!interactive()) {
      const flags: Record<string, string> = { what: '--what "…"', team: '--team T', frequency: `--frequency ${FREQUENCIES.join('|')}`, minutes: '--minutes N', risk: `--risk ${RISKS.join('|')}`, reusable: '--reusable yes|no' };
      throw new UsageError(said('share-needs', { flags: missing.map((m) => flags[m]) }));
    }
    try {
      const { input, select, confirm } = await import('@inquirer/prompts');
      // Prompts on stderr, so that `--json` keeps stdout for the one JSON document; Ctrl-C cancels cleanly.
      const toStderr = { output: process.stderr };
      const t = shareWords();
      answers.what ??= oneLine(await input({ message: t.askWhat, validate: (v) => oneLine(v).length >= 3 || t.askWhatTooShort }, toStderr));
      answers.team ??= oneLine(await input({ message: t.askTeam }, toStderr));
      answers.frequency ??= await select({ message: t.askFrequency, choices: FREQUENCIES.map((f) => ({ name: t.frequencies[f], value: f })) }, toStderr);
      answers.minutes ??= Number(await input({ message: t.askMinutes, validate: (v) => parseMinutes(v) !== undefined || t.askMinutesInvalid }, toStderr));
      answers.risk ??= await select({ message: t.askRisk, choices: RISKS.map((risk) => ({ name: t.risks[risk], value: risk })) }, toStderr);
      answers.reusable ??= await confirm({ message: t.askReusable, default: true }, toStderr);
    } catch (error) {
      if ((error as Error).name === 'ExitPromptError') throw new UserError(said('share-cancelled', {}), ExitCode.failure);
      throw error;
    }
  }

  const event = UseCaseSharedEvent.omit({ id: true, ts: true }).safeParse({
    type: 'usecase.shared',
    what: answers.what,
    team: answers.team ?? '',
    frequency: answers.frequency,
    minutesSavedPerWeek: answers.minutes,
    risk: answers.risk,
    reusable: answers.reusable,
    ...(options.exercise ? { exerciseId: options.exercise } : {}),
  });
  if (!event.success) {
    const first = event.error.issues[0];
    throw new UsageError(said('share-refused', { field: String(first.path[0] ?? 'input'), reason: first.message }));
  }
  const recorded = await recordEvent(event.data, env);
  if (!options.json) process.stdout.write(`${paint.green('✓')} ${shareWords().thanks({ what: event.data.what })}\n`);
  const quest = await offerAsQuest(shareQuestDraft(event.data, options), options, event.data.minutesSavedPerWeek > 0 ? 'workshop quest post --done' : 'workshop quest post', env);
  if (options.json) printJson({ recorded: true, useCase: recorded, ...questJson(quest) });
  return ExitCode.ok;
}

/** The shared task as a quest draft: minutes saved a week become minutes saved each time. */
function shareQuestDraft(useCase: { what: string; team: string; frequency: (typeof FREQUENCIES)[number]; minutesSavedPerWeek: number; risk: (typeof RISKS)[number] }, options: ShareOptions): QuestDraft {
  const often = { daily: { times: 1, per: 'day' }, weekly: { times: 1, per: 'week' }, monthly: { times: 1, per: 'month' }, occasionally: { times: 1, per: 'month' } }[useCase.frequency] as Often;
  const perWeek = timesPerMonth(often) / (52 / 12);
  const minutesEach = options.minutesEach !== undefined ? Number(options.minutesEach) : undefined;
  const savedEach = Math.round(useCase.minutesSavedPerWeek / perWeek);
  return {
    title: useCase.what,
    today: useCase.what,
    team: useCase.team,
    often,
    risk: useCase.risk,
    savedEach: minutesEach !== undefined ? Math.min(savedEach, minutesEach) : savedEach,
    ...(minutesEach !== undefined ? { minutesEach } : {}),
    ...(options.sensitivity !== undefined ? { sensitivity: options.sensitivity as Sensitivity } : {}),
  };
}
