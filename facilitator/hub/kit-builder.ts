import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { kitVersion, packageRoot } from '../../src/core/paths.js';
import { runProcess } from '../../src/core/process.js';
import type { KitSource } from './kit-route.js';

/**
 * Where the participant kit is built (`npm run kit` → scripts/build-kit.mjs) and how the hub gets
 * it: the tarball already built for this version, else a build on the first request (one at a time;
 * later requests wait for the same build).
 */
export function kitDir(root: string = packageRoot()): string {
  return path.join(root, 'dist', 'kit');
}

export function kitTarballPath(root: string = packageRoot(), outDir: string = kitDir(root)): string {
  return path.join(outDir, 'codex-workshop-kit.tgz');
}

export function defaultKitSource(root: string = packageRoot(), outDir: string = kitDir(root)): KitSource {
  let building: Promise<string> | undefined;
  return {
    tarball() {
      const file = kitTarballPath(root, outDir);
      if (existsSync(file) && builtVersion(outDir) === kitVersion()) return Promise.resolve(file);
      building ??= buildKit(root, outDir).finally(() => {
        building = undefined;
      });
      return building;
    },
  };
}

/** The version the existing kit was built from (scripts/build-kit.mjs writes kit.json next to it). */
function builtVersion(outDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(outDir, 'kit.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

async function buildKit(root: string, outDir: string): Promise<string> {
  const script = path.join(root, 'scripts', 'build-kit.mjs');
  if (!existsSync(script)) throw new Error('this install has no scripts/build-kit.mjs; build the kit in a codex-workshop checkout with `npm run kit`');
  const result = await runProcess(process.execPath, [script, '--out', outDir], { cwd: root, timeoutMs: 180_000 });
  const file = kitTarballPath(root, outDir);
  if (result.exitCode !== 0 || !existsSync(file)) {
    const why = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ');
    throw new Error(`\`npm run kit\` failed${result.timedOut ? ' (timed out)' : ''}: ${why || 'no output'}`);
  }
  return file;
}
