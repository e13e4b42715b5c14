import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A throw-away world for one doctor run: its own HOME, CODEX_HOME, WORKSHOP_HOME, TMPDIR and a PATH
 * holding only our fake programs plus the folders of `node` and `git`. Nothing of the real machine's
 * Codex login, npm setup or home folder leaks in, and nothing is written outside the sandbox.
 */
export interface Sandbox {
  root: string;
  home: string;
  bin: string;
  codexHome: string;
  workshopHome: string;
  workspace: string;
  tmp: string;
  npmPrefix: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

function gitDir(): string | undefined {
  try {
    return path.dirname(execFileSync(process.platform === 'win32' ? 'where' : 'which', ['git'], { encoding: 'utf8' }).split(/\r?\n/)[0]!.trim());
  } catch {
    return undefined;
  }
}

export async function makeSandbox(extraEnv: NodeJS.ProcessEnv = {}): Promise<Sandbox> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'workshop-doctor-')));
  const home = path.join(root, 'home');
  const bin = path.join(root, 'bin');
  const codexHome = path.join(home, '.codex');
  const workshopHome = path.join(root, 'workshop-home');
  const tmp = path.join(root, 'tmp');
  const npmPrefix = path.join(root, 'npm-global');
  for (const dir of [home, bin, codexHome, tmp, npmPrefix]) await fs.mkdir(dir, { recursive: true });
  const pathDirs = [...new Set([bin, path.dirname(process.execPath), gitDir()].filter((d): d is string => Boolean(d)))];
  // A fake npm, so that the doctor's questions about npm's global folder have sandboxed answers.
  await writeScript(bin, 'npm', `case "$1" in\n  --version) echo 10.8.2 ;;\n  prefix) echo '${npmPrefix}' ;;\n  *) echo "fake npm: $*" >&2; exit 1 ;;\nesac\n`);
  const env: NodeJS.ProcessEnv = {
    PATH: pathDirs.join(path.delimiter),
    HOME: home,
    USERPROFILE: home,
    CODEX_HOME: codexHome,
    WORKSHOP_HOME: workshopHome,
    TMPDIR: tmp,
    SHELL: '/bin/bash',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    ...extraEnv,
  };
  return {
    root,
    home,
    bin,
    codexHome,
    workshopHome,
    workspace: path.join(home, 'codex-workshop'),
    tmp,
    npmPrefix,
    env,
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}

export async function writeScript(dir: string, name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, `#!/bin/sh\n${body}`, { mode: 0o755 });
  return file;
}

/** Every file under `dir`, as [path, contents] (for "the key appears nowhere" assertions). */
export async function readAllFiles(dir: string): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await readAllFiles(full)));
    else if (entry.isFile()) out.push([full, await fs.readFile(full, 'utf8')]);
  }
  return out;
}
