import { codexHome } from '../core/paths.js';
import { countSkillUses } from './use-counter.js';
import { reportUses, resolveSkillServer } from './skills-client.js';
import { readSkillsState } from './skills-state.js';

/**
 * The pulse's part for company skills (issue 15): with the consent the person gave `workshop pulse`
 * (counts, never content), how many sessions used each skill of the company marketplace per day, sent
 * to the programme server with the join token. Nothing happens on a laptop that never fetched the
 * marketplace. A day sent again replaces that day on the server, so a failed send is simply made again
 * by the next pulse.
 */
export interface SkillUsesOutcome {
  marketplace: string;
  days: Array<{ day: string; counts: Record<string, number> }>;
  sent: boolean;
  /** Why they were not sent (the server could not be reached, or refused). */
  why?: string;
}

export async function pulseSkillUses(env: NodeJS.ProcessEnv, since: string, until: string): Promise<SkillUsesOutcome | undefined> {
  const state = await readSkillsState(env);
  const marketplace = state.marketplace?.name;
  if (!marketplace) return undefined;
  const counted = await countSkillUses(codexHome(env), marketplace, since, until);
  // The server takes at most 120 days a report: the newest ones.
  const days = [...counted.perDay]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(-120)
    .map(([day, counts]) => ({ day, counts: Object.fromEntries(counts) }));
  if (days.length === 0) return { marketplace, days, sent: false };
  try {
    const server = await resolveSkillServer({ env });
    if (server.kind !== 'participant') return { marketplace, days, sent: false, why: 'not joined' };
    await reportUses(server, { days });
    return { marketplace, days, sent: true };
  } catch (error) {
    return { marketplace, days, sent: false, why: (error as Error).message };
  }
}
