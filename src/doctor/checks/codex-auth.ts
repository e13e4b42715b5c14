import { existsSync } from 'node:fs';
import { authFilePath, keyHasQuotesOrSpaces, readAuthFile } from '../../codex/codex-home.js';
import type { LoginState } from '../../codex/login-status.js';
import { loginState } from '../api-target.js';
import { codexUsable, probeCodex } from '../codex-probe.js';
import type { DoctorContext } from '../context.js';
import { loginFromEnvCommand, loginWithPastedKeyCommands, moveAsideCommand, persistEnvVarCommands, shellQuote } from '../fixes.js';
import type { Check, CheckResult, Fix } from '../types.js';
import { isOtherLogin, loggedInOtherWay } from './login-kinds.js';

/**
 * Is Codex logged in, and the way this workshop expects? The authority is `codex login status` (its
 * exit code first, its text second): credentials may live in the OS keyring, so the presence of
 * auth.json proves nothing. Files are read only to explain a failure or to spot a key wrapped in quotes.
 */
const ENV_KEYS = ['OPENAI_API_KEY', 'CODEX_API_KEY'] as const;

/** How this person should log in, per the profile's auth mode. */
export function loginFix(ctx: DoctorContext, lead?: string): Fix {
  const say = (text: string) => (lead ? `${lead} ${text}` : text);
  if (ctx.profile.authMode === 'chatgpt') {
    // The browser sign-in cannot reach a browser from WSL or a headless Linux box; device codes can.
    const command = ctx.platform.os === 'wsl' || (ctx.platform.os === 'linux' && !ctx.env.DISPLAY && !ctx.env.WAYLAND_DISPLAY) ? 'codex login --device-auth' : 'codex login';
    return { text: say('Sign in with ChatGPT:'), commands: [command] };
  }
  return { text: say('Save your API key in Codex (the key is not shown while you paste it):'), commands: loginWithPastedKeyCommands(ctx.platform) };
}

function makeFolderCommand(ctx: DoctorContext, dir: string): string {
  switch (ctx.platform.shell) {
    case 'powershell':
      return `New-Item -ItemType Directory -Force ${shellQuote(dir, 'powershell')}`;
    case 'cmd':
      return `mkdir ${shellQuote(dir, 'cmd')}`;
    default:
      return `mkdir -p ${shellQuote(dir, ctx.platform.shell)}`;
  }
}

function envKeyInShell(ctx: DoctorContext): { variable: string; value: string } | undefined {
  for (const variable of ENV_KEYS) {
    const value = ctx.env[variable];
    if (value && value.trim()) return { variable, value };
  }
  return undefined;
}

function quotedKeyFix(ctx: DoctorContext, variable: string | undefined): Fix {
  if (!variable) {
    return {
      text: 'The key saved in Codex has quotes or spaces around it, so every request is refused. Log out, then save the bare key (no quotes):',
      commands: ['codex logout', ...loginWithPastedKeyCommands(ctx.platform)],
    };
  }
  const setAgain = ctx.platform.shell === 'cmd' ? [`set ${variable}=sk-...your-key...`] : persistEnvVarCommands(ctx.platform, variable, 'sk-...your-key...').slice(-1);
  return {
    text: `${variable} contains quotes or spaces around the key${ctx.platform.shell === 'cmd' ? ' (in cmd, `set NAME="value"` keeps the quotes)' : ''}. Set it again without them, then save it in Codex:`,
    commands: [...setAgain, loginFromEnvCommand(ctx.platform, variable)],
  };
}

async function loggedInWithKey(ctx: DoctorContext): Promise<CheckResult> {
  const saved = await readAuthFile(ctx.codexHome);
  if (saved.kind === 'apikey' && saved.hasQuotesOrSpaces) {
    return { status: 'fail', code: 'key_has_quotes_or_spaces', summary: `Codex has an API key saved (${saved.key.hint}), but with quotes or spaces around it`, fix: quotedKeyFix(ctx, undefined) };
  }
  const codexKey = ctx.env.CODEX_API_KEY;
  if (codexKey && keyHasQuotesOrSpaces(codexKey)) {
    return { status: 'fail', code: 'key_has_quotes_or_spaces', summary: 'CODEX_API_KEY (which Codex uses before the saved key) has quotes or spaces around the key', fix: quotedKeyFix(ctx, 'CODEX_API_KEY') };
  }
  const hint = saved.kind === 'apikey' ? ` (${saved.key.hint})` : '';
  if (ctx.profile.authMode === 'chatgpt') {
    return {
      status: 'warn',
      code: 'logged_in_api_key',
      summary: `Codex uses an API key${hint}, but this workshop expects ChatGPT sign-in`,
      fix: { text: 'If your facilitator asked you to sign in with ChatGPT:', commands: ['codex logout', 'codex login'] },
    };
  }
  return { status: 'ok', code: 'logged_in_api_key', summary: `Codex is logged in with an API key${hint}` };
}

function loggedInWithChatgpt(ctx: DoctorContext): CheckResult {
  if (ctx.profile.authMode === 'api-key') {
    const env = envKeyInShell(ctx);
    return {
      status: 'warn',
      code: 'logged_in_chatgpt',
      summary: 'Codex is signed in with ChatGPT, but this workshop uses individual API keys',
      fix: env
        ? { text: `Switch Codex to the key in ${env.variable}:`, commands: ['codex logout', loginFromEnvCommand(ctx.platform, env.variable)] }
        : { text: 'Switch Codex to the API key you were given:', commands: ['codex logout', ...loginWithPastedKeyCommands(ctx.platform)] },
    };
  }
  return { status: 'ok', code: 'logged_in_chatgpt', summary: 'Codex is signed in with ChatGPT' };
}

function notLoggedIn(ctx: DoctorContext): CheckResult {
  const env = envKeyInShell(ctx);
  if (env && keyHasQuotesOrSpaces(env.value)) {
    return { status: 'fail', code: 'key_has_quotes_or_spaces', summary: `Codex is not logged in, and ${env.variable} has quotes or spaces around the key`, fix: quotedKeyFix(ctx, env.variable) };
  }
  if (env && ctx.profile.authMode !== 'chatgpt') {
    return {
      status: 'fail',
      code: 'env_key_not_logged_in',
      summary: `${env.variable} is set in your shell, but Codex is not logged in (Codex does not use that variable on its own)`,
      fix: { text: 'Save that key in Codex:', commands: [loginFromEnvCommand(ctx.platform, env.variable)] },
    };
  }
  return { status: 'fail', code: 'not_logged_in', summary: 'Codex is not logged in', fix: loginFix(ctx) };
}

async function explainFailure(ctx: DoctorContext, state: LoginState, said: string): Promise<CheckResult> {
  const missingHome = state === 'codex_home_missing' || (state === 'unknown' && Boolean(ctx.env.CODEX_HOME) && !existsSync(ctx.codexHome));
  if (missingHome) {
    return {
      status: 'fail',
      code: 'codex_home_missing',
      summary: `CODEX_HOME points to ${ctx.codexHome}, which does not exist`,
      fix: { text: 'Create the folder (or remove CODEX_HOME from your environment), then log in:', commands: [makeFolderCommand(ctx, ctx.codexHome), ...(loginFix(ctx).commands ?? [])] },
    };
  }
  const saved = state === 'auth_file_corrupt' || state === 'unknown' ? await readAuthFile(ctx.codexHome) : undefined;
  if (state === 'auth_file_corrupt' || saved?.kind === 'corrupt') {
    const file = authFilePath(ctx.codexHome);
    return {
      status: 'fail',
      code: 'auth_file_corrupt',
      summary: `Codex cannot read its saved login (${file} is damaged)`,
      fix: { text: 'Move the damaged file aside, then log in again:', commands: [moveAsideCommand(ctx.platform, file), ...(loginFix(ctx).commands ?? [])] },
      details: said ? [`codex login status said: ${said}`] : [],
    };
  }
  if (state === 'not_logged_in') return notLoggedIn(ctx);
  return {
    status: 'fail',
    code: 'auth_check_failed',
    summary: 'Codex could not say whether it is logged in',
    fix: loginFix(ctx, 'Try logging in again.'),
    details: said ? [`codex login status said: ${said}`] : [],
  };
}

/** The text of `codex login status` without the noise lines Codex adds in some setups. */
function loginStatusText(stdout: string, stderr: string): string {
  return `${stdout}\n${stderr}`
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^WARNING: proceeding/.test(l))
    .join('\n');
}

export const codexAuthCheck: Check = {
  id: 'codex.auth',
  title: 'Codex login',
  timeoutMs: () => 25_000,
  async run(ctx) {
    const probe = await probeCodex(ctx);
    if (!codexUsable(probe)) return { status: 'skip', code: 'codex_missing', summary: 'no working Codex CLI to ask (see Codex CLI above)' };
    const login = await loginState(ctx);
    if (!login || login.timedOut) {
      return { status: 'fail', code: 'auth_check_failed', summary: '`codex login status` did not answer within 10 s', fix: { text: 'Run `codex login status` yourself; if it hangs, restart the terminal and try again.' } };
    }
    const text = ctx.secrets.redact(loginStatusText(login.stdout, login.stderr));
    const state = login.state;
    const firstLine = text.split('\n')[0]?.slice(0, 300) ?? '';
    const outcome =
      state === 'api_key' ? await loggedInWithKey(ctx)
      : state === 'chatgpt' ? loggedInWithChatgpt(ctx)
      : isOtherLogin(state) ? loggedInOtherWay(ctx, state)
      : state === 'logged_in_other' ? ({ status: 'ok', code: 'logged_in', summary: `Codex is logged in (${firstLine})` } as CheckResult)
      : await explainFailure(ctx, state, firstLine);
    return { ...outcome, details: [...(outcome.details ?? []), ...(firstLine && !outcome.details?.length ? [`codex login status: ${firstLine}`] : [])] };
  },
};
