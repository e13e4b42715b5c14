import type { CostDay } from '../store/cost-series.js';
import { addDays } from './calendar.js';

/**
 * Spend per person, team and programme, and per team the value against the cost (issue 16, pure).
 * Spend comes from the Costs API (`usage sync`, or a Costs export given to `usage import`). Only
 * spend grouped by API key can be put on a person (through the roster's key id) and so on a team;
 * spend the API gave per project stays with the programme, and the report says so (`basis`).
 */
export type SpendBasis = 'key' | 'project' | 'key and project' | 'none';

export interface CostsSection {
  basis: SpendBasis;
  /** The currency every figure is in (the one most rows carry; the API reports "usd"); null without spend. */
  currency: string | null;
  /** Spend in any other currency, left out of every figure. */
  otherCurrencies: Record<string, number>;
  from: string | null;
  to: string | null;
  programme: { total: number; people: number; keysNotOnRoster: number; byProject: number };
  byTeam: Record<string, { spend: number; people: number }>;
  /** What `basis` means for these figures, in words. */
  note: string;
  definitions: Record<'spend' | 'people' | 'keysNotOnRoster' | 'byProject' | 'basis', string>;
}

export interface ValueRow {
  tokens: number;
  spend: number;
  spendLast30Days: number;
  reviewedHoursPerMonth: number;
  estimatedHoursPerMonth: number;
  /** spendLast30Days ÷ reviewedHoursPerMonth; null without reviewed hours. */
  spendPerReviewedHourSaved: number | null;
}

export interface ValueVsCost {
  /** The 30 days spend per month is read over (the last 30 days before the report's day). */
  monthFrom: string;
  monthTo: string;
  byTeam: Record<string, ValueRow>;
  definitions: Record<keyof ValueRow, string>;
}

export const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

export const COSTS_DEFINITIONS: CostsSection['definitions'] = {
  spend: 'the Costs API\'s amounts summed over every day stored, in `currency`; a person\'s spend is that of the API key ids the roster gives them (a key hint cannot carry spend), a team\'s the sum of its people\'s, the programme\'s every amount stored (its people, keys on no one on the roster, and spend given per project).',
  people: 'people on the roster with spend above zero.',
  keysNotOnRoster: 'spend of API keys that are on no one\'s roster row.',
  byProject: 'spend the Costs API gave per project (and line item) rather than per key: it counts for the programme only.',
  basis: '"key" when all spend is per API key, "project" when all of it is per project, "key and project" for both (e.g. spend not made through a key), "none" without spend.',
};

export const VALUE_DEFINITIONS: ValueVsCost['definitions'] = {
  tokens: 'input + output tokens of the team\'s people over every usage day stored (keys matched through the roster).',
  spend: 'the team\'s spend over every day stored (see costs).',
  spendLast30Days: 'the team\'s spend on the 30 days before the report\'s day (monthFrom to monthTo): a month of spend, to set against hours saved a month.',
  reviewedHoursPerMonth: 'hours saved a month from the team\'s reviewed wins (quests done; see the quests section for how hours are computed).',
  estimatedHoursPerMonth: 'hours saved a month the team\'s people estimated when sharing use cases (not reviewed; shown beside, never used for spend per hour).',
  spendPerReviewedHourSaved: 'spendLast30Days ÷ reviewedHoursPerMonth, rounded to cents; empty without reviewed hours.',
};

/** Spend rows in one order, so sums come out the same whichever loader read them. */
function canonical(costs: readonly CostDay[]): CostDay[] {
  const key = (c: CostDay) => `${c.day}\u0000${c.source.kind}\u0000${c.source.value}\u0000${c.lineItem}\u0000${c.currency}`;
  return [...costs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export interface SpendPerson {
  email: string;
  team: string;
}

export interface SpendResult {
  section: CostsSection;
  /** email → spend (all days) and spend on the last 30 days. */
  byPerson: Map<string, { spend: number; last30: number }>;
}

export function buildCosts(costs: readonly CostDay[], people: readonly SpendPerson[], keyOwners: ReadonlyMap<string, string>, today: string): SpendResult {
  const rows = canonical(costs);
  const perCurrency = new Map<string, number>();
  for (const c of rows) perCurrency.set(c.currency, (perCurrency.get(c.currency) ?? 0) + 1);
  const currency = [...perCurrency].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
  const otherCurrencies: Record<string, number> = {};
  const teamOf = new Map(people.map((p) => [p.email, p.team]));
  const byPerson = new Map<string, { spend: number; last30: number }>();
  const monthFrom = addDays(today, -30);
  let total = 0;
  let keysNotOnRoster = 0;
  let byProject = 0;
  let from: string | null = null;
  let to: string | null = null;
  let keyRows = 0;
  let projectRows = 0;
  for (const c of rows) {
    if (c.currency !== currency) {
      otherCurrencies[c.currency] = round4((otherCurrencies[c.currency] ?? 0) + c.amount);
      continue;
    }
    total += c.amount;
    from ??= c.day;
    to = c.day;
    if (c.source.kind === 'project') {
      projectRows += 1;
      byProject += c.amount;
      continue;
    }
    keyRows += 1;
    const email = keyOwners.get(c.source.value);
    if (!email || !teamOf.has(email)) {
      keysNotOnRoster += c.amount;
      continue;
    }
    const entry = byPerson.get(email) ?? { spend: 0, last30: 0 };
    entry.spend += c.amount;
    if (c.day >= monthFrom && c.day < today) entry.last30 += c.amount;
    byPerson.set(email, entry);
  }
  const byTeam: CostsSection['byTeam'] = {};
  for (const [email, entry] of byPerson) {
    entry.spend = round4(entry.spend);
    entry.last30 = round4(entry.last30);
    const team = teamOf.get(email)!;
    byTeam[team] ??= { spend: 0, people: 0 };
    byTeam[team].spend += entry.spend;
    if (entry.spend > 0) byTeam[team].people += 1;
  }
  for (const t of Object.values(byTeam)) t.spend = round4(t.spend);
  const basis: SpendBasis = keyRows && projectRows ? 'key and project' : keyRows ? 'key' : projectRows ? 'project' : 'none';
  const section: CostsSection = {
    basis,
    currency,
    otherCurrencies,
    from,
    to,
    programme: { total: round4(total), people: [...byPerson.values()].filter((e) => e.spend > 0).length, keysNotOnRoster: round4(keysNotOnRoster), byProject: round4(byProject) },
    byTeam: Object.fromEntries(Object.entries(byTeam).sort(([a], [b]) => a.localeCompare(b))),
    note: basisNote(basis),
    definitions: COSTS_DEFINITIONS,
  };
  return { section, byPerson };
}

function basisNote(basis: SpendBasis): string {
  switch (basis) {
    case 'none':
      return 'No spend stored: run `workshop usage sync`, or import a Costs API export with `workshop usage import`.';
    case 'project':
      return 'Spend is by project, not by API key (the Costs API would not group it by key): it is shown for the programme only, never per person or team, and it includes everyone using the project.';
    case 'key and project':
      return 'Spend is by API key where the Costs API gave a key; the rest (by project) counts for the programme only.';
    default:
      return 'Spend is by API key: each key\'s spend belongs to the person the roster gives it.';
  }
}

export interface TeamValueInput {
  tokens: number;
  spend: number;
  spendLast30Days: number;
  reviewedHoursPerMonth: number;
  estimatedHoursPerMonth: number;
}

export function buildValueVsCost(teams: ReadonlyMap<string, TeamValueInput>, today: string): ValueVsCost {
  const byTeam: Record<string, ValueRow> = {};
  for (const [team, t] of [...teams].sort(([a], [b]) => a.localeCompare(b))) {
    byTeam[team] = {
      tokens: t.tokens,
      spend: round4(t.spend),
      spendLast30Days: round4(t.spendLast30Days),
      reviewedHoursPerMonth: t.reviewedHoursPerMonth,
      estimatedHoursPerMonth: t.estimatedHoursPerMonth,
      spendPerReviewedHourSaved: t.reviewedHoursPerMonth > 0 ? round2(t.spendLast30Days / t.reviewedHoursPerMonth) : null,
    };
  }
  return { monthFrom: addDays(today, -30), monthTo: addDays(today, -1), byTeam, definitions: VALUE_DEFINITIONS };
}
