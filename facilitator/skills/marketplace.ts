import { createHash } from 'node:crypto';
import type { MarketplaceResponse, SkillFile } from '../../src/protocol/skills.js';

/**
 * The company marketplace in Codex's own plugin-marketplace format (issue 15), built from the approved
 * skills: pure, so what the server serves is exactly what `codex plugin marketplace add <folder>` reads
 * once the laptop has written the files out (measured with Codex 0.169.0):
 *
 *   .agents/plugins/marketplace.json            {name, plugins: [{name, source {source: local, path}, policy, category}]}
 *   plugins/<skill>/.codex-plugin/plugin.json   {name, version "<n>.0.0", description, skills: "./skills/"}
 *   plugins/<skill>/skills/<skill>/…            the approved version's files, executable bits kept
 *
 * One plugin per skill (plugin name = skill name): `codex plugin add <skill>@<marketplace>` installs
 * exactly that skill, versions and installs are per skill, and a pending version of one skill never
 * holds up another (docs/skills.md). Every file's content is base64, as a SkillFile's is.
 */

/** Bumped when the layout above changes, so every laptop's ETag stops matching and it fetches again. */
export const MARKETPLACE_FORMAT = 1;

export interface ApprovedSkill {
  name: string;
  team: string;
  version: number;
  description: string;
  files: SkillFile[];
}

/**
 * The marketplace's name in Codex, from the programme id: `<programme>-skills`, lowercase letters,
 * digits and single hyphens (a programme id may hold `_`, which becomes `-`). Stable for a programme,
 * so a laptop registers it once.
 */
export function marketplaceName(programmeId: string): string {
  const base = programmeId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return `${base || 'company'}-skills`;
}

/** The plugin version Codex sees for approved version n (Codex wants a semantic version). */
export function pluginVersion(version: number): string {
  return `${version}.0.0`;
}

/** The ETag of the marketplace: changes when an approved version is added, the name or the format changes. */
export function marketplaceEtag(name: string, fingerprint: string): string {
  const digest = createHash('sha256').update(`${MARKETPLACE_FORMAT}\n${name}\n${fingerprint}`).digest('base64url').slice(0, 32);
  return `"mp-${digest}"`;
}

/** True when an If-None-Match header names this ETag (a list, `*`, or weak `W/` forms included). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The marketplace's files and listing for these approved skills (each skill's newest approved version). */
export function buildMarketplace(programmeId: string, skills: ApprovedSkill[], meta: { etag: string; generatedAt: string }): MarketplaceResponse {
  const name = marketplaceName(programmeId);
  const sorted = [...skills].sort((a, b) => a.name.localeCompare(b.name));
  const files: MarketplaceResponse['files'] = [
    {
      path: '.agents/plugins/marketplace.json',
      content: b64(
        json({
          name,
          plugins: sorted.map((skill) => ({
            name: skill.name,
            source: { source: 'local', path: `./plugins/${skill.name}` },
            policy: { installation: 'AVAILABLE' },
            category: skill.team,
          })),
        }),
      ),
      executable: false,
    },
  ];
  for (const skill of sorted) {
    const root = `plugins/${skill.name}`;
    files.push({
      path: `${root}/.codex-plugin/plugin.json`,
      content: b64(json({ name: skill.name, version: pluginVersion(skill.version), description: skill.description, skills: './skills/' })),
      executable: false,
    });
    for (const file of [...skill.files].sort((a, b) => a.path.localeCompare(b.path))) {
      files.push({ path: `${root}/skills/${skill.name}/${file.path}`, content: file.content, executable: file.executable });
    }
  }
  return {
    name,
    etag: meta.etag,
    generatedAt: meta.generatedAt,
    skills: sorted.map((skill) => ({ name: skill.name, version: skill.version, pluginVersion: pluginVersion(skill.version), team: skill.team, description: skill.description })),
    files,
  };
}
