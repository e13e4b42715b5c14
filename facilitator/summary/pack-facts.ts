import type { PaceRules } from './needs-help.js';

/**
 * Issue 11: what the facilitator's side needs from the exercise pack, as plain data: the play order,
 * each exercise's expected minutes and title, and each check's message (the sentence the participant
 * reads when it fails). The hub and the report load it once (pack-facts-loader.ts); everything that
 * uses it stays pure.
 */
export type Texts = string | Record<string, string>;

export interface PackFacts {
  id: string;
  languages: string[];
  exercises: Array<{ id: string; minutes: number; title: Texts; checks: Record<string, Texts> }>;
}

/** A text in `lang`, else the pack's first language, else any. */
export function textIn(text: Texts, lang: string, packLanguages: readonly string[] = []): string {
  if (typeof text === 'string') return text;
  return text[lang] ?? text[packLanguages[0] ?? ''] ?? Object.values(text)[0] ?? '';
}

export function paceFromPack(pack: PackFacts | undefined): Pick<PaceRules, 'exerciseMinutes' | 'order'> {
  if (!pack) return { exerciseMinutes: new Map(), order: [] };
  return { exerciseMinutes: new Map(pack.exercises.map((e) => [e.id, e.minutes])), order: pack.exercises.map((e) => e.id) };
}

/** The participant's words for a failing check, in the facilitator's language. */
export function checkTextOf(pack: PackFacts | undefined, lang: string): (exerciseId: string, checkId: string) => string | undefined {
  const byExercise = new Map(pack?.exercises.map((e) => [e.id, e.checks]) ?? []);
  return (exerciseId, checkId) => {
    const text = byExercise.get(exerciseId)?.[checkId];
    return text === undefined ? undefined : textIn(text, lang, pack?.languages);
  };
}
