import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { configDir, packageRoot } from '../core/paths.js';
import { lockHolder } from '../state/lock.js';
import { WATCH_STALE_MS, type WatchTarget, currentExercise, watchLockPath, watchTargetPath, writeWatchTarget } from './activity-watch.js';

/**
 * Issue 11: after `workshop next`/`goto` on a laptop joined to a hub, make sure the activity reporter
 * (activity-watch.ts) runs: remember which pack to follow, and start the reporter unless one is
 * already alive. It is started detached (its own process group, no console window on Windows, no
 * stdio), so it outlives the command and never shows anything; it stops by itself.
 *
 * The hidden entry `workshop __activity-watch` runs it (src/cli/main.ts), through the kit's own
 * `bin/workshop.js`, so the same line works from a development checkout, an npm install and the kit.
 */
export const WATCH_COMMAND = '__activity-watch';

export type StartOutcome = 'off' | 'not-joined' | 'no-exercise' | 'running' | 'started';

export async function startActivityWatch(packId: string, env: NodeJS.ProcessEnv = process.env): Promise<StartOutcome> {
  const setting = (env.WORKSHOP_ACTIVITY_WATCH ?? '').toLowerCase();
  if (setting === '0' || setting === 'off' || setting === 'false') return 'off';
  if (!(await fs.stat(path.join(configDir(env), 'hub.json')).catch(() => undefined))) return 'not-joined';
  const target: WatchTarget = { schemaVersion: 1, packId };
  const known = await fs.readFile(watchTargetPath(env), 'utf8').catch(() => '');
  if (known.trim() !== JSON.stringify(target)) await writeWatchTarget(target, env);
  if (!(await currentExercise(env, packId))) return 'no-exercise';
  if (await lockHolder(watchLockPath(env), WATCH_STALE_MS)) return 'running';
  const child = spawn(process.execPath, [path.join(packageRoot(), 'bin', 'workshop.js'), WATCH_COMMAND], {
    env,
    detached: true,
    stdio: 'ignore',
    windowsHide: true,
    cwd: configDir(env),
  });
  child.on('error', () => undefined);
  child.unref();
  return 'started';
}
