import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { savedApiKeySync } from '../codex/codex-home.js';
import { codexHome as codexHomeOf, defaultWorkspaceDir, expandHome } from '../core/paths.js';
import { runProcess, type RunOptions, type RunResult } from '../core/process.js';
import { ApiKey, redactSecrets } from '../core/secret.js';
import type { Profile } from '../profile/profile.js';
import type { UiLanguage } from '../i18n/choose-language.js';
import { doctorMessages, type DoctorCatalog } from '../i18n/doctor/index.js';
import { createHttpClient, type HttpClient } from './http-client.js';
import { currentPlatformInputs, detectPlatform, type PlatformInfo } from './platform.js';

/**
 * Everything a check may touch from the outside world, passed in so that every check runs against
 * fakes in tests: the platform, the environment, the process runner, the HTTP client, disk space and
 * the clock. Checks never read process.env or spawn programs on their own.
 */
export type ProcessRunner = (file: string, args: string[], options?: RunOptions) => Promise<RunResult>;

export interface DoctorOptions {
  /** --api-base URL */
  apiBase?: string;
  /** --smoke, or the profile's smoke.enabled */
  smoke: boolean;
  /** Per-request timeout of the API check. */
  requestTimeoutMs: number;
  /** Hard timeout of the `codex exec` smoke test. */
  smokeTimeoutMs: number;
  /** Checks named with --only (they run even when otherwise opt-in, like the smoke test). */
  only: string[];
}

/** The API keys known to this run, so that every text can be cleaned of them before it is shown. */
export class SecretRegistry {
  readonly #keys = new Map<string, ApiKey>();

  add(key: ApiKey | string | undefined): void {
    if (key === undefined) return;
    const apiKey = typeof key === 'string' ? new ApiKey(key) : key;
    if (apiKey.revealForRequest().trim().length === 0) return;
    this.#keys.set(apiKey.fingerprint, apiKey);
  }

  all(): ApiKey[] {
    return [...this.#keys.values()];
  }

  redact(text: string): string {
    return redactSecrets(text, this.all());
  }
}

export interface DoctorContext {
  platform: PlatformInfo;
  env: NodeJS.ProcessEnv;
  profile: Profile;
  options: DoctorOptions;
  /** The participant's language (`--lang`, remembered, profile, locale); English for --json. */
  lang: UiLanguage;
  /** Every sentence the doctor says, in that language (src/i18n/doctor/). */
  t: DoctorCatalog;
  homeDir: string;
  codexHome: string;
  workspaceDir: string;
  run: ProcessRunner;
  http: HttpClient;
  /** Free bytes on the volume holding `dir`; undefined when the OS will not say. */
  freeBytes(dir: string): Promise<number | undefined>;
  /** Milliseconds from an arbitrary origin, for durations. */
  now(): number;
  secrets: SecretRegistry;
  /** Computes a shared fact once per run (e.g. where codex is), however many checks ask. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

export interface ContextInit {
  profile: Profile;
  options: DoctorOptions;
  /** Default: the profile's `language`, else English. */
  lang?: UiLanguage;
  env?: NodeJS.ProcessEnv;
  platform?: PlatformInfo;
  run?: ProcessRunner;
  http?: HttpClient;
  freeBytes?: (dir: string) => Promise<number | undefined>;
  now?: () => number;
}

async function statfsFreeBytes(dir: string): Promise<number | undefined> {
  try {
    const stats = await fs.statfs(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

export function createDoctorContext(init: ContextInit): DoctorContext {
  const env = init.env ?? process.env;
  const homeDir = env.HOME || env.USERPROFILE || os.homedir();
  const codexHome = codexHomeOf(env);
  const workspaceDir = init.profile.workspace ? path.resolve(expandHome(init.profile.workspace, env)) : defaultWorkspaceDir(env);
  const secrets = new SecretRegistry();
  // Every key this machine might hand to Codex, known before any check runs, so that whatever a
  // check or a child process prints can be cleaned of it.
  secrets.add(env.OPENAI_API_KEY);
  secrets.add(env.CODEX_API_KEY);
  secrets.add(savedApiKeySync(codexHome));
  const memos = new Map<string, Promise<unknown>>();
  const lang = init.lang ?? init.profile.language ?? 'en';
  return {
    platform: init.platform ?? detectPlatform(currentPlatformInputs(env)),
    env,
    profile: init.profile,
    options: init.options,
    lang,
    t: doctorMessages(lang),
    homeDir,
    codexHome,
    workspaceDir,
    run: init.run ?? ((file, args, options = {}) => runProcess(file, args, { env, replaceEnv: true, ...options })),
    http: init.http ?? createHttpClient(env),
    freeBytes: init.freeBytes ?? statfsFreeBytes,
    now: init.now ?? (() => performance.now()),
    secrets,
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let pending = memos.get(key) as Promise<T> | undefined;
      if (!pending) {
        pending = compute();
        memos.set(key, pending);
      }
      return pending;
    },
  };
}
