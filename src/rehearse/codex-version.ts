import type { Runner } from '../codex/exec.js';
import type { FoundExecutable } from '../codex/find-codex.js';
import { runProcess } from '../core/process.js';

/** "codex-cli 0.169.0" → "0.169.0"; the version is shown with every rehearsal report. */
export function parseCodexVersion(stdout: string): string | undefined {
  return /(\d+\.\d+\.\d+(?:-[\w.]+)?)/.exec(stdout)?.[1];
}

export async function readCodexVersion(codex: FoundExecutable, env: NodeJS.ProcessEnv, run: Runner = runProcess): Promise<string | undefined> {
  const result = await run(codex.file, [...codex.prefixArgs, '--version'], { env, replaceEnv: true, timeoutMs: 15_000 });
  return result.exitCode === 0 ? parseCodexVersion(result.stdout) : undefined;
}
