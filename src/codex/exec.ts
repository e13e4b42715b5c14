import { runProcess, type RunOptions, type RunResult } from '../core/process.js';
import type { FoundExecutable } from './find-codex.js';

/**
 * Running `codex exec` (non-interactive Codex) the way both the doctor's smoke test and the
 * facilitator's rehearsal need it: JSON lines on stdout, stdin closed (with an open stdin Codex waits
 * for more input), a hard timeout (without a network Codex retries forever), and settings passed as
 * `-c key=value` overrides so the participant's own config.toml is never edited.
 */
export type SandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access';
export type ConfigValue = string | number | boolean;

export interface ExecRequest {
  prompt: string;
  /** Working folder for Codex (`-C`); the process also starts there. */
  cwd?: string;
  model?: string;
  /** Non-default API base for the built-in OpenAI provider (`-c openai_base_url=…`). */
  openaiBaseUrl?: string;
  sandbox?: SandboxMode;
  /** `--dangerously-bypass-approvals-and-sandbox`: only for throw-away folders (rehearsals, tests). */
  bypassSandbox?: boolean;
  /** Extra `-c` overrides, e.g. from scriptedProviderOverrides(). */
  config?: Record<string, ConfigValue>;
  /** Keep no session file (`--ephemeral`); default true. */
  ephemeral?: boolean;
  /** Ignore $CODEX_HOME/config.toml (`--ignore-user-config`). */
  ignoreUserConfig?: boolean;
}

/** A TOML value for `-c key=value`: strings quoted (JSON string escapes are valid TOML). */
export function tomlValue(value: ConfigValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function buildExecArgs(request: ExecRequest): string[] {
  const args = ['exec', '--skip-git-repo-check', '--json'];
  if (request.ephemeral !== false) args.push('--ephemeral');
  if (request.ignoreUserConfig) args.push('--ignore-user-config');
  if (request.cwd) args.push('-C', request.cwd);
  if (request.bypassSandbox) args.push('--dangerously-bypass-approvals-and-sandbox');
  else if (request.sandbox) args.push('-s', request.sandbox);
  if (request.model) args.push('-m', request.model);
  const config: Record<string, ConfigValue> = { ...(request.openaiBaseUrl ? { openai_base_url: request.openaiBaseUrl } : {}), ...request.config };
  for (const [key, value] of Object.entries(config)) args.push('-c', `${key}=${tomlValue(value)}`);
  // `--` so that a prompt starting with "-" is never read as a flag.
  args.push('--', request.prompt);
  return args;
}

/**
 * `-c` overrides that point Codex at a local scripted Responses API (see scripted-responses-server.ts)
 * through a custom provider: no WebSocket attempts, no retries, the saved key sent as Bearer.
 */
export function scriptedProviderOverrides(baseUrl: string, providerId = 'workshop_scripted'): Record<string, ConfigValue> {
  const p = `model_providers.${providerId}`;
  return {
    model_provider: providerId,
    [`${p}.name`]: providerId,
    [`${p}.base_url`]: baseUrl,
    [`${p}.wire_api`]: 'responses',
    [`${p}.supports_websockets`]: false,
    [`${p}.requires_openai_auth`]: true,
    [`${p}.request_max_retries`]: 0,
    [`${p}.stream_max_retries`]: 0,
  };
}

export interface CodexEnvironmentOptions {
  codexHome?: string;
  /**
   * A temporary folder for Codex that does not contain CODEX_HOME: when CODEX_HOME lies under TMPDIR
   * Codex prints a warning on every command ("Refusing to create helper binaries under temporary dir").
   */
  tmpDir?: string;
  /**
   * Leave the API key variables (OPENAI_API_KEY, CODEX_API_KEY) out, so that Codex authenticates only
   * through its saved login. With a key in its environment, `codex exec` writes that key in plain text
   * into `$CODEX_HOME/shell_snapshots/*.sh` (readable by everyone: mode 0644).
   */
  withoutApiKeys?: boolean;
}

/** The environment variables through which a key can reach Codex. */
export const API_KEY_VARIABLES = ['OPENAI_API_KEY', 'CODEX_API_KEY'] as const;

export function codexEnvironment(base: NodeJS.ProcessEnv, options: CodexEnvironmentOptions = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  if (options.withoutApiKeys) {
    // Windows names are case-insensitive: `openai_api_key` is the same variable there.
    for (const name of Object.keys(env)) if ((API_KEY_VARIABLES as readonly string[]).includes(name.toUpperCase())) delete env[name];
  }
  if (options.codexHome) env.CODEX_HOME = options.codexHome;
  if (options.tmpDir) {
    env.TMPDIR = options.tmpDir;
    env.TMP = options.tmpDir;
    env.TEMP = options.tmpDir;
  }
  // Codex colours its stderr for terminals; we parse it.
  env.NO_COLOR = '1';
  return env;
}

export type Runner = (file: string, args: string[], options: Pick<RunOptions, 'cwd' | 'env' | 'replaceEnv' | 'timeoutMs' | 'stopWhen'>) => Promise<RunResult>;

export interface RunExecOptions {
  codex: FoundExecutable;
  request: ExecRequest;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Ends the run early when a stdout line says enough (e.g. networkCauseWatcher()). */
  stopWhen?: (line: string) => boolean;
  run?: Runner;
}

/** Runs `codex exec` once, stdin closed, under a hard timeout. Never throws. */
export async function runCodexExec(options: RunExecOptions): Promise<RunResult> {
  const run = options.run ?? runProcess;
  return run(options.codex.file, [...options.codex.prefixArgs, ...buildExecArgs(options.request)], {
    cwd: options.request.cwd,
    env: options.env,
    replaceEnv: true,
    timeoutMs: options.timeoutMs,
    ...(options.stopWhen ? { stopWhen: options.stopWhen } : {}),
  });
}
