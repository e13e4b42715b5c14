import { sanitizeLine, sanitizeText } from '../core/sanitize.js';
import { ExitCode, UsageError, UserError, said } from '../core/errors.js';
import { redactSecrets } from '../core/secret.js';
import { interactive, paint, printJson } from '../core/terminal.js';
import { participantLanguage } from '../i18n/choose-language.js';
import { type Catalog, messages } from '../i18n/index.js';
import { JoinRequest, normaliseSessionCode } from '../protocol/hub-api.js';
import { formatZodIssues } from '../core/validation.js';
import { recordEvent } from '../state/event-log.js';
import { HubClient, HubRefused, HubUnreachable } from './hub-client.js';
import { type HubLink, normaliseHubUrl, readHubLink, writeHubLink } from './hub-link.js';
import { type FlushOutcome, countPending, flushOutbox } from './outbox.js';
import { ConfirmIdentityRequest } from '../protocol/hub-api.js';
import { readEventLog } from '../state/event-log.js';

/**
 * `workshop join`, `workshop sync` and `workshop help`: the participant's side of the hub. Output is
 * for people (one or two lines) or, with --json, one JSON document on stdout.
 */
export interface JoinOptions {
  code?: string;
  name?: string;
  email?: string;
  team?: string;
  /** Issue 11: table or seat. */
  table?: string;
  /** Issue 12: the 6-digit code from the first laptop or the dashboard. */
  confirm?: string;
  json?: boolean;
}

const JOIN_TIMEOUT_MS = 8000;
const SYNC_BUDGET_MS = 15_000;
const HAND_BUDGET_MS = 4000;

/** The participant's words for the hub commands (src/i18n, `hub` section). */
function hubWords(): Catalog['hub'] {
  return messages(participantLanguage()).hub;
}

export async function joinCommand(url: string | undefined, options: JoinOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (options.confirm !== undefined) return confirmCommand(options.confirm, options, env);
  if (!url) throw new UsageError('Give the hub address on the screen: workshop join http://192.168.1.20:4545 --code ABCD-1234');
  const hubUrl = normaliseHubUrl(url);
  const previous = await readHubLink(env).catch(() => undefined);
  const answers: { code: string; name: string; email: string; team: string; table?: string; emailAsTyped?: boolean; proof?: string } = await askForMissing(options, previous);
  if (options.table?.trim()) answers.table = options.table.trim();
  // `--email` wins as typed (with a warning if it is close to an invited one); an answer typed at the prompt is asked about.
  if (options.email?.trim()) answers.emailAsTyped = true;
  // Issue 12: this laptop's earlier token for the same email proves it is the same person.
  if (previous && previous.email === answers.email.trim().toLowerCase()) answers.proof = previous.token;
  const request = JoinRequest.safeParse(answers);
  if (!request.success) {
    throw new UsageError(said('join-invalid', { problems: formatZodIssues(request.error).replace(/^code/, '--code').replace(/(^|; )(name|email|team|table)/g, '$1--$2') }));
  }
  const words = messages(participantLanguage(process.argv, env)).room;
  let joined;
  try {
    try {
      joined = await new HubClient(hubUrl).join(answers, AbortSignal.timeout(JOIN_TIMEOUT_MS));
    } catch (error) {
      if (!(error instanceof HubRefused && error.error === 'email_suggestion' && error.suggestion)) throw error;
      answers.email = await chooseEmail(answers.email, error.suggestion, words);
      answers.emailAsTyped = true;
      if (previous && previous.email === answers.email.trim().toLowerCase()) answers.proof = previous.token;
      else delete answers.proof;
      joined = await new HubClient(hubUrl).join(answers, AbortSignal.timeout(JOIN_TIMEOUT_MS));
    }
  } catch (error) {
    if (error instanceof HubUnreachable) {
      throw new UserError(said('hub-unreachable', { hubUrl, why: error.why }));
    }
    if (error instanceof HubRefused) {
      if (error.error === 'wrong_code') throw new UserError(said('hub-wrong-code', { hubUrl, code: normaliseSessionCode(answers.code) }));
      if (error.error === 'join_locked') throw new UserError(said('hub-join-locked', { hubUrl, minutes: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 900) / 60)) }));
      if (error.status === 400) throw new UsageError(said('hub-refused-details', { reason: error.reason }));
      throw new UserError(said('hub-refused', { hubUrl, reason: error.reason }));
    }
    throw error;
  }
  const link: HubLink = {
    schemaVersion: 1,
    hubUrl,
    participantId: joined.participantId,
    token: joined.token,
    session: joined.session,
    name: answers.name,
    email: answers.email.trim().toLowerCase(),
    team: answers.team,
    joinedAt: new Date().toISOString(),
    ...(answers.table ? { table: answers.table } : {}),
    ...(joined.identity?.state === 'pending' ? { pending: true } : {}),
    ...(joined.followUpUrl ? { followUpUrl: joined.followUpUrl } : {}),
  };
  await writeHubLink(link, env);
  // Issue 6 catch-up: back at a later date of a programme, continue where you stopped.
  const resumed = joined.history ? await (await import('../catch-up/resume.js')).resumeFromHistory(joined.history, env) : undefined;
  // Send what was recorded before joining (a doctor run at home) straight away.
  const outcome = await flushOutbox({ budgetMs: HAND_BUDGET_MS, env });
  const pending = joined.identity?.state === 'pending';
  if (options.json) {
    printJson({ joined: true, rejoined: joined.rejoined, identity: joined.identity?.state ?? 'confirmed', ...(joined.emailSuggestion ? { emailSuggestion: joined.emailSuggestion } : {}), hubUrl, session: joined.session, participantId: joined.participantId, ...syncFigures(outcome), ...(resumed ? { history: joined.history, resumed: { merged: resumed.merged, continueWith: resumed.continueWith ?? null } } : {}) });
    return ExitCode.ok;
  }
  const t = hubWords();
  process.stdout.write(`${paint.green('✓')} ${t.joined({ again: joined.rejoined, title: sanitizeLine(joined.session.title), name: sanitizeLine(answers.name), team: sanitizeLine(answers.team) })}\n`);
  if (joined.emailSuggestion) process.stderr.write(`${paint.yellow(words.emailAsTypedWarning({ typed: sanitizeLine(answers.email), suggestion: sanitizeLine(joined.emailSuggestion) }))}\n`);
  if (pending) process.stdout.write(`${paint.yellow(words.pendingJoin())}\n`);
  if (resumed) process.stdout.write(`${resumed.message}\n`);
  process.stdout.write(`${paint.dim(t.whatTravels)}\n`);
  const line = describeOutcome(outcome);
  if (line) process.stdout.write(`${line}\n`);
  process.stdout.write(`${t.next({ doctor: paint.cyan('workshop doctor'), help: paint.cyan(t.helpExample) })}\n`);
  return ExitCode.ok;
}

/** Issue 11: the hub thinks the email is a typo of an invited one; the participant picks. */
async function chooseEmail(typed: string, suggestion: string, words: ReturnType<typeof messages>['room']): Promise<string> {
  if (!interactive()) throw new UsageError(`${words.emailSuggestion({ typed, suggestion })} Pass the one you mean with --email.`);
  const { select } = await import('@inquirer/prompts');
  try {
    return await select({ message: `${words.emailSuggestion({ typed, suggestion })} ${words.askEmailChoice()}`, choices: [{ name: suggestion, value: suggestion }, { name: typed, value: typed }] }, { output: process.stderr });
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new UserError('Cancelled; you have not joined.');
    throw error;
  }
}

/**
 * Issue 12: `workshop join --confirm CODE` on the second laptop: the code shown on the first laptop
 * (or the dashboard) proves it is the same person; the hub merges the two and answers with the
 * progress to continue from.
 */
async function confirmCommand(code: string, options: JoinOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const words = messages(participantLanguage(process.argv, env)).room;
  const link = await requireLink(env);
  if (!link.pending) {
    if (options.json) printJson({ confirmed: false, reason: 'not_pending' });
    else process.stdout.write(`${words.notPending()}\n`);
    return ExitCode.ok;
  }
  const parsed = ConfirmIdentityRequest.safeParse({ code });
  if (!parsed.success) throw new UsageError(`--confirm ${formatZodIssues(parsed.error).replace(/^code:? ?/, '')}`);
  let answer;
  try {
    answer = await new HubClient(link.hubUrl, link.token).confirm(parsed.data.code, AbortSignal.timeout(JOIN_TIMEOUT_MS));
  } catch (error) {
    if (error instanceof HubUnreachable) throw new UserError(`Could not reach the hub at ${link.hubUrl} (${error.why}). Try again in a moment.`);
    if (error instanceof HubRefused) throw new UserError(words.confirmWrong({ reason: error.reason }));
    throw error;
  }
  await writeHubLink({ ...link, participantId: answer.participantId, pending: false, ...(answer.history ? { historyApplied: true } : {}) }, env);
  const resumed = answer.history ? await (await import('../catch-up/resume.js')).resumeFromHistory(answer.history, env) : undefined;
  if (options.json) {
    printJson({ confirmed: true, participantId: answer.participantId, ...(resumed ? { resumed: { merged: resumed.merged, continueWith: resumed.continueWith ?? null } } : {}) });
    return ExitCode.ok;
  }
  process.stdout.write(`${paint.green('✓')} ${words.confirmed({ laptops: 2 })}\n`);
  if (resumed) process.stdout.write(`${resumed.message}\n`);
  return ExitCode.ok;
}

async function askForMissing(options: JoinOptions, previous: HubLink | undefined): Promise<{ code: string; name: string; email: string; team: string }> {
  const t = hubWords();
  const fields = [
    { key: 'code', flag: '--code', message: t.askCode, fallback: undefined },
    { key: 'name', flag: '--name', message: t.askName, fallback: previous?.name },
    { key: 'email', flag: '--email', message: t.askEmail, fallback: previous?.email },
    { key: 'team', flag: '--team', message: t.askTeam, fallback: previous?.team },
  ] as const;
  const missing = fields.filter((f) => !options[f.key]?.trim());
  if (missing.length === 0) return { code: options.code!, name: options.name!, email: options.email!, team: options.team! };
  if (!interactive()) {
    throw new UsageError(said('join-missing', { flags: missing.map((f) => f.flag) }));
  }
  const { input } = await import('@inquirer/prompts');
  const answers: Record<string, string> = {};
  for (const field of fields) {
    const given = options[field.key]?.trim();
    if (given) {
      answers[field.key] = given;
      continue;
    }
    const shape = JoinRequest.shape[field.key];
    try {
      answers[field.key] = await input(
        {
          message: field.message,
          default: field.fallback,
          validate: (value) => {
            const parsed = shape.safeParse(value);
            return parsed.success || parsed.error.issues[0]?.message || t.notValid;
          },
        },
        { output: process.stderr },
      );
    } catch (error) {
      if ((error as Error).name === 'ExitPromptError') throw new UserError(said('join-cancelled', {}));
      throw error;
    }
  }
  return { code: answers.code, name: answers.name, email: answers.email, team: answers.team };
}

export async function syncCommand(options: { json?: boolean }, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  await requireLink(env);
  const outcome = await flushOutbox({ budgetMs: SYNC_BUDGET_MS, env });
  if (options.json) {
    printJson(syncFigures(outcome));
    return outcome.status === 'delivered' ? ExitCode.ok : ExitCode.failure;
  }
  if (outcome.status === 'delivered') {
    const t = hubWords();
    process.stdout.write(outcome.sent + outcome.duplicates === 0 ? `${t.nothingToSend}\n` : `${paint.green('✓')} ${t.sent({ count: outcome.sent + outcome.duplicates })}\n`);
    return ExitCode.ok;
  }
  process.stderr.write(`${sanitizeText(describeOutcome(outcome) ?? '')}\n`);
  return ExitCode.failure;
}

export interface HandOptions {
  done?: boolean;
  json?: boolean;
}

/** `workshop help "message"` raises a hand on the dashboard; `workshop help --done` lowers it. */
export async function handCommand(words: string[], options: HandOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const link = await requireLink(env, 'not-joined-hand');
  // The one free text that travels: a key pasted into it by mistake is replaced by its hint.
  const knownKeys = [env.OPENAI_API_KEY, env.CODEX_API_KEY].filter((k): k is string => Boolean(k));
  let message = redactSecrets(words.join(' ').trim(), knownKeys);
  if (options.done && message) throw new UsageError(said('hand-both', {}));
  const room = messages(participantLanguage(process.argv, env)).room;
  // Issue 11: a second `workshop help` keeps the first hand (message and place in the queue).
  const up = options.done ? undefined : await handUp(link, env);
  if (up) {
    if (options.json) printJson({ hand: 'already-up', message: up.message });
    else process.stdout.write(`${up.message ? room.handAlreadyUp({ message: sanitizeLine(up.message) }) : room.handAlreadyUpNoMessage()}\n`);
    await flushOutbox({ budgetMs: HAND_BUDGET_MS, env });
    return ExitCode.ok;
  }
  // Issue 11: no message given: ask for one in a terminal; in a script the hand goes up with "no message".
  if (!options.done && !message && interactive() && !options.json) message = redactSecrets((await askHandMessage(room.askHandMessage())).trim(), knownKeys);
  if (message.length > 280) throw new UsageError(said('hand-too-long', { length: message.length }));
  if (options.done) await recordEvent({ type: 'hand.lowered' }, env);
  else await recordEvent({ type: 'hand.raised', message }, env);
  const outcome = await flushOutbox({ budgetMs: HAND_BUDGET_MS, env });
  const delivered = outcome.status === 'delivered';
  if (options.json) {
    printJson({ hand: options.done ? 'lowered' : 'raised', message: options.done ? undefined : message, delivered, ...syncFigures(outcome) });
    return ExitCode.ok;
  }
  const t = hubWords();
  if (options.done) {
    process.stdout.write(delivered ? `${paint.green('✓')} ${t.handLowered}\n` : `${t.handLoweredHere}\n`);
  } else if (delivered) {
    process.stdout.write(`${paint.green('✋')} ${t.handUp({ message: message ? sanitizeLine(message) : `(${room.handNoMessage()})` })}\n`);
    process.stdout.write(`${paint.dim(t.whenSorted)}\n`);
  } else {
    process.stdout.write(`✋ ${t.handNotDelivered({ hubUrl: link.hubUrl })}\n`);
  }
  if (!delivered) process.stderr.write(`${sanitizeText(describeOutcome(outcome) ?? '')}\n`);
  return ExitCode.ok;
}

/**
 * The hand already up: the hub's word (the facilitator may have lowered it on the dashboard), else,
 * when the hub cannot be reached, the last hand event in this laptop's log.
 */
async function handUp(link: HubLink, env: NodeJS.ProcessEnv): Promise<{ message: string } | undefined> {
  try {
    const room = await new HubClient(link.hubUrl, link.token).room(AbortSignal.timeout(1500));
    return room.hand;
  } catch {
    // not reachable: the local log decides
  }
  const { events } = await readEventLog(env);
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const e = events[i];
    if (e.type === 'hand.lowered') return undefined;
    if (e.type === 'hand.raised') return { message: e.message };
  }
  return undefined;
}

async function askHandMessage(prompt: string): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  try {
    return await input({ message: prompt, validate: (value) => value.trim().length <= 280 || 'at most 280 characters' }, { output: process.stderr });
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new UserError('Cancelled; your hand is not raised.');
    throw error;
  }
}

async function requireLink(env: NodeJS.ProcessEnv, code: 'not-joined' | 'not-joined-hand' = 'not-joined'): Promise<HubLink> {
  const link = await readHubLink(env);
  if (!link) throw new UserError(said(code, {}));
  return link;
}

function syncFigures(outcome: FlushOutcome): Record<string, unknown> {
  switch (outcome.status) {
    case 'not-joined':
      return { synced: false, sent: 0, pending: 0 };
    case 'delivered':
      return { synced: true, sent: outcome.sent, duplicates: outcome.duplicates, refused: outcome.refused, pending: 0, ...(outcome.via === 'follow-up' ? { via: 'programme-server' } : {}) };
    case 'later':
      return { synced: false, sent: outcome.sent, pending: outcome.pending, why: outcome.why };
    case 'unknown-participant':
      return { synced: false, sent: outcome.sent, pending: outcome.pending, why: outcome.reason };
    case 'over-limit':
      return { synced: false, sent: outcome.sent, pending: outcome.pending, why: 'participant_limit' };
  }
}

function describeOutcome(outcome: FlushOutcome): string | undefined {
  switch (outcome.status) {
    case 'not-joined':
      return undefined;
    case 'delivered':
      return outcome.sent > 0 ? hubWords().sentEarlier({ count: outcome.sent }) : undefined;
    case 'later':
      return hubWords().later({ hubUrl: outcome.hubUrl, why: outcome.why, pending: outcome.pending });
    case 'unknown-participant':
      return hubWords().unknownParticipant({ hubUrl: outcome.hubUrl, reason: outcome.reason, pending: outcome.pending });
    case 'over-limit':
      return hubWords().overLimit({ hubUrl: outcome.hubUrl, pending: outcome.pending });
  }
}

export { countPending };
