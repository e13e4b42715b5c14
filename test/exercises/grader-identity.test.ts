import { describe, expect, it } from 'vitest';
import { describeFindings } from '../../src/exercises/feedback.js';
import { runCheck } from './helpers.js';

/** The `identity` check: starter files followed by their content, wherever they are now. */
const photos = {
  'photos/DSC_0412.JPG': 'JFIF kyoto morning',
  'photos/DSC_0413.JPG': 'JFIF kyoto dusk',
  'photos/DSC_0502.JPG': 'JFIF osaka',
  'photos/IMG_2305.JPG': 'JFIF yokohama',
  'photo-list.csv': 'file,date,place\n',
};
const renameRules = {
  type: 'identity',
  from: 'photos/**',
  rules: [
    { files: 'DSC_041[23].JPG', name: '2024-03-15_{kyoto,京都}*([^0-9]).jpg' },
    { files: 'DSC_0502.JPG', name: '2024-04-17_{osaka,大阪}*([^0-9]).jpg' },
    { files: 'IMG_2305.JPG', name: '2024-05-18_{yokohama,横浜}*([^0-9]).jpg' },
  ],
};
const renamed = {
  'photos/2024-03-15_kyoto.jpg': 'JFIF kyoto morning',
  'photos/2024-03-15_kyoto-2.jpg': 'JFIF kyoto dusk',
  'photos/2024-04-17_osaka.jpg': 'JFIF osaka',
  'photos/2024-05-18_yokohama.jpg': 'JFIF yokohama',
  'photo-list.csv': 'file,date,place\n',
};

describe('identity: renames checked per file, by content', () => {
  it('passes when every photo carries the name its own rule gives, numbered duplicates and Japanese names included', () => {
    expect(runCheck(renameRules, renamed, photos).passed).toBe(true);
    const japanese = {
      'photos/2024-03-15_京都 (2).jpg': 'JFIF kyoto morning',
      'photos/2024-03-15_京都.jpg': 'JFIF kyoto dusk',
      'renamed/2024-04-17_Osaka_Umeda.JPG': 'JFIF osaka',
      'renamed/2024-05-18_横浜.jpg': 'JFIF yokohama',
    };
    expect(runCheck(renameRules, japanese, photos).passed).toBe(true);
  });

  it('fails names swapped between photos, naming the photo and its new name but not the right one', () => {
    const swapped = { ...renamed, 'photos/2024-04-17_osaka.jpg': 'JFIF yokohama', 'photos/2024-05-18_yokohama.jpg': 'JFIF osaka' };
    const result = runCheck(renameRules, swapped, photos);
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([
      {
        code: 'identity-name-of-another',
        params: {
          moves: [
            { from: 'photos/DSC_0502.JPG', to: 'photos/2024-05-18_yokohama.jpg' },
            { from: 'photos/IMG_2305.JPG', to: 'photos/2024-04-17_osaka.jpg' },
          ],
        },
      },
    ]);
    expect(result.detail).toBe(
      '2 files now have a name that belongs to a different file (check each one against its own row): DSC_0502.JPG → photos/2024-05-18_yokohama.jpg and IMG_2305.JPG → photos/2024-04-17_osaka.jpg.',
    );
  });

  it('fails a name in the wrong form (day-month-year, a time added) without saying the expected name', () => {
    const wrong = { ...renamed, 'photos/2024-04-17_osaka.jpg': undefined, 'photos/17-04-2024_osaka.jpg': 'JFIF osaka', 'photos/2024-05-18_yokohama.jpg': undefined, 'photos/2024-05-18_yokohama_1030.jpg': 'JFIF yokohama' };
    const result = runCheck(renameRules, withoutUndefined(wrong), photos);
    expect(result.findings).toEqual([
      {
        code: 'identity-wrong-name',
        params: {
          moves: [
            { from: 'photos/DSC_0502.JPG', to: 'photos/17-04-2024_osaka.jpg' },
            { from: 'photos/IMG_2305.JPG', to: 'photos/2024-05-18_yokohama_1030.jpg' },
          ],
        },
      },
    ]);
    for (const lang of ['en', 'ja']) expect(describeFindings(result.findings, lang)).not.toContain('2024-04-17_osaka');
  });

  it('fails photos left under their camera name, and old-named copies when copies are not allowed', () => {
    const partly = { ...renamed, 'photos/2024-05-18_yokohama.jpg': undefined, 'photos/IMG_2305.JPG': 'JFIF yokohama' };
    expect(runCheck(renameRules, withoutUndefined(partly), photos).findings).toEqual([{ code: 'identity-not-renamed', params: { files: ['photos/IMG_2305.JPG'] } }]);

    const copied = { ...photos, ...renamed };
    expect(runCheck(renameRules, copied, photos).passed).toBe(true);
    const result = runCheck({ ...renameRules, copies: false }, copied, photos);
    expect(result.findings).toEqual([
      { code: 'identity-copies', params: { files: ['photos/DSC_0412.JPG', 'photos/DSC_0413.JPG', 'photos/DSC_0502.JPG', 'photos/IMG_2305.JPG'] } },
    ]);
    expect(result.detail).toBe('Copied instead of moved: the same file is also at photos/DSC_0412.JPG, photos/DSC_0413.JPG, photos/DSC_0502.JPG and 1 more.');
  });

  it('fails a photo overwritten by another with the same new name: it is gone', () => {
    const overwritten = withoutUndefined({ ...renamed, 'photos/2024-03-15_kyoto-2.jpg': undefined, 'photos/2024-03-15_kyoto.jpg': 'JFIF kyoto dusk' });
    const result = runCheck(renameRules, overwritten, photos);
    expect(result.findings).toEqual([{ code: 'identity-missing', params: { files: ['photos/DSC_0412.JPG'] } }]);
    expect(runCheck({ ...renameRules, missing: 'ignore' }, overwritten, photos).passed).toBe(true);
  });

  it('matches identical starter files to places one to one', () => {
    const twins = { 'a/one.txt': 'same', 'a/two.txt': 'same' };
    const rules = { type: 'identity', rules: [{ files: 'one.txt', folder: 'x' }, { files: 'two.txt', folder: 'y' }] };
    expect(runCheck(rules, { 'x/one.txt': 'same', 'y/two.txt': 'same' }, twins).passed).toBe(true);
    const onlyOne = runCheck(rules, { 'x/one.txt': 'same' }, twins);
    expect(onlyOne.findings).toEqual([{ code: 'identity-missing', params: { files: ['a/two.txt'] } }]);
    expect(runCheck({ ...rules, copies: false }, { 'x/one.txt': 'same', 'y/two.txt': 'same' }, twins).passed).toBe(true);
  });
});

describe('identity: moves into folders (tidying)', () => {
  const starter = { 'inv-1.pdf': '%PDF 1', 'inv-2.pdf': '%PDF 2', 'todo.txt': 'todo', 'data.csv': 'a,b' };
  const sorted = { type: 'identity', from: '*.pdf', rules: [{ files: '*.pdf', folder: ['invoice', '請求書'] }] };
  const onlyMoved = { type: 'identity', keepName: true, copies: false, missing: 'ignore', allowNew: ['**/README*'] };

  it('passes files moved into a folder named like the term, in any language, at any depth', () => {
    expect(runCheck(sorted, { 'Finance/Invoices 2024/inv-1.pdf': '%PDF 1', '請求書/inv-2.pdf': '%PDF 2' }, starter).passed).toBe(true);
    expect(runCheck(onlyMoved, { 'Finance/Invoices 2024/inv-1.pdf': '%PDF 1', '請求書/inv-2.pdf': '%PDF 2', 'notes/todo.txt': 'todo', 'README.md': '# Folders' }, starter).passed).toBe(true);
  });

  it('names the folder and the files not in it', () => {
    const result = runCheck(sorted, { 'photos/inv-1.pdf': '%PDF 1', 'inv-2.pdf': '%PDF 2' }, starter);
    expect(result.findings).toEqual([{ code: 'identity-misplaced', params: { folder: ['invoice', '請求書'], files: ['inv-2.pdf', 'photos/inv-1.pdf'] } }]);
    expect(describeFindings(result.findings, 'ja')).toBe('2 個のファイルが「請求書」フォルダーに入っていません: inv-2.pdf、photos/inv-1.pdf。');
  });

  it('fails a file renamed while moving, a copy left behind, and a new helper file', () => {
    const result = runCheck(onlyMoved, { 'invoices/inv-1.pdf': '%PDF 1', 'inv-1.pdf': '%PDF 1', 'invoices/2024-inv-2.pdf': '%PDF 2', 'notes/todo.txt': 'todo', 'data/data.csv': 'a,b', 'sort.py': 'import os' }, starter);
    expect(result.findings).toEqual([
      { code: 'identity-renamed', params: { moves: [{ from: 'inv-2.pdf', to: 'invoices/2024-inv-2.pdf' }] } },
      { code: 'identity-copies', params: { files: ['inv-1.pdf'] } },
      { code: 'identity-new-files', params: { files: ['sort.py'] } },
    ]);
    expect(describeFindings(result.findings, 'en')).toBe(
      '1 file was renamed, not only moved: inv-2.pdf → invoices/2024-inv-2.pdf. Copied instead of moved: the same file is also at inv-1.pdf. 1 new file is left in the folder: sort.py.',
    );
    expect(describeFindings(result.findings, 'ja')).toBe(
      '1 個のファイルが、移動だけでなく名前も変えられています: inv-2.pdf → invoices/2024-inv-2.pdf。移動ではなくコピーになっています。同じファイルが次の場所にも残っています: inv-1.pdf。新しいファイルが 1 個残っています: sort.py。',
    );
  });

  it('tells an edit and a conversion from a deletion, and does not count them as new files', () => {
    const nothingLost = { type: 'identity', allowNew: [] };
    const result = runCheck(nothingLost, { 'inv-1.pdf': '%PDF 1', 'notes/todo.txt': 'todo [x]', 'data.xlsx': 'PK' }, starter);
    expect(result.findings).toEqual([
      { code: 'identity-missing', params: { files: ['inv-2.pdf'] } },
      { code: 'identity-edited', params: { files: ['todo.txt'] } },
      { code: 'identity-converted', params: { moves: [{ from: 'data.csv', to: 'data.xlsx' }] } },
    ]);
    expect(describeFindings(result.findings, 'ja')).toContain('1 個のファイルがなくなっています');
  });

  it('reports a rule that matches no starter file (an authoring mistake)', () => {
    expect(runCheck({ type: 'identity', rules: [{ files: '*.key', folder: 'slides' }] }, starter, starter).findings).toEqual([{ code: 'no-file', params: { glob: '*.key' } }]);
  });
});

function withoutUndefined(entries: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
