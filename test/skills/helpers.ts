import { createHash } from 'node:crypto';
import { personRef } from '../../facilitator/quests/people.js';
import type { Store } from '../../facilitator/store/store.js';
import type { SkillFile } from '../../src/protocol/skills.js';

/**
 * Skills put straight into the store (publish, then approve or reject), for the install and marketplace
 * suites: the publish and review routes belong to another part of issue 15, and these suites only need
 * what they leave behind.
 */
export const AUTHOR = personRef({ email: 'aiko@example.com', name: 'Aiko Tanaka', team: 'Finance' });
const REVIEWER = personRef({ email: 'ben@example.com', name: 'Ben Ito', team: 'Ops' });

export const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export function skillMd(name: string, description: string, body = 'Do the thing, step by step.'): string {
  return `---\nname: ${name}\ndescription: ${description}\n---\n# ${name}\n${body}\n`;
}

export interface SkillSpec {
  name: string;
  team?: string;
  description?: string;
  /** Extra files beside SKILL.md: path → text (a path under scripts/ is made executable). */
  extra?: Record<string, string>;
  body?: string;
}

export function skillFiles(spec: SkillSpec): SkillFile[] {
  const description = spec.description ?? `The ${spec.name} skill`;
  return [
    { path: 'SKILL.md', content: b64(skillMd(spec.name, description, spec.body)), executable: false },
    ...Object.entries(spec.extra ?? {}).map(([path, text]) => ({ path, content: b64(text), executable: path.startsWith('scripts/') })),
  ];
}

/** Publishes a new version of the skill; approves or rejects it unless left pending. Returns the version number. */
export async function putSkill(store: Store, programmeId: string, spec: SkillSpec, verdict: 'approve' | 'reject' | 'pending' = 'approve'): Promise<number> {
  const files = skillFiles(spec);
  const sha256 = createHash('sha256').update(JSON.stringify(files)).digest('hex');
  const published = await store.publishSkillVersion(
    programmeId,
    { name: spec.name, team: spec.team ?? 'Finance', description: spec.description ?? `The ${spec.name} skill`, files, bytes: files.reduce((n, f) => n + Buffer.from(f.content, 'base64').length, 0), sha256, scripts: files.filter((f) => f.executable).map((f) => f.path), by: AUTHOR, at: new Date().toISOString() },
    () => undefined,
    'test',
  );
  const version = published.version.version;
  if (verdict !== 'pending') {
    await store.reviewSkillVersion(programmeId, spec.name, version, { verdict, note: verdict === 'approve' ? 'looks good' : 'not this one', by: REVIEWER, at: new Date().toISOString() }, (state) => {
      throw new Error(`already ${state}`);
    }, 'test');
  }
  return version;
}
