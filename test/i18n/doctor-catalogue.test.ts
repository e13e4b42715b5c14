import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/doctor/checks/index.js';
import { DOCTOR_CATALOGS } from '../../src/i18n/doctor/index.js';
import { catalogueShape } from './catalogue-shape.js';

/**
 * The doctor's section of the message catalogue (src/i18n/doctor/): the same keys, and the same kind
 * of entry under each, in English and Japanese; every check has a title in both; Japanese fixed texts
 * are written in Japanese. Like test/i18n/catalogue-keys.test.ts for the main catalogue, so a key
 * that exists in one language only fails here by its path.
 */
const japanese = /[\u3040-\u30ff\u3400-\u9fff]/;

describe('the doctor catalogue', () => {
  const en = catalogueShape(DOCTOR_CATALOGS.en);
  const ja = catalogueShape(DOCTOR_CATALOGS.ja);

  it('has the same keys in English and Japanese, with the same kind of entry under each', () => {
    expect([...en.keys()].filter((key) => !ja.has(key))).toEqual([]);
    expect([...ja.keys()].filter((key) => !en.has(key))).toEqual([]);
    expect([...en].filter(([key, kind]) => ja.get(key) !== kind)).toEqual([]);
  });

  it('has a title in both languages for every check the doctor runs, and none for checks it does not', () => {
    expect(Object.keys(DOCTOR_CATALOGS.en.titles).sort()).toEqual(ALL_CHECKS.map((c) => c.id).sort());
  });

  it('writes Japanese fixed texts in Japanese (product names used as titles aside)', () => {
    const texts = (node: unknown, at: string[]): Array<[string[], string]> =>
      typeof node === 'string' ? [[at, node]] : node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => texts(v, [...at, k])) : [];
    // "Codex CLI" and "Git" are the same words in Japanese.
    const same = (at: string[]) => at[0] === 'titles' && ['codex.installed', 'git'].includes(at[1]!);
    expect(texts(DOCTOR_CATALOGS.ja, []).filter(([at, text]) => !same(at) && !japanese.test(text)).map(([at]) => at.join('.'))).toEqual([]);
    expect(texts(DOCTOR_CATALOGS.en, []).filter(([, text]) => text === '').map(([at]) => at.join('.'))).toEqual([]);
  });

  it('says every sentence in Japanese when called with sample parameters', () => {
    const sample = new Proxy({}, { get: (_t, name) => (name === 'count' || name === 'seconds' || name === 'status' || name === 'tokens' ? 2 : name === 'windows' || name === 'cmd' ? false : name === 'hints' || name === 'variables' || name === 'titles' ? ['x'] : name === 'source' ? 'workshop profile' : name === 'login' ? 'bedrock' : name === 'os' ? 'linux' : name === 'shell' ? 'bash' : 'x') });
    const walk = (node: unknown, at: string): Array<[string, string]> =>
      typeof node === 'function' ? [[at, (node as (p: unknown) => string)(at === 'render.names' ? ['x'] : sample)]]
      : node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => walk(v, at ? `${at}.${k}` : k))
      : [];
    // Sentences that are only names and numbers in every language.
    const neutral = new Set(['render.header', 'render.names', 'render.platformLabel', 'common.foundAt', 'common.foundAtResolved', 'workspace.gigabytes', 'git.ok', 'fixes.brewCodex', 'fixes.brewGit', 'snapshots.fileDetail', 'apiKey.where', 'model.profile', 'render.named', 'node.ok']);
    const english = walk(DOCTOR_CATALOGS.ja, '').filter(([key, text]) => !neutral.has(key) && !japanese.test(text));
    expect(english).toEqual([]);
  });

  it('is not part of the main catalogue, so other commands do not load it', () => {
    // src/i18n/index.ts must not import the doctor section (it loads with src/doctor/ only).
    const main = readFileSync(new URL('../../src/i18n/index.ts', import.meta.url), 'utf8');
    expect(main).not.toMatch(/doctor/);
  });
});
