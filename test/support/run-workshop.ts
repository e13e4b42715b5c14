import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The one way tests run the built CLI (`node bin/workshop.js …`, built by `npm test`) as a participant
 * or a script would: a child process, stdin closed (not a TTY) unless text is piped in, stdout and
 * stderr captured, killed after a deadline. Test helpers add their own environments on top.
 */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');
export const workshopBin = path.join(repoRoot, 'bin', 'workshop.js');

export interface CliResult {
  /** The exit code; null when the process was killed (the deadline, or a signal). */
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunWorkshopOptions {
  /** The whole environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Text piped to stdin, which is then closed. */
  input?: string;
  timeoutMs?: number;
}

export function runWorkshop(args: string[], options: RunWorkshopOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [workshopBin, ...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}
