import { type Runner, codexEnvironment } from '../codex/exec.js';
import { type FoundExecutable, findCodex } from '../codex/find-codex.js';
import { isLoggedIn, type LoginState, parseLoginStatus } from '../codex/login-status.js';
import { ExitCode, UserError } from '../core/errors.js';
import { runProcess } from '../core/process.js';
import { resolveCodexModel } from '../codex/model.js';
import { codexHome as codexHomeOf } from '../core/paths.js';
import { readCodexVersion } from './codex-version.js';
import type { PreparedRun, RehearsalBackend } from './types.js';

/**
 * The live backend (the default): the facilitator's own `codex` (the one their shell finds) with their
 * own login, against the real API. It answers "does today's model and Codex version manage our
 * exercises?", so it must be the Codex participants will run, not the kit's pinned copy. Runs use the
 * workspace-write sandbox (Codex may edit the throw-away exercise folder and nothing else) and
 * `--ephemeral`, so rehearsals leave no sessions in the facilitator's Codex history.
 */
export interface LiveBackendOptions {
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** From the workshop profile: `-m model`. */
  model?: string;
  /** From the workshop profile: a non-default API base. */
  apiBase?: string;
  run?: Runner;
}

const DEFAULT_API_BASE = 'https://api.openai.com/v1';

const LOGIN_ADVICE =
  'Log in first: `codex login` (ChatGPT sign-in) or `printenv OPENAI_API_KEY | codex login --with-api-key` (API key), then run `workshop rehearse` again. To rehearse without the API, run `workshop rehearse --scripted`.';

function notLoggedInMessage(state: LoginState, said: string): string {
  switch (state) {
    case 'codex_home_missing':
      return `Codex cannot start: CODEX_HOME points to a folder that does not exist (${said}). Fix or unset CODEX_HOME, then run \`workshop rehearse\` again.`;
    case 'auth_file_corrupt':
      return `Codex's saved login is damaged (${said}). Run \`codex logout\`, then log in again. ${LOGIN_ADVICE}`;
    default:
      return `Codex is not logged in on this computer, so a live rehearsal cannot reach the model. ${LOGIN_ADVICE}`;
  }
}

/** Throws a clear UserError unless Codex can authenticate (a login, or CODEX_API_KEY in the environment). */
export async function requireCodexLogin(codex: FoundExecutable, env: NodeJS.ProcessEnv, run: Runner = runProcess): Promise<LoginState | 'env_key'> {
  if (env.CODEX_API_KEY) return 'env_key';
  const result = await run(codex.file, [...codex.prefixArgs, 'login', 'status'], { env, replaceEnv: true, timeoutMs: 15_000 });
  if (result.notFound || result.spawnError) throw new UserError(`Codex could not be started (${codex.path}): ${result.spawnError ?? 'not found'}. Reinstall it with \`npm install -g @openai/codex\`.`, ExitCode.failure);
  const said = `${result.stdout}\n${result.stderr}`.trim();
  const state = parseLoginStatus(result.exitCode, said);
  if (isLoggedIn(state)) return state;
  throw new UserError(notLoggedInMessage(state, said.split('\n')[0] ?? ''), ExitCode.failure);
}

export async function startLiveBackend(options: LiveBackendOptions): Promise<RehearsalBackend> {
  const platform = options.platform ?? process.platform;
  const { found, skippedNpmInjected } = await findCodex({ env: options.env, platform });
  if (!found) {
    const onlyKit = skippedNpmInjected.length > 0 ? ' (only the kit\'s private copy was found, which is not what participants run)' : '';
    throw new UserError(
      `The Codex CLI is not installed on this computer${onlyKit}: no \`codex\` on PATH. Install it with \`npm install -g @openai/codex\` and log in, then run \`workshop rehearse\` again; or rehearse with the kit's pinned Codex and a scripted model: \`workshop rehearse --scripted\`.`,
      ExitCode.failure,
    );
  }
  const env = codexEnvironment(options.env);
  await requireCodexLogin(found, env, options.run);
  const codexVersion = await readCodexVersion(found, env, options.run);
  const apiBase = options.apiBase && options.apiBase.replace(/\/+$/, '') !== DEFAULT_API_BASE ? options.apiBase : undefined;
  // The report names the model the runs used: the pinned one, or this Codex version's default.
  const model = (await resolveCodexModel({ codex: found, codexHome: codexHomeOf(env), env, profileModel: options.model, run: options.run ?? runProcess })).model;

  return {
    mode: 'live',
    codex: found,
    ...(codexVersion ? { codexVersion } : {}),
    ...(model ? { model } : {}),
    async prepareRun(): Promise<PreparedRun> {
      return {
        request: {
          sandbox: 'workspace-write',
          ...(options.model ? { model: options.model } : {}),
          ...(apiBase ? { openaiBaseUrl: apiBase } : {}),
        },
        env,
        notes: () => [],
      };
    },
    async close() {},
  };
}
