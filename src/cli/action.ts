import { InvalidArgumentError } from 'commander';

/**
 * Wraps a command implementation: it returns the exit code (or nothing for success); errors are
 * left to main(), which prints UserErrors as one clear line and never a stack trace.
 */
export function action<A extends unknown[]>(run: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const code = await run(...args);
    if (typeof code === 'number') process.exitCode = code;
  };
}

/** Parses a positive integer option value, for commander's argParser. */
export function positiveInt(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a whole number above 0, got "${value}"`);
    return n;
  };
}

/** Parses a number of seconds above 0 and at most `max`, for commander's argParser. */
export function secondsUpTo(max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || n > max) throw new InvalidArgumentError(`must be a number of seconds above 0 (at most ${max})`);
    return n;
  };
}
