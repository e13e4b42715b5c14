import { z } from 'zod';
import { keyCodexWouldSend, resolveApiBase, type ApiBase } from '../api-target.js';
import type { DoctorContext } from '../context.js';
import type { DoctorCatalog } from '../../i18n/doctor/index.js';
import { freshKeyFix, persistEnvVarCommands, trustCompanyCaFix } from '../fixes.js';
import type { HttpFailure, HttpResponse } from '../http-client.js';
import type { Check, CheckResult } from '../types.js';

/**
 * Does the key Codex would send actually work? One `GET {base}/models` with it, under a per-request
 * timeout. The answer, or the way the request failed, names the problem: a wrong key, a key outside
 * the organisation, an unsupported country, no credit, a dead network, a proxy, TLS inspection.
 * (`/models` can succeed for a key with no credit left; only the smoke test proves a real request.)
 */
const ApiErrorBody = z.object({
  error: z.object({ code: z.string().nullish(), type: z.string().nullish(), message: z.string().nullish() }).passthrough(),
});

function apiError(body: string): { code?: string; type?: string; message?: string } {
  try {
    const parsed = ApiErrorBody.safeParse(JSON.parse(body));
    if (parsed.success) {
      const { code, type, message } = parsed.data.error;
      return { code: code ?? undefined, type: type ?? undefined, message: message ?? undefined };
    }
  } catch {
    // not JSON (an HTML error page from a proxy, say)
  }
  return {};
}

function modelsUrl(base: string): string {
  return `${base.replace(/\/+$/, '')}/models`;
}

const BILLING = 'https://platform.openai.com/settings/organization/billing';

export function classifyResponse(response: HttpResponse, base: ApiBase, keyHint: string, t: DoctorCatalog): CheckResult {
  const error = apiError(response.body);
  const said = error.message ? [t.apiKey.apiSaid({ text: error.message.slice(0, 300) })] : [];
  const where = t.apiKey.where({ host: new URL(base.url).host, source: base.source });
  const status = response.status;
  if (status >= 200 && status < 300) {
    const json = (() => {
      try {
        return JSON.parse(response.body) as unknown;
      } catch {
        return undefined;
      }
    })();
    if (json && typeof json === 'object') {
      return {
        status: 'ok',
        code: 'key_ok',
        summary: t.apiKey.accepted({ hint: keyHint, where }),
        details: [t.apiKey.creditNote],
      };
    }
    return {
      status: 'warn',
      code: 'api_unexpected_response',
      summary: t.apiKey.notLikeApi({ where }),
      fix: { text: t.apiKey.notLikeApiFix },
    };
  }
  if (status === 401) {
    if (error.code === 'invalid_api_key' || /incorrect api key/i.test(error.message ?? '')) {
      return {
        status: 'fail',
        code: 'key_invalid',
        summary: t.apiKey.rejected({ hint: keyHint }),
        fix: { text: t.apiKey.rejectedFix },
        details: said,
      };
    }
    return notAuthorized(keyHint, said, t);
  }
  if (status === 403) {
    if (error.code === 'unsupported_country_region_territory' || /country, region, or territory/i.test(error.message ?? '')) {
      return {
        status: 'fail',
        code: 'key_region_unsupported',
        summary: t.apiKey.region,
        fix: { text: t.apiKey.regionFix },
        details: said,
      };
    }
    return notAuthorized(keyHint, said, t);
  }
  if (status === 429) {
    if (error.code === 'insufficient_quota' || error.type === 'insufficient_quota') {
      return {
        status: 'fail',
        code: 'key_no_quota',
        summary: t.apiKey.noQuota({ hint: keyHint }),
        fix: { text: t.apiKey.noQuotaFix({ url: BILLING }) },
        details: said,
      };
    }
    return {
      status: 'warn',
      code: 'key_rate_limited',
      summary: t.apiKey.rateLimited({ hint: keyHint }),
      fix: { text: t.apiKey.rateLimitedFix },
      details: said,
    };
  }
  if (status === 404) {
    return {
      status: 'fail',
      code: 'api_base_wrong',
      summary: t.apiKey.baseWrong({ url: modelsUrl(base.url), source: base.source }),
      fix: { text: t.apiKey.baseWrongFix },
      details: said,
    };
  }
  if (status === 407) return proxyProblem(undefined, t.network.proxyWantsLogin, undefined, t, true);
  if (status >= 500) {
    return {
      status: 'warn',
      code: 'api_unavailable',
      summary: t.apiKey.unavailable({ where, status }),
      fix: { text: t.apiKey.unavailableFix },
      details: said,
    };
  }
  return { status: 'fail', code: 'api_unexpected_status', summary: t.apiKey.unexpectedStatus({ where, status }), fix: { text: t.apiKey.showFacilitator }, details: said };
}

function notAuthorized(keyHint: string, said: string[], t: DoctorCatalog): CheckResult {
  return { status: 'fail', code: 'key_not_authorized', summary: t.apiKey.notAuthorized({ hint: keyHint }), fix: { text: t.apiKey.notAuthorizedFix }, details: said };
}

function proxyProblem(ctx: DoctorContext | undefined, why: string, failure: HttpFailure | undefined, t: DoctorCatalog, wantsLogin = false): CheckResult {
  const needsLogin = wantsLogin || failure?.proxyStatus === 407;
  const variable = failure?.proxyVariable ?? 'HTTPS_PROXY';
  return {
    status: 'fail',
    code: 'proxy_mismatch',
    summary: t.network.proxyDoesNotPass({ proxy: failure?.viaProxy, variable: failure?.proxyVariable, why }),
    fix: needsLogin
      ? { text: t.network.proxyLoginFix, commands: ctx ? persistEnvVarCommands(ctx.platform, variable, 'http://user:password@proxy.example.com:8080') : [] }
      : { text: t.network.proxyCheckFix({ variable }) },
    details: failure?.errorCode ? [t.network.errorDetail({ code: failure.errorCode })] : [],
  };
}

export function classifyFailure(failure: HttpFailure, base: ApiBase, ctx: DoctorContext, timeoutMs: number): CheckResult {
  const { t } = ctx;
  const host = new URL(base.url).host;
  // What Node said, as it said it (an error code and a message from the system, not a sentence of ours).
  const details = [`${failure.errorCode ? `${failure.errorCode}: ` : ''}${failure.message}`.slice(0, 300)];
  const proxy = failure.viaProxy;
  const networkFix = { text: proxy ? t.network.fixViaProxy : t.network.fixDirect };
  switch (failure.failure) {
    case 'dns':
      return { status: 'fail', code: 'network_dns', summary: t.network.dns({ host }), fix: networkFix, details };
    case 'refused':
      return { status: 'fail', code: 'network_refused', summary: t.network.refused({ host, proxy }), fix: networkFix, details };
    case 'unreachable':
      return { status: 'fail', code: 'network_unreachable', summary: t.network.unreachable({ host }), fix: networkFix, details };
    case 'timeout':
      return { status: 'fail', code: 'network_timeout', summary: t.network.timeout({ host, proxy, seconds: Math.round(timeoutMs / 100) / 10 }), fix: networkFix, details };
    case 'tls': {
      const clock = failure.errorCode === 'CERT_HAS_EXPIRED' || failure.errorCode === 'CERT_NOT_YET_VALID';
      return {
        status: 'fail',
        code: 'tls_intercepted',
        summary: t.network.tls({ host, error: failure.errorCode ?? 'TLS' }),
        fix: trustCompanyCaFix(ctx.platform, t),
        details: clock ? [...details, t.network.clockNote] : details,
      };
    }
    case 'proxy': {
      const why = failure.proxyStatus
        ? failure.proxyStatus === 407 ? t.network.proxyWantsLogin : t.network.proxyAnswered({ status: failure.proxyStatus })
        : failure.errorCode ? t.network.proxyUnreachable({ code: failure.errorCode }) : failure.message;
      return proxyProblem(ctx, why, failure, t);
    }
    case 'unsupported':
      return { status: 'skip', code: 'proxy_unsupported', summary: t.network.unsupportedProxy({ message: failure.message }) };
    default:
      return { status: 'fail', code: 'network_error', summary: t.network.other({ host, proxy }), fix: networkFix, details };
  }
}

/** Plain HTTP is only acceptable to this machine itself (local mocks, a local gateway). */
function sendsKeyInClear(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:') return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  return loopback ? undefined : host;
}

export const apiKeyCheck: Check = {
  id: 'api.key',
  timeoutMs: (ctx) => ctx.options.requestTimeoutMs + 15_000,
  async run(ctx) {
    const { t } = ctx;
    const source = await keyCodexWouldSend(ctx);
    if (!source.key) return { status: 'skip', code: source.code, summary: t.apiKey.noKey[source.reason] };
    const base = await resolveApiBase(ctx);
    const clearHost = sendsKeyInClear(base.url);
    if (clearHost) {
      // Never put a key on the wire unencrypted: anyone on the venue Wi-Fi could read it.
      return {
        status: 'warn',
        code: 'api_base_insecure',
        summary: t.apiKey.insecureBase({ url: base.url, source: base.source, host: clearHost }),
        fix: { text: t.apiKey.insecureBaseFix },
      };
    }
    const timeoutMs = ctx.options.requestTimeoutMs;
    const outcome = await ctx.http.get(modelsUrl(base.url), { timeoutMs, headers: { authorization: `Bearer ${source.key.revealForRequest()}` } });
    const classified = outcome.kind === 'response' ? classifyResponse(outcome, base, source.key.hint, t) : classifyFailure(outcome, base, ctx, timeoutMs);
    // The pasteable fix depends on where the refused key came from, which only this check knows.
    const result = classified.code === 'key_invalid' ? { ...classified, fix: freshKeyFix(ctx.platform, t, { env: ctx.env, from: source.from, rejected: source.key }) } : classified;
    const context = [t.apiKey.keyDetail({ hint: source.key.hint, fingerprint: source.key.fingerprint, from: source.from }), t.apiKey.requestDetail({ url: modelsUrl(base.url), source: base.source })];
    if (outcome.viaProxy) context.push(t.apiKey.proxyDetail({ proxy: outcome.viaProxy }));
    return { ...result, details: [...context, ...(result.details ?? [])] };
  },
};
