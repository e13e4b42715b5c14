import { execFile, spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/run-workshop.js';

/**
 * The participant's quick start, as a new user would do it, in a real pseudo-terminal: the kit is
 * packed and installed globally (`npm install -g`, here into a temporary prefix, the registry a closed
 * port), `workshop next` sets up the first exercise of the shipped pack, the start line it prints is
 * run as printed (a stand-in `codex` does the work and quits), and then — in the exercise folder,
 * where that line leaves the shell — `workshop next` and `workshop brief` work.
 */
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

function run(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeout: number }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe.skipIf(!hasScript)('workshop installed globally, in a terminal', () => {
  let tmp: string;
  let prefix: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'global-install-'));
    const kit = await run(process.execPath, [path.join(repoRoot, 'scripts', 'build-kit.mjs'), '--out', path.join(tmp, 'kit')], { cwd: repoRoot, timeout: 180_000 });
    expect(kit.code, kit.stderr).toBe(0);
    prefix = path.join(tmp, 'prefix');
    const install = await run(
      'npm',
      ['install', '-g', '--prefix', prefix, path.join(tmp, 'kit', 'codex-workshop-kit.tgz'), '--registry', 'http://127.0.0.1:1/', '--cache', path.join(tmp, 'npm-cache'), '--no-audit', '--no-fund', '--loglevel', 'error'],
      { timeout: 180_000 },
    );
    expect(install.code, install.stderr).toBe(0);
    // A stand-in for Codex: it writes the file the participant asked for in the folder it was started
    // in, then quits, as `/quit` would.
    const fakeBin = path.join(tmp, 'fake-bin');
    await fs.mkdir(fakeBin);
    await fs.writeFile(path.join(fakeBin, 'codex'), '#!/bin/sh\nprintf "# Aiko Tanaka\\n\\n- Sales\\n" > intro.md\n', { mode: 0o755 });
    const home = path.join(tmp, 'home');
    await fs.mkdir(home);
    env = {
      // Only the global prefix, the stand-in Codex, Node and the system: no repository bin on PATH.
      PATH: [path.join(prefix, 'bin'), fakeBin, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
      HOME: home,
      WORKSHOP_HOME: path.join(home, '.workshop'),
      CODEX_HOME: path.join(home, '.codex'),
      WORKSHOP_NO_PULSE_OFFER: '1',
      LANG: 'en_US.UTF-8',
      TERM: 'xterm',
    };
  }, 400_000);

  afterAll(async () => {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('sets up an exercise, and `workshop next` and `workshop brief` work in the folder the start line leaves you in', { timeout: 120_000 }, async () => {
    const flow = path.join(tmp, 'flow.sh');
    await fs.writeFile(
      flow,
      [
        'cd "$HOME"',
        'echo "== which"; command -v workshop',
        'echo "== setup"; workshop next; echo "== exit $?"',
        // The start line exactly as printed (the first indented `cd … && codex` line).
        'line=$(workshop brief | grep -E "^  cd .* && codex$" | head -n 1 | sed -e "s/^  //")',
        'echo "== start line: $line"',
        'eval "$line"',
        'echo "== pwd $(pwd)"',
        'echo "== next"; workshop next; echo "== exit $?"',
        'echo "== brief"; workshop brief; echo "== exit $?"',
      ].join('\n'),
    );
    const output = await new Promise<string>((resolve) => {
      const child = spawn('script', ['-qec', `/bin/bash --noprofile --norc ${flow}`, '/dev/null'], { env, cwd: tmp });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      const guard = setTimeout(() => child.kill(), 100_000);
      child.on('close', () => {
        clearTimeout(guard);
        resolve(plain(text));
      });
    });
    const section = (name: string) => output.split(`== ${name}`)[1]?.split('\n== ')[0] ?? '';

    expect(section('which').trim()).toBe(path.join(prefix, 'bin', 'workshop'));
    expect(section('setup')).toContain('Exercise 1 of 8');
    expect(section('setup')).toMatch(/type \/quit \(or press Ctrl\+C twice\)/);
    const folder = path.join(env.HOME!, 'codex-workshop', '01-first-file');
    expect(output).toContain(`== start line: cd "${folder}" && codex`);
    expect(output).toContain(`== pwd ${folder}`);
    // In the exercise folder: the command is found, grades what "Codex" did, and the brief is there.
    expect(section('next')).toMatch(/Checking exercise 1 of 8/);
    expect(section('next')).not.toMatch(/command not found/);
    expect(section('brief')).toContain('Exercise 1 of 8');
    expect(section('brief')).not.toMatch(/\*\*|^\s*##/m);
    expect(output.match(/== exit (\d+)/g)).toEqual(['== exit 0', expect.stringMatching(/== exit [01]/), '== exit 0']);
  });
});
