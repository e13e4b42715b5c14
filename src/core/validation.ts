import { promises as fs } from 'node:fs';
import type { z } from 'zod';
import { ExitCode, UserError } from './errors.js';

/** "exercises[2].checks[0].path: expected string" — zod issues as one line each, naming the field. */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.reduce<string>(
        (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
        '',
      );
      return `${where || '(top level)'}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Reads a JSON file and validates it; every failure is a UserError that names the file (and the field
 * for schema problems). `exitCode` lets callers choose 2 for broken inputs the user supplied.
 */
export async function readJsonFile<S extends z.ZodType>(
  file: string,
  schema: S,
  options: { what?: string; exitCode?: number } = {},
): Promise<z.infer<S>> {
  const what = options.what ?? 'file';
  const exitCode = options.exitCode ?? ExitCode.usage;
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT' ? `The ${what} ${file} does not exist.` : `Could not read the ${what} ${file}: ${(error as Error).message}`,
      exitCode,
    );
  }
  return parseJsonText(text.replace(/^\uFEFF/, ''), schema, { file, what, exitCode });
}

export function parseJsonText<S extends z.ZodType>(
  text: string,
  schema: S,
  context: { file: string; what: string; exitCode?: number },
): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`The ${context.what} ${context.file} is not valid JSON: ${(error as Error).message}`, context.exitCode ?? ExitCode.usage);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new UserError(`The ${context.what} ${context.file} is invalid: ${formatZodIssues(parsed.error)}`, context.exitCode ?? ExitCode.usage);
  }
  return parsed.data;
}
