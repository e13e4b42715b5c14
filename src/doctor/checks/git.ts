import { findOnPath, invocationFor } from '../../codex/find-codex.js';
import { installGitCommands } from '../fixes.js';
import { platformOf } from '../npm-probe.js';
import type { Check } from '../types.js';
import { compareVersions, versionText } from '../versions.js';

/** Git: the exercises keep a history of each folder so that every change can be shown and undone. */
export const MIN_GIT = '2.20.0';

export const gitCheck: Check = {
  id: 'git',
  timeoutMs: () => 10_000,
  async run(ctx) {
    const { t } = ctx;
    const hit = await findOnPath('git', { env: ctx.env, platform: platformOf(ctx) });
    if (!hit?.path) {
      return {
        status: 'fail',
        code: 'git_not_found',
        summary: t.git.missing,
        fix: { text: t.git.installThenReopen, commands: installGitCommands(ctx.platform, t) },
      };
    }
    const git = await invocationFor(hit.path, platformOf(ctx), []);
    const result = await ctx.run(git.file, [...git.prefixArgs, '--version'], { timeoutMs: 8000 });
    const version = result.exitCode === 0 ? versionText(result.stdout) : undefined;
    if (!version) {
      const said = ctx.secrets.redact((result.stderr || result.stdout).split(/\r?\n/)[0] ?? '');
      return {
        status: 'fail',
        code: 'git_broken',
        summary: t.git.broken({ path: hit.path }),
        fix: {
          text: ctx.platform.os === 'macos' ? t.git.installAppleTools : t.git.reinstall,
          commands: installGitCommands(ctx.platform, t),
        },
        details: said ? [t.common.programSaid({ command: 'git --version', text: said })] : [],
      };
    }
    if (compareVersions(version, MIN_GIT) < 0) {
      return {
        status: 'warn',
        code: 'git_too_old',
        summary: t.git.old({ version, min: MIN_GIT }),
        fix: { text: t.git.update, commands: installGitCommands(ctx.platform, t) },
      };
    }
    return { status: 'ok', code: 'git_ok', summary: t.git.ok({ version }), details: [t.common.foundAt({ path: hit.path })] };
  },
};
