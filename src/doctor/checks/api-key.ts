import { z } from 'zod';
import { keyCodexWouldSend, resolveApiBase, type ApiBase } from '../api-target.js';
import type { DoctorContext } from '../context.js';
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

export function classifyResponse(response: HttpResponse, base: ApiBase, keyHint: string): CheckResult {
  const error = apiError(response.body);
  const said = error.message ? [`the API said: ${error.message.slice(0, 300)}`] : [];
  const where = `${new URL(base.url).host}${base.source === 'default' ? '' : ` (API base from ${base.source})`}`;
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
        summary: `The API accepts your key ${keyHint} (${where})`,
        details: ['A key with no credit left still passes this; `workshop doctor --smoke` sends a real request.'],
      };
    }
    return {
      status: 'warn',
      code: 'api_unexpected_response',
      summary: `${where} answered, but not like the OpenAI API (a captive portal or proxy login page?)`,
      fix: { text: 'Open any web page in a browser to complete a Wi-Fi or proxy sign-in, then run `workshop doctor` again.' },
    };
  }
  if (status === 401) {
    if (error.code === 'invalid_api_key' || /incorrect api key/i.test(error.message ?? '')) {
      return {
        status: 'fail',
        code: 'key_invalid',
        summary: `The API rejects the key ${keyHint}: it is wrong, revoked or mistyped`,
        fix: { text: 'Get a fresh key from your facilitator (or https://platform.openai.com/api-keys), then save it in Codex with `codex login --with-api-key`.' },
        details: said,
      };
    }
    return notAuthorized(keyHint, said);
  }
  if (status === 403) {
    if (error.code === 'unsupported_country_region_territory' || /country, region, or territory/i.test(error.message ?? '')) {
      return {
        status: 'fail',
        code: 'key_region_unsupported',
        summary: 'The API does not serve the country or region your connection comes from',
        fix: { text: 'If you are on a VPN, switch it off or to an office location in a supported country; otherwise tell your facilitator.' },
        details: said,
      };
    }
    return notAuthorized(keyHint, said);
  }
  if (status === 429) {
    if (error.code === 'insufficient_quota' || error.type === 'insufficient_quota') {
      return {
        status: 'fail',
        code: 'key_no_quota',
        summary: `The key ${keyHint} has no credit left (quota exceeded)`,
        fix: { text: `Ask your facilitator to add credit to the organisation or project, or add billing at ${BILLING}.` },
        details: said,
      };
    }
    return {
      status: 'warn',
      code: 'key_rate_limited',
      summary: `The key ${keyHint} works but is being rate limited right now`,
      fix: { text: 'Wait a minute and run `workshop doctor` again; if it persists, tell your facilitator (the organisation\'s limits may be too low for the room).' },
      details: said,
    };
  }
  if (status === 404) {
    return {
      status: 'fail',
      code: 'api_base_wrong',
      summary: `${modelsUrl(base.url)} does not exist: the API base URL (from ${base.source}) looks wrong`,
      fix: { text: 'Check the API base: it usually ends in /v1, e.g. https://api.openai.com/v1.' },
      details: said,
    };
  }
  if (status === 407) return proxyProblem(undefined, `the proxy wants a user name and password (407)`, undefined);
  if (status >= 500) {
    return {
      status: 'warn',
      code: 'api_unavailable',
      summary: `${where} is having trouble (HTTP ${status}); this is not your setup`,
      fix: { text: 'Try again in a few minutes; https://status.openai.com shows outages.' },
      details: said,
    };
  }
  return { status: 'fail', code: 'api_unexpected_status', summary: `${where} answered HTTP ${status} to a simple request`, fix: { text: 'Show this to your facilitator.' }, details: said };
}

function notAuthorized(keyHint: string, said: string[]): CheckResult {
  return {
    status: 'fail',
    code: 'key_not_authorized',
    summary: `The key ${keyHint} is valid but not allowed here (not in the organisation or project, or your IP address is not allowed)`,
    fix: { text: 'Ask your facilitator to check that the key belongs to the workshop\'s organisation and project and that your network is allowed.' },
    details: said,
  };
}

function proxyProblem(ctx: DoctorContext | undefined, what: string, failure: HttpFailure | undefined): CheckResult {
  const via = failure?.viaProxy ? `${failure.viaProxy} (from ${failure.proxyVariable})` : 'your proxy';
  const needsLogin = failure?.proxyStatus === 407 || /407/.test(what);
  return {
    status: 'fail',
    code: 'proxy_mismatch',
    summary: `The proxy ${via} does not get requests through: ${what}`,
    fix: needsLogin
      ? { text: 'Put your proxy user name and password in the proxy address (ask IT for the exact form):', commands: ctx ? persistEnvVarCommands(ctx.platform, failure?.proxyVariable ?? 'HTTPS_PROXY', 'http://user:password@proxy.example.com:8080') : [] }
      : { text: `Check the proxy address with IT. If you do not need a proxy here (e.g. at home), remove ${failure?.proxyVariable ?? 'HTTPS_PROXY'} from your environment.` },
    details: failure?.errorCode ? [`error: ${failure.errorCode}`] : [],
  };
}

export function classifyFailure(failure: HttpFailure, base: ApiBase, ctx: DoctorContext, timeoutMs: number): CheckResult {
  const host = new URL(base.url).host;
  const details = [`${failure.errorCode ? `${failure.errorCode}: ` : ''}${failure.message}`.slice(0, 300)];
  const viaProxy = failure.viaProxy ? ` through the proxy ${failure.viaProxy}` : '';
  const networkFix = {
    text: failure.viaProxy
      ? 'Check your internet connection and the proxy address with IT.'
      : 'Check your internet connection (open https://platform.openai.com in a browser). On a company network you may need a proxy: ask IT for its address and set HTTPS_PROXY.',
  };
  switch (failure.failure) {
    case 'dns':
      return { status: 'fail', code: 'network_dns', summary: `Cannot find ${host} (the name lookup failed): no internet, or DNS is blocked`, fix: networkFix, details };
    case 'refused':
      return { status: 'fail', code: 'network_refused', summary: `${host} refused the connection${viaProxy} (a firewall, VPN or wrong API base?)`, fix: networkFix, details };
    case 'unreachable':
      return { status: 'fail', code: 'network_unreachable', summary: `No route to ${host}: the network is down or blocked`, fix: networkFix, details };
    case 'timeout':
      return { status: 'fail', code: 'network_timeout', summary: `No answer from ${host}${viaProxy} within ${Math.round(timeoutMs / 100) / 10} s`, fix: networkFix, details };
    case 'tls': {
      const clock = failure.errorCode === 'CERT_HAS_EXPIRED' || failure.errorCode === 'CERT_NOT_YET_VALID';
      return {
        status: 'fail',
        code: 'tls_intercepted',
        summary: `The certificate presented for ${host} is not trusted (${failure.errorCode ?? 'TLS error'}): something on your network intercepts secure connections`,
        fix: trustCompanyCaFix(ctx.platform),
        details: clock ? [...details, 'If your computer\'s date and time are wrong, fix them first: that alone causes this error.'] : details,
      };
    }
    case 'proxy':
      return proxyProblem(ctx, failure.proxyStatus ? `it answered ${failure.proxyStatus}` : failure.errorCode ? `it cannot be reached (${failure.errorCode})` : failure.message, failure);
    case 'unsupported':
      return { status: 'skip', code: 'proxy_unsupported', summary: `${failure.message}; the smoke test (--smoke) checks the connection through Codex itself` };
    default:
      return { status: 'fail', code: 'network_error', summary: `The connection to ${host}${viaProxy} failed`, fix: networkFix, details };
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
  title: 'API key',
  timeoutMs: (ctx) => ctx.options.requestTimeoutMs + 15_000,
  async run(ctx) {
    const source = await keyCodexWouldSend(ctx);
    if (!source.key) return { status: 'skip', code: source.code, summary: source.reason };
    const base = await resolveApiBase(ctx);
    const clearHost = sendsKeyInClear(base.url);
    if (clearHost) {
      // Never put a key on the wire unencrypted: anyone on the venue Wi-Fi could read it.
      return {
        status: 'warn',
        code: 'api_base_insecure',
        summary: `Not checking the key: the API base ${base.url} (from ${base.source}) is plain HTTP, which would send your key unencrypted to ${clearHost}`,
        fix: { text: 'Use an https:// API base (ask your facilitator for the right address), then run `workshop doctor` again.' },
      };
    }
    const timeoutMs = ctx.options.requestTimeoutMs;
    const outcome = await ctx.http.get(modelsUrl(base.url), { timeoutMs, headers: { authorization: `Bearer ${source.key.revealForRequest()}` } });
    const classified = outcome.kind === 'response' ? classifyResponse(outcome, base, source.key.hint) : classifyFailure(outcome, base, ctx, timeoutMs);
    // The pasteable fix depends on where the refused key came from, which only this check knows.
    const result = classified.code === 'key_invalid' ? { ...classified, fix: freshKeyFix(ctx.platform, ctx.lang, { env: ctx.env, from: source.from, rejected: source.key }) } : classified;
    const context = [`key ${source.key.hint} (fingerprint ${source.key.fingerprint}) from ${source.from}`, `GET ${modelsUrl(base.url)} (API base from ${base.source})`];
    if (outcome.viaProxy) context.push(`through the proxy ${outcome.viaProxy}`);
    return { ...result, details: [...context, ...(result.details ?? [])] };
  },
};
