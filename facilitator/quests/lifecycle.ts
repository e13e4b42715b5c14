import type { PersonRef, Quest, QuestEvent, QuestPostRequest, ReviewRequest, Submission } from '../../src/protocol/quests.js';
import { QuestPostRequest as PostSchema } from '../../src/protocol/quests.js';
import { type QuestActor, reviewRole } from './people.js';

/**
 * The quest lifecycle (issue 14) as pure functions: open → claimed → submitted → done (a passed
 * review), with "changes asked" sending a submission back to its claimers, a release or a stale claim
 * sending a quest back to open, and reuse once done. Each step returns the quest as it becomes and the
 * event that records who and when; the store applies it under a row lock, so two people claiming at
 * once cannot both win. A step that the rules refuse throws QuestRuleError (the server's 403 or 409).
 */
export type QuestRecord = Omit<Quest, 'reuseCount' | 'hours'>;

export type QuestRuleCode =
  | 'read_only'
  | 'wrong_state'
  | 'not_claimer'
  | 'own_review'
  | 'needs_facilitator'
  | 'own_win'
  | 'already_reused'
  | 'pair_with_self'
  | 'unknown_partner';

/** 403 for who may not do it, 404 for a partner nobody knows, 409 for what cannot be done to the quest as it is now. */
const STATUS: Record<QuestRuleCode, 403 | 404 | 409> = {
  read_only: 403,
  not_claimer: 403,
  own_review: 403,
  needs_facilitator: 403,
  wrong_state: 409,
  own_win: 409,
  already_reused: 409,
  pair_with_self: 409,
  unknown_partner: 404,
};

export class QuestRuleError extends Error {
  constructor(
    readonly code: QuestRuleCode,
    message: string,
  ) {
    super(message);
    this.name = 'QuestRuleError';
  }

  get status(): 403 | 404 | 409 {
    return STATUS[this.code];
  }
}

export interface Step {
  quest: QuestRecord;
  event: Omit<QuestEvent, 'at'> & { at: string };
}

/** High risk or confidential / personal data: only a facilitator or the owner may pass the review. */
export function needsFacilitatorReview(quest: Pick<QuestRecord, 'risk' | 'sensitivity'>): boolean {
  return quest.risk === 'high' || quest.sensitivity === 'confidential' || quest.sensitivity === 'personal';
}

function mayWrite(actor: QuestActor): void {
  if (actor.kind === 'token' && actor.role === 'viewer') throw new QuestRuleError('read_only', 'a viewer link can read the board, not change quests');
}

const isClaimer = (quest: QuestRecord, actor: QuestActor) => quest.claimers.some((c) => c.key === actor.ref.key);

function expectState(quest: QuestRecord, states: QuestRecord['state'][], doing: string): void {
  if (!states.includes(quest.state)) {
    throw new QuestRuleError('wrong_state', `quest #${quest.id} is ${quest.state}; only ${states.join(' or ')} quests can be ${doing}`);
  }
}

/** A new quest; posted as already done, it is claimed by the poster and submitted at once. */
export function postQuest(id: number, input: QuestPostRequest, actor: QuestActor, now: Date): { quest: QuestRecord; events: Step['event'][] } {
  mayWrite(actor);
  const body = PostSchema.parse(input);
  const at = now.toISOString();
  const { alreadyDone, ...fields } = body;
  const quest: QuestRecord = { id, ...fields, state: 'open', postedBy: actor.ref, postedAt: at, claimers: [], lastActivityAt: at };
  const events: Step['event'][] = [{ at, action: 'post', by: actor.ref, detail: {} }];
  if (!alreadyDone) return { quest, events };
  const claimed = claimQuest(quest, actor, undefined, now);
  const submitted = submitQuest(claimed.quest, actor, alreadyDone, now);
  return { quest: submitted.quest, events: [...events, claimed.event, submitted.event] };
}

export function claimQuest(quest: QuestRecord, actor: QuestActor, partner: PersonRef | undefined, now: Date): Step {
  mayWrite(actor);
  expectState(quest, ['open'], 'claimed');
  if (partner && partner.key === actor.ref.key) throw new QuestRuleError('pair_with_self', 'a pair is two people: name your partner, not yourself');
  const at = now.toISOString();
  const claimers = partner ? [actor.ref, partner] : [actor.ref];
  return {
    quest: { ...quest, state: 'claimed', claimers, claimedAt: at, lastActivityAt: at },
    event: { at, action: 'claim', by: actor.ref, detail: partner ? { pair: partner } : {} },
  };
}

/** Given back by a claimer (or a facilitator): open again for anyone. A submission is dropped with it. */
export function releaseQuest(quest: QuestRecord, actor: QuestActor, note: string | undefined, now: Date): Step {
  mayWrite(actor);
  expectState(quest, ['claimed', 'submitted'], 'given back');
  const facilitator = actor.kind === 'token' && actor.role !== 'viewer';
  if (!isClaimer(quest, actor) && !facilitator) throw new QuestRuleError('not_claimer', `only the people who claimed quest #${quest.id} (or a facilitator) can give it back`);
  return reopen(quest, now, { at: now.toISOString(), action: 'release', by: actor.ref, detail: note ? { note } : {} });
}

/** A claimed quest nobody touched for `days` days goes back to open (the programme's questStaleDays). */
export function isStale(quest: QuestRecord, now: Date, days: number): boolean {
  return quest.state === 'claimed' && now.getTime() - Date.parse(quest.lastActivityAt) >= days * 86_400_000;
}

export function releaseStale(quest: QuestRecord, now: Date, days: number, system: PersonRef): Step {
  return reopen(quest, now, { at: now.toISOString(), action: 'stale', by: system, detail: { days, claimers: quest.claimers } });
}

function reopen(quest: QuestRecord, now: Date, event: Step['event']): Step {
  const { claimedAt: _claimed, submission: _submission, review: _review, ...rest } = quest;
  return { quest: { ...rest, state: 'open', claimers: [], lastActivityAt: now.toISOString() }, event };
}

/** What was built, by a claimer; a new submission replaces the last one (after "changes asked", or before any review). */
export function submitQuest(quest: QuestRecord, actor: QuestActor, submission: Submission, now: Date): Step {
  mayWrite(actor);
  expectState(quest, ['claimed', 'submitted'], 'submitted');
  if (!isClaimer(quest, actor)) throw new QuestRuleError('not_claimer', `only the people who claimed quest #${quest.id} can submit it`);
  const at = now.toISOString();
  const { review: _review, ...rest } = quest;
  return {
    quest: { ...rest, state: 'submitted', submission: { ...submission, at, by: actor.ref }, lastActivityAt: at },
    event: { at, action: 'submit', by: actor.ref, detail: { kind: submission.kind, minutesAfter: submission.minutesAfter } },
  };
}

/**
 * A second person confirms it works on real input and the risk is acceptable. Never a claimer; for
 * high risk or sensitive data, a facilitator or the owner. Approved: done (a reviewed win). Changes
 * asked: back to the claimers, who submit again.
 */
export function reviewQuest(quest: QuestRecord, actor: QuestActor, request: ReviewRequest, now: Date): Step {
  mayWrite(actor);
  expectState(quest, ['submitted'], 'reviewed');
  if (isClaimer(quest, actor)) throw new QuestRuleError('own_review', `quest #${quest.id} was claimed by you: a second person has to review it`);
  const role = reviewRole(actor);
  if (needsFacilitatorReview(quest) && role === 'participant') {
    throw new QuestRuleError('needs_facilitator', `quest #${quest.id} is ${quest.risk === 'high' ? 'high risk' : `about ${quest.sensitivity} data`}: a facilitator or the programme owner has to review it`);
  }
  const at = now.toISOString();
  const review = { verdict: request.verdict, note: request.note, by: actor.ref, role, at };
  const approved = request.verdict === 'approve';
  return {
    quest: { ...quest, state: approved ? 'done' : 'claimed', review, ...(approved ? { doneAt: at } : {}), lastActivityAt: at },
    event: { at, action: 'review', by: actor.ref, detail: { verdict: request.verdict, role } },
  };
}

/** "I use this too": once per person, on a done quest, by someone other than its claimers. */
export function reuseQuest(quest: QuestRecord, actor: QuestActor, alreadyReused: boolean, now: Date): Step {
  mayWrite(actor);
  expectState(quest, ['done'], 'reused');
  if (isClaimer(quest, actor)) throw new QuestRuleError('own_win', `quest #${quest.id} is your own win: it already counts you`);
  if (alreadyReused) throw new QuestRuleError('already_reused', `you already said you use quest #${quest.id}`);
  const at = now.toISOString();
  return { quest, event: { at, action: 'reuse', by: actor.ref, detail: {} } };
}
