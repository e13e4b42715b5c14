import path from 'node:path';
import { findOnPath, invocationFor, type FoundExecutable } from '../codex/find-codex.js';
import type { DoctorContext } from './context.js';

/**
 * What the doctor learns about npm, asked once per run however many checks need it: where it is, its
 * version, and its global prefix (where `npm install -g` puts programs: the folder that must be on
 * PATH for `codex` to be found after installing it).
 */
const NPM_WRAPPER = ['node_modules', 'npm', 'bin', 'npm-cli.js'];

export function findNpm(ctx: DoctorContext): Promise<FoundExecutable | undefined> {
  return ctx.memo('npm.location', async () => {
    const hit = await findOnPath('npm', { env: ctx.env, platform: platformOf(ctx), ignoreNpmInjected: true });
    if (!hit?.path) return undefined;
    return invocationFor(hit.path, platformOf(ctx), NPM_WRAPPER);
  });
}

export function npmVersion(ctx: DoctorContext): Promise<string | undefined> {
  return ctx.memo('npm.version', async () => {
    // Under `npx workshop doctor` npm has already told us its version.
    const fromAgent = /\bnpm\/(\d+\.\d+\.\d+)/.exec(ctx.env.npm_config_user_agent ?? '')?.[1];
    if (fromAgent) return fromAgent;
    const npm = await findNpm(ctx);
    if (!npm) return undefined;
    const result = await ctx.run(npm.file, [...npm.prefixArgs, '--version'], { timeoutMs: 8000 });
    return result.exitCode === 0 ? /\d+\.\d+\.\d+/.exec(result.stdout)?.[0] : undefined;
  });
}

export interface NpmGlobal {
  prefix: string;
  /** Where global commands land: <prefix>/bin on macOS/Linux, <prefix> itself on Windows. */
  binDir: string;
  /** Where global packages land. */
  modulesDir: string;
}

export function npmGlobal(ctx: DoctorContext): Promise<NpmGlobal | undefined> {
  return ctx.memo('npm.global', async () => {
    const windows = platformOf(ctx) === 'win32';
    // Under npx/npm, npm has already told us; otherwise ask it (about 0.2 s).
    let prefix = ctx.env.npm_config_global_prefix;
    if (!prefix) {
      const npm = await findNpm(ctx);
      if (!npm) return undefined;
      const result = await ctx.run(npm.file, [...npm.prefixArgs, 'prefix', '-g'], { timeoutMs: 8000 });
      prefix = result.exitCode === 0 ? result.stdout.trim().split(/\r?\n/).at(-1) : undefined;
    }
    if (!prefix) return undefined;
    const p = windows ? path.win32 : path.posix;
    return {
      prefix,
      binDir: windows ? prefix : p.join(prefix, 'bin'),
      modulesDir: windows ? p.join(prefix, 'node_modules') : p.join(prefix, 'lib', 'node_modules'),
    };
  });
}

export function platformOf(ctx: DoctorContext): NodeJS.Platform {
  return ctx.platform.os === 'windows' ? 'win32' : ctx.platform.os === 'macos' ? 'darwin' : 'linux';
}
