import { describe, expect, it } from 'vitest';
import { CATALOGS } from '../../src/i18n/index.js';
import { catalogueShape } from './catalogue-shape.js';

/**
 * TypeScript holds both catalogues to one shape; this compares them at run time too, so a key that
 * exists in one language only (a cast, a spread of the wrong section) fails here by its path.
 */
describe('the message catalogues', () => {
  const en = catalogueShape(CATALOGS.en);
  const ja = catalogueShape(CATALOGS.ja);

  it('have the same keys in English and Japanese', () => {
    expect([...en.keys()].filter((key) => !ja.has(key))).toEqual([]);
    expect([...ja.keys()].filter((key) => !en.has(key))).toEqual([]);
  });

  it('have the same kind of entry under each key (a sentence with parameters, or a fixed text)', () => {
    expect([...en].filter(([key, kind]) => ja.get(key) !== kind)).toEqual([]);
  });

  it('have no empty fixed text, and Japanese fixed texts are written in Japanese', () => {
    const japanese = /[\u3040-\u30ff\u3400-\u9fff]/;
    const texts = (catalog: object) => [...catalogueShape(catalog)].filter(([, kind]) => kind === 'text').map(([key]) => key);
    const get = (catalog: object, key: string) => key.split('.').reduce<any>((node, part) => node[part], catalog);
    for (const key of texts(CATALOGS.en)) expect(get(CATALOGS.en, key), key).not.toBe('');
    // Names that are the same in both languages: the shell called PowerShell.
    const same = new Set(['exercise.shells.powershell']);
    const untranslated = texts(CATALOGS.ja).filter((key) => !same.has(key) && !japanese.test(get(CATALOGS.ja, key)));
    expect(untranslated).toEqual([]);
  });
});
