import type { Ora } from 'ora';

/**
 * Everything about how output looks: colour only on a TTY and never with NO_COLOR; spinners only on
 * an interactive terminal outside CI. Commands ask here instead of deciding for themselves.
 */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}

export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY) && !process.env.CI;
}

type Paint = (text: string) => string;

function sgr(open: number, close: number, stream?: NodeJS.WriteStream): Paint {
  return (text: string) => (colorEnabled(stream) ? `\u001b[${open}m${text}\u001b[${close}m` : text);
}

export const paint = {
  green: sgr(32, 39),
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
};

export interface Progress {
  update(text: string): void;
  stop(): void;
}

/** A spinner on stderr when a person is watching a terminal; otherwise nothing at all. */
export async function startProgress(text: string): Promise<Progress> {
  // A pseudo-terminal with no size (columns 0: `script`, some containers) sends ora into an endless
  // loop of clearing "Infinity" lines, so it gets no spinner either.
  if (!process.stderr.isTTY || process.env.CI || !process.stderr.columns) return { update: () => undefined, stop: () => undefined };
  const { default: ora } = await import('ora');
  const spinner: Ora = ora({ text, stream: process.stderr, color: 'cyan', isEnabled: true }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    stop: () => spinner.stop(),
  };
}

/** Prints a value as the only thing on stdout (for --json). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
