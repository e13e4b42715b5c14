import { createHash } from 'node:crypto';
import type { Store } from '../../facilitator/store/store.js';
import type { PersonRef } from '../../src/protocol/quests.js';

/** `/v1/programmes/:programmeId/quests/:questId/…` with the values filled in. */
export const questPath = (path: string, programmeId: string, questId?: number) => path.replace(':programmeId', programmeId).replace(':questId', String(questId ?? ''));

/** A skill published and approved through the store (issue 15), with the installs of the given people: for the board and report tests. */
export async function approvedSkill(
  store: Store,
  programmeId: string,
  skill: { name: string; team: string; description: string; author: PersonRef; reviewer: PersonRef; questId?: number; installedBy?: PersonRef[]; uses?: number },
): Promise<void> {
  const skillMd = `---\nname: ${skill.name}\ndescription: ${JSON.stringify(skill.description)}\n---\nDo it.\n`;
  await store.publishSkillVersion(
    programmeId,
    {
      name: skill.name,
      team: skill.team,
      ...(skill.questId !== undefined ? { questId: skill.questId } : {}),
      description: skill.description,
      files: [{ path: 'SKILL.md', content: Buffer.from(skillMd).toString('base64'), executable: false }],
      bytes: Buffer.byteLength(skillMd),
      sha256: createHash('sha256').update(skillMd).digest('hex'),
      scripts: [],
      by: skill.author,
      at: '2026-04-20T09:00:00.000Z',
    },
    () => undefined,
    'test',
  );
  const refuse = (state: string): never => {
    throw new Error(`already ${state}`);
  };
  await store.reviewSkillVersion(programmeId, skill.name, 1, { verdict: 'approve', note: 'ok', by: skill.reviewer, at: '2026-04-21T09:00:00.000Z' }, refuse, 'test');
  for (const person of skill.installedBy ?? []) await store.recordSkillInstall(programmeId, skill.name, person, 'install', 1, '2026-04-22T09:00:00.000Z');
  if (skill.uses) await store.addSkillUses(programmeId, skill.author, [{ day: '2026-04-23', counts: { [skill.name]: skill.uses } }]);
}
