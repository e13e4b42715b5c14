import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { codexHome, defaultWorkspaceDir, expandHome, shippedPackDir } from '../core/paths.js';
import { interactive } from '../core/terminal.js';
import { loadProfile } from '../profile/profile.js';
import { resolveLanguage } from './language.js';
import { type LoadedPack, loadPack } from './pack-loader.js';

/**
 * Everything an exercise command needs, resolved once from its options: the pack, the workspace, the
 * language, where Codex keeps its sessions, and whether a person is at the keyboard.
 */
export interface ExerciseOptions {
  pack?: string;
  workspace?: string;
  lang?: string;
  profile?: string;
  json?: boolean;
}

export interface ExerciseContext {
  pack: LoadedPack;
  workspace: string;
  lang: string;
  codexHome: string;
  env: NodeJS.ProcessEnv;
  json: boolean;
  /** A person can answer a question (TTY, not CI, not --json). */
  canAsk: boolean;
}

export const SUPPORTED_LANGUAGES = ['en', 'ja'];

export async function resolveContext(options: ExerciseOptions, env: NodeJS.ProcessEnv = process.env): Promise<ExerciseContext> {
  if (options.lang !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/.test(options.lang)) {
    throw new UsageError(`--lang must be a language code such as ${SUPPORTED_LANGUAGES.join(' or ')}, got "${options.lang}".`);
  }
  const { profile } = await loadProfile({ flag: options.profile, env });
  const pack = await loadPack(path.resolve(expandHome(options.pack ?? shippedPackDir(), env)));
  const workspace = path.resolve(expandHome(options.workspace ?? profile.workspace ?? defaultWorkspaceDir(env), env));
  const lang = resolveLanguage({ flag: options.lang, profileLanguage: profile.language, env, packLanguages: pack.config.languages });
  return {
    pack,
    workspace,
    lang,
    codexHome: codexHome(env),
    env,
    json: Boolean(options.json),
    canAsk: !options.json && interactive(),
  };
}
