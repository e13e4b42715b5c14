import { describe, expect, it } from 'vitest';
import { pinnedCodexVersion } from './codex-versions.js';
import { type VersionSources, resolveVersions } from './codex-versions.setup.js';

/** Which Codex versions the real-Codex suites run against, and what happens when the newest cannot be had. */
function sources(overrides: Partial<VersionSources>): VersionSources & { lines: string[] } {
  const lines: string[] = [];
  return {
    newest: async () => '99.0.0',
    install: async (version, cache) => ({ codexJs: `${cache}/${version}/node_modules/@openai/codex/bin/codex.js`, installed: true, ms: 14_800 }),
    say: (line) => lines.push(line),
    lines,
    ...overrides,
  };
}
const pinned = pinnedCodexVersion();
const offline = () => Promise.reject(new Error('npm error code ECONNREFUSED\nnpm error more'));

describe('the Codex versions under test', () => {
  it('are the pinned version from package.json and the newest on the registry, installed into the cache', async () => {
    const s = sources({});
    const versions = await resolveVersions({ WORKSHOP_CODEX_CACHE: '/cache/codex' }, s);
    expect(versions.map((v) => [v.version, v.role])).toEqual([
      [pinned, 'pinned'],
      ['99.0.0', 'newest'],
    ]);
    expect(versions[1]!.codexJs).toBe('/cache/codex/99.0.0/node_modules/@openai/codex/bin/codex.js');
    expect(s.lines).toEqual([`real-Codex suites: Codex ${pinned} (pinned) and Codex 99.0.0 (newest, installed in 14.8 s in /cache/codex)`]);
  });

  it('run the pinned version once when it is the newest', async () => {
    expect(await resolveVersions({}, sources({ newest: async () => pinned }))).toHaveLength(1);
  });

  it('on a laptop without the registry, test the pinned version and say so in one line', async () => {
    const s = sources({ newest: offline });
    expect((await resolveVersions({}, s)).map((v) => v.role)).toEqual(['pinned']);
    expect(s.lines).toEqual([`real-Codex suites: newest @openai/codex not tested (the npm registry did not answer: npm error code ECONNREFUSED); Codex ${pinned} (pinned) only`]);
  });

  it('in CI, fail when the newest cannot be asked for or installed, naming the version', async () => {
    await expect(resolveVersions({ CI: 'true' }, sources({ newest: offline }))).rejects.toThrow(/^Could not ask the npm registry for the newest @openai\/codex \(npm error code ECONNREFUSED\): CI must test it\.$/);
    const failing = sources({ install: () => Promise.reject(new Error('npm error 404 Not Found')) });
    await expect(resolveVersions({ CI: 'true', WORKSHOP_CODEX_CACHE: '/cache/codex' }, failing)).rejects.toThrow('Could not install @openai/codex@99.0.0 (the newest) into /cache/codex: npm error 404 Not Found');
    await expect(resolveVersions({ CI: 'true', WORKSHOP_NEWEST_CODEX: 'skip' }, sources({}))).rejects.toThrow(/not allowed in CI/);
  });
});
