import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The Codex CLI versions the real-Codex suites run against: the version the kit pins (package.json's
 * devDependency, installed by `npm install`) and the newest on the npm registry at test time, installed
 * once into a cache folder and reused. A suite that breaks with the newest Codex fails under a name
 * that carries that version ("… with Codex 0.172.0 (newest)").
 *
 * Resolved once per `vitest run` by test/support/codex-versions.setup.ts (vitest globalSetup) and handed
 * to the suites with `inject('codexVersions')`.
 */
export interface CodexUnderTest {
  version: string;
  role: 'pinned' | 'newest';
  /** The wrapper script `bin/codex.js` (run with node), as `node_modules/.bin/codex` would. */
  codexJs: string;
}

export const CODEX_PACKAGE = '@openai/codex';

/** The version the kit pins, from package.json: the tests follow it when it moves. */
export function pinnedCodexVersion(root = process.cwd()): string {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  return manifest.devDependencies[CODEX_PACKAGE]!;
}

export function pinnedCodex(root = process.cwd()): CodexUnderTest {
  return { version: pinnedCodexVersion(root), role: 'pinned', codexJs: path.join(root, 'node_modules', '@openai', 'codex', 'bin', 'codex.js') };
}

/** Where newer Codex versions are installed: `<cache>/<version>/node_modules/@openai/codex`. */
export function codexCacheRoot(root = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  return env.WORKSHOP_CODEX_CACHE ? path.resolve(env.WORKSHOP_CODEX_CACHE) : path.join(root, 'node_modules', '.cache', 'codex-workshop', 'codex');
}

/** How a suite names the version it runs: "Codex 0.171.0 (newest)". */
export function codexLabel(codex: CodexUnderTest): string {
  return `Codex ${codex.version} (${codex.role})`;
}

/** The executable the kit's code takes (`FoundExecutable`): node running the wrapper. */
export function codexExecutable(codex: CodexUnderTest): { path: string; file: string; prefixArgs: string[] } {
  return { path: codex.codexJs, file: process.execPath, prefixArgs: [codex.codexJs] };
}

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The newest published version, from `npm view`. */
export async function newestCodexVersion(timeoutMs = 30_000): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await run(npm, ['view', CODEX_PACKAGE, 'version'], { timeout: timeoutMs, shell: process.platform === 'win32' }));
  } catch (error) {
    // npm's own first error line ("npm error code ECONNREFUSED") says more than "Command failed".
    const said = String((error as { stderr?: string }).stderr ?? '').split('\n').find((line) => /npm (error|ERR!)/.test(line));
    throw new Error(said?.trim() ?? (error as Error).message);
  }
  const version = stdout.trim();
  if (!/^\d+\.\d+\.\d+/.test(version)) throw new Error(`npm view ${CODEX_PACKAGE} version printed "${version}"`);
  return version;
}

/**
 * Installs one Codex version into the cache (a temporary folder renamed into place, so a half install
 * is never used) unless it is there already; returns its wrapper script.
 */
export async function installCachedCodex(version: string, cacheRoot: string, timeoutMs = 600_000): Promise<{ codexJs: string; installed: boolean; ms: number }> {
  const started = performance.now();
  const dir = path.join(cacheRoot, version);
  const codexJs = path.join(dir, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
  if (existsSync(codexJs)) return { codexJs, installed: false, ms: 0 };
  await fs.mkdir(cacheRoot, { recursive: true });
  const building = await fs.mkdtemp(path.join(cacheRoot, `.${version}-`));
  try {
    await fs.writeFile(path.join(building, 'package.json'), JSON.stringify({ name: 'codex-under-test', version: '0.0.0', private: true }));
    await run(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `${CODEX_PACKAGE}@${version}`], {
      cwd: building,
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
      shell: process.platform === 'win32',
    });
    if (!existsSync(path.join(building, 'node_modules', '@openai', 'codex', 'bin', 'codex.js'))) throw new Error('the install finished without bin/codex.js');
    await fs.rename(building, dir).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(codexJs)) throw error;
    });
  } finally {
    await fs.rm(building, { recursive: true, force: true });
  }
  return { codexJs, installed: true, ms: performance.now() - started };
}

/** Reads what the global setup provided; outside vitest's inject (plain scripts), the pinned one only. */
export function underTest(provided: CodexUnderTest[] | undefined): CodexUnderTest[] {
  return provided && provided.length > 0 ? provided : [pinnedCodex()];
}
