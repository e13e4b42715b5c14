import { z } from 'zod';
import { HoursSaved, Often, PersonRef, QuestRisk, QuestState, Sensitivity, WinKind } from './quests.js';

/**
 * The weekly digest (issue 14, `workshop digest`): the data every rendering (Markdown, HTML, JSON)
 * reads, as the programme server answers it at `QuestPaths.digest?format=json` and as
 * facilitator/quests/digest.ts builds it from the store. Wording is not here: the renderers word it in
 * the reader's language (facilitator/quests/digest-words.ts).
 */
export const DIGEST_AUDIENCES = ['team', 'facilitator'] as const;
export const DigestAudience = z.enum(DIGEST_AUDIENCES);
export type DigestAudience = z.infer<typeof DigestAudience>;

export const DIGEST_FORMATS = ['md', 'html', 'json'] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

export const DIGEST_LANGUAGES = ['en', 'ja'] as const;
export type DigestLanguage = (typeof DIGEST_LANGUAGES)[number];

/** A reviewed win as the digest shows it: what was built, by whom, and the hours with their computation. */
export const DigestWin = z.object({
  id: z.number().int(),
  title: z.string(),
  team: z.string(),
  kind: WinKind,
  claimers: z.array(PersonRef),
  doneAt: z.string(),
  reuseCount: z.number().int(),
  benefitTeams: z.array(z.string()),
  hours: HoursSaved,
});
export type DigestWin = z.infer<typeof DigestWin>;

/** An open or in-progress quest, as the digest lists it. */
export const DigestQuest = z.object({
  id: z.number().int(),
  title: z.string(),
  team: z.string(),
  state: QuestState,
  often: Often,
  minutesEach: z.number(),
  risk: QuestRisk,
  sensitivity: Sensitivity,
  postedAt: z.string(),
  lastActivityAt: z.string(),
  claimers: z.array(PersonRef),
});
export type DigestQuest = z.infer<typeof DigestQuest>;

/** Someone to invite to office hours (the facilitator's digest only): tried Codex in the session, no use since. */
export const OfficeHoursPerson = z.object({
  name: z.string(),
  email: z.string(),
  team: z.string(),
  /** The day of the first session they attended (their window's first day). */
  sessionDay: z.string(),
  /** Their window has not ended yet: they may still start using Codex on their own. */
  windowOpen: z.boolean(),
});
export type OfficeHoursPerson = z.infer<typeof OfficeHoursPerson>;

const Listed = <T extends z.ZodTypeAny>(item: T) => z.object({ total: z.number().int(), shown: z.array(item) });

export const Digest = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('quest-digest'),
  generatedAt: z.string(),
  programme: z.object({ id: z.string(), title: z.string(), timeZone: z.string() }),
  /** The team the digest is for; null for every team. */
  team: z.string().nullable(),
  audience: DigestAudience,
  /** New means reviewed (done) at or after `since` and not after `until`. */
  window: z.object({ since: z.string(), until: z.string() }),
  newWins: Listed(DigestWin).extend({ hoursPerMonth: z.number() }),
  /** Every reviewed win of the team (or of all teams) so far, whenever it was reviewed. */
  reviewed: z.object({ wins: z.number().int(), hoursPerMonth: z.number() }),
  open: Listed(DigestQuest),
  inProgress: Listed(DigestQuest),
  /** The most reused prompt and skill wins of other teams (of every team when the digest has none). */
  worthTrying: z.array(DigestWin),
  /** Only in the facilitator's digest. */
  officeHours: z.object({ windowDays: z.number().int(), people: z.array(OfficeHoursPerson) }).optional(),
});
export type Digest = z.infer<typeof Digest>;
