import type { TestProject } from 'vitest/node';
import { CODEX_PACKAGE, type CodexUnderTest, codexCacheRoot, installCachedCodex, newestCodexVersion, pinnedCodex } from './codex-versions.js';

declare module 'vitest' {
  export interface ProvidedContext {
    codexVersions: CodexUnderTest[];
  }
}

/**
 * vitest globalSetup: which Codex versions the real-Codex suites run against (see codex-versions.ts).
 * The newest version is asked of the registry and installed into the cache before any suite starts.
 * Without the registry a developer's run tests the pinned version only and says so in one line; in CI
 * (CI=true) not testing the newest Codex is a failure that names the version.
 *
 * WORKSHOP_NEWEST_CODEX=skip tests the pinned version only (a quick local run; refused in CI).
 */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('codexVersions', await resolveVersions(process.env));
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

export interface VersionSources {
  newest: () => Promise<string>;
  install: (version: string, cache: string) => Promise<{ codexJs: string; installed: boolean; ms: number }>;
  say: (line: string) => void;
}

const REGISTRY: VersionSources = { newest: () => newestCodexVersion(), install: (version, cache) => installCachedCodex(version, cache), say };

export async function resolveVersions(env: NodeJS.ProcessEnv, sources: VersionSources = REGISTRY): Promise<CodexUnderTest[]> {
  const { say } = sources;
  const pinned = pinnedCodex();
  const ci = Boolean(env.CI) && env.CI !== 'false';
  if (env.WORKSHOP_NEWEST_CODEX === 'skip') {
    if (ci) throw new Error('WORKSHOP_NEWEST_CODEX=skip is not allowed in CI: CI tests the newest Codex too.');
    say(`real-Codex suites: Codex ${pinned.version} (pinned) only (WORKSHOP_NEWEST_CODEX=skip)`);
    return [pinned];
  }
  let newest: string;
  try {
    newest = await sources.newest();
  } catch (error) {
    const why = (error as Error).message.split('\n')[0];
    if (ci) throw new Error(`Could not ask the npm registry for the newest ${CODEX_PACKAGE} (${why}): CI must test it.`);
    say(`real-Codex suites: newest ${CODEX_PACKAGE} not tested (the npm registry did not answer: ${why}); Codex ${pinned.version} (pinned) only`);
    return [pinned];
  }
  if (newest === pinned.version) {
    say(`real-Codex suites: Codex ${pinned.version} (pinned, also the newest)`);
    return [pinned];
  }
  const cache = codexCacheRoot(process.cwd(), env);
  try {
    const { codexJs, installed, ms } = await sources.install(newest, cache);
    say(`real-Codex suites: Codex ${pinned.version} (pinned) and Codex ${newest} (newest, ${installed ? `installed in ${(ms / 1000).toFixed(1)} s` : 'cached'} in ${cache})`);
    return [pinned, { version: newest, role: 'newest', codexJs }];
  } catch (error) {
    const why = (error as Error).message.split('\n').find((l) => l.trim()) ?? 'unknown error';
    if (ci) throw new Error(`Could not install ${CODEX_PACKAGE}@${newest} (the newest) into ${cache}: ${why}`);
    say(`real-Codex suites: ${CODEX_PACKAGE}@${newest} (the newest) could not be installed (${why}); Codex ${pinned.version} (pinned) only`);
    return [pinned];
  }
}
