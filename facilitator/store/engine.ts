import { ExitCode, UserError } from '../../src/core/errors.js';

/**
 * The two engines behind the store speak one SQL dialect (PostgreSQL): the embedded engine is
 * PostgreSQL compiled to WebAssembly (PGlite), the shared one a PostgreSQL server. Only the store's
 * modules see this interface; the rest of the kit asks the store.
 */
export type EngineKind = 'embedded' | 'postgres';

export interface Sql {
  /** Runs one statement with `$1…` parameters and returns its rows. */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
}

export interface Db extends Sql {
  readonly kind: EngineKind;
  /** Where the data is, for messages: a folder, or the server's address without its password. */
  readonly where: string;
  /** Runs `work` in one transaction: all of it is stored, or none of it. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

/** The database cannot be reached or refused us: one sentence with what to do, never a stack trace. */
export class DatabaseUnavailable extends UserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.failure, options);
    this.name = 'DatabaseUnavailable';
  }
}

/** A write broke a rule of the schema (a duplicate name, a missing programme): said as what it means. */
export class ConstraintViolation extends UserError {
  constructor(
    message: string,
    readonly constraint: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, ExitCode.failure, options);
    this.name = 'ConstraintViolation';
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * Turns what a driver threw into one of the store's errors. PostgreSQL's SQLSTATE classes: 08 (the
 * connection), 28 (authentication), 3D (no such database), 57P (the server is shutting down), 53
 * (out of resources: a full disk is 53100), 23 (a constraint), 42501 (a right the user lacks).
 */
export function translateDbError(error: unknown, where: string): Error {
  if (error instanceof UserError) return error;
  const e = error as { code?: string; message?: string; constraint?: string; detail?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (CONNECTION_CODES.has(code) || code.startsWith('08') || code.startsWith('57P')) {
    return new DatabaseUnavailable(`The database at ${where} cannot be reached (${describeCode(code, e.message)}). Check that PostgreSQL is running and the address is right; nothing was changed.`, { cause: error });
  }
  if (code.startsWith('28')) return new DatabaseUnavailable(`The database at ${where} refused the user name or password. Check the address in --database or WORKSHOP_DATABASE_URL; nothing was changed.`, { cause: error });
  if (code === '3D000') return new DatabaseUnavailable(`The database named in ${where} does not exist. Create it (createdb NAME) or fix the address; nothing was changed.`, { cause: error });
  if (code === '53100') return new DatabaseUnavailable(`The database at ${where} has no disk space left. Free some space and try again; nothing was changed.`, { cause: error });
  if (code.startsWith('53')) return new DatabaseUnavailable(`The database at ${where} is out of resources (${e.message ?? code}). Try again in a moment; nothing was changed.`, { cause: error });
  // 42501: the database user lacks a right (a role without CREATEROLE, a table it may not read).
  if (code === '42501') return new UserError(`The database at ${where} refused: ${e.message ?? code}. The user in the database address needs more rights for this; nothing was changed.`, ExitCode.failure, { cause: error });
  if (code.startsWith('23')) return new ConstraintViolation(`The database refused the change: ${e.detail ?? e.message ?? code}. Nothing was changed.`, e.constraint, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

function describeCode(code: string, message: string | undefined): string {
  if (code === 'ECONNREFUSED') return 'nothing is listening there';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host name';
  if (code === 'ETIMEDOUT') return 'no answer in time';
  return message ?? code;
}

/** A timestamptz as the drivers give it (a Date from pg and PGlite, text otherwise), as ISO 8601. */
export function isoTime(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
