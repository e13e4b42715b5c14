import { promises as fs } from 'node:fs';
import { ExitCode, UsageError, UserError, isErrno, said } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { interactive, paint, printJson } from '../core/terminal.js';
import { participantLanguage } from '../i18n/choose-language.js';
import type { Catalog } from '../i18n/index.js';
import {
  QUEST_RISKS,
  QUEST_STATES,
  QuestPostRequest,
  type QuestPostRequest as PostInput,
  type QuestState,
  SENSITIVITIES,
  Submission,
  WIN_KINDS,
  parseOften,
} from '../protocol/quests.js';
import { type Asker, parseMinutes, terminalAsker } from './ask.js';
import { QuestClient } from './client.js';
import { type QuestTarget, type QuestTargetOptions, questTarget } from './target.js';

/**
 * `workshop quest post | list | show | claim | release | submit | review | reuse` (issue 14): thin
 * steps over the quest routes. Human output in the participant's language, participant text through
 * the sanitiser; `--json` prints the server's answer as the protocol defines it (QuestResponse,
 * QuestListResponse, QuestShowResponse) and nothing else. Exit 0 done, 1 refused or server trouble,
 * 2 usage. The token is never printed.
 */
export interface QuestCommon extends QuestTargetOptions {
  json?: boolean;
}

/** The catalogue, loaded only for people's output (`--json` of 2,000 quests should not pay for it). */
async function words(): Promise<{ t: Catalog['quest']; lang: 'en' | 'ja' }> {
  const lang = participantLanguage();
  const { messages } = await import('../i18n/index.js');
  return { t: messages(lang).quest, lang };
}

async function connect(options: QuestCommon): Promise<{ client: QuestClient; target: QuestTarget }> {
  const target = await questTarget(options);
  return { client: new QuestClient(target.url, target.programmeId, target.token), target };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** `12` or `#12`. */
export function parseQuestId(raw: string): number {
  const n = Number(raw.trim().replace(/^#/, ''));
  if (!Number.isInteger(n) || n <= 0 || n > 2_147_483_647) throw new UsageError(said('quest-id-invalid', { given: raw }));
  return n;
}

function invalid(error: { issues: Array<{ path: PropertyKey[]; message: string }> }, flags: Record<string, string>): UsageError {
  const first = error.issues[0];
  const key = String(first?.path[0] ?? 'input');
  return new UsageError(said('quest-invalid', { field: flags[key] ?? key, reason: first?.message ?? 'not valid' }));
}

// ---- list, show ----

export interface ListOptions extends QuestCommon {
  state?: string;
  team?: string;
  mine?: boolean;
  limit?: string;
}

export async function runQuestList(options: ListOptions): Promise<number> {
  let state: QuestState[] | undefined;
  if (options.state) {
    state = options.state.split(',').map((s) => s.trim()) as QuestState[];
    const wrong = state.filter((s) => !(QUEST_STATES as readonly string[]).includes(s));
    if (wrong.length) throw new UsageError(said('quest-invalid', { field: '--state', reason: `one or more of ${QUEST_STATES.join(', ')} (comma-separated), not ${wrong.join(', ')}` }));
  }
  const limit = options.limit === undefined ? undefined : options.limit.trim().toLowerCase();
  if (limit !== undefined && limit !== 'all' && !/^[1-9]\d{0,5}$/.test(limit)) throw new UsageError(said('quest-invalid', { field: '--limit', reason: `a whole number of quests, or all, not ${options.limit}` }));
  const { client } = await connect(options);
  const { answer, text } = await client.list({ ...(state ? { state } : {}), ...(options.team ? { team: options.team } : {}), ...(options.mine ? { mine: true } : {}), ...(limit ? { limit } : {}) });
  if (options.json) {
    // The server's document as it came (checked above with the protocol's schema): one JSON document, unindented.
    process.stdout.write(`${text.trim()}\n`);
    return ExitCode.ok;
  }
  const [{ t, lang }, { renderList }] = await Promise.all([words(), import('./render.js')]);
  for (const line of renderList(answer.quests, t, lang)) say(line);
  if (answer.quests.length < answer.total) say(t.listLimited({ shown: answer.quests.length, total: answer.total }));
  return ExitCode.ok;
}

export async function runQuestShow(id: string, options: QuestCommon): Promise<number> {
  const questId = parseQuestId(id);
  const { client } = await connect(options);
  const shown = await client.show(questId);
  if (options.json) {
    printJson(shown);
    return ExitCode.ok;
  }
  const [{ t, lang }, { renderShow }, { needsFacilitatorReview }] = await Promise.all([words(), import('./render.js'), import('../../facilitator/quests/lifecycle.js')]);
  for (const line of renderShow(shown, t, lang, needsFacilitatorReview(shown.quest))) say(line);
  return ExitCode.ok;
}

// ---- post ----

export interface PostOptions extends QuestCommon {
  title?: string;
  today?: string;
  team?: string;
  often?: string;
  minutesEach?: string;
  risk?: string;
  sensitivity?: string;
  benefit?: string;
  /** Already done by the poster: claimed and submitted at once (with --kind, --text/--text-file, --minutes-after). */
  done?: boolean;
  kind?: string;
  text?: string;
  textFile?: string;
  minutesAfter?: string;
}

const POST_FLAGS: Record<string, string> = {
  title: '--title "…"',
  today: '--today "…"',
  team: '--team T',
  often: '--often daily|3/week|2/month',
  minutesEach: '--minutes-each N',
  risk: `--risk ${QUEST_RISKS.join('|')}`,
  sensitivity: `--sensitivity ${SENSITIVITIES.join('|')}`,
  benefitTeams: '--benefit "Team A,Team B"',
  kind: `--kind ${WIN_KINDS.join('|')}`,
  text: '--text "…" (or --text-file F)',
  minutesAfter: '--minutes-after N',
  alreadyDone: '--done',
};

async function readTextFile(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const why = isErrno(error, 'ENOENT') ? 'no such file' : ((error as NodeJS.ErrnoException).code ?? 'unreadable');
    throw new UserError(said('quest-text-file', { file, why }), isErrno(error, 'ENOENT') ? ExitCode.usage : ExitCode.failure);
  }
}

function checkEnum<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(said('quest-invalid', { field: flag, reason: `one of ${allowed.join(', ')}, not "${value}"` }));
  return value as T;
}

function checkOften(value: string | undefined) {
  if (value === undefined) return undefined;
  const often = parseOften(value);
  if (!often) throw new UsageError(said('quest-often-invalid', { given: value }));
  return often;
}

function checkMinutes(value: string | undefined, flag: string, allowZero: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = parseMinutes(value, { allowZero });
  if (n === undefined) throw new UsageError(said('quest-invalid', { field: flag, reason: `a number of minutes${allowZero ? ' (0 or more)' : ' above 0'}, not "${value}"` }));
  return n;
}

/** The fields of a submission from flags, asking for the missing ones on a terminal. */
async function submissionFrom(options: Pick<PostOptions, 'kind' | 'text' | 'textFile' | 'minutesAfter'>, ask: Asker | undefined, t: Catalog['quest'], missing: string[]) {
  let kind = checkEnum(options.kind, WIN_KINDS, '--kind');
  let text = options.textFile ? await readTextFile(options.textFile) : options.text;
  let minutesAfter = checkMinutes(options.minutesAfter, '--minutes-after', true);
  if (ask) {
    kind ??= await ask.kind(t);
    text ??= await ask.text(t.askText, { min: 3 });
    minutesAfter ??= await ask.minutes(t.askMinutesAfter, t, { allowZero: true });
  }
  if (kind === undefined) missing.push('kind');
  if (text === undefined) missing.push('text');
  if (minutesAfter === undefined) missing.push('minutesAfter');
  return { kind, text, minutesAfter };
}

export async function runQuestPost(options: PostOptions): Promise<number> {
  // Checked before anything is asked or sent: a typo in a flag is a usage error at once.
  const given = {
    title: options.title,
    today: options.today,
    team: options.team,
    often: checkOften(options.often),
    minutesEach: checkMinutes(options.minutesEach, '--minutes-each', false),
    risk: checkEnum(options.risk, QUEST_RISKS, '--risk'),
    sensitivity: checkEnum(options.sensitivity, SENSITIVITIES, '--sensitivity'),
    benefitTeams: options.benefit === undefined ? undefined : options.benefit.split(',').map((s) => s.trim()).filter(Boolean),
  };
  const target = await questTarget(options);
  given.team ??= target.link?.team || undefined;
  const { t } = await words();
  const ask = interactive() ? terminalAsker(t) : undefined;
  if (ask) {
    given.title ??= await ask.text(t.askTitle, { min: 3 });
    given.today ??= await ask.text(t.askToday, { min: 3 });
    given.team ??= await ask.text(t.askTeam, { min: 1 });
    given.often ??= await ask.often(t);
    given.minutesEach ??= await ask.minutes(t.askMinutes, t);
    given.risk ??= await ask.risk(t);
    given.sensitivity ??= await ask.sensitivity(t);
    given.benefitTeams ??= (await ask.text(t.askBenefit)).split(',').map((s) => s.trim()).filter(Boolean);
  }
  const missing = (['title', 'today', 'team', 'often', 'minutesEach', 'risk', 'sensitivity'] as const).filter((key) => given[key] === undefined) as string[];
  const alreadyDone = options.done || options.kind !== undefined || options.text !== undefined || options.textFile !== undefined || options.minutesAfter !== undefined;
  const submission = alreadyDone ? await submissionFrom(options, ask, t, missing) : undefined;
  if (missing.length) throw new UsageError(said('quest-missing', { flags: missing.map((m) => POST_FLAGS[m]) }));
  const body = QuestPostRequest.safeParse({ ...given, ...(submission ? { alreadyDone: submission } : {}) });
  if (!body.success) throw invalid(body.error, POST_FLAGS);
  const client = new QuestClient(target.url, target.programmeId, target.token);
  const answer = await client.post(body.data as PostInput);
  if (options.json) printJson(answer);
  else {
    const title = sanitizeLine(answer.quest.title);
    say(`${paint.green('✓')} ${answer.quest.state === 'submitted' ? t.postedDone({ id: answer.quest.id, title }) : t.posted({ id: answer.quest.id, title })}`);
  }
  return ExitCode.ok;
}

// ---- claim, release, submit, review, reuse ----

export async function runQuestClaim(id: string, options: QuestCommon & { with?: string }): Promise<number> {
  const questId = parseQuestId(id);
  const { client } = await connect(options);
  const answer = await client.claim(questId, options.with);
  return done(answer, options, (t) => t.claimed({ id: questId, pair: answer.quest.claimers.length > 1 }));
}

export async function runQuestRelease(id: string, options: QuestCommon & { note?: string }): Promise<number> {
  const questId = parseQuestId(id);
  const { client } = await connect(options);
  return done(await client.release(questId, options.note), options, (t) => t.released({ id: questId }));
}

export async function runQuestSubmit(id: string, options: QuestCommon & Pick<PostOptions, 'kind' | 'text' | 'textFile' | 'minutesAfter'>): Promise<number> {
  const questId = parseQuestId(id);
  const { t } = await words();
  const missing: string[] = [];
  const fields = await submissionFrom(options, interactive() ? terminalAsker(t) : undefined, t, missing);
  if (missing.length) throw new UsageError(said('quest-missing', { flags: missing.map((m) => POST_FLAGS[m]) }));
  const submission = Submission.safeParse(fields);
  if (!submission.success) throw invalid(submission.error, POST_FLAGS);
  const { client } = await connect(options);
  return done(await client.submit(questId, submission.data), options, (words) => words.submitted({ id: questId }));
}

export async function runQuestReview(id: string, options: QuestCommon & { approve?: boolean; changes?: boolean; note?: string }): Promise<number> {
  const questId = parseQuestId(id);
  if (Boolean(options.approve) === Boolean(options.changes)) throw new UsageError(said('quest-verdict', {}));
  const { t } = await words();
  let note = options.note;
  if (note === undefined && interactive()) note = await terminalAsker(t).text(t.askNote, { min: 3 });
  if (note === undefined || !note.trim()) throw new UsageError(said('quest-missing', { flags: ['--note "what you tried it on"'] }));
  const { client } = await connect(options);
  const answer = await client.review(questId, { verdict: options.approve ? 'approve' : 'changes', note });
  return done(answer, options, (words) => (answer.quest.state === 'done' ? words.approved({ id: questId }) : words.changesAsked({ id: questId })));
}

export async function runQuestReuse(id: string, options: QuestCommon & { note?: string }): Promise<number> {
  const questId = parseQuestId(id);
  const { client } = await connect(options);
  return done(await client.reuse(questId, options.note), options, (t) => t.reused({ id: questId }));
}

async function done(answer: Awaited<ReturnType<QuestClient['claim']>>, options: QuestCommon, sentence: (t: Catalog['quest']) => string): Promise<number> {
  if (options.json) printJson(answer);
  else say(`${paint.green('✓')} ${sentence((await words()).t)}`);
  return ExitCode.ok;
}
