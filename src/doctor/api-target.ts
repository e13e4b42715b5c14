import { readAuthFile, readCodexConfig } from '../codex/codex-home.js';
import { parseLoginStatus, type LoginState } from '../codex/login-status.js';
import type { ApiKey } from '../core/secret.js';
import { say } from './bilingual.js';
import { isOtherLogin, NO_OPENAI_KEY } from './checks/login-kinds.js';
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

export type KeySource = { key: ApiKey; from: 'CODEX_API_KEY' | 'auth.json' } | { key?: undefined; code: string; reason: string };

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
  if (saved.kind === 'chatgpt') return { code: 'no_api_key', reason: 'Codex is signed in with ChatGPT, so there is no API key to test' };
  if (saved.kind === 'corrupt') return { code: 'no_api_key', reason: 'the saved login cannot be read (see Codex login)' };
  const login = await loginState(ctx);
  if (login?.state === 'api_key') {
    return { code: 'key_in_keyring', reason: 'Codex keeps the key in the system keyring, which the doctor does not read; `--smoke` tests it through Codex itself' };
  }
  if (login?.state === 'chatgpt') return { code: 'no_api_key', reason: 'Codex is signed in with ChatGPT, so there is no API key to test' };
  if (login && isOtherLogin(login.state)) return { code: 'no_api_key', reason: say(ctx.lang, NO_OPENAI_KEY[login.state]) };
  return { code: 'no_api_key', reason: 'Codex has no API key saved yet (see Codex login)' };
}
