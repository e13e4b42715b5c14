import { readAuthFile, readCodexConfig } from '../codex/codex-home.js';
import { parseLoginStatus, type LoginState } from '../codex/login-status.js';
import type { ApiKey } from '../core/secret.js';
import { isOtherLogin, type OtherLogin } from './checks/login-kinds.js';
import { codexUsable, probeCodex } from './codex-probe.js';
import type { DoctorContext } from './context.js';

/**
 * Which API the participant's Codex talks to, and with which key: shared by the API key check and the
 * smoke test, computed once per run.
 */
export const DEFAULT_API_BASE = 'https://api.openai.com/v1';

export interface ApiBase {
  url: string;
  source: '--api-base' | 'workshop profile' | 'Codex config.toml' | 'default';
}

export function resolveApiBase(ctx: DoctorContext): Promise<ApiBase> {
  return ctx.memo('api.base', async () => {
    if (ctx.options.apiBase) return { url: ctx.options.apiBase, source: '--api-base' as const };
    if (ctx.profile.apiBase) return { url: ctx.profile.apiBase.replace(/\/+$/, ''), source: 'workshop profile' as const };
    const config = await readCodexConfig(ctx.codexHome);
    if (config.kind === 'ok' && config.openaiBaseUrl) return { url: config.openaiBaseUrl.replace(/\/+$/, ''), source: 'Codex config.toml' as const };
    return { url: DEFAULT_API_BASE, source: 'default' as const };
  });
}

/** `codex login status`, run once and shared (the auth check reports it; others only consult it). */
export function loginState(ctx: DoctorContext): Promise<{ state: LoginState; stdout: string; stderr: string; timedOut: boolean } | undefined> {
  return ctx.memo('codex.login-status', async () => {
    const probe = await probeCodex(ctx);
    if (!codexUsable(probe)) return undefined;
    const result = await ctx.run(probe.found.file, [...probe.found.prefixArgs, 'login', 'status'], { timeoutMs: 10_000 });
    const text = `${result.stdout}\n${result.stderr}`;
    return { state: result.timedOut ? 'unknown' : parseLoginStatus(result.exitCode, text), stdout: result.stdout, stderr: result.stderr, timedOut: result.timedOut };
  });
}

/** Why there is no key to test: a key of the `apiKey.noKey` section of the doctor catalogue. */
export type NoKeyReason = 'chatgpt' | 'corrupt' | 'keyring' | 'none' | OtherLogin;

export type KeySource = { key: ApiKey; from: 'CODEX_API_KEY' | 'auth.json' } | { key?: undefined; code: string; reason: NoKeyReason };

/** The key Codex would send: CODEX_API_KEY wins over the saved key (auth.json); OPENAI_API_KEY is never used. */
export async function keyCodexWouldSend(ctx: DoctorContext): Promise<KeySource> {
  const fromEnv = ctx.env.CODEX_API_KEY;
  if (fromEnv && fromEnv.trim()) {
    const key = ctx.secrets.all().find((k) => k.revealForRequest() === fromEnv);
    if (key) return { key, from: 'CODEX_API_KEY' };
  }
  const saved = await readAuthFile(ctx.codexHome);
  if (saved.kind === 'apikey') {
    ctx.secrets.add(saved.key);
    return { key: saved.key, from: 'auth.json' };
  }
  if (saved.kind === 'chatgpt') return { code: 'no_api_key', reason: 'chatgpt' };
  if (saved.kind === 'corrupt') return { code: 'no_api_key', reason: 'corrupt' };
  const login = await loginState(ctx);
  if (login?.state === 'api_key') return { code: 'key_in_keyring', reason: 'keyring' };
  if (login?.state === 'chatgpt') return { code: 'no_api_key', reason: 'chatgpt' };
  if (login && isOtherLogin(login.state)) return { code: 'no_api_key', reason: login.state };
  return { code: 'no_api_key', reason: 'none' };
}
