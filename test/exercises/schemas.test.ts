import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exerciseSchemaFiles } from '../../src/exercises/json-schemas.js';

const dir = path.resolve('schemas');

describe('the published JSON Schemas of the pack format', () => {
  const files = exerciseSchemaFiles();

  for (const [name, content] of Object.entries(files)) {
    it(`schemas/${name} is exactly what the zod schema generates (regenerate with npm run schemas)`, async () => {
      expect(await fs.readFile(path.join(dir, name), 'utf8')).toBe(content);
    });
  }

  it('describes every check type, and requires the fields authors rely on', () => {
    const exercise = JSON.parse(files['exercise.schema.json']);
    expect(exercise.required).toEqual(expect.arrayContaining(['id', 'title', 'minutes', 'suggestedPrompt', 'checks']));
    const types = exercise.properties.checks.items.oneOf.map((variant: any) => exercise.$defs[variant.$ref.replace('#/$defs/', '')].properties.type.const);
    expect(types).toEqual(['exists', 'absent', 'preserved', 'unchanged', 'contains', 'matches', 'checklist', 'table', 'number', 'json', 'count', 'placement', 'scope', 'identity', 'field', 'heading', 'bullets', 'items', 'edits']);
    const pack = JSON.parse(files['pack.schema.json']);
    expect(pack.required).toEqual(expect.arrayContaining(['id', 'version', 'title', 'languages', 'exercises']));
  });

  it('accepts the sample pack in an editor’s JSON Schema validator, and rejects an unknown check type', async () => {
    // ajv (a draft 2020-12 validator, as editors use) comes with fastify.
    const { default: Ajv2020 } = (await import('ajv/dist/2020.js')) as any;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validatePack = ajv.compile(JSON.parse(files['pack.schema.json']));
    const validateExercise = ajv.compile(JSON.parse(files['exercise.schema.json']));
    const sample = path.resolve('test/fixtures/sample-pack');
    expect(validatePack(JSON.parse(await fs.readFile(path.join(sample, 'pack.json'), 'utf8')))).toBe(true);
    for (const id of ['01-meeting-summary', '02-sort-files']) {
      const exercise = JSON.parse(await fs.readFile(path.join(sample, id, 'exercise.json'), 'utf8'));
      expect(validateExercise(exercise), JSON.stringify(validateExercise.errors)).toBe(true);
      exercise.checks[0].type = 'magic';
      expect(validateExercise(exercise)).toBe(false);
    }
  });
});
