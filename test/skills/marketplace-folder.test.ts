import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMarketplace } from '../../facilitator/skills/marketplace.js';
import { parseMarketplaceRoot, parsePluginList } from '../../src/skills/codex-plugins.js';
import { recoverMarketplaceFolder, safeRelativePath, writeMarketplaceFolder } from '../../src/skills/marketplace-folder.js';
import { serverOfLink } from '../../src/report/server-target.js';
import { skillFiles } from './helpers.js';

/** The laptop's marketplace folder (swapped in whole), and reading Codex's plugin tables loosely. */
let dir: string | undefined;
afterEach(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const market = (skills: Array<{ name: string; version: number; extra?: Record<string, string> }>) =>
  buildMarketplace('spring', skills.map((s) => ({ name: s.name, team: 'Sales', version: s.version, description: s.name, files: skillFiles({ name: s.name, extra: s.extra ?? {} }) })), { etag: '"e"', generatedAt: '2026-04-01T00:00:00.000Z' });

async function tree(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(root, { withFileTypes: true, recursive: true })) if (entry.isFile()) out.push(path.relative(root, path.join(entry.parentPath, entry.name)));
  return out.sort();
}

describe('the marketplace folder', () => {
  it('is replaced whole: files no longer in the marketplace are gone, scripts stay executable, no leftovers', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-folder-'));
    const folder = await writeMarketplaceFolder(dir, market([{ name: 'a-skill', version: 1, extra: { 'scripts/x.sh': 'echo\n' } }, { name: 'b-skill', version: 1 }]));
    expect(folder).toBe(path.join(dir, 'spring-skills'));
    expect((await fs.stat(path.join(folder, 'plugins/a-skill/skills/a-skill/scripts/x.sh'))).mode & 0o777).toBe(0o755);
    await writeMarketplaceFolder(dir, market([{ name: 'a-skill', version: 2 }]));
    expect(await tree(folder)).toEqual(['.agents/plugins/marketplace.json', 'plugins/a-skill/.codex-plugin/plugin.json', 'plugins/a-skill/skills/a-skill/SKILL.md']);
    expect(await fs.readdir(dir)).toEqual(['spring-skills']);
  });

  it('refuses a file outside the folder and writes nothing', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-folder-'));
    const m = market([{ name: 'a-skill', version: 1 }]);
    for (const bad of ['../evil', 'plugins/../../evil', '/etc/x', 'C:/x', 'plugins\\x', 'other/file', 'plugins//x']) {
      expect(safeRelativePath(bad), bad).toBe(false);
      await expect(writeMarketplaceFolder(dir, { ...m, files: [...m.files, { path: bad, content: '', executable: false }] })).rejects.toThrow(/outside its folder/);
    }
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('puts back the old folder when a swap was cut short between its two renames', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-folder-'));
    const folder = await writeMarketplaceFolder(dir, market([{ name: 'a-skill', version: 1 }]));
    await fs.rename(folder, path.join(dir, '.spring-skills.old-1-ab'));
    await fs.mkdir(path.join(dir, '.spring-skills.new-1-ab'));
    await recoverMarketplaceFolder(dir, 'spring-skills');
    expect(await fs.readdir(dir)).toEqual(['spring-skills']);
    expect(await tree(folder)).toContain('plugins/a-skill/skills/a-skill/SKILL.md');
  });
});

describe("Codex's plugin tables, read loosely", () => {
  const LIST = [
    'Marketplace `spring-skills`',
    '/home/c/.config/codex-workshop/skills/spring-skills/.agents/plugins/marketplace.json',
    '',
    'PLUGIN                          STATUS              VERSION  SOURCE',
    'expense-summary@spring-skills   installed, enabled  2.0.0    /home/c/.config/codex-workshop/skills/spring-skills/plugins/expense-summary',
    'weekly-report@spring-skills     not installed                /home/c/.config/codex-workshop/skills/spring-skills/plugins/weekly-report',
    'other@elsewhere                 installed, enabled  1.0.0    /x',
  ].join('\n');

  it('finds our rows, installed or not, with the installed version', () => {
    expect(parsePluginList(LIST, 'spring-skills')).toEqual([
      { plugin: 'expense-summary', marketplace: 'spring-skills', installed: true, version: '2.0.0' },
      { plugin: 'weekly-report', marketplace: 'spring-skills', installed: false },
    ]);
    expect(parsePluginList('No marketplace plugins found.', 'spring-skills')).toEqual([]);
    // A newer wording that keeps the words.
    expect(parsePluginList('expense-summary@spring-skills  Installed (disabled)  3.0.0', 'spring-skills')).toEqual([{ plugin: 'expense-summary', marketplace: 'spring-skills', installed: true, version: '3.0.0' }]);
  });

  it('finds the folder a marketplace was added from', () => {
    expect(parseMarketplaceRoot('MARKETPLACE    ROOT\nspring-skills  /tmp/a b/m\n', 'spring-skills')).toBe('/tmp/a b/m');
    expect(parseMarketplaceRoot('MARKETPLACE    ROOT\n', 'spring-skills')).toBeUndefined();
  });
});

describe('where the programme server is, from the hub link', () => {
  it('is the follow-up address without /p, or the server a date is hosted on', () => {
    expect(serverOfLink({ hubUrl: 'http://10.0.0.5:4545', followUpUrl: 'https://w.example.com/p' })).toBe('https://w.example.com');
    expect(serverOfLink({ hubUrl: 'https://w.example.com/s/2026-04-01' })).toBe('https://w.example.com');
    expect(serverOfLink({ hubUrl: 'http://10.0.0.5:4545' })).toBeUndefined();
  });
});
