import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CliResult, repoRoot, runWorkshop as runBuiltCli, workshopBin } from '../support/run-workshop.js';

/**
 * A throw-away world for rehearsal tests: its own HOME, CODEX_HOME, WORKSHOP_HOME and TMPDIR (the
 * rehearsal's temporary folders land there, so a test can prove they are cleaned up), and a PATH with
 * only our fake programs plus the folders of node and git: the real machine's Codex never leaks in.
 */
export { repoRoot, workshopBin };
export const shippedPack = path.join(repoRoot, 'exercises');

export interface World {
  root: string;
  home: string;
  bin: string;
  tmp: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

function dirOf(program: string): string | undefined {
  try {
    return path.dirname(execFileSync('which', [program], { encoding: 'utf8' }).split('\n')[0].trim());
  } catch {
    return undefined;
  }
}

export async function makeWorld(extraEnv: NodeJS.ProcessEnv = {}): Promise<World> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'workshop-rehearse-test-')));
  const home = path.join(root, 'home');
  const bin = path.join(root, 'bin');
  const tmp = path.join(root, 'tmp');
  for (const dir of [home, bin, tmp, path.join(home, '.codex')]) await fs.mkdir(dir, { recursive: true });
  const pathDirs = [...new Set([bin, path.dirname(process.execPath), dirOf('git'), '/usr/bin', '/bin'].filter((d): d is string => Boolean(d)))];
  const env: NodeJS.ProcessEnv = {
    PATH: pathDirs.join(path.delimiter),
    HOME: home,
    USERPROFILE: home,
    CODEX_HOME: path.join(home, '.codex'),
    WORKSHOP_HOME: path.join(root, 'workshop-home'),
    TMPDIR: tmp,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    CI: '1',
    ...extraEnv,
  };
  return { root, home, bin, tmp, env, cleanup: () => fs.rm(root, { recursive: true, force: true }) };
}

export type { CliResult };

/** `workshop …` with stdin closed, in the world's environment only. */
export function runWorkshop(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
  return runBuiltCli(args, { env, cwd: env.HOME, timeoutMs });
}

/** A pack holding copies of shipped exercises, to give one of them another rehearsal.json (or none). */
export async function packWith(dir: string, exerciseIds: string[], rehearsals: Record<string, unknown | null> = {}): Promise<string> {
  const shipped = JSON.parse(await fs.readFile(path.join(shippedPack, 'pack.json'), 'utf8'));
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'pack.json'), JSON.stringify({ ...shipped, id: 'rehearse-test-pack', exercises: exerciseIds }, null, 2));
  for (const id of exerciseIds) {
    await fs.cp(path.join(shippedPack, id), path.join(dir, id), { recursive: true });
    if (id in rehearsals) {
      const file = path.join(dir, id, 'rehearsal.json');
      const script = rehearsals[id];
      if (script === null) await fs.rm(file);
      else await fs.writeFile(file, typeof script === 'string' ? script : JSON.stringify(script, null, 2));
    }
  }
  return dir;
}

/** Everything left in a folder (to prove a rehearsal cleaned up after itself). */
export async function listEntries(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}

export async function writeScript(dir: string, name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, `#!/bin/sh\n${body}`, { mode: 0o755 });
  return file;
}

/** What a participant reads when a check of a shipped exercise fails (the pack's own text, so tests follow edits). */
export async function checkMessage(exerciseId: string, checkId: string, lang = 'en'): Promise<string> {
  const exercise = JSON.parse(await fs.readFile(path.join(shippedPack, exerciseId, 'exercise.json'), 'utf8'));
  const check = exercise.checks.find((c: { id?: string }) => c.id === checkId);
  if (!check) throw new Error(`no check ${checkId} in ${exerciseId}`);
  return typeof check.message === 'string' ? check.message : check.message[lang];
}
