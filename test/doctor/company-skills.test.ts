import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctorMessages } from '../../src/i18n/doctor/index.js';
import { writeSkillsState } from '../../src/skills/skills-state.js';
import { doctorIn, doctorJson } from './helpers/run.js';
import { makeSandbox, type Sandbox } from './helpers/sandbox.js';

/** The doctor's "Company skills" check (issue 15): informational, read from files only, hidden when unused. */
let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

async function fetched(ago: number, skills = 2): Promise<void> {
  const fetchedAt = new Date(Date.now() - ago).toISOString();
  await writeSkillsState(
    { schemaVersion: 1, marketplace: { name: 'spring-skills', etag: '"e"', fetchedAt, generatedAt: fetchedAt, skills: Array.from({ length: skills }, (_, i) => ({ name: `skill-${i}`, version: 1, team: 'Sales', description: 'x' })) }, registered: true, installed: {} },
    box.env,
  );
}

describe('the Company skills check', () => {
  it('is hidden on a laptop that never fetched the marketplace', async () => {
    const run = await doctorJson(box, { only: ['skills.company', 'node'] });
    expect(run.json.checks.map((c) => c.id)).toEqual(['node']);
  });

  it('says registered, up to date, and how many are installed, from Codex config.toml', async () => {
    await fetched(60_000);
    await fs.writeFile(path.join(box.codexHome, 'config.toml'), '[marketplaces.spring-skills]\nsource_type = "local"\nsource = "/x"\n\n[plugins."skill-0@spring-skills"]\nenabled = true\n\n[plugins."other@else"]\nenabled = true\n');
    const run = await doctorJson(box, { only: ['skills.company'] });
    expect(run.check('skills.company')).toMatchObject({ status: 'ok', code: 'skills_up_to_date' });
    expect(run.check('skills.company').summary).toBe('The company marketplace spring-skills is registered with Codex: 1 of 2 approved skills installed. Up to date (fetched within the last day).');
    expect(run.code).toBe(0);
  });

  it('never warns: not registered, or fetched days ago, is still ok (in Japanese too)', async () => {
    await fetched(3 * 24 * 3600_000);
    const run = await doctorJson(box, { only: ['skills.company'] });
    expect(run.check('skills.company')).toMatchObject({ status: 'ok', code: 'skills_not_registered' });
    expect(run.check('skills.company').summary).toMatch(/not registered with Codex.*Fetched 3 days ago/);
    const ja = await doctorIn(box, { only: ['skills.company'], lang: 'ja' });
    expect(ja.stdout).toContain(doctorMessages('ja').titles['skills.company']);
    expect(ja.stdout).toContain('3 日前に取得');
    expect(ja.code).toBe(0);
  });
});
