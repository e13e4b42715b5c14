/**
 * What `codex login status` means. Its exit code is the authority (0 = logged in); the text only says
 * how. Wording changes between versions ("Logged in using an API key" became "API key configured"),
 * so we match loose patterns, never whole sentences.
 */
export type LoginState =
  | 'api_key'
  | 'chatgpt'
  | 'logged_in_other'
  | 'not_logged_in'
  | 'auth_file_corrupt'
  | 'codex_home_missing'
  | 'unknown';

export function parseLoginStatus(exitCode: number | undefined, output: string): LoginState {
  if (exitCode === 0) {
    if (/api key/i.test(output)) return 'api_key';
    if (/chatgpt/i.test(output)) return 'chatgpt';
    return 'logged_in_other';
  }
  if (/CODEX_HOME/.test(output) && /(not exist|no such|not found)/i.test(output)) return 'codex_home_missing';
  if (/(deserializ|auth\.json|failed to parse|invalid json|expected value)/i.test(output)) return 'auth_file_corrupt';
  if (/not logged in/i.test(output)) return 'not_logged_in';
  return 'unknown';
}
