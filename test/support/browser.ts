import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompress } from 'node:zlib';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';

/**
 * The browser the dashboard and report tests drive (playwright-core, which ships no browser). Found in
 * this order, the first that exists wins:
 *
 *   1. WORKSHOP_BROWSER (or CHROME_PATH, CHROMIUM_PATH): an executable you name (named but missing is an
 *      error), or `@sparticuz/chromium` to force step 3.
 *   2. A system Chrome, Chromium or Edge at the usual places for this OS.
 *   3. On Linux x64, the Chromium inside the `@sparticuz/chromium` devDependency (brotli-packed for
 *      serverless; unpacked once into node_modules/.cache/codex-workshop/, with the NSS libraries it
 *      needs, so no system package is required).
 *
 * Only when none of these can be had do the browser tests fail, with one line that says how to get one.
 */
export interface FoundBrowser {
  executablePath: string;
  /** Where it came from, for the test log. */
  source: 'environment' | 'system' | '@sparticuz/chromium';
  /** Extra environment for the browser process (the unpacked Chromium's own libraries and fonts). */
  env?: Record<string, string>;
}

export type BrowserSearch = { found: FoundBrowser } | { missing: string };

/** The variables that name a browser, first one set wins. */
export const BROWSER_VARIABLES = ['WORKSHOP_BROWSER', 'CHROME_PATH', 'CHROMIUM_PATH'] as const;

/** The usual install places of Chrome, Chromium and Edge. */
export function systemBrowserPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home = os.homedir()): string[] {
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];
    return [...apps.map((app) => `/Applications/${app}`), ...apps.map((app) => path.join(home, 'Applications', app))];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    const exes = ['Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe', 'Chromium\\Application\\chrome.exe'];
    return exes.flatMap((exe) => roots.map((root) => path.win32.join(root, exe)));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/snap/bin/chromium',
  ];
}

/** The one line printed when no browser can be had: how to get one on this OS. */
export function browserMissingLine(platform: NodeJS.Platform, arch: string): string {
  const install =
    platform === 'darwin'
      ? 'install Google Chrome (or `brew install --cask chromium`)'
      : platform === 'win32'
        ? 'install Google Chrome or Microsoft Edge'
        : arch === 'x64'
          ? 'run `npm install` (it brings @sparticuz/chromium) or install Chromium (Debian/Ubuntu: apt-get install -y chromium)'
          : 'install Chromium (Debian/Ubuntu: apt-get install -y chromium)';
  return `No browser for the browser tests: ${install}, or set WORKSHOP_BROWSER to a Chrome, Chromium or Edge executable.`;
}

const brotli = promisify(brotliDecompress);

/** Writes the regular files of a ustar archive under `dir` (the packed Chromium's archives hold nothing else). */
async function untar(archive: Buffer, dir: string): Promise<void> {
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const name = path.posix.join(field(345, 155), field(0, 100));
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const target = path.join(dir, ...name.split('/'));
    if (!target.startsWith(dir + path.sep)) throw new Error(`unsafe path in a browser archive: ${name}`);
    if (type === '5') await fs.mkdir(target, { recursive: true });
    else if (type === '0' || type === '') {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, archive.subarray(offset + 512, offset + 512 + size), { mode: Number.parseInt(field(100, 8).trim() || '644', 8) });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
}

function packageRoot(entry: string, name: string): string | undefined {
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
  }
  return undefined;
}

/**
 * The Chromium of `@sparticuz/chromium`, unpacked once into `cacheRoot/chromium-<version>` (built in a
 * temporary folder and renamed into place, so parallel test workers never see half a browser).
 */
export async function unpackedPackageChromium(cacheRoot: string, from: string = import.meta.url): Promise<FoundBrowser | undefined> {
  let root: string | undefined;
  try {
    root = packageRoot(createRequire(from).resolve('@sparticuz/chromium'), '@sparticuz/chromium');
  } catch {
    return undefined;
  }
  if (!root) return undefined;
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const dir = path.join(cacheRoot, `chromium-${version}`);
  const executablePath = path.join(dir, 'chromium');
  if (!existsSync(executablePath)) {
    await fs.mkdir(cacheRoot, { recursive: true });
    const building = await fs.mkdtemp(path.join(cacheRoot, `.chromium-${version}-`));
    try {
      const bin = path.join(root, 'bin');
      await fs.writeFile(path.join(building, 'chromium'), await brotli(await fs.readFile(path.join(bin, 'chromium.br'))), { mode: 0o755 });
      // NSS, NSPR and expat: the only libraries the binary needs beyond glibc.
      await untar(await brotli(await fs.readFile(path.join(bin, 'al2023.tar.br'))), building);
      // libEGL/libGLESv2 (SwiftShader), next to the executable where Chromium looks for them.
      await untar(await brotli(await fs.readFile(path.join(bin, 'swiftshader.tar.br'))), building);
      await untar(await brotli(await fs.readFile(path.join(bin, 'fonts.tar.br'))), building);
      const fontsConf = `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${dir}/fonts</dir>\n  <dir>/usr/share/fonts</dir>\n  <cachedir>${dir}/fonts-cache</cachedir>\n</fontconfig>\n`;
      await fs.writeFile(path.join(building, 'fonts.conf'), fontsConf);
      await fs.rename(building, dir).catch(async (error: NodeJS.ErrnoException) => {
        // Another worker finished first: use theirs.
        if (!existsSync(executablePath)) throw error;
      });
    } finally {
      await fs.rm(building, { recursive: true, force: true });
    }
  }
  return { executablePath, source: '@sparticuz/chromium', env: { LD_LIBRARY_PATH: [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'), FONTCONFIG_PATH: dir } };
}

export interface BrowserSearchOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  exists?: (file: string) => boolean;
  /** The packaged Chromium, or undefined when it is not installed (tests pass a fake). */
  packaged?: () => Promise<FoundBrowser | undefined>;
}

export const BROWSER_CACHE = path.resolve('node_modules/.cache/codex-workshop');

export async function findBrowser(options: BrowserSearchOptions = {}): Promise<BrowserSearch> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const exists = options.exists ?? existsSync;
  for (const variable of BROWSER_VARIABLES) {
    const named = env[variable];
    if (!named) continue;
    if (named === '@sparticuz/chromium') {
      const packaged = await (options.packaged ?? (() => unpackedPackageChromium(BROWSER_CACHE)))();
      return packaged ? { found: packaged } : { missing: `${variable}=@sparticuz/chromium, but that package is not installed (run npm install; it ships a browser for Linux x64 only).` };
    }
    if (exists(named)) return { found: { executablePath: named, source: 'environment' } };
    return { missing: `${variable} names ${named}, which does not exist: point it at a Chrome, Chromium or Edge executable, or unset it.` };
  }
  const system = systemBrowserPaths(platform, env).find((candidate) => exists(candidate));
  if (system) return { found: { executablePath: system, source: 'system' } };
  if (platform === 'linux' && arch === 'x64') {
    const packaged = await (options.packaged ?? (() => unpackedPackageChromium(BROWSER_CACHE)))();
    if (packaged) return { found: packaged };
  }
  return { missing: browserMissingLine(platform, arch) };
}

const LAUNCH_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let search: Promise<BrowserSearch> | undefined;

/** Starts the browser; with none to be had, fails with the one line that says how to get one. */
export async function launchBrowser(): Promise<Browser> {
  search ??= findBrowser();
  const result = await search;
  if ('missing' in result) throw new Error(result.missing);
  const { executablePath, env } = result.found;
  return chromium.launch({ executablePath, args: LAUNCH_ARGS, ...(env ? { env: { ...process.env, ...env } as Record<string, string> } : {}) });
}
