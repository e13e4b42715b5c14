import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium (installed by .ci/run), driven by playwright-core. CHROMIUM_PATH overrides.
 * Without a browser the browser tests fail in CI and are skipped (with a message) on a developer's
 * laptop that has none.
 */
const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
].filter((p): p is string => Boolean(p));

export const chromiumPath = CANDIDATES.find((p) => existsSync(p));

export const browserMissingMessage = 'No chromium found: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.';

/** True when the tests must run (a browser exists, or this is CI where a missing one is a failure). */
export const runBrowserTests = Boolean(chromiumPath) || Boolean(process.env.CI);

export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error(browserMissingMessage);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
