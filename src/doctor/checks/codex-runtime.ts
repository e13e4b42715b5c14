import { problemsIn, type BuiltinCheckResult } from '../../codex/builtin-doctor.js';
import { resolveApiBase } from '../api-target.js';
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
function said(problems: BuiltinCheckResult[]): string[] {
  return problems.map((p) => `codex doctor: ${p.id} (${p.status}): ${p.summary}${p.remediation ? ` — ${p.remediation}` : ''}`);
}

function sandboxFix(ctx: DoctorContext, problem: BuiltinCheckResult): Fix {
  if (ctx.platform.os === 'linux' || ctx.platform.os === 'wsl') {
    return { text: ctx.t.runtime.sandboxLinuxFix, commands: [installLinuxPackageCommand(ctx.platform, 'bubblewrap')] };
  }
  return { text: ctx.t.runtime.sandboxOtherFix({ advice: problem.remediation ?? problem.summary }) };
}

const hidden: CheckResult = { status: 'skip', code: 'codex_self_check_unavailable', summary: '', hidden: true };

export const codexSandboxCheck: Check = {
  id: 'codex.sandbox',
  timeoutMs: () => 30_000,
  async run(ctx) {
    const report = await codexSelfCheck(ctx);
    if (!report || report === 'timed_out') return hidden;
    const problems = problemsIn(report, 'sandbox');
    const [worst] = problems;
    if (!worst) return { status: 'ok', code: 'codex_sandbox_ok', summary: ctx.t.runtime.sandboxOk };
    if (worst.status === 'fail') {
      return { status: 'fail', code: 'codex_sandbox_unavailable', summary: ctx.t.runtime.sandboxFail({ summary: worst.summary }), fix: sandboxFix(ctx, worst), details: said(problems) };
    }
    return { status: 'warn', code: 'codex_sandbox_warning', summary: ctx.t.runtime.sandboxWarn({ summary: worst.summary }), fix: sandboxFix(ctx, worst), details: said(problems) };
  },
};

export const codexWebsocketCheck: Check = {
  id: 'codex.websocket',
  timeoutMs: () => 30_000,
  async run(ctx) {
    const report = await codexSelfCheck(ctx);
    // Timed out: its network probes hang, which the API key check reports with its own timeout.
    if (!report || report === 'timed_out') return hidden;
    const problems = problemsIn(report, 'websocket');
    if (problems.length === 0) return { status: 'ok', code: 'codex_websocket_ok', summary: ctx.t.runtime.websocketOk };
    const host = new URL((await resolveApiBase(ctx)).url).host;
    return { status: 'warn', code: 'codex_websocket_blocked', summary: ctx.t.runtime.websocketBlocked({ host }), fix: { text: ctx.t.runtime.websocketFix({ host }) }, details: said(problems) };
  },
};
