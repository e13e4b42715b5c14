import { shippedPackDir } from '../../src/core/paths.js';
import { loadPack } from '../../src/exercises/pack-loader.js';
import { checkId } from '../../src/exercises/pack-schema.js';
import type { PackFacts } from '../summary/pack-facts.js';

/**
 * Reads the pack the participants use (the shipped one unless --pack says otherwise) into the plain
 * facts the hub and the report need. A pack that cannot be read leaves the hub working without the
 * pack's minutes (the profile's `stuckAfterMinutes` is used) and check sentences (ids are shown).
 */
export async function loadPackFacts(packDir: string = shippedPackDir(), warn: (message: string) => void = () => undefined): Promise<PackFacts | undefined> {
  try {
    const pack = await loadPack(packDir);
    return {
      id: pack.config.id,
      languages: pack.config.languages,
      exercises: pack.exercises.map((e) => ({
        id: e.id,
        minutes: e.config.minutes,
        title: e.config.title,
        checks: Object.fromEntries(e.config.checks.map((check, index) => [checkId(check, index), check.message ?? checkId(check, index)])),
      })),
    };
  } catch (error) {
    warn(`could not read the exercise pack at ${packDir} (${(error as Error).message}); expected minutes and check sentences are not available`);
    return undefined;
  }
}
