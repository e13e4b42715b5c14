import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BROWSER_CACHE, type FoundBrowser, findBrowser, unpackedPackageChromium } from './browser.js';

/** The browser finder the dashboard and report tests use: a named one, a system one, the packaged one, or one clear line. */
const only = (...files: string[]) => (file: string) => files.includes(file);
const PACKAGED: FoundBrowser = { executablePath: '/cache/chromium-147.0.0/chromium', source: '@sparticuz/chromium', env: { LD_LIBRARY_PATH: '/cache/lib' } };
const noPackage = async () => undefined;

describe('finding a browser for the browser tests', () => {
  it('takes the browser named in WORKSHOP_BROWSER first, and says so when it does not exist', async () => {
    const env = { WORKSHOP_BROWSER: '/opt/my/chrome', CHROMIUM_PATH: '/usr/bin/chromium' };
    expect(await findBrowser({ env, platform: 'linux', exists: only('/opt/my/chrome', '/usr/bin/chromium') })).toEqual({ found: { executablePath: '/opt/my/chrome', source: 'environment' } });
    const missing = await findBrowser({ env, platform: 'linux', exists: only('/usr/bin/chromium') });
    expect(missing).toEqual({ missing: expect.stringMatching(/^WORKSHOP_BROWSER names \/opt\/my\/chrome, which does not exist/) });
    expect(await findBrowser({ env: { CHROME_PATH: '/x/chrome' }, platform: 'linux', exists: only('/x/chrome') })).toMatchObject({ found: { executablePath: '/x/chrome' } });
  });

  it('finds a system Chrome, Chromium or Edge where each OS puts them, before the packaged one', async () => {
    const packaged = async () => PACKAGED;
    expect(await findBrowser({ env: {}, platform: 'linux', arch: 'x64', exists: only('/usr/bin/google-chrome-stable'), packaged })).toEqual({ found: { executablePath: '/usr/bin/google-chrome-stable', source: 'system' } });
    const mac = await findBrowser({ env: {}, platform: 'darwin', arch: 'arm64', exists: only('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge') });
    expect(mac).toMatchObject({ found: { source: 'system' } });
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const windows = await findBrowser({ env: { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' }, platform: 'win32', arch: 'x64', exists: only(edge) });
    expect(windows).toEqual({ found: { executablePath: edge, source: 'system' } });
  });

  it('falls back to the Chromium of @sparticuz/chromium on Linux x64 only', async () => {
    expect(await findBrowser({ env: {}, platform: 'linux', arch: 'x64', exists: only(), packaged: async () => PACKAGED })).toEqual({ found: PACKAGED });
    let asked = false;
    const arm = await findBrowser({ env: {}, platform: 'linux', arch: 'arm64', exists: only(), packaged: async () => ((asked = true), PACKAGED) });
    expect(asked).toBe(false);
    expect(arm).toEqual({ missing: expect.stringContaining('apt-get install -y chromium') });
  });

  it('with no browser at all, says in one line how to get one on this OS', async () => {
    const lines = await Promise.all(
      (
        [
          ['linux', 'x64'],
          ['darwin', 'arm64'],
          ['win32', 'x64'],
        ] as const
      ).map(async ([platform, arch]) => {
        const result = await findBrowser({ env: {}, platform, arch, exists: only(), packaged: noPackage });
        return 'missing' in result ? result.missing : '';
      }),
    );
    for (const line of lines) {
      expect(line).toMatch(/^No browser for the browser tests: .*WORKSHOP_BROWSER/);
      expect(line).not.toContain('\n');
    }
    expect(lines[0]).toContain('npm install');
    expect(lines[1]).toContain('Google Chrome');
    expect(lines[2]).toContain('Microsoft Edge');
  });
});

const packagedHere = process.platform === 'linux' && process.arch === 'x64';
if (!packagedHere) process.stderr.write('the packaged-Chromium test runs on Linux x64 only (where @sparticuz/chromium ships a binary)\n');

describe.runIf(packagedHere)('the Chromium inside @sparticuz/chromium', () => {
  it('unpacks once with its own NSS libraries, and renders a page', async () => {
    const found = await unpackedPackageChromium(BROWSER_CACHE);
    expect(found, '@sparticuz/chromium is a devDependency: run npm install').toBeDefined();
    const again = await unpackedPackageChromium(BROWSER_CACHE);
    expect(again).toEqual(found);
    const browser = await chromium.launch({ executablePath: found!.executablePath, args: ['--no-sandbox', '--disable-gpu'], env: { ...process.env, ...found!.env } as Record<string, string> });
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="x">rendered</p>');
      expect(await page.textContent('#x')).toBe('rendered');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
