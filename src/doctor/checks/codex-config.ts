import { problemsIn, type BuiltinCheckResult } from '../../codex/builtin-doctor.js';
import { configFilePath, readCodexConfig } from '../../codex/codex-home.js';
import { resolveApiBase } from '../api-target.js';
import { fixed, say, type Phrase } from '../bilingual.js';
import { codexSelfCheck } from '../codex-self-check.js';
import type { DoctorContext } from '../context.js';
import { moveAsideCommand, unsetEnvVarCommand } from '../fixes.js';
import type { Check, CheckResult } from '../types.js';

/**
 * Codex's settings: what `codex doctor --json` says about loading config.toml (a broken file stops
 * every Codex command), and an `OPENAI_BASE_URL` in the environment, which current Codex versions
 * ignore, so a participant who set it believes requests go somewhere they do not.
 */
const TEXT = {
  ok: fixed('Codex reads its settings without problems', 'Codex は設定を問題なく読み込めます'),
  invalid: {
    en: (file: string, where: string) => `Codex cannot load its settings: ${file}${where} is not valid`,
    ja: (file: string, where: string) => `Codex が設定を読み込めません: ${file}${where} が正しくありません`,
  } satisfies Phrase<[string, string]>,
  where: {
    en: (line: string, column: string) => ` (line ${line}, column ${column})`,
    ja: (line: string, column: string) => `（${line} 行目 ${column} 文字目）`,
  } satisfies Phrase<[string, string]>,
  invalidFix: fixed(
    'Correct that line in a text editor, or move the file aside so that Codex starts from its defaults (then ask your facilitator which settings you need):',
    'テキストエディターでその行を直すか、ファイルを別名に移して Codex を既定の設定で起動してください（必要な設定はファシリテーターに確認してください）:',
  ),
  warning: {
    en: (summary: string) => `Codex warns about its settings: ${summary}`,
    ja: (summary: string) => `Codex が設定について警告しています: ${summary}`,
  } satisfies Phrase<[string]>,
  warningFix: fixed('Run `codex doctor` to see the whole message, and show it to your facilitator.', '`codex doctor` を実行して全文を確認し、ファシリテーターに見せてください。'),
  baseUrlIgnored: {
    en: (value: string, used: string) => `OPENAI_BASE_URL is set (${value}), but Codex ignores it: its requests go to ${used}`,
    ja: (value: string, used: string) => `OPENAI_BASE_URL が設定されています（${value}）が、Codex はこれを使いません: リクエストの送信先は ${used} です`,
  } satisfies Phrase<[string, string]>,
  baseUrlFix: fixed(
    'Remove it from this terminal and from your shell start-up file. If Codex must use another address, your facilitator puts it in the workshop profile (or `openai_base_url` in Codex config.toml).',
    'このターミナルとシェルの起動ファイルから削除してください。Codex に別のアドレスを使わせる必要がある場合は、ファシリテーターがワークショップのプロファイル（または Codex の config.toml の `openai_base_url`）に設定します。',
  ),
};

/** A URL safe to show: no user name, password or query (a key can hide in any of them). */
function shownUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return value.slice(0, 60);
  }
}

async function baseUrlIgnored(ctx: DoctorContext): Promise<CheckResult | undefined> {
  const value = ctx.env.OPENAI_BASE_URL?.trim();
  if (!value) return undefined;
  const used = await resolveApiBase(ctx);
  return {
    status: 'warn',
    code: 'openai_base_url_ignored',
    summary: say(ctx.lang, TEXT.baseUrlIgnored, shownUrl(value), used.url),
    fix: { text: say(ctx.lang, TEXT.baseUrlFix), commands: [unsetEnvVarCommand(ctx.platform, 'OPENAI_BASE_URL')] },
  };
}

/**
 * When Codex's doctor did not finish (its network probes hang), the file is still read here, so that
 * a config.toml that is not even valid TOML is not missed.
 */
async function ownTomlReading(ctx: DoctorContext): Promise<BuiltinCheckResult[]> {
  const config = await readCodexConfig(ctx.codexHome);
  if (config.kind !== 'invalid') return [];
  const at = /line (\d+), column (\d+)/i.exec(config.message);
  const file = configFilePath(ctx.codexHome);
  return [{ id: 'config.toml', category: 'config', status: 'fail', summary: config.message, details: { file, ...(at ? { line: at[1]!, column: at[2]! } : {}), error: config.message } }];
}

export const codexConfigCheck: Check = {
  id: 'codex.config',
  title: 'Codex settings',
  timeoutMs: () => 30_000,
  async run(ctx) {
    const said = await codexSelfCheck(ctx);
    const report = said === 'timed_out' ? undefined : said;
    const [problem] = report ? problemsIn(report, 'config') : said === 'timed_out' ? await ownTomlReading(ctx) : [];
    if (problem?.status === 'fail') {
      const file = problem.details.file || configFilePath(ctx.codexHome);
      const where = problem.details.line ? say(ctx.lang, TEXT.where, problem.details.line, problem.details.column || '?') : '';
      return {
        status: 'fail',
        code: 'codex_config_invalid',
        summary: say(ctx.lang, TEXT.invalid, file, where),
        fix: { text: say(ctx.lang, TEXT.invalidFix), commands: [moveAsideCommand(ctx.platform, file)] },
        details: [`codex doctor: ${problem.id}: ${problem.summary}${problem.details.error ? ` (${problem.details.error})` : ''}`],
      };
    }
    const ignored = await baseUrlIgnored(ctx);
    if (ignored) return ignored;
    if (problem) {
      return { status: 'warn', code: 'codex_config_warning', summary: say(ctx.lang, TEXT.warning, problem.summary), fix: { text: say(ctx.lang, TEXT.warningFix) }, details: [`codex doctor: ${problem.id}`] };
    }
    // Without `codex doctor` there is nothing to add to what the doctor always said.
    if (!report) return { status: 'skip', code: 'codex_self_check_unavailable', summary: '', hidden: true };
    return { status: 'ok', code: 'codex_config_ok', summary: say(ctx.lang, TEXT.ok) };
  },
};
