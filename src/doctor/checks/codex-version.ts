import { codexUsable, probeCodex } from '../codex-probe.js';
import { npmInstallCodexCommand } from '../fixes.js';
import type { Check } from '../types.js';
import { compareVersions } from '../versions.js';

/** The Codex version against the profile's minimum (the version the exercises were rehearsed with). */
export const codexVersionCheck: Check = {
  id: 'codex.version',
  timeoutMs: () => 20_000,
  async run(ctx) {
    const { t } = ctx;
    const probe = await probeCodex(ctx);
    if (!probe.found || probe.missingPlatformPackage) {
      return { status: 'skip', code: 'codex_missing', summary: t.common.noCodexToAsk };
    }
    if (!codexUsable(probe)) {
      return { status: 'skip', code: 'codex_version_unknown', summary: t.version.unknown };
    }
    const minimum = ctx.profile.minCodexVersion;
    const facts = { codexVersion: probe.version };
    if (compareVersions(probe.version!, minimum) < 0) {
      const viaBrew = /Caskroom|homebrew/i.test(probe.realPath ?? '');
      return {
        status: 'fail',
        code: 'codex_too_old',
        summary: t.version.tooOld({ version: probe.version!, min: minimum }),
        fix: { text: t.version.update, commands: viaBrew ? ['brew upgrade --cask codex'] : [npmInstallCodexCommand('latest')] },
        facts,
      };
    }
    return { status: 'ok', code: 'codex_version_ok', summary: t.version.ok({ version: probe.version!, min: minimum }), facts };
  },
};
