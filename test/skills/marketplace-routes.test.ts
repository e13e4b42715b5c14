import { afterAll, describe, expect, it } from 'vitest';
import { buildMarketplace, etagMatches, marketplaceEtag, marketplaceName } from '../../facilitator/skills/marketplace.js';
import { marketplacePlugin } from '../../facilitator/skills/marketplace-routes.js';
import { serverPath } from '../../src/protocol/server-api.js';
import { MarketplaceResponse, SkillPaths } from '../../src/protocol/skills.js';
import { addParticipants } from '../quests/helpers.js';
import { PROGRAMME, startTestServer } from '../server/helpers.js';
import { ENGINES, cleanupTargets, engineAvailable } from '../support/engines.js';
import { b64, putSkill, skillFiles } from './helpers.js';

/** The marketplace the programme server builds (issue 15): Codex's own format, approved versions only, with an ETag. */
afterAll(cleanupTargets);

const decode = (content: string) => Buffer.from(content, 'base64').toString('utf8');
const fileOf = (m: MarketplaceResponse, path: string) => m.files.find((f) => f.path === path);

describe('the marketplace, pure', () => {
  it('is named after the programme, in the characters Codex takes', () => {
    expect(marketplaceName('spring')).toBe('spring-skills');
    expect(marketplaceName('Tokyo_2026__Q1')).toBe('tokyo-2026-q1-skills');
    expect(marketplaceName('___')).toBe('company-skills');
    expect(marketplaceName('a'.repeat(64))).toMatch(/^a{56}-skills$/);
  });

  it('has one plugin per skill, in the layout `codex plugin marketplace add` reads, with executable bits kept', () => {
    const m = buildMarketplace(
      'spring',
      [
        { name: 'weekly-report', team: 'Sales', version: 3, description: 'Weekly report', files: skillFiles({ name: 'weekly-report', extra: { 'scripts/run.sh': 'echo hi\n', 'references/a.md': 'A' } }) },
        { name: 'expense-summary', team: 'Finance', version: 1, description: 'Expenses', files: skillFiles({ name: 'expense-summary' }) },
      ],
      { etag: '"x"', generatedAt: '2026-04-01T00:00:00.000Z' },
    );
    expect(m.name).toBe('spring-skills');
    expect(JSON.parse(decode(fileOf(m, '.agents/plugins/marketplace.json')!.content))).toEqual({
      name: 'spring-skills',
      plugins: [
        { name: 'expense-summary', source: { source: 'local', path: './plugins/expense-summary' }, policy: { installation: 'AVAILABLE' }, category: 'Finance' },
        { name: 'weekly-report', source: { source: 'local', path: './plugins/weekly-report' }, policy: { installation: 'AVAILABLE' }, category: 'Sales' },
      ],
    });
    expect(JSON.parse(decode(fileOf(m, 'plugins/weekly-report/.codex-plugin/plugin.json')!.content))).toEqual({ name: 'weekly-report', version: '3.0.0', description: 'Weekly report', skills: './skills/' });
    expect(fileOf(m, 'plugins/weekly-report/skills/weekly-report/scripts/run.sh')).toMatchObject({ executable: true, content: b64('echo hi\n') });
    expect(fileOf(m, 'plugins/weekly-report/skills/weekly-report/SKILL.md')?.executable).toBe(false);
    expect(m.skills).toEqual([
      { name: 'expense-summary', version: 1, pluginVersion: '1.0.0', team: 'Finance', description: 'Expenses' },
      { name: 'weekly-report', version: 3, pluginVersion: '3.0.0', team: 'Sales', description: 'Weekly report' },
    ]);
    expect(MarketplaceResponse.safeParse(m).success).toBe(true);
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    const etag = marketplaceEtag('spring-skills', 'a:1:x');
    expect(etag).not.toBe(marketplaceEtag('spring-skills', 'a:2:y'));
    expect(etagMatches(etag, etag)).toBe(true);
    expect(etagMatches(`"other", W/${etag}`, etag)).toBe(true);
    expect(etagMatches('*', etag)).toBe(true);
    expect(etagMatches('"other"', etag)).toBe(false);
    expect(etagMatches(undefined, etag)).toBe(false);
  });
});

describe.each(ENGINES)('GET the marketplace on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('serves approved versions only to participants and facilitators, with an ETag and 304', async () => {
    const server = await startTestServer(kind, { plugins: [marketplacePlugin({ clock: () => new Date('2026-04-02T00:00:00.000Z') })] });
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, [{ name: 'Chie', email: 'chie@example.com', team: 'Sales' }]);
      const join = tokens.get('chie@example.com')!;
      const path = serverPath(SkillPaths.marketplace, { programmeId: PROGRAMME.id });
      await putSkill(server.store, PROGRAMME.id, { name: 'expense-summary' });
      await putSkill(server.store, PROGRAMME.id, { name: 'draft-skill' }, 'pending');
      await putSkill(server.store, PROGRAMME.id, { name: 'bad-skill' }, 'reject');

      const first = await server.call(path, { token: join });
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"mp-/);
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      const body = MarketplaceResponse.parse(await first.json());
      expect(body).toMatchObject({ name: 'spring-skills', etag, generatedAt: '2026-04-02T00:00:00.000Z' });
      expect(body.skills.map((s) => s.name)).toEqual(['expense-summary']);
      expect(body.files.some((f) => f.path.includes('draft-skill') || f.path.includes('bad-skill'))).toBe(false);

      const again = await server.call(path, { token: join, headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');

      // A facilitator token of any role reads it too.
      const viewer = await server.call(path, { token: await server.token('viewer'), headers: { 'If-None-Match': etag } });
      expect(viewer.status).toBe(304);

      // A new approved version changes the ETag.
      await putSkill(server.store, PROGRAMME.id, { name: 'expense-summary', body: 'Version two.' });
      const moved = await server.call(path, { token: join, headers: { 'If-None-Match': etag } });
      expect(moved.status).toBe(200);
      expect(moved.headers.get('etag')).not.toBe(etag);
      expect(MarketplaceResponse.parse(await moved.json()).skills[0]).toMatchObject({ name: 'expense-summary', version: 2, pluginVersion: '2.0.0' });
    } finally {
      await server.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('refuses no token, an unknown token, and another programme', async () => {
    const server = await startTestServer(kind, { plugins: [marketplacePlugin()] });
    try {
      const path = serverPath(SkillPaths.marketplace, { programmeId: PROGRAMME.id });
      expect((await server.call(path)).status).toBe(401);
      expect((await server.call(path, { token: 'not-a-join-token-at-all-0123456789' })).status).toBe(401);
      expect((await server.call(path, { token: 'wst_unknown0123456789abcdefghijklmnop' })).status).toBe(401);
      const other = await server.call(serverPath(SkillPaths.marketplace, { programmeId: 'autumn' }), { token: server.owner });
      expect(other.status).toBe(404);
      expect(((await other.json()) as { error: string }).error).toBe('unknown_programme');
    } finally {
      await server.close();
    }
  });
});
