import { problemsIn, type BuiltinCheckResult } from '../../codex/builtin-doctor.js';
import { resolveApiBase } from '../api-target.js';
import { fixed, say, type Phrase } from '../bilingual.js';
import { codexSelfCheck } from '../codex-self-check.js';
import type { DoctorContext } from '../context.js';
import { installLinuxPackageCommand } from '../fixes.js';
import type { Check, CheckResult, Fix } from '../types.js';

/**
 * Codex's own sandbox and WebSocket findings (`codex doctor --json`) as the kit's checks, with fixes.
 * A sandbox Codex cannot start means it cannot run a single command for the exercises (a blocker);
 * a blocked WebSocket only costs time, because Codex falls back to HTTPS (a warning). Hidden when
 * this Codex has no `codex doctor`.
 */
const TEXT = {
  sandboxOk: fixed("Codex's sandbox is ready", 'Codex のサンドボックスは使える状態です'),
  sandboxFail: {
    en: (summary: string) => `Codex's sandbox cannot work on this computer: ${summary}`,
    ja: (summary: string) => `このコンピューターでは Codex のサンドボックスが動きません: ${summary}`,
  } satisfies Phrase<[string]>,
  sandboxWarn: {
    en: (summary: string) => `Codex warns about its sandbox: ${summary}`,
    ja: (summary: string) => `Codex がサンドボックスについて警告しています: ${summary}`,
  } satisfies Phrase<[string]>,
  sandboxLinuxFix: fixed(
    'On Linux, Codex runs commands inside bubblewrap. Install it, then run `workshop doctor` again (if it still fails, your system may forbid unprivileged user namespaces: show this to your facilitator):',
    'Linux では Codex は bubblewrap の中でコマンドを実行します。インストールしてから `workshop doctor` をもう一度実行してください（それでも失敗する場合は、システムが非特権ユーザー名前空間を禁止している可能性があります。ファシリテーターに見せてください）:',
  ),
  sandboxOtherFix: {
    en: (advice: string) => `Codex suggests: ${advice} Show this to your facilitator if you cannot fix it.`,
    ja: (advice: string) => `Codex の提案: ${advice} 解決できない場合はファシリテーターに見せてください。`,
  } satisfies Phrase<[string]>,
  websocketOk: fixed('Codex can open its streaming (WebSocket) connection to the API', 'Codex は API へのストリーミング（WebSocket）接続を開けます'),
  websocketBlocked: {
    en: (host: string) => `Codex cannot open a WebSocket connection to ${host}; it falls back to HTTPS, so each request starts several seconds later`,
    ja: (host: string) => `Codex は ${host} への WebSocket 接続を開けません。HTTPS に切り替えるため、リクエストのたびに数秒遅れて始まります`,
  } satisfies Phrase<[string]>,
  websocketFix: {
    en: (host: string) => `On a company network, ask IT to allow WebSocket (wss://) connections to ${host}; on other networks check your VPN and firewall. If the API key check and the smoke test pass, the workshop still works.`,
    ja: (host: string) => `社内ネットワークでは ${host} への WebSocket（wss://）接続を許可するよう IT 部門に依頼してください。それ以外のネットワークでは VPN とファイアウォールを確認してください。API キーのチェックとスモークテストが通っていれば、ワークショップには参加できます。`,
  } satisfies Phrase<[string]>,
};

function said(problems: BuiltinCheckResult[]): string[] {
  return problems.map((p) => `codex doctor: ${p.id} (${p.status}): ${p.summary}${p.remediation ? ` — ${p.remediation}` : ''}`);
}

function sandboxFix(ctx: DoctorContext, problem: BuiltinCheckResult): Fix {
  if (ctx.platform.os === 'linux' || ctx.platform.os === 'wsl') {
    return { text: say(ctx.lang, TEXT.sandboxLinuxFix), commands: [installLinuxPackageCommand(ctx.platform, 'bubblewrap')] };
  }
  return { text: say(ctx.lang, TEXT.sandboxOtherFix, problem.remediation ?? problem.summary) };
}

const hidden: CheckResult = { status: 'skip', code: 'codex_self_check_unavailable', summary: '', hidden: true };

export const codexSandboxCheck: Check = {
  id: 'codex.sandbox',
  title: 'Codex sandbox',
  timeoutMs: () => 30_000,
  async run(ctx) {
    const report = await codexSelfCheck(ctx);
    if (!report || report === 'timed_out') return hidden;
    const problems = problemsIn(report, 'sandbox');
    const [worst] = problems;
    if (!worst) return { status: 'ok', code: 'codex_sandbox_ok', summary: say(ctx.lang, TEXT.sandboxOk) };
    if (worst.status === 'fail') {
      return { status: 'fail', code: 'codex_sandbox_unavailable', summary: say(ctx.lang, TEXT.sandboxFail, worst.summary), fix: sandboxFix(ctx, worst), details: said(problems) };
    }
    return { status: 'warn', code: 'codex_sandbox_warning', summary: say(ctx.lang, TEXT.sandboxWarn, worst.summary), fix: sandboxFix(ctx, worst), details: said(problems) };
  },
};

export const codexWebsocketCheck: Check = {
  id: 'codex.websocket',
  title: 'Codex WebSocket',
  timeoutMs: () => 30_000,
  async run(ctx) {
    const report = await codexSelfCheck(ctx);
    // Timed out: its network probes hang, which the API key check reports with its own timeout.
    if (!report || report === 'timed_out') return hidden;
    const problems = problemsIn(report, 'websocket');
    if (problems.length === 0) return { status: 'ok', code: 'codex_websocket_ok', summary: say(ctx.lang, TEXT.websocketOk) };
    const host = new URL((await resolveApiBase(ctx)).url).host;
    return { status: 'warn', code: 'codex_websocket_blocked', summary: say(ctx.lang, TEXT.websocketBlocked, host), fix: { text: say(ctx.lang, TEXT.websocketFix, host) }, details: said(problems) };
  },
};
