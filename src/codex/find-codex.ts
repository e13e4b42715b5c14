import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Finding the `codex` a participant would get by typing `codex` in their own terminal, and how to
 * start it from Node on every OS.
 *
 * Two traps shape this module:
 * - `npx workshop …` and `npm run …` put node_modules/.bin folders first on PATH. The kit has
 *   @openai/codex as a dev dependency, so without care the doctor would find the kit's private copy
 *   and say "installed" to someone whose own shell has no `codex` at all.
 * - On Windows npm installs `codex.cmd`, which Node cannot start without a shell; we start the
 *   JavaScript wrapper next to it with Node instead, which is what the .cmd does anyway.
 */
export interface FoundExecutable {
  /** Full path of the file found on PATH. */
  path: string;
  /** How to start it: file plus leading arguments. */
  file: string;
  prefixArgs: string[];
}

export interface LookupOptions {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Ignore PATH folders that npm/npx injected (node_modules/.bin) while running the kit. */
  ignoreNpmInjected?: boolean;
}

/** PATH split into folders; on Windows the variable may be spelled Path. */
export function pathEntries(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const key = platform === 'win32' ? (Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH') : 'PATH';
  const raw = env[key] ?? '';
  return raw
    .split(platform === 'win32' ? ';' : ':')
    .map((entry) => entry.trim().replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
}

/** True for a node_modules/.bin folder that npm or npx put on PATH for the running script. */
export function isNpmInjectedBinDir(dir: string, env: NodeJS.ProcessEnv): boolean {
  const underNpm = Boolean(env.npm_command || env.npm_lifecycle_event || env.npm_execpath);
  return underNpm && /node_modules[\\/]\.bin[\\/]?$/.test(dir);
}

function candidateNames(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform !== 'win32') return [name];
  const exts = (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD')
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  return exts.map((ext) => `${name}${ext}`);
}

async function isExecutableFile(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    if (platform === 'win32') return true;
    await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first `name` on PATH, as a participant's shell would find it. */
export async function findOnPath(name: string, options: LookupOptions): Promise<{ path: string; skipped: string[] } | undefined> {
  const skipped: string[] = [];
  for (const dir of pathEntries(options.env, options.platform)) {
    for (const candidate of candidateNames(name, options.env, options.platform)) {
      const full = path.join(dir, candidate);
      if (!(await isExecutableFile(full, options.platform))) continue;
      if (options.ignoreNpmInjected && isNpmInjectedBinDir(dir, options.env)) {
        skipped.push(full);
        continue;
      }
      return { path: full, skipped };
    }
  }
  return skipped.length ? { path: '', skipped } : undefined;
}

const CODEX_WRAPPER = ['node_modules', '@openai', 'codex', 'bin', 'codex.js'];

/**
 * How to start an executable found on PATH from Node (see the Windows note above). `wrapper` is the
 * JavaScript file an npm-made .cmd shim starts, relative to the shim's folder.
 */
export async function invocationFor(found: string, platform: NodeJS.Platform, wrapper: string[] = CODEX_WRAPPER): Promise<FoundExecutable> {
  if (platform === 'win32' && /\.(cmd|bat)$/i.test(found)) {
    const script = path.join(path.dirname(found), ...wrapper);
    if (await isExecutableFile(script, platform)) return { path: found, file: process.execPath, prefixArgs: [script] };
    // Not an npm install we recognise: let cmd.exe start it.
    return { path: found, file: 'cmd.exe', prefixArgs: ['/d', '/s', '/c', found] };
  }
  return { path: found, file: found, prefixArgs: [] };
}

/** Finds `codex` the way the participant's shell would and says how to start it. */
export async function findCodex(options: LookupOptions): Promise<{ found?: FoundExecutable; skippedNpmInjected: string[] }> {
  const hit = await findOnPath('codex', { ...options, ignoreNpmInjected: options.ignoreNpmInjected ?? true });
  if (!hit || !hit.path) return { skippedNpmInjected: hit?.skipped ?? [] };
  return { found: await invocationFor(hit.path, options.platform), skippedNpmInjected: hit.skipped };
}

/**
 * The pinned Codex CLI shipped with the kit as a dev dependency (node_modules/.bin/codex), for
 * rehearsals and tests that must run exactly the version the exercises were checked with.
 */
export async function kitCodex(packageRoot: string): Promise<FoundExecutable | undefined> {
  const wrapper = path.join(packageRoot, ...CODEX_WRAPPER);
  try {
    await fs.access(wrapper);
  } catch {
    return undefined;
  }
  return { path: wrapper, file: process.execPath, prefixArgs: [wrapper] };
}
