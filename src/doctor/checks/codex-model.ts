import { codexEnvironment } from '../../codex/exec.js';
import { resolveCodexModel, type CodexModel } from '../../codex/model.js';
import { fixed, say, type Phrase } from '../bilingual.js';
import { codexUsable, probeCodex } from '../codex-probe.js';
import type { DoctorContext } from '../context.js';
import type { Check } from '../types.js';

/**
 * The model Codex will use, shown so that the room can see it matches the facilitator's rehearsal.
 * The default model changes with the Codex version; a profile that pins `model` makes every laptop
 * (and the smoke test, and the rehearsal) use the same one. A warning only when the participant's own
 * config.toml picks another model than the pinned one, because interactive Codex then uses theirs.
 */
const TEXT = {
  profile: { en: (m: string) => `${m} (pinned by the workshop profile)`, ja: (m: string) => `${m}（ワークショップのプロファイルで指定）` } satisfies Phrase<[string]>,
  config: { en: (m: string) => `${m} (from your Codex config.toml)`, ja: (m: string) => `${m}（Codex の config.toml で指定）` } satisfies Phrase<[string]>,
  default: {
    en: (m: string, v: string) => `${m} (the default of Codex ${v})`,
    ja: (m: string, v: string) => `${m}（Codex ${v} の既定のモデル）`,
  } satisfies Phrase<[string, string]>,
  unknown: fixed("Codex's default model (this Codex does not say which)", 'Codex の既定のモデル（どのモデルかは Codex が示していません）'),
  differs: {
    en: (pinned: string, own: string) => `The workshop uses ${pinned}, but your Codex config.toml chooses ${own} for Codex started on its own`,
    ja: (pinned: string, own: string) => `ワークショップでは ${pinned} を使いますが、Codex の config.toml では ${own} が選ばれています（Codex を単独で起動した場合）`,
  } satisfies Phrase<[string, string]>,
  differsFix: fixed('Start Codex with the workshop model:', 'ワークショップのモデルを指定して Codex を起動してください:'),
};

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
  title: 'Codex model',
  timeoutMs: () => 30_000,
  async run(ctx) {
    const probe = await probeCodex(ctx);
    if (!codexUsable(probe)) return { status: 'skip', code: 'codex_missing', summary: 'no working Codex CLI to ask (see Codex CLI above)' };
    const found = await modelCodexWillUse(ctx);
    if (found.source === 'profile' && found.configModel) {
      return {
        status: 'warn',
        code: 'model_differs_from_profile',
        summary: say(ctx.lang, TEXT.differs, found.model!, found.configModel),
        fix: { text: say(ctx.lang, TEXT.differsFix), commands: [`codex -m ${found.model}`] },
      };
    }
    switch (found.source) {
      case 'profile':
        return { status: 'ok', code: 'model_from_profile', summary: say(ctx.lang, TEXT.profile, found.model!) };
      case 'config':
        return { status: 'ok', code: 'model_from_config', summary: say(ctx.lang, TEXT.config, found.model!) };
      case 'default':
        return { status: 'ok', code: 'model_default', summary: say(ctx.lang, TEXT.default, found.model!, probe.version!) };
      default:
        return { status: 'ok', code: 'model_unknown', summary: say(ctx.lang, TEXT.unknown) };
    }
  },
};
