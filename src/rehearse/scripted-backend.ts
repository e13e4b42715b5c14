import { promises as fs } from 'node:fs';
import path from 'node:path';
import { codexEnvironment } from '../codex/exec.js';
import { type FoundExecutable, findCodex, kitCodex } from '../codex/find-codex.js';
import { type ResponsesRequest, type ScriptedReply, startScriptedResponsesServer } from '../codex/scripted-responses-server.js';
import { ExitCode, UserError } from '../core/errors.js';
import { packageRoot } from '../core/paths.js';
import { runProcess } from '../core/process.js';
import { type RehearsalScript, describeTurn, estimatedUsage, nextScriptedStep } from './model-script.js';
import { readCodexVersion } from './codex-version.js';
import type { PlannedRun, PreparedRun, RehearsalBackend } from './types.js';

/**
 * The scripted backend of `workshop rehearse --scripted`: the real Codex CLI (the kit's pinned copy
 * first) against a local Responses API that plays each exercise's rehearsal.json.
 *
 * Codex gets a throw-away CODEX_HOME holding a config.toml with a custom provider (no WebSocket
 * attempts, no retries) and a dummy key saved with `codex login --with-api-key`, and a TMPDIR that
 * does not contain that CODEX_HOME (else Codex warns on every command). Each run gets its own URL
 * prefix (`/runs/<id>/v1`), so a request can only ever advance its own run's script.
 */
export const PROVIDER_ID = 'workshop_rehearsal';
/** Not a secret: the scripted model accepts only this key, which proves no real key was sent. */
export const DUMMY_KEY = 'sk-workshop-rehearsal-not-a-real-key';

export interface ScriptedBackendOptions {
  scripts: Map<string, RehearsalScript>;
  /** A fresh folder for Codex's home and temporary files; removed by close(). */
  root: string;
  env: NodeJS.ProcessEnv;
  /** Which Codex to run; default: the kit's pinned copy, else `codex` on PATH. */
  codex?: FoundExecutable;
  /** Tests: answer instead of the script (e.g. never answer, to prove the timeout). */
  replyOverride?: (request: ResponsesRequest) => ScriptedReply | undefined;
}

interface RunRoute {
  script: RehearsalScript;
  /** Requests Codex sent for this run. */
  asked: number;
  /** Turns the scripted model has sent (tool calls). */
  sent: number;
  finished: boolean;
}

export function scriptedCodexConfig(baseUrl: string): string {
  return [
    '# Written by `workshop rehearse --scripted` for one rehearsal; deleted afterwards.',
    `model_provider = "${PROVIDER_ID}"`,
    '',
    `[model_providers.${PROVIDER_ID}]`,
    `name = "${PROVIDER_ID}"`,
    `base_url = ${JSON.stringify(baseUrl)}`,
    'wire_api = "responses"',
    'supports_websockets = false',
    'requires_openai_auth = true',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

/**
 * The environment of a scripted Codex: our CODEX_HOME and TMPDIR, and none of the facilitator's keys
 * (CODEX_API_KEY would win over the dummy key and be sent to the scripted model).
 */
export function scriptedEnvironment(base: NodeJS.ProcessEnv, codexHome: string, tmpDir: string): NodeJS.ProcessEnv {
  const env = codexEnvironment(base, { codexHome, tmpDir });
  delete env.CODEX_API_KEY;
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  return env;
}

async function chooseCodex(env: NodeJS.ProcessEnv): Promise<FoundExecutable> {
  const pinned = await kitCodex(packageRoot());
  if (pinned) return pinned;
  const { found } = await findCodex({ env, platform: process.platform, ignoreNpmInjected: false });
  if (found) return found;
  throw new UserError(
    'The scripted rehearsal needs the Codex CLI, but neither the kit\'s pinned copy (node_modules/@openai/codex) nor a `codex` on PATH was found. Install it with `npm install -g @openai/codex`, then run the rehearsal again.',
    ExitCode.failure,
  );
}

export async function startScriptedBackend(options: ScriptedBackendOptions): Promise<RehearsalBackend> {
  const codex = options.codex ?? (await chooseCodex(options.env));
  const codexHome = path.join(options.root, 'codex-home');
  const tmpDir = path.join(options.root, 'tmp');
  await fs.mkdir(codexHome, { recursive: true });
  await fs.mkdir(tmpDir, { recursive: true });
  const env = scriptedEnvironment(options.env, codexHome, tmpDir);
  const routes = new Map<string, RunRoute>();

  // What Codex asked the scripted model for: the pinned Codex's default model, recorded in the report.
  let sentModel: string | undefined;
  const server = await startScriptedResponsesServer({
    acceptBearer: DUMMY_KEY,
    respond(request: ResponsesRequest): ScriptedReply {
      const asked = (request.body as { model?: unknown } | undefined)?.model;
      if (typeof asked === 'string' && asked) sentModel = asked;
      const key = /^\/runs\/([^/]+)\/v1\/responses$/.exec(request.path)?.[1];
      const route = key ? routes.get(decodeURIComponent(key)) : undefined;
      if (route) route.asked += 1;
      const override = options.replyOverride?.(request);
      if (override) return override;
      if (!route) return { kind: 'error', status: 404, body: { error: { message: `no rehearsal run at ${request.path}`, type: 'invalid_request_error' } } };
      const step = nextScriptedStep(route.script, request.body);
      route.sent = Math.max(route.sent, step.final ? route.script.turns.length : step.step + 1);
      route.finished ||= step.final;
      return { kind: 'items', items: [step.item], usage: estimatedUsage(request.body, step.item) };
    },
  });

  try {
    await fs.writeFile(path.join(codexHome, 'config.toml'), scriptedCodexConfig(server.url));
    const login = await runProcess(codex.file, [...codex.prefixArgs, 'login', '--with-api-key'], { env, replaceEnv: true, timeoutMs: 30_000, input: DUMMY_KEY });
    if (login.exitCode !== 0) {
      throw new UserError(`Could not prepare the scripted Codex: \`codex login --with-api-key\` failed (exit ${login.exitCode ?? 'none'}): ${(login.stderr || login.stdout).trim().slice(0, 300)}`, ExitCode.failure);
    }
  } catch (error) {
    await server.close();
    throw error;
  }
  const codexVersion = await readCodexVersion(codex, env);

  return {
    mode: 'scripted',
    codex,
    ...(codexVersion ? { codexVersion } : {}),
    get model() {
      return sentModel;
    },
    async prepareRun(run: PlannedRun): Promise<PreparedRun> {
      const script = options.scripts.get(run.exercise.id);
      if (!script) throw new UserError(`Exercise ${run.exercise.id} has no rehearsal.json.`, ExitCode.usage);
      const key = `${run.exercise.id}~${run.run}`;
      const route: RunRoute = { script, asked: 0, sent: 0, finished: false };
      routes.set(key, route);
      return {
        request: {
          bypassSandbox: true,
          config: { [`model_providers.${PROVIDER_ID}.base_url`]: `${server.origin}/runs/${encodeURIComponent(key)}/v1` },
        },
        env,
        notes: () => {
          routes.delete(key);
          if (route.finished) return [];
          if (route.asked === 0) return ['Codex never sent a request to the scripted model'];
          const last = route.sent > 0 ? script.turns[route.sent - 1] : undefined;
          return [
            `the scripted model got ${route.asked} request${route.asked === 1 ? '' : 's'} and had sent ${route.sent} of ${script.turns.length} turns${last ? ` (the last: turn ${route.sent}, ${describeTurn(last)})` : ''}, but not its closing message`,
          ];
        },
      };
    },
    async close() {
      await server.close();
      await fs.rm(options.root, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}
