import type { LoginState } from '../../codex/login-status.js';
import type { DoctorContext } from '../context.js';
import { loginWithPastedKeyCommands } from '../fixes.js';
import type { CheckResult, Fix } from '../types.js';

/**
 * Logins that are neither an OpenAI API key nor a ChatGPT sign-in, each named for what it is:
 * another provider's key (Amazon Bedrock), where requests never reach OpenAI, and the token logins
 * (personal access token, access token, workload identity) that organisations hand out. A workshop
 * that accepts any login (`authMode: any`) takes them as they are; otherwise each is a warning that
 * says how to switch to the login the workshop expects. The words are in the doctor catalogue
 * (`login` section).
 */
export type OtherLogin = Extract<LoginState, 'bedrock' | 'personal_access_token' | 'access_token' | 'workload_identity'>;

const CODES: Record<OtherLogin, string> = {
  bedrock: 'logged_in_bedrock',
  personal_access_token: 'logged_in_personal_access_token',
  access_token: 'logged_in_access_token',
  workload_identity: 'logged_in_workload_identity',
};

export function isOtherLogin(state: LoginState): state is OtherLogin {
  return state in CODES;
}

export function loggedInOtherWay(ctx: DoctorContext, state: OtherLogin): CheckResult {
  const { t } = ctx;
  const code = CODES[state];
  if (ctx.profile.authMode === 'any') return { status: 'ok', code, summary: t.login.what[state] };
  if (ctx.profile.authMode === 'chatgpt') {
    const fix: Fix = { text: t.login.expectsChatgptFix, commands: ['codex logout', 'codex login'] };
    return { status: 'warn', code, summary: t.login.warnChatgpt({ login: state }), fix };
  }
  const fix: Fix = { text: t.login.expectsApiKeyFix, commands: ['codex logout', ...loginWithPastedKeyCommands(ctx.platform)] };
  return { status: 'warn', code, summary: t.login.warnApiKey({ login: state }), fix };
}
