import { promises as fs } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { configFilePath } from '../../codex/codex-home.js';
import { readSkillsState } from '../../skills/skills-state.js';
import type { Check, CheckResult } from '../types.js';

/**
 * Company skills (issue 15), informational: never a warning, never a failure. Whether the company
 * marketplace is registered with Codex, how long ago it was fetched (up to date when fetched within a
 * day; no network call here: `workshop skills update` is the one that asks the server), and how many of
 * its skills Codex has installed. All read from files: the kit's skills state and Codex's config.toml,
 * where `codex plugin marketplace add` and `codex plugin add` write `[marketplaces.<name>]` and
 * `[plugins."<skill>@<name>"]`. Hidden on a laptop that never fetched the marketplace, so the doctor
 * reads as before for everyone who does not use company skills.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

async function codexConfig(codexHome: string): Promise<Record<string, unknown> | undefined> {
  try {
    return parseToml(await fs.readFile(configFilePath(codexHome), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export const companySkillsCheck: Check = {
  id: 'skills.company',
  timeoutMs: () => 5_000,
  async run(ctx): Promise<CheckResult> {
    const t = ctx.t.companySkills;
    const state = await readSkillsState(ctx.env);
    const marketplace = state.marketplace;
    if (!marketplace) return { status: 'skip', code: 'skills_not_set_up', summary: t.notSetUp, hidden: true };
    const config = await codexConfig(ctx.codexHome);
    const registered = Boolean((config?.marketplaces as Record<string, unknown> | undefined)?.[marketplace.name]);
    const plugins = (config?.plugins ?? {}) as Record<string, { enabled?: unknown }>;
    const installed = Object.entries(plugins).filter(([id, entry]) => id.endsWith(`@${marketplace.name}`) && entry?.enabled !== false).length;
    const ageMs = Date.now() - Date.parse(marketplace.fetchedAt);
    const days = Number.isNaN(ageMs) ? undefined : Math.floor(Math.max(0, ageMs) / DAY_MS);
    const fresh = days === 0;
    const summary = registered ? t.registered({ marketplace: marketplace.name, installed, available: marketplace.skills.length }) : t.notRegistered({ marketplace: marketplace.name });
    const age = fresh ? t.upToDate : t.fetchedDaysAgo({ days: days ?? 0 });
    return {
      status: 'ok',
      code: !registered ? 'skills_not_registered' : fresh ? 'skills_up_to_date' : 'skills_fetched_earlier',
      summary: `${summary} ${age}`,
      details: [t.where({ marketplace: marketplace.name, fetchedAt: marketplace.fetchedAt })],
    };
  },
};
