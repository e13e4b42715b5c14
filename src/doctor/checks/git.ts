import { findOnPath, invocationFor } from '../../codex/find-codex.js';
import { installGitCommands } from '../fixes.js';
import { platformOf } from '../npm-probe.js';
import type { Check } from '../types.js';
import { compareVersions, versionText } from '../versions.js';

/** Git: the exercises keep a history of each folder so that every change can be shown and undone. */
export const MIN_GIT = '2.20.0';

export const gitCheck: Check = {
  id: 'git',
  title: 'Git',
  timeoutMs: () => 10_000,
  async run(ctx) {
    const hit = await findOnPath('git', { env: ctx.env, platform: platformOf(ctx) });
    if (!hit?.path) {
      return {
        status: 'fail',
        code: 'git_not_found',
        summary: 'Git is not installed (the exercises use it to show and undo changes)',
        fix: { text: 'Install Git, then open a new terminal:', commands: installGitCommands(ctx.platform) },
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
        summary: `Git is on PATH (${hit.path}) but does not start`,
        fix: {
          text: ctx.platform.os === 'macos' ? "Install Apple's command line tools, which include Git:" : 'Reinstall Git:',
          commands: installGitCommands(ctx.platform),
        },
        details: said ? [`git --version said: ${said}`] : [],
      };
    }
    if (compareVersions(version, MIN_GIT) < 0) {
      return {
        status: 'warn',
        code: 'git_too_old',
        summary: `Git ${version} is old; some exercise commands may not work (${MIN_GIT} or newer recommended)`,
        fix: { text: 'Update Git:', commands: installGitCommands(ctx.platform) },
      };
    }
    return { status: 'ok', code: 'git_ok', summary: `Git ${version}`, details: [`found at ${hit.path}`] };
  },
};
