import { problemsIn, type BuiltinCheckResult } from '../../codex/builtin-doctor.js';
import { configFilePath, readCodexConfig } from '../../codex/codex-home.js';
import { resolveApiBase } from '../api-target.js';
import { codexSelfCheck } from '../codex-self-check.js';
import type { DoctorContext } from '../context.js';
import { moveAsideCommand, unsetEnvVarCommand } from '../fixes.js';
import type { Check, CheckResult } from '../types.js';

/**
 * Codex's settings: what `codex doctor --json` says about loading config.toml (a broken file stops
 * every Codex command), and an `OPENAI_BASE_URL` in the environment, which current Codex versions
 * ignore, so a participant who set it believes requests go somewhere they do not.
 */
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
    summary: ctx.t.config.baseUrlIgnored({ value: shownUrl(value), used: used.url }),
    fix: { text: ctx.t.config.baseUrlFix, commands: [unsetEnvVarCommand(ctx.platform, 'OPENAI_BASE_URL')] },
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
  timeoutMs: () => 30_000,
  async run(ctx) {
    const said = await codexSelfCheck(ctx);
    const report = said === 'timed_out' ? undefined : said;
    const [problem] = report ? problemsIn(report, 'config') : said === 'timed_out' ? await ownTomlReading(ctx) : [];
    if (problem?.status === 'fail') {
      const file = problem.details.file || configFilePath(ctx.codexHome);
      const { line, column } = problem.details;
      return {
        status: 'fail',
        code: 'codex_config_invalid',
        summary: line ? ctx.t.config.invalidAt({ file, line, column: column || '?' }) : ctx.t.config.invalid({ file }),
        fix: { text: ctx.t.config.invalidFix, commands: [moveAsideCommand(ctx.platform, file)] },
        details: [`codex doctor: ${problem.id}: ${problem.summary}${problem.details.error ? ` (${problem.details.error})` : ''}`],
      };
    }
    const ignored = await baseUrlIgnored(ctx);
    if (ignored) return ignored;
    if (problem) {
      return { status: 'warn', code: 'codex_config_warning', summary: ctx.t.config.warning({ summary: problem.summary }), fix: { text: ctx.t.config.warningFix }, details: [`codex doctor: ${problem.id}`] };
    }
    // Without `codex doctor` there is nothing to add to what the doctor always said.
    if (!report) return { status: 'skip', code: 'codex_self_check_unavailable', summary: '', hidden: true };
    return { status: 'ok', code: 'codex_config_ok', summary: ctx.t.config.ok };
  },
};
