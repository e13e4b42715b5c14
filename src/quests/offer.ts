import { UserError } from '../core/errors.js';
import { redactSecrets } from '../core/secret.js';
import { interactive } from '../core/terminal.js';
import { participantLanguage } from '../i18n/choose-language.js';
import { type Catalog, messages } from '../i18n/index.js';
import { wordError } from '../i18n/participant/word-error.js';
import { type Often, type QuestPostRequest, QuestPostRequest as PostSchema, type QuestRisk, SENSITIVITIES, type Sensitivity, type WinKind, parseOften } from '../protocol/quests.js';
import { type Asker, terminalAsker } from './ask.js';
import { QuestClient } from './client.js';
import { questTarget } from './target.js';

/**
 * The own-task exercise and `workshop share` offer to turn the task into a quest (issue 14): posted
 * as already done (claimed and submitted, waiting for a second person's review) when the person saves
 * time with it, open otherwise. On a terminal a yes/no question (default no); `--quest` posts without
 * asking; without a terminal, one line says the command to run. Never blocks or fails the exercise or
 * the share: no programme server in the hub link means no offer at all, and a server that does not
 * answer is one line on stderr.
 */
export interface QuestDraft {
  title: string;
  today: string;
  team?: string;
  often?: Often;
  minutesEach?: number;
  risk?: QuestRisk;
  sensitivity?: Sensitivity;
  /** Minutes saved each time, by the person's own estimate: above 0, the quest is posted as done. */
  savedEach?: number;
  kind?: WinKind;
  text?: string;
}

export interface OfferOptions {
  /** `--quest`: post without asking. */
  force?: boolean;
  /** The command that does it later (printed without a terminal, and when the server does not answer). */
  command: string;
  env?: NodeJS.ProcessEnv;
  /** Default: questions on the terminal when there is one. */
  asker?: Asker;
  isInteractive?: boolean;
  /** One line for the person (default: stderr, so `--json` keeps stdout). */
  write?: (line: string) => void;
  /** Seconds to wait for the server (default 8: the share is done, the person is waiting). */
  timeoutMs?: number;
}

export type OfferOutcome = { status: 'posted'; id: number; done: boolean } | { status: 'declined' | 'told' | 'no-server' | 'failed' | 'incomplete' };

const ONE_LINE = (text: string, max: number) => text.replace(/\s+/g, ' ').trim().slice(0, max);

export async function offerQuest(draft: QuestDraft, options: OfferOptions): Promise<OfferOutcome> {
  const env = options.env ?? process.env;
  const lang = participantLanguage(undefined, env);
  const t: Catalog['quest'] = messages(lang).quest;
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tty = options.isInteractive ?? interactive();
  const fail = (why: string): OfferOutcome => {
    write(t.offerFailed({ why: redactSecrets(why), command: options.command }));
    return { status: 'failed' };
  };

  let target;
  try {
    target = await questTarget({ env });
  } catch (error) {
    // Not joined, or a venue hub without a programme server: nothing to offer unless asked for.
    if (options.force) return fail(error instanceof UserError ? wordError(error, lang) : String(error));
    return { status: 'no-server' };
  }
  if (!options.force) {
    if (!tty) {
      write(t.offerCommand({ command: options.command }));
      return { status: 'told' };
    }
    const ask = options.asker ?? terminalAsker(t);
    try {
      if (!(await ask.yesNo(t.offerQuestion, false))) return { status: 'declined' };
    } catch {
      return { status: 'declined' };
    }
  }

  const ask = tty ? (options.asker ?? terminalAsker(t)) : undefined;
  const fields = { ...draft, team: draft.team || target.link?.team || undefined };
  const missing: string[] = [];
  try {
    if (ask) {
      fields.often ??= await ask.often(t);
      fields.minutesEach ??= await ask.minutes(t.askMinutes, t);
      fields.risk ??= await ask.risk(t);
      fields.sensitivity ??= await ask.sensitivity(t);
      fields.team ??= await ask.text(t.askTeam, { min: 1 });
    }
  } catch {
    return { status: 'declined' };
  }
  if (fields.often === undefined) missing.push('--often daily|3/week|2/month');
  if (fields.minutesEach === undefined) missing.push('--minutes-each N');
  if (fields.risk === undefined) missing.push('--risk low|medium|high');
  if (fields.sensitivity === undefined) missing.push(`--sensitivity ${SENSITIVITIES.join('|')}`);
  if (!fields.team) missing.push('--team T');
  if (missing.length > 0) {
    write(t.offerNeeds({ flags: missing }));
    return { status: 'incomplete' };
  }
  const done = (fields.savedEach ?? 0) > 0;
  let text = fields.text;
  let kind = fields.kind;
  if (done && ask) {
    try {
      kind ??= await ask.kind(t);
      text ??= await ask.text(t.askText, { min: 3 });
    } catch {
      return { status: 'declined' };
    }
  }
  const request: QuestPostRequest = {
    title: ONE_LINE(fields.title, 120),
    today: fields.today.trim().slice(0, 4000),
    team: ONE_LINE(fields.team!, 120),
    often: fields.often!,
    minutesEach: fields.minutesEach!,
    risk: fields.risk!,
    sensitivity: fields.sensitivity!,
    ...(done
      ? { alreadyDone: { kind: kind ?? 'howto', text: (text ?? fields.title).slice(0, 20_000), minutesAfter: Math.max(0, Math.round(fields.minutesEach! - fields.savedEach!)) } }
      : {}),
  };
  const body = PostSchema.safeParse(request);
  if (!body.success) return fail(body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  try {
    const client = new QuestClient(target.url, target.programmeId, target.token, options.timeoutMs ?? 8000);
    const { quest } = await client.post(request);
    write(t.offerPosted({ id: quest.id, done: quest.state === 'submitted' }));
    return { status: 'posted', id: quest.id, done: quest.state === 'submitted' };
  } catch (error) {
    return fail(error instanceof UserError ? wordError(error, lang).replace(/[.。]$/, '') : (error as Error).message);
  }
}

/** How often, from the share's choice or the own task's words ("every Monday", "2 回/月", "毎週"). */
export function oftenFromWords(text: string | undefined): Often | undefined {
  if (!text) return undefined;
  const direct = parseOften(text);
  if (direct) return direct;
  const t = text.toLowerCase();
  const times = Number(/(\d+)\s*(?:times|x|回)/.exec(t)?.[1] ?? (/\btwice\b/.test(t) ? 2 : 1));
  if (/daily|every day|each day|毎日|日次/.test(t)) return { times: 1, per: 'day' };
  if (/week|monday|tuesday|wednesday|thursday|friday|毎週|週/.test(t)) return { times, per: 'week' };
  if (/month|毎月|月/.test(t)) return { times, per: 'month' };
  if (/occasionally|ときどき/.test(t)) return { times: 1, per: 'month' };
  return undefined;
}
