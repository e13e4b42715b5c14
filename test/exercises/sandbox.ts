import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWorkshop, workshopBin } from '../support/run-workshop.js';

/**
 * A participant's laptop in a temp folder: its own HOME (no Git configuration), WORKSHOP_HOME and
 * CODEX_HOME, running the real CLI (`node bin/workshop.js`, built by `npm test`) with the sample pack.
 */
export const bin = workshopBin;
export const samplePack = path.resolve('test/fixtures/sample-pack');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  root: string;
  home: string;
  state: string;
  codexHome: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  run(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** Runs with `--pack <sample pack>` appended. */
  ws(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  json<T = any>(args: string[]): Promise<{ code: number; data: T; stderr: string }>;
  folder(exerciseId: string): string;
  cleanup(): Promise<void>;
}

export async function makeSandbox(): Promise<Sandbox> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'workshop-cli-'));
  const home = path.join(root, 'home');
  const state = path.join(root, 'state');
  const codexHome = path.join(root, 'codex');
  await fs.mkdir(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    WORKSHOP_HOME: state,
    CODEX_HOME: codexHome,
    LANG: 'en_US.UTF-8',
    TMPDIR: os.tmpdir(),
  };
  const run = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> => {
    const result = await runWorkshop(args, { env: { ...env, ...extraEnv }, cwd: root });
    return { code: result.code ?? 1, stdout: result.stdout, stderr: result.stderr };
  };
  const ws = (args: string[], extraEnv?: NodeJS.ProcessEnv) => run([...args, '--pack', samplePack], extraEnv);
  return {
    root,
    home,
    state,
    codexHome,
    workspace: path.join(home, 'codex-workshop'),
    env,
    run,
    ws,
    json: async (args: string[]) => {
      const result = await ws([...args, '--json']);
      let data: unknown;
      try {
        data = JSON.parse(result.stdout);
      } catch {
        throw new Error(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\n--- stderr:\n${result.stderr}`);
      }
      return { code: result.code, data: data as any, stderr: result.stderr };
    },
    folder: (exerciseId: string) => path.join(home, 'codex-workshop', exerciseId),
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}

/** Copies an exercise's solution (or a variant) over the participant's folder, as Codex would have. */
export async function solveWith(sandbox: Sandbox, exerciseId: string, source = 'solution'): Promise<void> {
  const from = path.join(samplePack, exerciseId, source);
  const to = sandbox.folder(exerciseId);
  for (const entry of await fs.readdir(to)) if (entry !== '.git') await fs.rm(path.join(to, entry), { recursive: true, force: true });
  await fs.cp(from, to, { recursive: true, filter: (src) => path.basename(src) !== 'expect.json' });
}
