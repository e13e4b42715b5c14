import { realpath } from 'node:fs/promises';
import { findCodex, type FoundExecutable } from '../codex/find-codex.js';
import type { RunResult } from '../core/process.js';
import type { DoctorContext } from './context.js';
import { platformOf } from './npm-probe.js';

/**
 * Where `codex` is and what `codex --version` says, found once per run and shared by the checks that
 * need it (installed, version, auth, smoke), whichever of them runs first.
 */
export interface CodexProbe {
  found?: FoundExecutable;
  /** The file found, with symlinks resolved (tells an npm install from Homebrew from the wrong package). */
  realPath?: string;
  /** Copies of codex skipped because npm/npx put them on PATH only for this command. */
  skippedNpmInjected: string[];
  versionRun?: RunResult;
  /** X.Y.Z from `codex-cli X.Y.Z`, when it said so. */
  version?: string;
  /** The wrapper says its platform package is missing: `Missing optional dependency @openai/codex-<platform>`. */
  missingPlatformPackage?: string;
}

export function probeCodex(ctx: DoctorContext): Promise<CodexProbe> {
  return ctx.memo('codex.probe', async () => {
    const { found, skippedNpmInjected } = await findCodex({ env: ctx.env, platform: platformOf(ctx) });
    if (!found) return { skippedNpmInjected };
    const realPath = await realpath(found.path).catch(() => found.path);
    const versionRun = await ctx.run(found.file, [...found.prefixArgs, '--version'], { timeoutMs: 10_000 });
    const said = `${versionRun.stdout}\n${versionRun.stderr}`;
    const version = /codex-cli\s+v?(\d+\.\d+\.\d+)/i.exec(versionRun.stdout)?.[1];
    const missingPlatformPackage = /Missing optional dependency (@openai\/codex-[\w-]+)/.exec(said)?.[1];
    return {
      found,
      realPath,
      skippedNpmInjected,
      versionRun,
      ...(version ? { version } : {}),
      ...(missingPlatformPackage ? { missingPlatformPackage } : {}),
    };
  });
}

/** True when codex is there and answers like the OpenAI Codex CLI. */
export function codexUsable(probe: CodexProbe): probe is CodexProbe & { found: FoundExecutable } {
  return Boolean(probe.found && probe.version && !probe.missingPlatformPackage);
}
