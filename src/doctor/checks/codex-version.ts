import { codexUsable, probeCodex } from '../codex-probe.js';
import { installCodexCommands } from '../fixes.js';
import type { Check } from '../types.js';
import { compareVersions } from '../versions.js';

/** The Codex version against the profile's minimum (the version the exercises were rehearsed with). */
export const codexVersionCheck: Check = {
  id: 'codex.version',
  title: 'Codex version',
  timeoutMs: () => 20_000,
  async run(ctx) {
    const probe = await probeCodex(ctx);
    if (!probe.found || probe.missingPlatformPackage) {
      return { status: 'skip', code: 'codex_missing', summary: 'no working Codex CLI to ask (see Codex CLI above)' };
    }
    if (!codexUsable(probe)) {
      return { status: 'skip', code: 'codex_version_unknown', summary: '`codex --version` did not say `codex-cli X.Y.Z` (see Codex CLI above)' };
    }
    const minimum = ctx.profile.minCodexVersion;
    const facts = { codexVersion: probe.version };
    if (compareVersions(probe.version!, minimum) < 0) {
      const viaBrew = /Caskroom|homebrew/i.test(probe.realPath ?? '');
      return {
        status: 'fail',
        code: 'codex_too_old',
        summary: `Codex ${probe.version} is older than ${minimum}, the version this workshop was prepared with`,
        fix: { text: 'Update Codex:', commands: viaBrew ? ['brew upgrade --cask codex'] : installCodexCommands(ctx.platform, 'latest').slice(0, 1) },
        facts,
      };
    }
    return { status: 'ok', code: 'codex_version_ok', summary: `codex-cli ${probe.version} (this workshop needs ${minimum} or newer)`, facts };
  },
};
