import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ExitCode, UserError, describeFsError, isErrno, said } from '../core/errors.js';
import { configDir } from '../core/paths.js';
import { formatZodIssues } from '../core/validation.js';
import { acquireLock } from './lock.js';

/**
 * The one owner of the participant's exercise progress (rustlings' app_state): every change goes
 * through a `ProgressSession`, which holds the lock, and the file is written in one place, atomically.
 *
 * The file is `<configDir>/progress.json`, schema-versioned. A file that cannot be read (corrupt, or
 * hand-edited into something invalid) is set aside under a timestamped name, never deleted, and the
 * caller rebuilds progress from the exercise folders' Git history. A file from a newer kit is left
 * alone with a request to update.
 */
export const PROGRESS_SCHEMA_VERSION = 1;

const isoDate = z.string().datetime({ offset: true });

export const LastResultSchema = z.looseObject({
  passed: z.boolean(),
  score: z.number().min(0),
  maxScore: z.number().min(0),
  noChange: z.boolean(),
  failingChecks: z.array(z.string()),
});

export const ExerciseProgressSchema = z.looseObject({
  folder: z.string().min(1),
  setupAt: isoDate,
  baselineCommit: z.string().optional(),
  attempts: z.number().int().min(0).default(0),
  hintsShown: z.number().int().min(0).default(0),
  lastGradedAt: isoDate.optional(),
  lastResult: LastResultSchema.optional(),
  passedAt: isoDate.optional(),
  codexSessions: z.number().int().min(0).default(0),
  changedAfterCodex: z.boolean().default(false),
  lastCodexSessionAt: isoDate.optional(),
});
export type ExerciseProgress = z.infer<typeof ExerciseProgressSchema>;

export const PackProgressSchema = z.looseObject({
  packId: z.string().min(1),
  packVersion: z.string().optional(),
  current: z.string().nullable().default(null),
  finishedAt: isoDate.optional(),
  /** When this record was rebuilt from the exercise folders, and why. */
  rebuiltAt: isoDate.optional(),
  exercises: z.record(z.string(), ExerciseProgressSchema).default({}),
});
export type PackProgress = z.infer<typeof PackProgressSchema>;

export const ProgressFileSchema = z.looseObject({
  schemaVersion: z.literal(PROGRESS_SCHEMA_VERSION),
  updatedAt: isoDate.optional(),
  /** The language chosen with `--lang` once, used by later commands (src/i18n/choose-language.ts). */
  language: z.enum(['en', 'ja']).optional(),
  packs: z.record(z.string(), PackProgressSchema).default({}),
});
export type ProgressFile = z.infer<typeof ProgressFileSchema>;

export function progressPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'progress.json');
}

export function emptyPackProgress(packId: string, packVersion?: string): PackProgress {
  return { packId, packVersion, current: null, exercises: {} };
}

function emptyProgress(): ProgressFile {
  return { schemaVersion: PROGRESS_SCHEMA_VERSION, packs: {} };
}

export interface ProgressRead {
  file: ProgressFile;
  /** Set when the file was unreadable and has been renamed to this path. */
  setAsideAs?: string;
  /** Why the file could not be read (worded for the participant by the exercise commands). */
  unreadableReason?: string;
  notice?: string;
}

/** "2025-05-01T10-00-00-000Z": a timestamp that is a valid file name on every OS. */
function fileStamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

async function setAside(file: string, reason: string, now: Date): Promise<ProgressRead> {
  const target = path.join(path.dirname(file), `progress.unreadable-${fileStamp(now)}.json`);
  try {
    await fs.rename(file, target);
  } catch (error) {
    throw describeFsError(error, `set the unreadable progress file ${file} aside`);
  }
  return {
    file: emptyProgress(),
    setAsideAs: target,
    unreadableReason: reason,
    notice: `Your progress file ${file} could not be read (${reason}). It was kept as ${target}, and your progress is rebuilt from your exercise folders.`,
  };
}

export async function readProgress(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): Promise<ProgressRead> {
  const file = progressPath(env);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { file: emptyProgress() };
    throw describeFsError(error, `read your progress from ${file}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return setAside(file, `it is not valid JSON: ${(error as Error).message}`, now);
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > PROGRESS_SCHEMA_VERSION) {
    throw new UserError(said('progress-newer', { file, version, supported: PROGRESS_SCHEMA_VERSION }), ExitCode.failure);
  }
  const parsed = ProgressFileSchema.safeParse(raw);
  if (!parsed.success) return setAside(file, formatZodIssues(parsed.error), now);
  return { file: parsed.data };
}

export interface ProgressSession extends ProgressRead {
  save(): Promise<void>;
}

export interface ProgressOptions {
  env?: NodeJS.ProcessEnv;
  lockTimeoutMs?: number;
}

/**
 * Runs `fn` holding the progress lock, with the progress as read under that lock (read-modify-write:
 * a second command waits, then sees what the first one wrote). `save()` writes atomically; a failed
 * write (full disk, no permission) leaves the previous file untouched and surfaces as a clear message.
 */
export async function withProgress<T>(fn: (session: ProgressSession) => Promise<T>, options: ProgressOptions = {}): Promise<T> {
  const env = options.env ?? process.env;
  const dir = configDir(env);
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    throw describeFsError(error, `create the folder for your progress, ${dir}`);
  }
  const lock = await acquireLock(path.join(dir, 'progress.lock'), { timeoutMs: options.lockTimeoutMs });
  try {
    const read = await readProgress(env);
    const session: ProgressSession = {
      ...read,
      save: async () => {
        session.file.updatedAt = new Date().toISOString();
        await writeFileAtomic(progressPath(env), `${JSON.stringify(session.file, null, 2)}\n`);
      },
    };
    return await fn(session);
  } finally {
    await lock.release();
  }
}

/**
 * The language remembered from an earlier `--lang`, read on every command start: a plain read of one
 * field, without validating (or setting aside) the rest of the file, which the commands that use
 * progress do under the lock.
 */
export async function rememberedLanguage(env: NodeJS.ProcessEnv = process.env): Promise<'en' | 'ja' | undefined> {
  try {
    const raw = JSON.parse((await fs.readFile(progressPath(env), 'utf8')).replace(/^\uFEFF/, '')) as { language?: unknown } | null;
    return raw?.language === 'en' || raw?.language === 'ja' ? raw.language : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the participant's language for later commands (under the progress lock, like every change). */
export async function rememberLanguage(language: 'en' | 'ja', env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await withProgress(
    async (session) => {
      if (session.file.language === language) return;
      session.file.language = language;
      await session.save();
    },
    { env },
  );
}
