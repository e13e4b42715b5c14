import { constants, existsSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { probeCodex } from '../codex-probe.js';
import type { DoctorContext } from '../context.js';
import { addToPathCommands, installCodexCommands, reopenTerminalHint } from '../fixes.js';
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
    text: 'Reinstall Codex (a newer npm fetches the missing platform part):',
    commands: ['npm uninstall -g @openai/codex', ...installCodexCommands(ctx.platform).slice(0, 1)],
  };
}

function wrongPackageFix(ctx: DoctorContext): CheckResult['fix'] {
  return {
    text: 'Remove the unrelated "codex" npm package and install OpenAI\'s Codex CLI:',
    commands: ['npm uninstall -g codex', ...installCodexCommands(ctx.platform).slice(0, 1)],
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
      text: `npm installs global programs into ${npm.prefix}, which needs administrator rights. Give npm a folder of your own, put it on PATH, then install (${reopenTerminalHint(ctx.platform)}):`,
      // fish expands ~ where it is not quoted; POSIX shells expand $HOME inside the double quotes we write.
      commands: [
        `npm config set prefix ${userPrefix}`,
        ...addToPathCommands(ctx.platform, ctx.platform.shell === 'fish' ? '~/.npm-global/bin' : '$HOME/.npm-global/bin'),
        'npm install -g @openai/codex@latest',
      ],
    };
  }
  return { text: 'Install the Codex CLI:', commands: installCodexCommands(ctx.platform) };
}

async function whyNotFound(ctx: DoctorContext, skipped: string[]): Promise<CheckResult> {
  const details = skipped.map((p) => `ignored ${p}: npx/npm put it on PATH only for this command, so your own terminal cannot run it`);
  const npm = await npmGlobal(ctx);
  if (npm) {
    details.push(`npm's global folder: ${npm.prefix}`);
    const openai = await packageName(path.join(npm.modulesDir, '@openai', 'codex', 'package.json'));
    if (openai === '@openai/codex') {
      return {
        status: 'fail',
        code: 'codex_not_on_path',
        summary: `Codex is installed in ${npm.binDir}, but that folder is not on your PATH`,
        fix: { text: `Add npm's global folder to PATH (${reopenTerminalHint(ctx.platform)}):`, commands: addToPathCommands(ctx.platform, npm.binDir) },
        details,
      };
    }
    if ((await packageName(path.join(npm.modulesDir, 'codex', 'package.json'))) === 'codex') {
      return {
        status: 'fail',
        code: 'codex_wrong_package',
        summary: 'The npm package "codex" is installed, but it is not OpenAI\'s Codex CLI (that one is "@openai/codex")',
        fix: wrongPackageFix(ctx),
        details,
      };
    }
  }
  return {
    status: 'fail',
    code: 'codex_not_found',
    summary: 'The Codex CLI is not installed (no `codex` on your PATH)',
    fix: await installFix(ctx, npm),
    details,
  };
}

export const codexInstalledCheck: Check = {
  id: 'codex.installed',
  title: 'Codex CLI',
  timeoutMs: () => 20_000,
  async run(ctx) {
    const probe = await probeCodex(ctx);
    if (!probe.found) return whyNotFound(ctx, probe.skippedNpmInjected);
    const where = probe.found.path;
    const details = [`found at ${where}${probe.realPath && probe.realPath !== where ? ` (→ ${probe.realPath})` : ''}`];
    // Under WSL, PATH also holds Windows folders; a Windows npm install there cannot run inside Linux.
    if (ctx.platform.os === 'wsl' && /^\/mnt\/[a-z]\//i.test(where) && !probe.version) {
      return {
        status: 'fail',
        code: 'codex_broken_install',
        summary: `The codex found (${where}) is the Windows copy, which does not run inside WSL`,
        fix: { text: 'Install Codex inside WSL (this terminal), then open a new terminal:', commands: installCodexCommands(ctx.platform).slice(0, 1) },
        details,
      };
    }
    if (probe.missingPlatformPackage) {
      return {
        status: 'fail',
        code: 'codex_broken_install',
        summary: `Codex is installed but incomplete: its ${probe.missingPlatformPackage} part is missing`,
        fix: reinstallFix(ctx),
        details,
      };
    }
    if (probe.version) return { status: 'ok', code: 'codex_found', summary: `codex found at ${where}`, details };

    const run = probe.versionRun!;
    const said = ctx.secrets.redact((run.stderr || run.stdout).split(/\r?\n/).find((l) => l.trim()) ?? '');
    if (said) details.push(`codex --version said: ${said.slice(0, 300)}`);
    const real = (probe.realPath ?? where).replace(/\\/g, '/');
    const looksOpenAi = /@openai\/codex|Caskroom\/codex/i.test(real);
    if (/node_modules\/codex\//.test(real) || (!looksOpenAi && run.exitCode === 0 && !run.timedOut)) {
      return { status: 'fail', code: 'codex_wrong_package', summary: `The \`codex\` on your PATH (${where}) is not OpenAI's Codex CLI`, fix: wrongPackageFix(ctx), details };
    }
    return {
      status: 'fail',
      code: 'codex_broken_install',
      summary: run.timedOut ? `codex (${where}) did not answer \`codex --version\` within 10 s` : `codex (${where}) is installed but does not start`,
      fix: reinstallFix(ctx),
      details,
    };
  },
};
