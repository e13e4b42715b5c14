import path from 'node:path';
import { codexHome, defaultWorkspaceDir, expandHome, shippedPackDir } from '../core/paths.js';
import { interactive } from '../core/terminal.js';
import { parseLangFlag, participantLanguage } from '../i18n/choose-language.js';
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

export async function resolveContext(options: ExerciseOptions, env: NodeJS.ProcessEnv = process.env): Promise<ExerciseContext> {
  // The participant's language was settled when the command started (--lang, remembered, profile, system).
  const wanted = options.lang !== undefined ? parseLangFlag(options.lang) : participantLanguage(process.argv, env);
  const { profile } = await loadProfile({ flag: options.profile, env });
  const pack = await loadPack(path.resolve(expandHome(options.pack ?? shippedPackDir(), env)));
  const workspace = path.resolve(expandHome(options.workspace ?? profile.workspace ?? defaultWorkspaceDir(env), env));
  const lang = resolveLanguage({ flag: wanted, profileLanguage: profile.language, env, packLanguages: pack.config.languages });
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
