import { readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { ApiKey } from '../core/secret.js';

/**
 * Reading what Codex keeps in its home folder ($CODEX_HOME, default ~/.codex): the saved credentials
 * (auth.json) and the user's settings (config.toml). Only what the workshop needs is read, and the
 * files are never written. auth.json is NOT the authority on whether Codex is logged in (credentials
 * may live in the OS keyring; `codex login status` is the authority): it is read to test the saved key.
 */
const AuthFile = z
  .object({
    auth_mode: z.string().nullish(),
    OPENAI_API_KEY: z.string().nullish(),
    tokens: z.unknown().optional(),
  })
  .passthrough();

export type AuthFileState =
  | { kind: 'missing' }
  | { kind: 'corrupt'; message: string }
  | { kind: 'unreadable'; message: string }
  | { kind: 'apikey'; key: ApiKey; hasQuotesOrSpaces: boolean }
  | { kind: 'chatgpt' }
  | { kind: 'other'; authMode?: string };

export function authFilePath(codexHome: string): string {
  return path.join(codexHome, 'auth.json');
}

export function configFilePath(codexHome: string): string {
  return path.join(codexHome, 'config.toml');
}

/** True for a key that a shell or a copy-paste has wrapped in quotes or padded with spaces. */
export function keyHasQuotesOrSpaces(value: string): boolean {
  return /^["'‘’“”]|["'‘’“”]$/.test(value) || /\s/.test(value);
}

export function interpretAuthFile(text: string): AuthFileState {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { kind: 'corrupt', message: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = AuthFile.safeParse(raw);
  if (!parsed.success) return { kind: 'corrupt', message: 'not the shape Codex writes' };
  const { auth_mode: mode, OPENAI_API_KEY: key } = parsed.data;
  // A ChatGPT sign-in may also hold an exchanged key; it is still a ChatGPT sign-in.
  if (mode === 'chatgpt' || (mode == null && parsed.data.tokens)) return { kind: 'chatgpt' };
  if (key && (mode === 'apikey' || mode == null)) return { kind: 'apikey', key: new ApiKey(key), hasQuotesOrSpaces: keyHasQuotesOrSpaces(key) };
  return { kind: 'other', authMode: mode ?? undefined };
}

export async function readAuthFile(codexHome: string): Promise<AuthFileState> {
  let text: string;
  try {
    text = await fs.readFile(authFilePath(codexHome), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unreadable', message: (error as Error).message };
  }
  return interpretAuthFile(text);
}

/** The saved API key, read synchronously at start-up so that it can be redacted from everything. */
export function savedApiKeySync(codexHome: string): ApiKey | undefined {
  try {
    const state = interpretAuthFile(readFileSync(authFilePath(codexHome), 'utf8'));
    return state.kind === 'apikey' ? state.key : undefined;
  } catch {
    return undefined;
  }
}

export type CodexConfigState =
  | { kind: 'missing' }
  | { kind: 'invalid'; message: string }
  | { kind: 'ok'; openaiBaseUrl?: string; model?: string };

export async function readCodexConfig(codexHome: string): Promise<CodexConfigState> {
  let text: string;
  try {
    text = await fs.readFile(configFilePath(codexHome), 'utf8');
  } catch {
    return { kind: 'missing' };
  }
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message.split('\n')[0] ?? 'not valid TOML' };
  }
  const baseUrl = typeof data.openai_base_url === 'string' && data.openai_base_url.trim() ? data.openai_base_url.trim() : undefined;
  const model = typeof data.model === 'string' ? data.model : undefined;
  return { kind: 'ok', ...(baseUrl ? { openaiBaseUrl: baseUrl } : {}), ...(model ? { model } : {}) };
}
