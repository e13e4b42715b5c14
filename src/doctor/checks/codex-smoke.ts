import { codexEnvironment, runCodexExec } from '../../codex/exec.js';
import { classifyExecRun, networkCauseWatcher, type ExecFailureKind, type ExecOutcome } from '../../codex/exec-outcome.js';
import type { ApiKey } from '../../core/secret.js';
import { DEFAULT_API_BASE, keyCodexWouldSend, loginState, resolveApiBase } from '../api-target.js';
import { say, type Phrase } from '../bilingual.js';
import { codexUsable, probeCodex } from '../codex-probe.js';
import type { DoctorContext } from '../context.js';
import { freshKeyFix, trustCompanyCaFix } from '../fixes.js';
import type { Check, CheckResult, Fix } from '../types.js';
import { modelCodexWillUse } from './codex-model.js';
import { ensureWorkspace } from './workspace.js';

/**
 * The proof of the whole chain: one tiny real `codex exec` in the exercise folder. It catches what
 * the other checks cannot (no credit left, a model the organisation may not use, a proxy that lets
 * /models through but not streaming). Opt-in (--smoke or the profile) because it costs a few tokens.
 * Codex retries forever without a network, so a hard timeout ends it and what Codex said while
 * retrying tells us why.
 */
export const SMOKE_PROMPT = 'This is a connection test. Reply with the single word: ready. Do not run any commands.';

/** Which key Codex sent, when the doctor can tell: it decides the pasteable fix for a refused key. */
type SentKey = { from?: 'CODEX_API_KEY' | 'auth.json'; rejected?: ApiKey };

const STOPPED = {
  en: (seconds: string) => `Codex named the same cause twice and would have kept retrying until the timeout, so the doctor stopped it after ${seconds} s.`,
  ja: (seconds: string) => `Codex が同じ原因を 2 回報告し、このままではタイムアウトまで再試行を続けるため、doctor が ${seconds} 秒で停止しました。`,
} satisfies Phrase<[string]>;

const NETWORK_FIX: Fix = {
  text: 'Check your internet connection. On a company network Codex may need a proxy: ask IT for its address and set HTTPS_PROXY (see Proxy settings above).',
};

function failureResult(kind: ExecFailureKind, outcome: ExecOutcome, ctx: DoctorContext, seconds: number, sent: SentKey): CheckResult {
  const timedOut = outcome.kind === 'timed_out';
  switch (kind) {
    case 'quota':
      return { status: 'fail', code: 'key_no_quota', summary: 'Codex reached the API, but the key has no credit left (quota exceeded)', fix: { text: 'Ask your facilitator to add credit to the organisation or project, or add billing at https://platform.openai.com/settings/organization/billing.' } };
    case 'invalid_key':
      return { status: 'fail', code: 'key_invalid', summary: 'The API rejected the key Codex sent (wrong, revoked or mistyped)', fix: freshKeyFix(ctx.platform, ctx.lang, { env: ctx.env, ...sent }) };
    case 'unauthorized':
      return { status: 'fail', code: 'key_not_authorized', summary: 'The API refused the request: the key is not allowed here (organisation, project or IP address)', fix: { text: "Ask your facilitator to check the key's organisation, project and allowed networks." } };
    case 'region':
      return { status: 'fail', code: 'key_region_unsupported', summary: 'The API does not serve the country or region your connection comes from', fix: { text: 'If you are on a VPN, switch it off or to a supported location; otherwise tell your facilitator.' } };
    case 'model_not_found':
      return { status: 'fail', code: 'model_not_found', summary: `The model${ctx.profile.model ? ` "${ctx.profile.model}"` : ''} is not available to this key`, fix: { text: 'Tell your facilitator: the workshop profile names a model this key cannot use.' } };
    case 'org_verification':
      return { status: 'fail', code: 'org_verification_required', summary: 'The organisation must be verified before this model can be used', fix: { text: 'The organisation owner verifies it at https://platform.openai.com/settings/organization/general (or the facilitator picks another model in the profile).' } };
    case 'rate_limited':
      return { status: 'warn', code: 'key_rate_limited', summary: 'Codex reached the API but was rate limited', fix: { text: "Wait a minute and try again; if it persists, tell your facilitator (the organisation's limits may be too low for the room)." } };
    case 'tls':
      return { status: 'fail', code: 'tls_intercepted', summary: 'Codex could not make a trusted secure connection: something on your network intercepts it', fix: trustCompanyCaFix(ctx.platform) };
    case 'dns':
      return { status: 'fail', code: 'network_dns', summary: `Codex cannot find the API server (name lookup failed)${timedOut ? `; stopped after ${seconds} s of retrying` : ''}`, fix: NETWORK_FIX };
    case 'refused':
      return { status: 'fail', code: 'network_refused', summary: `The API server refused Codex's connection${timedOut ? `; stopped after ${seconds} s of retrying` : ''}`, fix: NETWORK_FIX };
    case 'network':
      return timedOut
        ? { status: 'fail', code: 'network_timeout', summary: `Codex could not reach the API within ${seconds} s (it kept waiting for the network)`, fix: NETWORK_FIX }
        : { status: 'fail', code: 'network_error', summary: 'Codex lost the connection to the API', fix: NETWORK_FIX };
    default:
      return { status: 'fail', code: 'smoke_failed', summary: timedOut ? `Codex did not finish a tiny request within ${seconds} s` : 'Codex could not complete a tiny request', fix: { text: 'Run the command in the details yourself to see the whole message, and show it to your facilitator.' } };
  }
}

export const codexSmokeCheck: Check = {
  id: 'codex.smoke',
  title: 'Codex smoke test',
  timeoutMs: (ctx) => ctx.options.smokeTimeoutMs + 20_000,
  async run(ctx) {
    if (!ctx.options.smoke && !ctx.options.only.includes('codex.smoke')) {
      return { status: 'skip', code: 'smoke_not_requested', summary: 'not requested (`workshop doctor --smoke` sends one tiny real request)' };
    }
    const probe = await probeCodex(ctx);
    if (!codexUsable(probe)) return { status: 'skip', code: 'codex_missing', summary: 'no working Codex CLI to run (see Codex CLI above)' };
    const login = await loginState(ctx);
    const cannotAuthenticate = login && ['not_logged_in', 'auth_file_corrupt', 'codex_home_missing'].includes(login.state) && !ctx.env.CODEX_API_KEY;
    if (cannotAuthenticate) return { status: 'skip', code: 'not_logged_in', summary: 'Codex is not logged in yet (see Codex login above)' };
    const workspace = await ensureWorkspace(ctx);
    if (!workspace.ok) return { status: 'skip', code: 'workspace_unavailable', summary: 'the exercise folder is not usable (see Exercise folder below)' };

    const base = await resolveApiBase(ctx);
    const request = {
      prompt: SMOKE_PROMPT,
      cwd: ctx.workspaceDir,
      sandbox: 'read-only' as const,
      ...(ctx.profile.model ? { model: ctx.profile.model } : {}),
      ...(base.url !== DEFAULT_API_BASE ? { openaiBaseUrl: base.url } : {}),
    };
    const timeoutMs = ctx.options.smokeTimeoutMs;
    // Refused, DNS and TLS failures are named in Codex's first error lines; after that it only retries.
    const run = await runCodexExec({ codex: probe.found, request, env: codexEnvironment(ctx.env), timeoutMs, stopWhen: networkCauseWatcher(), run: ctx.run });
    const outcome = classifyExecRun(run);
    const seconds = Math.round(timeoutMs / 1000);
    const model = await modelCodexWillUse(ctx);
    const details = [...(model.model ? [`model: ${model.model} (${model.source})`] : []), `ran: codex exec --skip-git-repo-check --ephemeral --json${request.model ? ` -m ${request.model}` : ''}${request.openaiBaseUrl ? ` -c openai_base_url="${request.openaiBaseUrl}"` : ''} "…" in ${ctx.workspaceDir}`];
    if (outcome.kind === 'completed') {
      const tokens = outcome.usage ? (outcome.usage.input_tokens ?? 0) + (outcome.usage.output_tokens ?? 0) : undefined;
      return {
        status: 'ok',
        code: 'smoke_ok',
        summary: `Codex answered a real request in ${(run.durationMs / 1000).toFixed(1)} s`,
        details: [...details, ...(tokens !== undefined ? [`tokens used: ${tokens}`] : []), ...(outcome.finalMessage ? [`Codex said: ${ctx.secrets.redact(outcome.finalMessage).slice(0, 200)}`] : [])],
      };
    }
    if (run.notFound || run.spawnError) {
      return { status: 'fail', code: 'smoke_failed', summary: 'Codex could not be started for the smoke test', fix: { text: 'Reinstall Codex: npm install -g @openai/codex@latest' }, details: [...details, run.spawnError ?? 'not found'] };
    }
    const key = await keyCodexWouldSend(ctx);
    const sent: SentKey = key.key ? { from: key.from, rejected: key.key } : {};
    const result = failureResult(outcome.failure ?? 'unknown', outcome, ctx, seconds, sent);
    const said = outcome.message ? [`Codex said: ${ctx.secrets.redact(outcome.message).slice(0, 400)}`] : [];
    const stopped = outcome.stopped ? [say(ctx.lang, STOPPED, (run.durationMs / 1000).toFixed(1))] : [];
    return { ...result, details: [...details, ...said, ...stopped] };
  },
};
