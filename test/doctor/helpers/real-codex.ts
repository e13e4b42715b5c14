import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runProcess } from '../../../src/core/process.js';
import type { Sandbox } from './sandbox.js';

/**
 * The real, pinned Codex CLI (the kit's dev dependency), for integration tests. Its CODEX_HOME is the
 * sandbox's, and its TMPDIR the sandbox's tmp folder, which does not contain CODEX_HOME (otherwise
 * Codex warns on every command, see codex-cli-facts.md).
 */
export const REAL_CODEX = path.resolve('node_modules/@openai/codex/bin/codex.js');

/** Puts the real `codex` on the sandbox PATH, as an npm install would (the pinned one unless told). */
export async function linkRealCodex(box: Sandbox, codexJs = REAL_CODEX): Promise<void> {
  await fs.symlink(codexJs, path.join(box.bin, 'codex'));
}

export async function realCodex(box: Sandbox, args: string[], input?: string, codexJs = REAL_CODEX) {
  return runProcess(process.execPath, [codexJs, ...args], { env: box.env, replaceEnv: true, timeoutMs: 60_000, ...(input !== undefined ? { input } : {}) });
}

export async function realLogin(box: Sandbox, key: string, codexJs = REAL_CODEX): Promise<void> {
  const result = await realCodex(box, ['login', '--with-api-key'], key, codexJs);
  if (result.exitCode !== 0) throw new Error(`codex login failed: ${result.stderr}`);
}
