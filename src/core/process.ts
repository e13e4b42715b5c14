import { execa } from 'execa';

/**
 * The one process runner. It never throws for a failing or missing program: it reports what
 * happened, so callers (doctor checks above all) can turn each outcome into advice. Standard input is
 * closed unless text is given (Codex waits for stdin when it is open), and a hard timeout kills the
 * whole process if it hangs (Codex retries forever without a network).
 */
export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Replace the environment instead of extending process.env. */
  replaceEnv?: boolean;
  timeoutMs?: number;
  input?: string;
  /** Keep standard output as bytes (`stdoutBytes`), for programs that print file contents (git cat-file). */
  binaryStdout?: boolean;
  /**
   * Sees each stdout line as it arrives; returning true stops the program there (it is killed, and
   * `stopped` is set). Lets a caller end a program that has already said enough, such as Codex
   * retrying a connection that is refused, instead of waiting for the timeout.
   */
  stopWhen?: (line: string) => boolean;
}

export interface RunResult {
  command: string;
  exitCode: number | undefined;
  stdout: string;
  /** Standard output as bytes, with `binaryStdout`. */
  stdoutBytes?: Uint8Array;
  stderr: string;
  timedOut: boolean;
  /** The program was not found (ENOENT), as opposed to found and failing. */
  notFound: boolean;
  /** The program could not be started for another reason (permissions, bad binary). */
  spawnError?: string;
  durationMs: number;
  /** Ended by the caller's `stopWhen`, not by the program or the timeout. */
  stopped?: boolean;
}

export async function runProcess(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  let stopped = false;
  const watch = options.stopWhen;
  // Declared before the subprocess exists: the line transform only runs once output arrives.
  let subprocess: ReturnType<typeof execa> | undefined;
  const stdoutWatcher = watch
    ? {
        stdout: function* (line: unknown) {
          if (!stopped && typeof line === 'string' && watch(line)) {
            stopped = true;
            subprocess?.kill();
          }
          yield line;
        },
      }
    : {};
  subprocess = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: !options.replaceEnv,
    timeout: options.timeoutMs,
    forceKillAfterDelay: 1000,
    reject: false,
    stripFinalNewline: true,
    windowsHide: true,
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
    all: false,
    encoding: options.binaryStdout ? 'buffer' : 'utf8',
    ...stdoutWatcher,
  });
  const result = await subprocess;
  const code = (result as { code?: string }).code;
  const notFound = code === 'ENOENT' || (result.failed && /ENOENT/.test(String(result.message ?? '')) && result.exitCode === undefined);
  return {
    command: [file, ...args].join(' '),
    exitCode: result.exitCode,
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    ...(result.stdout instanceof Uint8Array ? { stdoutBytes: result.stdout } : {}),
    stderr: typeof result.stderr === 'string' ? result.stderr : result.stderr instanceof Uint8Array ? new TextDecoder().decode(result.stderr) : '',
    timedOut: Boolean(result.timedOut),
    notFound,
    spawnError: result.exitCode === undefined && !result.timedOut && !notFound && !stopped ? result.shortMessage : undefined,
    durationMs: Math.round(performance.now() - started),
    ...(stopped ? { stopped } : {}),
  };
}
