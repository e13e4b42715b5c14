import type { ErrorCode, ErrorParams } from '../i18n/participant/catalog.js';

/**
 * Errors that reach the participant. A `UserError` carries a message written for a person (what went
 * wrong and what to do) and the exit code; the CLI prints only that message, never a stack trace.
 *
 * Errors a participant meets carry a catalogue code and named values instead of a sentence
 * (`said('no-current-exercise', {})`): src/cli/main.ts words them in the reader's language, so the
 * catalogue is loaded only when an error is printed. Their `message` is the code, for logs.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
} as const;

/** A catalogue sentence not worded yet: its code and its named values. */
export type Said = { [K in ErrorCode]: { code: K; params: ErrorParams[K] } }[ErrorCode];

export function said<K extends ErrorCode>(code: K, params: ErrorParams[K]): Said {
  return { code, params } as Said;
}

export class UserError extends Error {
  readonly exitCode: number;
  /** Set when the sentence comes from the message catalogue (worded where it is printed). */
  readonly said?: Said;
  constructor(message: string | Said, exitCode: number = ExitCode.failure, options?: { cause?: unknown }) {
    super(typeof message === 'string' ? message : message.code, options);
    this.name = 'UserError';
    this.exitCode = exitCode;
    if (typeof message !== 'string') this.said = message;
  }
}

export class UsageError extends UserError {
  constructor(message: string | Said) {
    super(message, ExitCode.usage);
    this.name = 'UsageError';
  }
}

/** Node's system error codes we turn into advice. */
function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/**
 * Turns a file-system failure into a message that says what to do. `action` is a phrase such as
 * "save your progress to /path/state.json".
 */
export function describeFsError(error: unknown, action: string): UserError {
  const code = errnoCode(error);
  switch (code) {
    case 'ENOSPC':
      return new UserError(`Could not ${action}: the disk is full. Free some space and run the command again; nothing was changed.`, ExitCode.failure, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new UserError(`Could not ${action}: permission denied. Check that you own this folder (or choose another with --workspace / WORKSHOP_HOME); nothing was changed.`, ExitCode.failure, { cause: error });
    case 'EROFS':
      return new UserError(`Could not ${action}: the disk is read-only. Choose a writable folder; nothing was changed.`, ExitCode.failure, { cause: error });
    case 'ENOENT':
      return new UserError(`Could not ${action}: a folder on the way does not exist.`, ExitCode.failure, { cause: error });
    default:
      return new UserError(`Could not ${action}: ${error instanceof Error ? error.message : String(error)}`, ExitCode.failure, { cause: error });
  }
}

export function isErrno(error: unknown, ...codes: string[]): boolean {
  const code = errnoCode(error);
  return code !== undefined && codes.includes(code);
}
