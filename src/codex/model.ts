import { z } from 'zod';
import type { RunResult } from '../core/process.js';
import { readCodexConfig } from './codex-home.js';
import type { FoundExecutable } from './find-codex.js';

/**
 * Which model Codex will use, and why: a model pinned by the workshop profile (passed with -m), else
 * the `model` in $CODEX_HOME/config.toml, else this Codex version's default, which changes between
 * versions (gpt-6.1-sol in 0.169.0, gpt-6.2-sol in 0.171.0). The default is read from Codex's own
 * catalogue (`codex debug models`): the listed model with the best (lowest) priority. Model
 * discovery through the API is switched off for that call, so it sends nothing anywhere.
 */
export type ModelSource = 'profile' | 'config' | 'default' | 'unknown';

export interface CodexModel {
  /** Undefined only when the source is 'unknown'. */
  model?: string;
  source: ModelSource;
  /** The model config.toml pins, when the profile's model overrides it. */
  configModel?: string;
}

const Catalogue = z.object({
  models: z.array(z.object({ slug: z.string(), priority: z.number().optional(), visibility: z.string().optional() }).passthrough()),
});

/** The default model in `codex debug models` output, or undefined when it cannot be told. */
export function defaultModelFromCatalogue(stdout: string): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout.slice(Math.max(0, stdout.indexOf('{'))));
  } catch {
    return undefined;
  }
  const parsed = Catalogue.safeParse(raw);
  if (!parsed.success) return undefined;
  const listed = parsed.data.models.filter((m) => (m.visibility ?? 'list') === 'list' && m.priority !== undefined);
  listed.sort((a, b) => a.priority! - b.priority!);
  return listed[0]?.slug;
}

export type ModelRunner = (file: string, args: string[], options: { env?: NodeJS.ProcessEnv; replaceEnv?: boolean; timeoutMs?: number }) => Promise<RunResult>;

export interface ResolveModelOptions {
  codex: FoundExecutable;
  codexHome: string;
  env: NodeJS.ProcessEnv;
  profileModel?: string;
  run: ModelRunner;
}

export async function resolveCodexModel(options: ResolveModelOptions): Promise<CodexModel> {
  const config = await readCodexConfig(options.codexHome);
  const configModel = config.kind === 'ok' ? config.model : undefined;
  if (options.profileModel) return { model: options.profileModel, source: 'profile', ...(configModel && configModel !== options.profileModel ? { configModel } : {}) };
  if (configModel) return { model: configModel, source: 'config' };
  const result = await options.run(options.codex.file, [...options.codex.prefixArgs, 'debug', 'models', '--disable', 'api_key_model_discovery'], {
    env: options.env,
    replaceEnv: true,
    timeoutMs: 15_000,
  });
  const model = result.exitCode === 0 ? defaultModelFromCatalogue(result.stdout) : undefined;
  return model ? { model, source: 'default' } : { source: 'unknown' };
}
