/**
 * Plain words for the doctor's check codes (issue 2), as the facilitator reads them on the dashboard
 * and in reports: what is wrong with this laptop, not what the check did. The doctor event carries
 * only `{id, status, code}` (no free text travels), so unknown codes — a newer kit, a check added
 * later — fall back to the check's name and the code made readable.
 */
const CODE_WORDS: Record<string, string> = {
  // node
  node_too_old: 'Node.js is too old',
  node_missing: 'Node.js is not installed',
  npm_missing: 'npm is not installed',
  npm_too_old: 'npm is too old',
  // codex.installed / codex.version
  codex_not_found: 'Codex is not installed',
  codex_not_on_path: 'Codex is installed but not on PATH',
  codex_wrong_package: 'the wrong "codex" npm package is installed',
  codex_broken_install: 'the Codex install is broken (reinstall it)',
  codex_too_old: 'Codex is too old for this workshop',
  codex_version_unknown: 'Codex did not say its version',
  // codex.auth
  not_logged_in: 'Codex is not logged in',
  env_key_not_logged_in: 'key is in the shell but Codex is not logged in',
  key_has_quotes_or_spaces: 'the key has quotes or spaces in it',
  auth_file_corrupt: "Codex's login file is damaged",
  codex_home_missing: "Codex's home folder (CODEX_HOME) does not exist",
  logged_in_chatgpt: 'logged in with ChatGPT, not with a workshop key',
  logged_in_api_key: 'logged in with an API key',
  logged_in_bedrock: 'logged in to Amazon Bedrock, not OpenAI',
  logged_in_personal_access_token: 'logged in with a personal access token',
  logged_in_access_token: 'logged in with an access token',
  logged_in_workload_identity: 'logged in with a workload identity',
  // codex.config / codex.model / codex.sandbox / codex.websocket
  codex_config_invalid: "Codex's config.toml cannot be loaded",
  codex_config_warning: 'Codex warns about its settings',
  openai_base_url_ignored: 'OPENAI_BASE_URL is set (Codex ignores it)',
  model_differs_from_profile: "the laptop's Codex config picks another model",
  codex_sandbox_unavailable: "Codex's sandbox cannot work on this laptop",
  codex_sandbox_warning: 'Codex warns about its sandbox',
  codex_websocket_blocked: 'WebSocket to the API is blocked (slower start of each request)',
  // api.key
  key_ok: 'the key works',
  key_invalid: 'the key is not valid',
  key_not_authorized: 'the key is not allowed (organisation or IP rules)',
  key_region_unsupported: 'the API is not available in this region',
  key_no_quota: 'key has no credit left',
  key_rate_limited: 'the key is being rate-limited',
  key_unreadable: 'the key could not be read to test it',
  network_dns: 'cannot find the API server (DNS)',
  network_refused: 'the API server refused the connection',
  network_timeout: 'the API did not answer in time (network)',
  network_unreachable: 'no network route to the API',
  tls_intercepted: 'a company proxy intercepts HTTPS (certificate not trusted)',
  proxy_mismatch: 'proxy settings disagree',
  proxy_failed: 'the proxy refused or failed',
  // codex.smoke
  smoke_ok: 'Codex answered a test request',
  smoke_timeout: 'Codex did not finish a test request in time',
  smoke_no_quota: 'key has no credit left',
  smoke_unauthorized: 'Codex was refused by the API (key)',
  smoke_model_not_found: "the workshop's model is not available to this key",
  smoke_org_verification: 'the organisation must be verified for this model',
  smoke_network: 'Codex could not reach the API (network)',
  // git
  git_not_found: 'git is not installed',
  git_too_old: 'git is too old',
  // workspace
  workspace_not_writable: 'the exercise folder cannot be written',
  workspace_no_space: 'the disk is almost full',
  workspace_cloud_synced: 'the exercise folder is in a cloud-synced folder',
  // network.proxy
  no_proxy_missing_loopback: 'NO_PROXY does not include localhost',
  proxy_env_conflict: 'HTTPS_PROXY and https_proxy disagree',
  // the runner
  crashed: 'the check crashed',
  timed_out: 'the check timed out',
};

const CHECK_NAMES: Record<string, string> = {
  node: 'Node.js',
  'codex.installed': 'Codex install',
  'codex.version': 'Codex version',
  'codex.auth': 'Codex login',
  'api.key': 'API key',
  'codex.smoke': 'Codex test run',
  git: 'git',
  workspace: 'exercise folder',
  'network.proxy': 'proxy settings',
};

/** "Codex is not installed"; for an unknown code "Codex login: weird new code". */
export function checkWords(code: string, checkId?: string): string {
  const known = CODE_WORDS[code];
  if (known) return known;
  const readable = code.replace(/[_.]+/g, ' ').trim();
  if (!checkId) return readable;
  const name = CHECK_NAMES[checkId] ?? checkId;
  return `${name}: ${readable}`;
}

export function checkName(checkId: string): string {
  return CHECK_NAMES[checkId] ?? checkId;
}
