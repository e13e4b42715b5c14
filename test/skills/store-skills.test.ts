import { afterAll, describe, expect, it } from 'vitest';
import type { Programme } from '../../facilitator/programme/store.js';
import { personRef } from '../../facilitator/quests/people.js';
import { Store } from '../../facilitator/store/store.js';
import type { NewVersion } from '../../facilitator/store/skills.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';

/** The skills tables on each engine (issue 15): versions, reviews, the approved set, installs and uses. */
afterAll(cleanupTargets);

const PROGRAMME: Programme = { schemaVersion: 1, id: 'spring', title: 'Spring', createdAt: '2026-03-01T00:00:00.000Z', timeZone: 'Asia/Tokyo', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] };
const aiko = personRef({ email: 'aiko@example.com', name: 'Aiko', team: 'Finance' });
const ben = personRef({ email: 'ben@example.com', name: 'Ben', team: 'Sales' });
const b64 = (text: string) => Buffer.from(text).toString('base64');
const SKILL_MD = '---\nname: expense-summary\ndescription: Summarise a card export\n---\nDo it.\n';

const version = (over: Partial<NewVersion> = {}): NewVersion => ({
  name: 'expense-summary',
  team: 'Finance',
  description: 'Summarise a card export',
  files: [{ path: 'SKILL.md', content: b64(SKILL_MD), executable: false }],
  bytes: 70,
  sha256: 'a'.repeat(64),
  scripts: [],
  by: aiko,
  at: '2026-04-01T09:00:00.000Z',
  ...over,
});

describe.each(ENGINES)('skills in the store on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('keeps versions pending until reviewed, and the marketplace holds only the newest approved one', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      await store.putProgramme(PROGRAMME, 'test');
      const refuse = (state: string): never => {
        throw new Error(`already ${state}`);
      };
      const first = await store.publishSkillVersion('spring', version(), () => undefined, 'test');
      expect(first.version).toMatchObject({ version: 1, state: 'pending', files: [{ path: 'SKILL.md', bytes: Buffer.byteLength(SKILL_MD), executable: false }] });
      expect(first.skill).toMatchObject({ name: 'expense-summary', latestVersion: 1, latestState: 'pending', installs: { people: 0, byTeam: {} }, uses: 0 });
      expect(first.skill.approvedVersion).toBeUndefined();
      expect(await store.approvedSkills('spring')).toEqual([]);
      expect(await store.listSkills('spring', { approvedOnly: true })).toEqual([]);

      await store.reviewSkillVersion('spring', 'expense-summary', 1, { verdict: 'approve', note: 'ok', by: ben, at: '2026-04-02T09:00:00.000Z' }, refuse, 'test');
      await expect(store.reviewSkillVersion('spring', 'expense-summary', 1, { verdict: 'reject', note: 'no', by: ben, at: '2026-04-02T09:00:00.000Z' }, refuse, 'test')).rejects.toThrow('already approved');
      const second = await store.publishSkillVersion('spring', version({ description: 'v2', sha256: 'b'.repeat(64) }), (existing) => expect(existing?.versions.map((v) => v.state)).toEqual(['approved']), 'test');
      expect(second.version.version).toBe(2);
      let approved = await store.approvedSkills('spring');
      expect(approved.map((s) => [s.name, s.version])).toEqual([['expense-summary', 1]]);
      expect(approved[0].files[0].content).toBe(b64(SKILL_MD));
      const before = await store.approvedSkillsFingerprint('spring');
      await store.reviewSkillVersion('spring', 'expense-summary', 2, { verdict: 'approve', note: 'ok', by: ben, at: '2026-04-03T09:00:00.000Z' }, refuse, 'test');
      approved = await store.approvedSkills('spring');
      expect(approved.map((s) => s.version)).toEqual([2]);
      expect(await store.approvedSkillsFingerprint('spring')).not.toBe(before);

      expect(await store.recordSkillInstall('spring', 'expense-summary', ben, 'install', 2, '2026-04-04T09:00:00.000Z')).toBe(true);
      expect(await store.recordSkillInstall('spring', 'expense-summary', aiko, 'install', 2, '2026-04-04T09:00:00.000Z')).toBe(true);
      expect(await store.recordSkillInstall('spring', 'nope', aiko, 'install', 1, '2026-04-04T09:00:00.000Z')).toBe(false);
      await store.recordSkillInstall('spring', 'expense-summary', aiko, 'remove', undefined, '2026-04-05T09:00:00.000Z');
      expect(await store.addSkillUses('spring', ben, [{ day: '2026-04-05', counts: { 'expense-summary': 3, unknown: 1 } }])).toEqual({ stored: 1, unknown: ['unknown'] });
      await store.addSkillUses('spring', ben, [{ day: '2026-04-05', counts: { 'expense-summary': 4 } }]);
      const shown = await store.getSkill('spring', 'expense-summary');
      expect(shown?.skill).toMatchObject({ approvedVersion: 2, description: 'v2', installs: { people: 1, byTeam: { Sales: 1 } }, uses: 4 });
      expect(shown?.versions.map((v) => [v.version, v.state, v.review?.by.name])).toEqual([
        [1, 'approved', 'Ben'],
        [2, 'approved', 'Ben'],
      ]);
      expect((await store.changes('spring')).filter((c) => c.action.startsWith('skill.')).map((c) => c.action).sort()).toEqual(['skill.approve', 'skill.approve', 'skill.publish', 'skill.publish']);
    } finally {
      await store.close();
    }
  });
});
