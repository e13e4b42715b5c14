import { constants, existsSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { probeCodex } from '../codex-probe.js';
import type { DoctorContext } from '../context.js';
import { addToPathCommands, installCodexCommands, npmInstallCodexCommand } from '../fixes.js';
import { npmGlobal, type NpmGlobal } from '../npm-probe.js';
import type { Check, CheckResult } from '../types.js';

/**
 * Is `codex` there when the participant types it? When it is not, find out why, because each reason
 * has a different fix: installed but npm's global folder is not on PATH, the unrelated `codex` npm
 * package installed by mistake, a broken install missing its platform binary, or simply not installed.
 */
async function packageName(file: string): Promise<string | undefined> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

function reinstallFix(ctx: DoctorContext): CheckResult['fix'] {
  return {
    text: ctx.t.installed.reinstall,
    commands: ['npm uninstall -g @openai/codex', npmInstallCodexCommand()],
  };
}

function wrongPackageFix(ctx: DoctorContext): CheckResult['fix'] {
  return {
    text: ctx.t.installed.wrongPackageFix,
    commands: ['npm uninstall -g codex', npmInstallCodexCommand()],
  };
}

async function writable(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Install commands; on macOS/Linux with a root-owned npm prefix, switch npm to a folder the user owns first. */
async function installFix(ctx: DoctorContext, npm: NpmGlobal | undefined): Promise<CheckResult['fix']> {
  if (npm && ctx.platform.os !== 'windows' && existsSync(npm.prefix) && !(await writable(existsSync(npm.modulesDir) ? npm.modulesDir : npm.prefix))) {
    const userPrefix = '~/.npm-global';
    return {
      // Only outside Windows, so the sentence names the POSIX way to pick up the new PATH.
      text: ctx.t.installed.npmNeedsAdmin({ prefix: npm.prefix }),
      // fish expands ~ where it is not quoted; POSIX shells expand $HOME inside the double quotes we write.
      commands: [
        `npm config set prefix ${userPrefix}`,
        ...addToPathCommands(ctx.platform, ctx.platform.shell === 'fish' ? '~/.npm-global/bin' : '$HOME/.npm-global/bin'),
        'npm install -g @openai/codex@latest',
      ],
    };
  }
  return { text: ctx.t.installed.install, commands: installCodexCommands(ctx.platform, ctx.t) };
}

async function whyNotFound(ctx: DoctorContext, skipped: string[]): Promise<CheckResult> {
  const { t } = ctx;
  const details = skipped.map((p) => t.installed.ignoredNpx({ path: p }));
  const npm = await npmGlobal(ctx);
  if (npm) {
    details.push(t.installed.npmGlobalFolder({ path: npm.prefix }));
    const openai = await packageName(path.join(npm.modulesDir, '@openai', 'codex', 'package.json'));
    if (openai === '@openai/codex') {
      return {
        status: 'fail',
        code: 'codex_not_on_path',
        summary: t.installed.notOnPath({ dir: npm.binDir }),
        fix: { text: t.installed.addToPath({ windows: ctx.platform.os === 'windows' }), commands: addToPathCommands(ctx.platform, npm.binDir) },
        details,
      };
    }
    if ((await packageName(path.join(npm.modulesDir, 'codex', 'package.json'))) === 'codex') {
      return {
        status: 'fail',
        code: 'codex_wrong_package',
        summary: t.installed.wrongPackage,
        fix: wrongPackageFix(ctx),
        details,
      };
    }
  }
  return {
    status: 'fail',
    code: 'codex_not_found',
    summary: t.installed.notFound,
    fix: await installFix(ctx, npm),
    details,
  };
}

export const codexInstalledCheck: Check = {
  id: 'codex.installed',
  timeoutMs: () => 20_000,
  async run(ctx) {
    const { t } = ctx;
    const probe = await probeCodex(ctx);
    if (!probe.found) return whyNotFound(ctx, probe.skippedNpmInjected);
    const where = probe.found.path;
    const details = [probe.realPath && probe.realPath !== where ? t.common.foundAtResolved({ path: where, real: probe.realPath }) : t.common.foundAt({ path: where })];
    // Under WSL, PATH also holds Windows folders; a Windows npm install there cannot run inside Linux.
    if (ctx.platform.os === 'wsl' && /^\/mnt\/[a-z]\//i.test(where) && !probe.version) {
      return {
        status: 'fail',
        code: 'codex_broken_install',
        summary: t.installed.windowsCopyInWsl({ path: where }),
        fix: { text: t.installed.installInWsl, commands: [npmInstallCodexCommand()] },
        details,
      };
    }
    if (probe.missingPlatformPackage) {
      return {
        status: 'fail',
        code: 'codex_broken_install',
        summary: t.installed.incomplete({ part: probe.missingPlatformPackage }),
        fix: reinstallFix(ctx),
        details,
      };
    }
    if (probe.version) return { status: 'ok', code: 'codex_found', summary: t.installed.found({ path: where }), details };

    const run = probe.versionRun!;
    const said = ctx.secrets.redact((run.stderr || run.stdout).split(/\r?\n/).find((l) => l.trim()) ?? '');
    if (said) details.push(t.common.programSaid({ command: 'codex --version', text: said.slice(0, 300) }));
    const real = (probe.realPath ?? where).replace(/\\/g, '/');
    const looksOpenAi = /@openai\/codex|Caskroom\/codex/i.test(real);
    if (/node_modules\/codex\//.test(real) || (!looksOpenAi && run.exitCode === 0 && !run.timedOut)) {
      return { status: 'fail', code: 'codex_wrong_package', summary: t.installed.notOpenAi({ path: where }), fix: wrongPackageFix(ctx), details };
    }
    return {
      status: 'fail',
      code: 'codex_broken_install',
      summary: run.timedOut ? t.installed.noAnswer({ path: where }) : t.installed.doesNotStart({ path: where }),
      fix: reinstallFix(ctx),
      details,
    };
  },
};
