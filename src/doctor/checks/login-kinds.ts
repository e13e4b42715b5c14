import type { LoginState } from '../../codex/login-status.js';
import { fixed, say, type Phrase } from '../bilingual.js';
import type { DoctorContext } from '../context.js';
import { loginWithPastedKeyCommands } from '../fixes.js';
import type { CheckResult, Fix } from '../types.js';

/**
 * Logins that are neither an OpenAI API key nor a ChatGPT sign-in, each named for what it is:
 * another provider's key (Amazon Bedrock), where requests never reach OpenAI, and the token logins
 * (personal access token, access token, workload identity) that organisations hand out. A workshop
 * that accepts any login (`authMode: any`) takes them as they are; otherwise each is a warning that
 * says how to switch to the login the workshop expects.
 */
export type OtherLogin = Extract<LoginState, 'bedrock' | 'personal_access_token' | 'access_token' | 'workload_identity'>;

const CODES: Record<OtherLogin, string> = {
  bedrock: 'logged_in_bedrock',
  personal_access_token: 'logged_in_personal_access_token',
  access_token: 'logged_in_access_token',
  workload_identity: 'logged_in_workload_identity',
};

const WHAT: Record<OtherLogin, Phrase> = {
  bedrock: fixed(
    'Codex is logged in to Amazon Bedrock (a Bedrock API key or AWS access keys): its requests go to Amazon Bedrock, not to OpenAI',
    'Codex は Amazon Bedrock（Bedrock API キーまたは AWS アクセスキー）でログインしています: リクエストは OpenAI ではなく Amazon Bedrock に送られます',
  ),
  personal_access_token: fixed('Codex is logged in with a personal access token', 'Codex は個人用アクセストークンでログインしています'),
  access_token: fixed('Codex is logged in with an access token', 'Codex はアクセストークンでログインしています'),
  workload_identity: fixed('Codex is logged in with a workload identity', 'Codex はワークロード ID でログインしています'),
};

const EXPECTS = {
  apiKey: fixed(
    'This workshop uses individual OpenAI API keys. Switch Codex to the key you were given (the key is not shown while you paste it):',
    'このワークショップでは個人の OpenAI API キーを使います。受け取ったキーに切り替えてください（貼り付けたキーは画面に表示されません）:',
  ),
  chatgpt: fixed('This workshop uses ChatGPT sign-in. Switch Codex to it:', 'このワークショップでは ChatGPT でのサインインを使います。切り替えてください:'),
  warnApiKey: {
    en: (what: string) => `${what}, but this workshop expects an OpenAI API key`,
    ja: (what: string) => `${what}。このワークショップでは OpenAI API キーを想定しています`,
  } satisfies Phrase<[string]>,
  warnChatgpt: {
    en: (what: string) => `${what}, but this workshop expects ChatGPT sign-in`,
    ja: (what: string) => `${what}。このワークショップでは ChatGPT でのサインインを想定しています`,
  } satisfies Phrase<[string]>,
};

/** Why there is no OpenAI API key to test, for the `api.key` check's skip line. */
export const NO_OPENAI_KEY: Record<OtherLogin, Phrase> = {
  bedrock: fixed('Codex uses Amazon Bedrock credentials, not an OpenAI API key', 'Codex は OpenAI API キーではなく Amazon Bedrock の認証情報を使っています'),
  personal_access_token: fixed('Codex uses a personal access token, not an API key', 'Codex は API キーではなく個人用アクセストークンを使っています'),
  access_token: fixed('Codex uses an access token, not an API key', 'Codex は API キーではなくアクセストークンを使っています'),
  workload_identity: fixed('Codex uses a workload identity, not an API key', 'Codex は API キーではなくワークロード ID を使っています'),
};

export function isOtherLogin(state: LoginState): state is OtherLogin {
  return state in CODES;
}

export function loggedInOtherWay(ctx: DoctorContext, state: OtherLogin): CheckResult {
  const what = say(ctx.lang, WHAT[state]);
  const code = CODES[state];
  if (ctx.profile.authMode === 'any') return { status: 'ok', code, summary: what };
  if (ctx.profile.authMode === 'chatgpt') {
    const fix: Fix = { text: say(ctx.lang, EXPECTS.chatgpt), commands: ['codex logout', 'codex login'] };
    return { status: 'warn', code, summary: say(ctx.lang, EXPECTS.warnChatgpt, what), fix };
  }
  const fix: Fix = { text: say(ctx.lang, EXPECTS.apiKey), commands: ['codex logout', ...loginWithPastedKeyCommands(ctx.platform)] };
  return { status: 'warn', code, summary: say(ctx.lang, EXPECTS.warnApiKey, what), fix };
}
