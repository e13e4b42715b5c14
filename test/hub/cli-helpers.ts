import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type CliResult, runWorkshop, workshopBin } from '../support/run-workshop.js';

export const bin = workshopBin;
export type { CliResult };

/** An environment with every participant/Codex folder inside `home` (never the real home). */
export async function participantEnv(home: string, extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  await mkdir(home, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, USERPROFILE: home, WORKSHOP_HOME: path.join(home, '.workshop'), CODEX_HOME: path.join(home, '.codex'), XDG_CONFIG_HOME: path.join(home, '.config'), NO_COLOR: '1', CI: '1', ...extra };
  delete env.WORKSHOP_DATA;
  delete env.WORKSHOP_PROFILE;
  delete env.OPENAI_API_KEY;
  delete env.CODEX_API_KEY;
  return { ...env, ...extra };
}

/** Runs `workshop …` with stdin closed (not a TTY), like a script would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<CliResult> {
  return runWorkshop(args, { env, timeoutMs });
}
