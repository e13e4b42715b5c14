/**
 * What `codex login status` means. Its exit code is the authority (0 = logged in); the text only says
 * how. Each pattern is anchored to the start of a line and to the words that name the login kind, so
 * that "Logged in using Amazon Bedrock API key" is never taken for an OpenAI API key. Wordings, read
 * from the 0.169.0 and 0.171.0 binaries (see codex-cli-facts.md):
 *   API key configured - sk-…              (older: "Logged in using an API key - sk-…")
 *   Logged in using ChatGPT
 *   Logged in using Amazon Bedrock API key / … Amazon Bedrock AWS access keys
 *   Logged in using personal access token / … access token / … workload identity
 * We match loose patterns, never whole sentences: the tail of each line may change.
 */
export type LoginState =
  | 'api_key'
  | 'chatgpt'
  | 'bedrock'
  | 'personal_access_token'
  | 'access_token'
  | 'workload_identity'
  | 'logged_in_other'
  | 'not_logged_in'
  | 'auth_file_corrupt'
  | 'codex_home_missing'
  | 'unknown';

/** Logged-in kinds, most specific first ("personal access token" before "access token"). */
const LOGGED_IN_PATTERNS: Array<[Exclude<LoginState, 'logged_in_other' | 'not_logged_in' | 'auth_file_corrupt' | 'codex_home_missing' | 'unknown'>, RegExp]> = [
  ['bedrock', /^\s*Logged in using Amazon Bedrock\b/im],
  ['api_key', /^\s*(API key configured\b|Logged in using an? (OpenAI )?API key\b)/im],
  ['chatgpt', /^\s*Logged in using ChatGPT\b/im],
  ['personal_access_token', /^\s*Logged in using (a )?personal access token\b/im],
  ['workload_identity', /^\s*Logged in using (a )?workload identity\b/im],
  ['access_token', /^\s*Logged in using (an )?access token\b/im],
];

export function parseLoginStatus(exitCode: number | undefined, output: string): LoginState {
  if (exitCode === 0) {
    for (const [state, pattern] of LOGGED_IN_PATTERNS) if (pattern.test(output)) return state;
    return 'logged_in_other';
  }
  if (/CODEX_HOME/.test(output) && /(not exist|no such|not found)/i.test(output)) return 'codex_home_missing';
  if (/(deserializ|auth\.json|failed to parse|invalid json|expected value)/i.test(output)) return 'auth_file_corrupt';
  if (/not logged in/i.test(output)) return 'not_logged_in';
  return 'unknown';
}

/** True for every state in which Codex can send a request on its own. */
export function isLoggedIn(state: LoginState): boolean {
  return !['not_logged_in', 'auth_file_corrupt', 'codex_home_missing', 'unknown'].includes(state);
}
