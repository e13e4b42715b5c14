import { z } from 'zod';

/**
 * Quests (issue 14): the protocol shared by the programme server (facilitator/quests/) and the
 * participant's `workshop quest …` commands (src/quests/). A quest is a recurring task someone wants
 * automated; it goes open → claimed → submitted → done (a passed review makes it done: "a reviewed
 * win"), and others mark that they use the win too (reuse). docs/quests.md documents every path.
 *
 * Participants authenticate with the token their join gave them (`Authorization: Bearer <token>`);
 * facilitators and viewers with their named server token (`wst_…`). Both on the same paths.
 */
const V = '/v1';

export const QuestPaths = {
  quests: `${V}/programmes/:programmeId/quests`,
  quest: `${V}/programmes/:programmeId/quests/:questId`,
  claim: `${V}/programmes/:programmeId/quests/:questId/claim`,
  release: `${V}/programmes/:programmeId/quests/:questId/release`,
  submit: `${V}/programmes/:programmeId/quests/:questId/submit`,
  review: `${V}/programmes/:programmeId/quests/:questId/review`,
  reuse: `${V}/programmes/:programmeId/quests/:questId/reuse`,
  /** The board's data (the page itself is `board`). */
  boardData: `${V}/programmes/:programmeId/board`,
  /** The weekly digest (`workshop digest --server`). */
  digest: `${V}/programmes/:programmeId/digest`,
  /** The board page: `/board#token=…` (a viewer's token or a participant's join token, in the fragment only). */
  board: '/board',
} as const;

export const QUEST_STATES = ['open', 'claimed', 'submitted', 'done'] as const;
export const QuestState = z.enum(QUEST_STATES);
export type QuestState = z.infer<typeof QuestState>;

export const QUEST_RISKS = ['low', 'medium', 'high'] as const;
export const QuestRisk = z.enum(QUEST_RISKS);
export type QuestRisk = z.infer<typeof QuestRisk>;

/** How sensitive the data the task touches is. `confidential` and `personal` count as sensitive. */
export const SENSITIVITIES = ['none', 'internal', 'confidential', 'personal'] as const;
export const Sensitivity = z.enum(SENSITIVITIES);
export type Sensitivity = z.infer<typeof Sensitivity>;

/** What was built: a prompt, a skill, a script or a how-to. */
export const WIN_KINDS = ['prompt', 'skill', 'script', 'howto'] as const;
export const WinKind = z.enum(WIN_KINDS);
export type WinKind = z.infer<typeof WinKind>;

export const OFTEN_UNITS = ['day', 'week', 'month'] as const;
/** How often the task is done: `times` per `per` (working days: 21 a month; weeks: 52/12 a month). */
export const Often = z.object({ times: z.number().positive().max(1000), per: z.enum(OFTEN_UNITS) }).strict();
export type Often = z.infer<typeof Often>;

const PER_MONTH: Record<Often['per'], number> = { day: 21, week: 52 / 12, month: 1 };

/** Times a month, the unit every hours-saved figure is in. */
export function timesPerMonth(often: Often): number {
  return often.times * PER_MONTH[often.per];
}

/**
 * What people type for how often: `daily`, `weekly`, `monthly`, `3/week`, `2 per day`, `1/month`
 * (and `毎日`, `毎週`, `毎月`). Undefined when it is none of these.
 */
export function parseOften(text: string): Often | undefined {
  const t = text.trim().toLowerCase();
  const words: Record<string, Often> = {
    daily: { times: 1, per: 'day' },
    weekly: { times: 1, per: 'week' },
    monthly: { times: 1, per: 'month' },
    毎日: { times: 1, per: 'day' },
    毎週: { times: 1, per: 'week' },
    毎月: { times: 1, per: 'month' },
  };
  if (words[t]) return words[t];
  const match = /^(\d+(?:\.\d+)?)\s*(?:\/|per|x|times? (?:a|per)|回\s*\/?)\s*(day|week|month|日|週|月)$/.exec(t);
  if (!match) return undefined;
  const times = Number(match[1]);
  const unit = ({ day: 'day', week: 'week', month: 'month', 日: 'day', 週: 'week', 月: 'month' } as const)[match[2] as 'day'];
  return times > 0 && times <= 1000 ? { times, per: unit } : undefined;
}

/** Participant text: one line for titles and names, a few pages at most for the rest. */
const line = (max: number) => z.string().trim().min(1).max(max).refine((s) => !/[\r\n]/.test(s), 'must be one line');
const text = (max: number) => z.string().trim().min(1).max(max);

export const Submission = z
  .object({
    kind: WinKind,
    /** What was built, in the builder's words: the prompt itself, how to run the script, the how-to. */
    text: text(20_000),
    /** Minutes the task takes now, each time. */
    minutesAfter: z.number().min(0).max(10_080),
  })
  .strict();
export type Submission = z.infer<typeof Submission>;

export const QuestPostRequest = z
  .object({
    title: line(120),
    /** The task as it is done today. */
    today: text(4000),
    team: line(120),
    often: Often,
    /** Minutes it takes each time, today. */
    minutesEach: z.number().positive().max(10_080),
    risk: QuestRisk,
    sensitivity: Sensitivity,
    /** Teams that would benefit (besides the poster's). */
    benefitTeams: z.array(line(120)).max(20).default([]),
    /** Posted by someone who already did it (the own-task exercise, `workshop share`): claimed by them and submitted at once. */
    alreadyDone: Submission.optional(),
  })
  .strict();
export type QuestPostRequest = z.input<typeof QuestPostRequest>;

export const ClaimRequest = z
  .object({
    /** Claim as a pair: the partner's email (a participant of the programme). */
    withEmail: z.string().trim().min(3).max(320).optional(),
  })
  .strict();

export const ReleaseRequest = z.object({ note: text(2000).optional() }).strict();

export const SubmitRequest = Submission;

export const REVIEW_VERDICTS = ['approve', 'changes'] as const;
export const ReviewRequest = z
  .object({
    verdict: z.enum(REVIEW_VERDICTS),
    /** What the reviewer tried it on (approve: the real input it worked on), or what to change. */
    note: text(4000),
  })
  .strict();
export type ReviewRequest = z.infer<typeof ReviewRequest>;

export const ReuseRequest = z.object({ note: text(2000).optional() }).strict();

/** A person as quests show them: no email (the key is an opaque, stable id for the person). */
export const PersonRef = z.object({ key: z.string(), name: z.string(), team: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;

/** Reviewed hours saved a month, with the numbers it is computed from (never shown without them). */
export const HoursSaved = z.object({
  perMonth: z.number(),
  minutesBefore: z.number(),
  minutesAfter: z.number(),
  timesPerMonth: z.number(),
  /** The owner plus everyone who marked "I use this too". */
  people: z.number().int(),
});
export type HoursSaved = z.infer<typeof HoursSaved>;

export const QUEST_ACTIONS = ['post', 'claim', 'release', 'submit', 'review', 'reuse', 'stale'] as const;
export const QuestEvent = z.object({
  at: z.string(),
  action: z.enum(QUEST_ACTIONS),
  /** The person or facilitator token that did it; `system` for a stale claim given back. */
  by: PersonRef,
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type QuestEvent = z.infer<typeof QuestEvent>;

export const Quest = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  today: z.string(),
  team: z.string(),
  often: Often,
  minutesEach: z.number(),
  risk: QuestRisk,
  sensitivity: Sensitivity,
  benefitTeams: z.array(z.string()),
  state: QuestState,
  postedBy: PersonRef,
  postedAt: z.string(),
  claimers: z.array(PersonRef),
  claimedAt: z.string().optional(),
  lastActivityAt: z.string(),
  submission: Submission.extend({ at: z.string(), by: PersonRef }).optional(),
  review: z.object({ verdict: z.enum(REVIEW_VERDICTS), note: z.string(), by: PersonRef, role: z.enum(['participant', 'facilitator', 'owner']), at: z.string() }).optional(),
  doneAt: z.string().optional(),
  reuseCount: z.number().int(),
  /** Only for done quests (reviewed wins). */
  hours: HoursSaved.optional(),
});
export type Quest = z.infer<typeof Quest>;

export const QuestResponse = z.object({ quest: Quest });
export type QuestResponse = z.infer<typeof QuestResponse>;

export const QuestShowResponse = z.object({ quest: Quest, history: z.array(QuestEvent), reusers: z.array(PersonRef) });
export type QuestShowResponse = z.infer<typeof QuestShowResponse>;

/**
 * A quest in a list: everything but the long texts (the task as done today, what was submitted, the
 * review's note), which `show` gives. A programme's 2,000 quests are then a few hundred kilobytes.
 */
export const QuestSummary = Quest.omit({ today: true, submission: true, review: true }).extend({
  submission: Submission.omit({ text: true }).extend({ at: z.string(), by: PersonRef }).optional(),
  review: z.object({ verdict: z.enum(REVIEW_VERDICTS), by: PersonRef, role: z.enum(['participant', 'facilitator', 'owner']), at: z.string() }).optional(),
});
export type QuestSummary = z.infer<typeof QuestSummary>;

/** A list is the newest first, at most `limit` of the `total` that match (`?limit=`, default 100, `all`). */
export const QUEST_LIST_DEFAULT_LIMIT = 100;
export const QuestListResponse = z.object({ quests: z.array(QuestSummary), total: z.number().int(), limit: z.number().int().nullable() });
export type QuestListResponse = z.infer<typeof QuestListResponse>;

/**
 * The board (issue 14): what `GET QuestPaths.boardData` answers, built by facilitator/quests/board.ts.
 * Bounded whatever the programme's size (each list has a cap, and what is beyond it is counted, not
 * sent): 2,000 quests and 10,000 people make a reply of the same few tens of kilobytes as 200 do.
 * Only titles, teams and names travel (never a quest's `today`, a submission's text or a review note),
 * and every string in it is participant text for the page to show as text.
 */
export const BOARD_LIMITS = {
  /** Teams in the open-quests section (the most open quests first); the rest are counted. */
  openTeams: 24,
  /** Rows of the team view (the most done first); the rest are counted. */
  teams: 60,
  /** The newest open quests shown for each team. */
  openPerTeam: 5,
  inProgress: 30,
  wins: 20,
  topReused: 10,
  points: 20,
  /** Teams offered in the page's filter. */
  filterTeams: 200,
  /** Approved company skills (issue 15), the most installed first; the rest are counted. */
  skills: 20,
  /** Teams named in one skill's installs (the most installs first); the rest are counted. */
  skillInstallTeams: 8,
} as const;

/** One quest as the board shows it. */
export const BoardQuest = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  team: z.string(),
  state: QuestState,
  risk: QuestRisk,
  sensitivity: Sensitivity,
  often: Often,
  minutesEach: z.number(),
  postedBy: PersonRef,
  postedAt: z.string(),
  claimers: z.array(PersonRef),
  /** When it was claimed (in progress) and, once submitted, when and as what. */
  claimedAt: z.string().optional(),
  submittedAt: z.string().optional(),
  kind: WinKind.optional(),
  reuseCount: z.number().int(),
});
export type BoardQuest = z.infer<typeof BoardQuest>;

/** A reviewed win: its hours with the numbers they come from, and the same computation in words. */
export const BoardWin = BoardQuest.extend({
  doneAt: z.string(),
  kind: WinKind,
  hours: HoursSaved,
  formula: z.object({ en: z.string(), ja: z.string() }),
  reviewedBy: PersonRef,
  reviewRole: z.enum(['participant', 'facilitator', 'owner']),
});
export type BoardWin = z.infer<typeof BoardWin>;

export const BoardTeamRow = z.object({
  team: z.string(),
  posted: z.number().int(),
  open: z.number().int(),
  inProgress: z.number().int(),
  done: z.number().int(),
  hoursPerMonth: z.number(),
  reuses: z.number().int(),
});
export type BoardTeamRow = z.infer<typeof BoardTeamRow>;

export const BoardPoints = z.object({
  rank: z.number().int().positive(),
  person: PersonRef,
  points: z.number().int(),
  wins: z.number().int(),
  reusesOfWins: z.number().int(),
});
export type BoardPoints = z.infer<typeof BoardPoints>;

/**
 * An approved company skill (issue 15) as the board shows it: who wrote it, the quest it came from, how
 * many people have it installed (by team) and its uses as participants' laptops reported them.
 */
export const BoardSkill = z.object({
  name: z.string(),
  description: z.string(),
  team: z.string(),
  author: PersonRef,
  /** The approved version the marketplace holds. */
  version: z.number().int(),
  installs: z.object({
    people: z.number().int(),
    /** The teams with the most installs first (at most BOARD_LIMITS.skillInstallTeams). */
    byTeam: z.array(z.object({ team: z.string(), people: z.number().int() })),
    moreTeams: z.number().int(),
  }),
  /** Sessions that used it, as reported by consenting participants (docs/skills.md: best effort). */
  uses: z.number().int(),
  /** The quest it came from; the title when that quest exists. */
  quest: z.object({ id: z.number().int(), title: z.string().optional() }).optional(),
});
export type BoardSkill = z.infer<typeof BoardSkill>;

export const BoardResponse = z.object({
  programme: z.object({ id: z.string(), title: z.string() }),
  generatedAt: z.string(),
  /** The team filter this board was built for (absent: every team). */
  team: z.string().optional(),
  /** Every team with a quest, for the filter (sorted; at most BOARD_LIMITS.filterTeams). */
  teams: z.array(z.string()),
  /** Who is looking: a participant (with their key, to find "you"), or a server token's role. */
  viewer: z.object({ kind: z.enum(['participant', 'viewer', 'facilitator', 'owner']), name: z.string(), key: z.string().optional() }),
  totals: z.object({
    quests: z.number().int(),
    open: z.number().int(),
    inProgress: z.number().int(),
    done: z.number().int(),
    hoursPerMonth: z.number(),
    reuses: z.number().int(),
    /** People with points (a reviewed win). */
    contributors: z.number().int(),
  }),
  open: z.object({
    count: z.number().int(),
    teams: z.array(z.object({ team: z.string(), count: z.number().int(), quests: z.array(BoardQuest) })),
    /** Teams with open quests left out (beyond BOARD_LIMITS.openTeams). */
    moreTeams: z.number().int(),
  }),
  inProgress: z.object({ count: z.number().int(), quests: z.array(BoardQuest) }),
  wins: z.object({ count: z.number().int(), quests: z.array(BoardWin) }),
  topReused: z.array(BoardWin),
  teamView: z.object({ teams: z.array(BoardTeamRow), moreTeams: z.number().int() }),
  points: z.object({
    rules: z.object({ win: z.number().int(), reuse: z.number().int() }),
    top: z.array(BoardPoints),
    /** The participant looking at the board: their row wherever they rank (rank absent with no points yet). */
    you: BoardPoints.extend({ rank: z.number().int().positive().optional() }).optional(),
  }),
  /** Approved company skills (issue 15): with the team filter, the team's own and those it installed. */
  skills: z.object({ count: z.number().int(), skills: z.array(BoardSkill), more: z.number().int() }),
});
export type BoardResponse = z.infer<typeof BoardResponse>;

/** How a participant opens the board without their join token ever being printed (`workshop quest board`). */
export const BoardPaths = {
  /** POST, participant or server token: a one-time code for `/board#once=CODE`, valid 10 minutes. */
  link: `${V}/programmes/:programmeId/board-link`,
  /** POST {code}, no other auth: the code (once) for a read-only board session token (12 h). */
  session: `${V}/programmes/:programmeId/board-session`,
} as const;

export const BoardLinkResponse = z.object({ code: z.string(), expiresAt: z.string() });
export type BoardLinkResponse = z.infer<typeof BoardLinkResponse>;

export const BoardSessionRequest = z.object({ code: z.string().min(1).max(200) }).strict();
export const BoardSessionResponse = z.object({ token: z.string(), expiresAt: z.string() });
export type BoardSessionResponse = z.infer<typeof BoardSessionResponse>;
