import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ExitCode, UserError } from '../core/errors.js';
import { formatZodIssues } from '../core/validation.js';
import type { LoadedExercise } from '../exercises/pack-loader.js';
import { type RehearsalScript, RehearsalScriptSchema } from './model-script.js';

/**
 * Reads the rehearsal.json of every exercise to rehearse, before anything runs: a missing or broken
 * script is an authoring problem of the pack, reported all at once with file and field (exit 2),
 * rather than discovered half-way through a rehearsal.
 */
export function rehearsalFile(exercise: LoadedExercise): string {
  return path.join(exercise.dir, 'rehearsal.json');
}

async function readScript(exercise: LoadedExercise): Promise<{ script?: RehearsalScript; problem?: string }> {
  const file = rehearsalFile(exercise);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? `${file}: missing (a scripted rehearsal needs one per exercise; see docs/exercises.md)` : `${file}: cannot be read (${(error as Error).message})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { problem: `${file}: not valid JSON (${(error as Error).message})` };
  }
  const parsed = RehearsalScriptSchema.safeParse(raw);
  return parsed.success ? { script: parsed.data } : { problem: `${file}: ${formatZodIssues(parsed.error)}` };
}

export async function loadRehearsalScripts(exercises: LoadedExercise[]): Promise<Map<string, RehearsalScript>> {
  const scripts = new Map<string, RehearsalScript>();
  const problems: string[] = [];
  for (const exercise of exercises) {
    const { script, problem } = await readScript(exercise);
    if (script) scripts.set(exercise.id, script);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) {
    throw new UserError(
      `Cannot rehearse with the scripted model: ${problems.length === 1 ? 'a rehearsal script has a problem' : `${problems.length} rehearsal scripts have problems`}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      ExitCode.usage,
    );
  }
  return scripts;
}
