import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countSkillUses, skillOfCachePath, skillUsesInLines } from '../../src/skills/use-counter.js';

/**
 * Counting company-skill use from Codex session logs, names only. The fixtures are lines of rollouts
 * recorded with the real Codex 0.169.0 and 0.171.0 against a scripted model (test/fixtures/skill-rollouts,
 * from the issue 15 research), with the marketplace renamed to this kit's layout (one plugin per skill:
 * `spring-skills/expense-summary`), and the big instruction lines left out.
 */
const FIXTURES = path.resolve('test/fixtures/skill-rollouts');
const MARKET = 'spring-skills';
const lines = async (name: string) => (await fs.readFile(path.join(FIXTURES, `${name}.jsonl`), 'utf8')).split('\n').filter(Boolean);
const uses = async (name: string) => Object.fromEntries(skillUsesInLines(await lines(name), MARKET).uses);

describe('skill use in a rollout', () => {
  it('counts an explicit `$expense-summary:expense-summary` from the injected <skill> message (0.169.0)', async () => {
    expect(await uses('169-explicit-full')).toEqual({ 'expense-summary': { explicit: true, implicit: false } });
    expect(skillUsesInLines(await lines('169-explicit-full'), MARKET).sessionId).toMatch(/^01a22616-/);
  });

  it("counts our plugin's skill and none of the person's own or a repository's skills (0.171.0)", async () => {
    // The same session also used $notes-helper ($CODEX_HOME/skills) and $repo-helper (.agents/skills).
    expect(await uses('171-explicit-user-repo')).toEqual({ 'expense-summary': { explicit: true, implicit: false } });
  });

  it('counts an implicit use when the model reads our SKILL.md by command (exec_command, or the JS exec tool)', async () => {
    expect(await uses('169-implicit-cat')).toEqual({ 'expense-summary': { explicit: false, implicit: true } });
    expect(await uses('171-implicit-jscat')).toEqual({ 'expense-summary': { explicit: false, implicit: true } });
  });

  it('counts nothing for a session without skills, a repository skill read by a relative path, or a script run without reading SKILL.md', async () => {
    expect(await uses('169-plain')).toEqual({});
    expect(await uses('169-implicit-relsed')).toEqual({});
    expect(await uses('171-implicit-script')).toEqual({});
  });

  it('counts a skill once in a session resumed with `codex exec resume` (the same rollout grows)', async () => {
    expect(await uses('169-resume')).toEqual({ 'expense-summary': { explicit: true, implicit: false } });
  });

  it('counts another marketplace not at all', async () => {
    expect(Object.fromEntries(skillUsesInLines(await lines('169-explicit-full'), 'other-skills').uses)).toEqual({});
  });

  it('resolves a relative read against the command folder, and keeps no text but the name', () => {
    const line = JSON.stringify({
      type: 'event_msg',
      payload: { type: 'item_completed', item: { type: 'CommandExecution', cwd: 'file:///home/chie/.codex/plugins', parsed_cmd: [{ type: 'read', path: 'cache/spring-skills/weekly-report/3.0.0/skills/weekly-report/SKILL.md' }], aggregated_output: 'SECRET BODY' } },
    });
    const found = skillUsesInLines([line], MARKET);
    expect(Object.fromEntries(found.uses)).toEqual({ 'weekly-report': { explicit: false, implicit: true } });
    expect(JSON.stringify([...found.uses])).not.toContain('SECRET');
  });

  it('reads a SKILL.md path of our cache only, with the plugin named as the skill', () => {
    expect(skillOfCachePath('/h/.codex/plugins/cache/spring-skills/a-b/1.0.0/skills/a-b/SKILL.md', MARKET)).toBe('a-b');
    expect(skillOfCachePath('C:\\Users\\c\\.codex\\plugins\\cache\\spring-skills\\a-b\\2.0.0\\skills\\a-b\\SKILL.md', MARKET)).toBe('a-b');
    expect(skillOfCachePath('/h/.codex/plugins/cache/spring-skills/team/1.0.0/skills/a-b/SKILL.md', MARKET)).toBeUndefined();
    expect(skillOfCachePath('/h/.codex/plugins/cache/spring-skills/A_B/1.0.0/skills/A_B/SKILL.md', MARKET)).toBeUndefined();
    expect(skillOfCachePath('/h/.codex/skills/a-b/SKILL.md', MARKET)).toBeUndefined();
  });
});

describe('skill use per day, from the session logs', () => {
  let home: string | undefined;
  afterEach(async () => {
    if (home) await fs.rm(home, { recursive: true, force: true });
  });

  it('counts each skill once per session (a resumed session is one), on the day the session started', async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'skill-uses-'));
    const explicit = await lines('169-explicit-full');
    const implicit = await lines('169-implicit-cat');
    const started = JSON.parse(explicit[0]!).payload.timestamp as string;
    const d = new Date(started);
    const dir = path.join(home, 'sessions', String(d.getFullYear()), String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0'));
    await fs.mkdir(dir, { recursive: true });
    // Two uses in one session, the same session resumed into a second file, and another session.
    await fs.writeFile(path.join(dir, 'rollout-a.jsonl'), [...explicit, ...explicit.slice(1)].join('\n'));
    await fs.writeFile(path.join(dir, 'rollout-a_1.jsonl'), explicit.join('\n'));
    await fs.writeFile(path.join(dir, 'rollout-b.jsonl'), implicit.join('\n'));
    const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const counted = await countSkillUses(home, MARKET, day, day);
    expect(Object.fromEntries([...counted.perDay].map(([k, v]) => [k, Object.fromEntries(v)]))).toEqual({ [day]: { 'expense-summary': 2 } });
    expect(Object.fromEntries(counted.bySkill)).toEqual({ 'expense-summary': { explicit: 1, implicit: 1 } });
  });
});
