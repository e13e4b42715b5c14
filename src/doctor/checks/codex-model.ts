import { codexEnvironment } from '../../codex/exec.js';
import { resolveCodexModel, type CodexModel } from '../../codex/model.js';
import { codexUsable, probeCodex } from '../codex-probe.js';
import type { DoctorContext } from '../context.js';
import type { Check } from '../types.js';

/**
 * The model Codex will use, shown so that the room can see it matches the facilitator's rehearsal.
 * The default model changes with the Codex version; a profile that pins `model` makes every laptop
 * (and the smoke test, and the rehearsal) use the same one. A warning only when the participant's own
 * config.toml picks another model than the pinned one, because interactive Codex then uses theirs.
 */
/** Resolved once per run: the smoke test names the same model in its details. */
export function modelCodexWillUse(ctx: DoctorContext): Promise<CodexModel> {
  return ctx.memo('codex.model', async () => {
    const probe = await probeCodex(ctx);
    if (!codexUsable(probe)) return { source: 'unknown' as const };
    return resolveCodexModel({ codex: probe.found, codexHome: ctx.codexHome, env: codexEnvironment(ctx.env), profileModel: ctx.profile.model, run: ctx.run });
  });
}

export const codexModelCheck: Check = {
  id: 'codex.model',
  timeoutMs: () => 30_000,
  async run(ctx) {
    const probe = await probeCodex(ctx);
    const { t } = ctx;
    if (!codexUsable(probe)) return { status: 'skip', code: 'codex_missing', summary: t.common.noCodexToAsk };
    const found = await modelCodexWillUse(ctx);
    if (found.source === 'profile' && found.configModel) {
      return {
        status: 'warn',
        code: 'model_differs_from_profile',
        summary: t.model.differs({ pinned: found.model!, own: found.configModel }),
        fix: { text: t.model.differsFix, commands: [`codex -m ${found.model}`] },
      };
    }
    switch (found.source) {
      case 'profile':
        return { status: 'ok', code: 'model_from_profile', summary: t.model.profile({ model: found.model! }) };
      case 'config':
        return { status: 'ok', code: 'model_from_config', summary: t.model.config({ model: found.model! }) };
      case 'default':
        return { status: 'ok', code: 'model_default', summary: t.model.default({ model: found.model!, version: probe.version! }) };
      default:
        return { status: 'ok', code: 'model_unknown', summary: t.model.unknown };
    }
  },
};
