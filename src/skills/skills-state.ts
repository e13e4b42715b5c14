import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/atomic-write.js';
import { configDir } from '../core/paths.js';
import { SkillName } from '../protocol/skills.js';

/**
 * What `workshop skills install|update|remove` remembers on the laptop (`<configDir>/skills/state.json`,
 * written atomically): the marketplace last fetched (its name, ETag, when, and its listing, so install
 * and update work offline against it), whether it is registered with Codex, and the company skills
 * installed with their versions. Registration and installs belong to one Codex home: when CODEX_HOME
 * changes they count as not done (Codex is asked again). Never a token or a server address with one.
 */
export const MarketplaceSkill = z.object({ name: SkillName, version: z.number().int().positive(), team: z.string(), description: z.string() });
export type MarketplaceSkill = z.infer<typeof MarketplaceSkill>;

export const SkillsState = z
  .object({
    schemaVersion: z.literal(1),
    marketplace: z
      .object({
        name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
        etag: z.string(),
        fetchedAt: z.string(),
        generatedAt: z.string(),
        skills: z.array(MarketplaceSkill),
      })
      .optional(),
    /** The Codex home the marketplace was registered in and the skills installed into. */
    codexHome: z.string().optional(),
    registered: z.boolean().default(false),
    installed: z.record(SkillName, z.object({ version: z.number().int().positive(), installedAt: z.string() })).default({}),
  })
  .strict();
export type SkillsState = z.infer<typeof SkillsState>;

export function skillsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'skills');
}

export function skillsStatePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(skillsDir(env), 'state.json');
}

/** The state; a missing or broken file is "nothing fetched, nothing installed" (Codex is then asked again). */
export async function readSkillsState(env: NodeJS.ProcessEnv = process.env): Promise<SkillsState> {
  try {
    const parsed = SkillsState.safeParse(JSON.parse(await fs.readFile(skillsStatePath(env), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // missing or unreadable
  }
  return { schemaVersion: 1, registered: false, installed: {} };
}

export async function writeSkillsState(state: SkillsState, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await writeFileAtomic(skillsStatePath(env), `${JSON.stringify(SkillsState.parse(state), null, 2)}\n`);
}

/** The state as it applies to this Codex home: registration and installs of another home do not count here. */
export function forCodexHome(state: SkillsState, codexHome: string): SkillsState {
  if (state.codexHome === undefined || path.resolve(state.codexHome) === path.resolve(codexHome)) return { ...state, codexHome };
  return { ...state, codexHome, registered: false, installed: {} };
}
