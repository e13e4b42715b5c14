import { promises as fs } from 'node:fs';
import path from 'node:path';
import { configDir, defaultWorkspaceDir } from '../core/paths.js';
import { redactSecrets } from '../core/secret.js';
import { type NewParticipantEvent, UseCaseSharedEvent } from '../protocol/events.js';
import { readEventLog } from '../state/event-log.js';
import { ProgressFileSchema, progressPath } from '../state/progress.js';

/**
 * The pack's "own task" exercise ends with `my-task.md`: the participant's task, how often, minutes
 * it takes, minutes saved, risk level and whether colleagues could reuse it. Its brief tells them
 * these answers (not their files) are shared with the facilitator as a use case. This module reads
 * those six answers, and only those, and turns them into a `usecase.shared` event.
 */
export const OWN_TASK_ID = /own[-_]?task/i;
export const MY_TASK_FILE = 'my-task.md';

const LABELS = {
  task: /^(?:task|業務|タスク)/i,
  howOften: /^(?:how often|frequency|頻度)/i,
  minutesItTakes: /^(?:minutes it takes|time it takes|time taken|所要時間)/i,
  minutesSaved: /^(?:minutes saved|time saved|短縮|削減)/i,
  risk: /^(?:risk|リスク)/i,
  reusable: /^(?:reusable|reuse|再利用|同僚)/i,
} as const;
type Field = keyof typeof LABELS;

/** `Label (note): value` lines, and `## Label` headings followed by the value on the next line. */
export function readMyTaskFields(markdown: string): Partial<Record<Field, string>> {
  const fields: Partial<Record<Field, string>> = {};
  const lines = markdown.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/^[\s>*_#|-]+/, '');
    const field = (Object.keys(LABELS) as Field[]).find((f) => LABELS[f].test(line));
    if (!field || fields[field]) return;
    const colon = line.search(/[:：|]/);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (!value.trim() && /^\s*#/.test(raw)) value = lines[index + 1] ?? '';
    value = value.replace(/[*_|]+/g, ' ').replace(/\s+/g, ' ').trim();
    if (value) fields[field] = value;
  });
  return fields;
}

function frequencyOf(text: string): { frequency: 'daily' | 'weekly' | 'monthly' | 'occasionally'; timesPerWeek: number } {
  const t = text.toLowerCase();
  const times = /\b(twice|two times|2 times|2x)\b|2\s*回/.test(t) ? 2 : /\b(three times|3 times|3x)\b|3\s*回/.test(t) ? 3 : 1;
  if (/daily|every day|each day|毎日|日次/.test(t)) return { frequency: 'daily', timesPerWeek: 5 };
  if (/week|monday|tuesday|wednesday|thursday|friday|毎週|週/.test(t)) return { frequency: 'weekly', timesPerWeek: times };
  if (/month|毎月|月/.test(t)) return { frequency: 'monthly', timesPerWeek: (times * 12) / 52 };
  if (/quarter|四半期/.test(t)) return { frequency: 'occasionally', timesPerWeek: 4 / 52 };
  return { frequency: 'occasionally', timesPerWeek: 12 / 52 };
}

function firstNumber(text: string | undefined): number | undefined {
  const match = text?.replace(/[,，]/g, '').match(/\d+(?:\.\d+)?/);
  return match ? Number(match[0]) : undefined;
}

/** The answers as a use case, or what is missing. Minutes saved are per occurrence in my-task.md, per week in the event. */
export function useCaseFromMyTask(markdown: string, exerciseId: string, team: string): { event?: NewParticipantEvent; missing: string[] } {
  const f = readMyTaskFields(markdown);
  const missing: string[] = [];
  const what = f.task ? redactSecrets(f.task).slice(0, 500) : undefined;
  if (!what || what.length < 3) missing.push('Task');
  if (!f.howOften) missing.push('How often');
  const saved = firstNumber(f.minutesSaved);
  if (saved === undefined) missing.push('Minutes saved');
  const risk = f.risk?.toLowerCase().match(/low|medium|high|低|中|高/)?.[0];
  if (!risk) missing.push('Risk level');
  const reuse = f.reusable?.toLowerCase().match(/yes|no|はい|いいえ|可能|不可|できない|できる/)?.[0];
  if (!reuse) missing.push('Reusable by colleagues');
  if (missing.length > 0) return { missing };
  const { frequency, timesPerWeek } = frequencyOf(f.howOften!);
  const event = UseCaseSharedEvent.omit({ id: true, ts: true }).safeParse({
    type: 'usecase.shared',
    what,
    team: team.slice(0, 80),
    frequency,
    minutesSavedPerWeek: Math.min(6000, Math.round(saved! * timesPerWeek)),
    risk: ({ 低: 'low', 中: 'medium', 高: 'high' } as Record<string, string>)[risk!] ?? risk,
    reusable: ['yes', 'はい', '可能', 'できる'].includes(reuse!),
    exerciseId,
  });
  return event.success ? { event: event.data, missing: [] } : { missing: ['a readable Task'] };
}

/** Where the participant's own-task folder is: as recorded in their progress, else the default workspace. */
export async function ownTaskFile(exerciseId: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  try {
    // The progress owner's schema, without readProgress's side effect of setting a bad file aside:
    // this runs after a command that has already done that.
    const progress = ProgressFileSchema.parse(JSON.parse(await fs.readFile(progressPath(env), 'utf8')));
    for (const pack of Object.values(progress.packs)) {
      const folder = pack.exercises[exerciseId]?.folder;
      if (folder) return path.join(folder, MY_TASK_FILE);
    }
  } catch {
    // no progress yet: the default workspace
  }
  return path.join(defaultWorkspaceDir(env), exerciseId, MY_TASK_FILE);
}

/** The own-task exercise the participant passed and has not shared yet (by their local event log). */
export async function unsharedOwnTask(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const { events } = await readEventLog(env);
  const shared = new Set(events.flatMap((e) => (e.type === 'usecase.shared' && e.exerciseId ? [e.exerciseId] : [])));
  const passed = events.find((e) => e.type === 'exercise.graded' && e.passed && OWN_TASK_ID.test(e.exerciseId) && !shared.has(e.exerciseId));
  return passed?.type === 'exercise.graded' ? passed.exerciseId : undefined;
}

async function participantTeam(env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { readHubLink } = await import('../report/hub-link.js');
    return (await readHubLink(env))?.team ?? '';
  } catch {
    return '';
  }
}

export interface OwnTaskShare {
  exerciseId: string;
  file: string;
  event?: NewParticipantEvent;
  missing: string[];
}

/** Reads the own-task answers of `exerciseId` (default: the passed, unshared one) without recording anything. */
export async function prepareOwnTaskShare(env: NodeJS.ProcessEnv = process.env, exerciseId?: string): Promise<OwnTaskShare | undefined> {
  const id = exerciseId ?? (await unsharedOwnTask(env));
  if (!id) return undefined;
  const file = await ownTaskFile(id, env);
  let markdown: string;
  try {
    markdown = await fs.readFile(file, 'utf8');
  } catch {
    return { exerciseId: id, file, missing: [`the file ${file}`] };
  }
  return { exerciseId: id, file, ...useCaseFromMyTask(markdown, id, await participantTeam(env)) };
}

/**
 * Issue 14: the own task as a quest draft (src/quests/offer.ts): the task, how often, minutes it
 * takes and the risk from my-task.md; the minutes saved say whether it is already done. Only these
 * answers, never the files Codex made.
 */
export async function ownTaskQuestDraft(share: Pick<OwnTaskShare, 'file'>, team: string): Promise<import('../quests/offer.js').QuestDraft | undefined> {
  let markdown: string;
  try {
    markdown = await fs.readFile(share.file, 'utf8');
  } catch {
    return undefined;
  }
  const f = readMyTaskFields(markdown);
  if (!f.task) return undefined;
  const { oftenFromWords } = await import('../quests/offer.js');
  const task = redactSecrets(f.task);
  const risk = f.risk?.toLowerCase().match(/low|medium|high|低|中|高/)?.[0];
  const minutesEach = firstNumber(f.minutesItTakes);
  const saved = firstNumber(f.minutesSaved);
  return {
    title: task,
    today: task,
    team,
    ...(oftenFromWords(f.howOften) ? { often: oftenFromWords(f.howOften) } : {}),
    ...(minutesEach && minutesEach > 0 ? { minutesEach } : {}),
    ...(risk ? { risk: (({ 低: 'low', 中: 'medium', 高: 'high' }) as Record<string, 'low' | 'medium' | 'high'>)[risk] ?? (risk as 'low' | 'medium' | 'high') } : {}),
    ...(saved !== undefined ? { savedEach: minutesEach ? Math.min(saved, minutesEach) : saved } : {}),
  };
}

/** The own task, passed and shared just now: offer it as a quest (a question on a terminal, else one line). Never fails the command. */
export async function offerOwnTaskQuest(exerciseId: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const draft = await ownTaskQuestDraft({ file: await ownTaskFile(exerciseId, env) }, await participantTeam(env));
    if (!draft) return;
    const { offerQuest } = await import('../quests/offer.js');
    await offerQuest(draft, { env, command: `workshop share --from-own-task ${exerciseId} --quest` });
  } catch {
    // The offer is a courtesy after the exercise: never its failure.
  }
}

const AUTO_STATE = 'own-task-share.json';

/**
 * After any command: once the own-task exercise has passed, share its answers as a use case, once
 * (the exercise brief tells the participant it will be shared). A failure is remembered and not
 * retried on every command; `workshop share --from-own-task` is always there to do it by hand.
 */
export async function maybeShareOwnTask(env: NodeJS.ProcessEnv = process.env, options: { offerQuest?: boolean } = {}): Promise<'shared' | 'skipped' | 'incomplete'> {
  const stateFile = path.join(configDir(env), AUTO_STATE);
  let attempted: string[] = [];
  try {
    attempted = (JSON.parse(await fs.readFile(stateFile, 'utf8')) as { attempted?: string[] }).attempted ?? [];
  } catch {
    // never attempted
  }
  const share = await prepareOwnTaskShare(env);
  if (!share || attempted.includes(share.exerciseId)) return 'skipped';
  const { writeFileAtomic } = await import('../core/atomic-write.js');
  await writeFileAtomic(stateFile, `${JSON.stringify({ attempted: [...attempted, share.exerciseId] })}\n`);
  if (!share.event) return 'incomplete';
  const { recordEvent } = await import('../state/event-log.js');
  await recordEvent(share.event, env);
  const what = share.event.type === 'usecase.shared' ? share.event.what : '';
  const [{ messages }, { participantLanguage }] = await Promise.all([import('../i18n/index.js'), import('../i18n/choose-language.js')]);
  process.stderr.write(`${messages(participantLanguage()).share.autoShared({ what, file: MY_TASK_FILE })}\n`);
  if (options.offerQuest) await offerOwnTaskQuest(share.exerciseId, env);
  return 'shared';
}
