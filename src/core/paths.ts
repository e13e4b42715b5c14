import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The one place that knows where things live, per OS. Every other module asks here.
 *
 * - participant state (progress, outbox, hub link): the OS config folder, or WORKSHOP_HOME;
 * - facilitator data (hub event logs, rosters): the OS data folder, or --data / WORKSHOP_DATA;
 * - the exercise workspace: the profile's folder, else ~/codex-workshop;
 * - Codex's own home: CODEX_HOME, else ~/.codex.
 */
const APP = 'codex-workshop';

export type Env = NodeJS.ProcessEnv;

function home(env: Env): string {
  return env.HOME || env.USERPROFILE || os.homedir();
}

export function configDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.WORKSHOP_HOME) return path.resolve(env.WORKSHOP_HOME);
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home(env), 'AppData', 'Roaming'), APP);
  if (platform === 'darwin') return path.join(home(env), 'Library', 'Application Support', APP);
  return path.join(env.XDG_CONFIG_HOME || path.join(home(env), '.config'), APP);
}

export function dataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.WORKSHOP_DATA) return path.resolve(env.WORKSHOP_DATA);
  if (env.WORKSHOP_HOME) return path.join(path.resolve(env.WORKSHOP_HOME), 'data');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home(env), 'AppData', 'Local'), APP);
  if (platform === 'darwin') return path.join(home(env), 'Library', 'Application Support', APP, 'data');
  return path.join(env.XDG_DATA_HOME || path.join(home(env), '.local', 'share'), APP);
}

/** The facilitator's data folder: `--data DIR` when given, else dataDir() (WORKSHOP_DATA or the OS folder). */
export function facilitatorDataDir(flag: string | undefined, env: Env = process.env): string {
  return flag ? path.resolve(expandHome(flag, env)) : dataDir(env);
}

export function defaultWorkspaceDir(env: Env = process.env): string {
  return path.join(home(env), 'codex-workshop');
}

/** Expands a leading `~` so that profile paths work the same on every OS. */
export function expandHome(p: string, env: Env = process.env): string {
  if (p === '~') return home(env);
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(home(env), p.slice(2));
  return p;
}

export function codexHome(env: Env = process.env): string {
  return env.CODEX_HOME ? path.resolve(expandHome(env.CODEX_HOME, env)) : path.join(home(env), '.codex');
}

let cachedRoot: string | undefined;

/** The installed kit's root folder (the one with package.json), from src/ or from dist/src/. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        if (JSON.parse(readFileSync(candidate, 'utf8')).name === APP) return (cachedRoot = dir);
      } catch {
        // not ours; keep climbing
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('could not find the codex-workshop package root');
    dir = parent;
  }
}

export function kitVersion(): string {
  return JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

export function shippedPackDir(): string {
  return path.join(packageRoot(), 'exercises');
}

export function shippedProfilePath(): string {
  return path.join(packageRoot(), 'profiles', 'default.json');
}

/** True when `child` is `parent` or inside it (after resolving `..`). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
