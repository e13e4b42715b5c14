import { readAuthFile } from '../../codex/codex-home.js';
import { API_KEY_VARIABLES, codexEnvironment, runCodexExec } from '../../codex/exec.js';
import { classifyExecRun, networkCauseWatcher, type ExecFailureKind, type ExecOutcome } from '../../codex/exec-outcome.js';
import type { ApiKey } from '../../core/secret.js';
import { DEFAULT_API_BASE, loginState, resolveApiBase } from '../api-target.js';
import { codexUsable, probeCodex } from '../codex-probe.js';
import type { DoctorContext } from '../context.js';
import { freshKeyFix, loginFromEnvCommand, trustCompanyCaFix } from '../fixes.js';
import type { Check, CheckResult, Fix } from '../types.js';
import { loginFix } from './codex-auth.js';
import { modelCodexWillUse } from './codex-model.js';
import { ensureWorkspace } from './workspace.js';

/**
 * The proof of the whole chain: one tiny real `codex exec` in the exercise folder. It catches what
 * the other checks cannot (no credit left, a model the organisation may not use, a proxy that lets
 * /models through but not streaming). Opt-in (--smoke or the profile) because it costs a few tokens.
 * Codex retries forever without a network, so a hard timeout ends it and what Codex said while
 * retrying tells us why.
 *
 * Codex gets the key only through its saved login, never the environment: with OPENAI_API_KEY or
 * CODEX_API_KEY in its environment, `codex exec` copies the key in plain text into
 * `$CODEX_HOME/shell_snapshots/` (see codex.snapshots). Without a saved login the test does not run
 * and says how to log in.
 */
export const SMOKE_PROMPT = 'This is a connection test. Reply with the single word: ready. Do not run any commands.';

/** Which saved key Codex sent, when the doctor can tell: it decides the pasteable fix for a refused key. */
type SentKey = { from?: 'auth.json'; rejected?: ApiKey };

function failureResult(kind: ExecFailureKind, outcome: ExecOutcome, ctx: DoctorContext, seconds: number, sent: SentKey): CheckResult {
  const { t } = ctx;
  const stoppedAfter = outcome.kind === 'timed_out' ? seconds : undefined;
  const networkFix: Fix = { text: t.smoke.networkFix };
  switch (kind) {
    case 'quota':
      return { status: 'fail', code: 'key_no_quota', summary: t.smoke.quota, fix: { text: t.smoke.quotaFix } };
    case 'invalid_key':
      return { status: 'fail', code: 'key_invalid', summary: t.smoke.invalidKey, fix: freshKeyFix(ctx.platform, t, { env: ctx.env, ...sent }) };
    case 'unauthorized':
      return { status: 'fail', code: 'key_not_authorized', summary: t.smoke.unauthorized, fix: { text: t.smoke.unauthorizedFix } };
    case 'region':
      return { status: 'fail', code: 'key_region_unsupported', summary: t.smoke.region, fix: { text: t.smoke.regionFix } };
    case 'model_not_found':
      return { status: 'fail', code: 'model_not_found', summary: ctx.profile.model ? t.smoke.modelNotFoundNamed({ model: ctx.profile.model }) : t.smoke.modelNotFound, fix: { text: t.smoke.modelNotFoundFix } };
    case 'org_verification':
      return { status: 'fail', code: 'org_verification_required', summary: t.smoke.orgVerification, fix: { text: t.smoke.orgVerificationFix } };
    case 'rate_limited':
      return { status: 'warn', code: 'key_rate_limited', summary: t.smoke.rateLimited, fix: { text: t.smoke.rateLimitedFix } };
    case 'tls':
      return { status: 'fail', code: 'tls_intercepted', summary: t.smoke.tls, fix: trustCompanyCaFix(ctx.platform, t) };
    case 'dns':
      return { status: 'fail', code: 'network_dns', summary: t.smoke.dns({ stoppedAfter }), fix: networkFix };
    case 'refused':
      return { status: 'fail', code: 'network_refused', summary: t.smoke.refused({ stoppedAfter }), fix: networkFix };
    case 'network':
      return stoppedAfter !== undefined
        ? { status: 'fail', code: 'network_timeout', summary: t.smoke.networkTimeout({ seconds }), fix: networkFix }
        : { status: 'fail', code: 'network_error', summary: t.smoke.networkLost, fix: networkFix };
    default:
      return { status: 'fail', code: 'smoke_failed', summary: stoppedAfter !== undefined ? t.smoke.timedOut({ seconds }) : t.smoke.failed, fix: { text: t.smoke.failedFix } };
  }
}

/** The key variables set in the participant's shell (kept out of Codex's environment). */
function keyVariablesSet(ctx: DoctorContext): string[] {
  return API_KEY_VARIABLES.filter((name) => ctx.env[name]?.trim());
}

/** No saved login: say how to log in, with the key in the shell if there is one (never run Codex with it). */
function notLoggedInResult(ctx: DoctorContext): CheckResult {
  const [variable] = keyVariablesSet(ctx);
  if (variable && ctx.profile.authMode !== 'chatgpt') {
    return { status: 'skip', code: 'not_logged_in', summary: ctx.t.smoke.noSavedLogin({ variable }), fix: { text: ctx.t.auth.saveThatKey, commands: [loginFromEnvCommand(ctx.platform, variable)] } };
  }
  return { status: 'skip', code: 'not_logged_in', summary: ctx.t.smoke.notLoggedIn, fix: loginFix(ctx) };
}

export const codexSmokeCheck: Check = {
  id: 'codex.smoke',
  timeoutMs: (ctx) => ctx.options.smokeTimeoutMs + 20_000,
  async run(ctx) {
    const { t } = ctx;
    if (!ctx.options.smoke && !ctx.options.only.includes('codex.smoke')) {
      return { status: 'skip', code: 'smoke_not_requested', summary: t.smoke.notRequested };
    }
    const probe = await probeCodex(ctx);
    if (!codexUsable(probe)) return { status: 'skip', code: 'codex_missing', summary: t.common.noCodexToRun };
    const login = await loginState(ctx);
    // Only a saved login counts: the key variables never reach Codex (CODEX_API_KEY no longer stands in for a login).
    if (login && ['not_logged_in', 'auth_file_corrupt', 'codex_home_missing'].includes(login.state)) return notLoggedInResult(ctx);
    const workspace = await ensureWorkspace(ctx);
    if (!workspace.ok) return { status: 'skip', code: 'workspace_unavailable', summary: t.smoke.workspaceUnusable };

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
    const keptOut = keyVariablesSet(ctx);
    const env = codexEnvironment(ctx.env, { withoutApiKeys: true });
    const run = await runCodexExec({ codex: probe.found, request, env, timeoutMs, stopWhen: networkCauseWatcher(), run: ctx.run });
    const outcome = classifyExecRun(run);
    const seconds = Math.round(timeoutMs / 1000);
    const model = await modelCodexWillUse(ctx);
    const command = `codex exec --skip-git-repo-check --ephemeral --json${request.model ? ` -m ${request.model}` : ''}${request.openaiBaseUrl ? ` -c openai_base_url="${request.openaiBaseUrl}"` : ''}`;
    const details = [
      ...(model.model ? [t.smoke.modelDetail({ model: model.model, source: t.model.sources[model.source] })] : []),
      t.smoke.ranDetail({ command, folder: ctx.workspaceDir }),
      ...(keptOut.length ? [t.smoke.keysKeptOut({ variables: keptOut })] : []),
    ];
    if (outcome.kind === 'completed') {
      const tokens = outcome.usage ? (outcome.usage.input_tokens ?? 0) + (outcome.usage.output_tokens ?? 0) : undefined;
      return {
        status: 'ok',
        code: 'smoke_ok',
        summary: t.smoke.ok({ seconds: (run.durationMs / 1000).toFixed(1) }),
        details: [...details, ...(tokens !== undefined ? [t.smoke.tokensDetail({ tokens })] : []), ...(outcome.finalMessage ? [t.common.codexSaid({ text: ctx.secrets.redact(outcome.finalMessage).slice(0, 200) })] : [])],
      };
    }
    if (run.notFound || run.spawnError) {
      return { status: 'fail', code: 'smoke_failed', summary: t.smoke.couldNotStart, fix: { text: t.smoke.couldNotStartFix }, details: [...details, run.spawnError ?? 'ENOENT'] };
    }
    // Codex sent the saved key (the environment's were kept out); in the keyring the doctor cannot see it.
    const saved = await readAuthFile(ctx.codexHome);
    const sent: SentKey = saved.kind === 'apikey' ? { from: 'auth.json', rejected: saved.key } : {};
    const result = failureResult(outcome.failure ?? 'unknown', outcome, ctx, seconds, sent);
    const said = outcome.message ? [t.common.codexSaid({ text: ctx.secrets.redact(outcome.message).slice(0, 400) })] : [];
    const stopped = outcome.stopped ? [t.smoke.stopped({ seconds: (run.durationMs / 1000).toFixed(1) })] : [];
    return { ...result, details: [...details, ...said, ...stopped] };
  },
};
