import { addDays } from './calendar.js';

/**
 * The facilitator's follow-up lists (issue 16, pure): who to offer help to, for coaching, never
 * punishment. Each list says exactly who is on it and why, so nobody is listed by surprise.
 */
export const QUIET_DAYS = 14;
export const HIGH_SPEND_SHARE = 0.1;

export interface FollowUpPerson {
  email: string;
  name: string;
  team: string;
  /** First date attended, for the quiet list. */
  firstAttended?: string;
  tried: boolean;
  contributedWin: boolean;
  useCasesShared: number;
  keyOnRoster: boolean;
  useDays: ReadonlySet<string>;
  lastUseDay?: string;
  spend: number;
}

export interface FollowUp {
  note: string;
  /** The last day the usage data covers; the quiet list needs it (null: no usage stored, the list is empty). */
  usageThrough: string | null;
  quietFrom: string | null;
  triedThenQuiet: Array<{ email: string; name: string; team: string; firstAttended: string; lastUseDay: string | null; keyOnRoster: boolean }>;
  teamsWithSpendNoWin: Array<{ team: string; spend: number }>;
  /** The smallest spend counted as high (null without spend). */
  highSpendFrom: number | null;
  highSpendNoSharedWin: Array<{ email: string; name: string; team: string; spend: number }>;
  definitions: Record<'triedThenQuiet' | 'teamsWithSpendNoWin' | 'highSpendNoSharedWin' | 'highSpend', string>;
}

export const FOLLOW_UP_NOTE =
  'For coaching, never punishment: these lists say who might welcome a hand (a pairing session, a use case from their own team, a cheaper way to work), not who did badly. Share them with facilitators and champions, not with managers as a ranking.';

export const FOLLOW_UP_DEFINITIONS: FollowUp['definitions'] = {
  triedThenQuiet: `tried Codex on an exercise in the session, attended before the last ${QUIET_DAYS} days the usage data covers, and made no request on those ${QUIET_DAYS} days (usageThrough and the ${QUIET_DAYS - 1} days before it). Someone without a key on the roster cannot be seen using it: keyOnRoster says so.`,
  teamsWithSpendNoWin: 'teams with spend above zero (by key, see costs) and no reviewed win: no done quest of the team and no one of the team who claimed a done quest.',
  highSpendNoSharedWin: 'people with high spend who neither contributed to a reviewed win (contributedWin) nor shared a use case (`workshop share`).',
  highSpend: `among people on the roster with spend above zero, the top tenth by spend (the ceiling of one tenth of them: with fewer than ${Math.round(1 / HIGH_SPEND_SHARE)} people, the one highest), everyone spending as much as the last of them included.`,
};

export function buildFollowUp(people: readonly FollowUpPerson[], input: { usageThrough?: string; teamsWithWin: ReadonlySet<string>; teamSpend: Readonly<Record<string, { spend: number }>> }): FollowUp {
  const usageThrough = input.usageThrough ?? null;
  const quietFrom = usageThrough ? addDays(usageThrough, -(QUIET_DAYS - 1)) : null;
  const triedThenQuiet: FollowUp['triedThenQuiet'] = [];
  if (quietFrom && usageThrough) {
    for (const p of people) {
      if (!p.tried || !p.firstAttended || p.firstAttended >= quietFrom) continue;
      let quiet = true;
      for (let d = quietFrom; d <= usageThrough && quiet; d = addDays(d, 1)) if (p.useDays.has(d)) quiet = false;
      if (quiet) triedThenQuiet.push({ email: p.email, name: p.name, team: p.team, firstAttended: p.firstAttended, lastUseDay: p.lastUseDay ?? null, keyOnRoster: p.keyOnRoster });
    }
  }
  const teamsWithSpendNoWin = Object.entries(input.teamSpend)
    .filter(([team, t]) => t.spend > 0 && !input.teamsWithWin.has(team))
    .map(([team, t]) => ({ team, spend: t.spend }))
    .sort((a, b) => b.spend - a.spend || a.team.localeCompare(b.team));
  const spenders = people.filter((p) => p.spend > 0).sort((a, b) => b.spend - a.spend || a.email.localeCompare(b.email));
  const highSpendFrom = spenders.length > 0 ? spenders[Math.ceil(spenders.length * HIGH_SPEND_SHARE) - 1].spend : null;
  const highSpendNoSharedWin = spenders
    .filter((p) => highSpendFrom !== null && p.spend >= highSpendFrom && !p.contributedWin && p.useCasesShared === 0)
    .map((p) => ({ email: p.email, name: p.name, team: p.team, spend: p.spend }));
  return { note: FOLLOW_UP_NOTE, usageThrough, quietFrom, triedThenQuiet, teamsWithSpendNoWin, highSpendFrom, highSpendNoSharedWin, definitions: FOLLOW_UP_DEFINITIONS };
}
