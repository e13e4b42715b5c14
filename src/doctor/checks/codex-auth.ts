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

/** How this person should log in, per the profile's auth mode (`again`: after a login that failed). */
export function loginFix(ctx: DoctorContext, again = false): Fix {
  const { t } = ctx;
  if (ctx.profile.authMode === 'chatgpt') {
    // The browser sign-in cannot reach a browser from WSL or a headless Linux box; device codes can.
    const command = ctx.platform.os === 'wsl' || (ctx.platform.os === 'linux' && !ctx.env.DISPLAY && !ctx.env.WAYLAND_DISPLAY) ? 'codex login --device-auth' : 'codex login';
    return { text: again ? t.auth.tryAgainChatgpt : t.auth.signInChatgpt, commands: [command] };
  }
  return { text: again ? t.auth.tryAgainKey : t.auth.saveKey, commands: loginWithPastedKeyCommands(ctx.platform) };
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

export function envKeyInShell(ctx: DoctorContext): { variable: string; value: string } | undefined {
  for (const variable of ENV_KEYS) {
    const value = ctx.env[variable];
    if (value && value.trim()) return { variable, value };
  }
  return undefined;
}

function quotedKeyFix(ctx: DoctorContext, variable: string | undefined): Fix {
  if (!variable) {
    return {
      text: ctx.t.auth.savedKeyQuoted,
      commands: ['codex logout', ...loginWithPastedKeyCommands(ctx.platform)],
    };
  }
  const setAgain = ctx.platform.shell === 'cmd' ? [`set ${variable}=sk-...your-key...`] : persistEnvVarCommands(ctx.platform, variable, 'sk-...your-key...').slice(-1);
  return {
    text: ctx.t.auth.variableQuoted({ variable, cmd: ctx.platform.shell === 'cmd' }),
    commands: [...setAgain, loginFromEnvCommand(ctx.platform, variable)],
  };
}

async function loggedInWithKey(ctx: DoctorContext): Promise<CheckResult> {
  const { t } = ctx;
  const saved = await readAuthFile(ctx.codexHome);
  if (saved.kind === 'apikey' && saved.hasQuotesOrSpaces) {
    return { status: 'fail', code: 'key_has_quotes_or_spaces', summary: t.auth.savedKeyQuotedSummary({ hint: saved.key.hint }), fix: quotedKeyFix(ctx, undefined) };
  }
  const codexKey = ctx.env.CODEX_API_KEY;
  if (codexKey && keyHasQuotesOrSpaces(codexKey)) {
    return { status: 'fail', code: 'key_has_quotes_or_spaces', summary: t.auth.codexApiKeyQuoted, fix: quotedKeyFix(ctx, 'CODEX_API_KEY') };
  }
  const hint = saved.kind === 'apikey' ? saved.key.hint : undefined;
  if (ctx.profile.authMode === 'chatgpt') {
    return {
      status: 'warn',
      code: 'logged_in_api_key',
      summary: hint ? t.auth.keyButChatgptExpectedHint({ hint }) : t.auth.keyButChatgptExpected,
      fix: { text: t.auth.ifChatgptAsked, commands: ['codex logout', 'codex login'] },
    };
  }
  return { status: 'ok', code: 'logged_in_api_key', summary: hint ? t.auth.loggedInKeyHint({ hint }) : t.auth.loggedInKey };
}

function loggedInWithChatgpt(ctx: DoctorContext): CheckResult {
  const { t } = ctx;
  if (ctx.profile.authMode === 'api-key') {
    const env = envKeyInShell(ctx);
    return {
      status: 'warn',
      code: 'logged_in_chatgpt',
      summary: t.auth.chatgptButKeysExpected,
      fix: env
        ? { text: t.auth.switchToVariable({ variable: env.variable }), commands: ['codex logout', loginFromEnvCommand(ctx.platform, env.variable)] }
        : { text: t.auth.switchToGivenKey, commands: ['codex logout', ...loginWithPastedKeyCommands(ctx.platform)] },
    };
  }
  return { status: 'ok', code: 'logged_in_chatgpt', summary: t.auth.loggedInChatgpt };
}

function notLoggedIn(ctx: DoctorContext): CheckResult {
  const { t } = ctx;
  const env = envKeyInShell(ctx);
  if (env && keyHasQuotesOrSpaces(env.value)) {
    return { status: 'fail', code: 'key_has_quotes_or_spaces', summary: t.auth.notLoggedInQuoted({ variable: env.variable }), fix: quotedKeyFix(ctx, env.variable) };
  }
  if (env && ctx.profile.authMode !== 'chatgpt') {
    return {
      status: 'fail',
      code: 'env_key_not_logged_in',
      summary: t.auth.envKeyNotLoggedIn({ variable: env.variable }),
      fix: { text: t.auth.saveThatKey, commands: [loginFromEnvCommand(ctx.platform, env.variable)] },
    };
  }
  return { status: 'fail', code: 'not_logged_in', summary: t.auth.notLoggedIn, fix: loginFix(ctx) };
}

async function explainFailure(ctx: DoctorContext, state: LoginState, said: string): Promise<CheckResult> {
  const { t } = ctx;
  const statusSaid = said ? [t.common.programSaid({ command: 'codex login status', text: said })] : [];
  const missingHome = state === 'codex_home_missing' || (state === 'unknown' && Boolean(ctx.env.CODEX_HOME) && !existsSync(ctx.codexHome));
  if (missingHome) {
    return {
      status: 'fail',
      code: 'codex_home_missing',
      summary: t.auth.homeMissing({ path: ctx.codexHome }),
      fix: { text: t.auth.homeMissingFix, commands: [makeFolderCommand(ctx, ctx.codexHome), ...(loginFix(ctx).commands ?? [])] },
    };
  }
  const saved = state === 'auth_file_corrupt' || state === 'unknown' ? await readAuthFile(ctx.codexHome) : undefined;
  if (state === 'auth_file_corrupt' || saved?.kind === 'corrupt') {
    const file = authFilePath(ctx.codexHome);
    return {
      status: 'fail',
      code: 'auth_file_corrupt',
      summary: t.auth.authFileCorrupt({ file }),
      fix: { text: t.auth.authFileCorruptFix, commands: [moveAsideCommand(ctx.platform, file), ...(loginFix(ctx).commands ?? [])] },
      details: statusSaid,
    };
  }
  if (state === 'not_logged_in') return notLoggedIn(ctx);
  return {
    status: 'fail',
    code: 'auth_check_failed',
    summary: t.auth.unknown,
    fix: loginFix(ctx, true),
    details: statusSaid,
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
  timeoutMs: () => 25_000,
  async run(ctx) {
    const { t } = ctx;
    const probe = await probeCodex(ctx);
    if (!codexUsable(probe)) return { status: 'skip', code: 'codex_missing', summary: t.common.noCodexToAsk };
    const login = await loginState(ctx);
    if (!login || login.timedOut) {
      return { status: 'fail', code: 'auth_check_failed', summary: t.auth.statusTimedOut, fix: { text: t.auth.statusTimedOutFix } };
    }
    const text = ctx.secrets.redact(loginStatusText(login.stdout, login.stderr));
    const state = login.state;
    const firstLine = text.split('\n')[0]?.slice(0, 300) ?? '';
    const outcome =
      state === 'api_key' ? await loggedInWithKey(ctx)
      : state === 'chatgpt' ? loggedInWithChatgpt(ctx)
      : isOtherLogin(state) ? loggedInOtherWay(ctx, state)
      : state === 'logged_in_other' ? ({ status: 'ok', code: 'logged_in', summary: t.auth.loggedInOther({ said: firstLine }) } as CheckResult)
      : await explainFailure(ctx, state, firstLine);
    return { ...outcome, details: [...(outcome.details ?? []), ...(firstLine && !outcome.details?.length ? [t.auth.statusLine({ said: firstLine })] : [])] };
  },
};
