import { z } from 'zod';
import { ExerciseSchema, PackSchema } from './pack-schema.js';

/**
 * JSON Schemas of pack.json and exercise.json, generated from the zod schemas (the single source of
 * truth) and published as schemas/pack.schema.json and schemas/exercise.schema.json, so authors get
 * completion and validation in their editor via "$schema". `npm run schemas` (scripts/generate-schemas.mjs,
 * the one generator for every published schema) writes them; a test proves the committed files are
 * exactly what this generates.
 */
function generate(schema: z.ZodType, id: string, title: string, description: string): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: id, title, description, ...rest };
}

export function packJsonSchema(): Record<string, unknown> {
  return generate(
    PackSchema,
    'https://codex-workshop.invalid/schemas/pack.schema.json',
    'codex-workshop exercise pack (pack.json)',
    'A pack is a folder with pack.json and one sub-folder per exercise. See docs/exercise-format.md.',
  );
}

export function exerciseJsonSchema(): Record<string, unknown> {
  return generate(
    ExerciseSchema,
    'https://codex-workshop.invalid/schemas/exercise.schema.json',
    'codex-workshop exercise (exercise.json)',
    'One exercise: title, minutes, suggested first request, hints and declarative checks. See docs/exercise-format.md.',
  );
}

/** File name → content, exactly as committed under schemas/. */
export function exerciseSchemaFiles(): Record<string, string> {
  return {
    'pack.schema.json': `${JSON.stringify(packJsonSchema(), null, 2)}\n`,
    'exercise.schema.json': `${JSON.stringify(exerciseJsonSchema(), null, 2)}\n`,
  };
}
