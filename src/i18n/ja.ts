import type { NumberOffBand } from '../exercises/findings.js';
import type { Catalog } from './catalog.js';
import { files, list, quoted, termWord, terms } from './format.js';

const L = 'ja';

const BAND: Record<NumberOffBand, string> = {
  'under-1': 'わずかに(1% 未満)',
  '1-5': '1〜5% ほど',
  '5-10': '5〜10% ほど',
  '10-25': '10〜25% ほど',
  '25-50': '25〜50% ほど',
  '50-100': '50〜100% ほど',
  'over-100': '100% 以上',
};

export const ja: Catalog = {
  grade: {
    'no-file': ({ glob }) => `フォルダーに ${glob} に当たるファイルがまだありません。`,
    'nothing-like': ({ glob }) => `フォルダーに ${glob} に当たるものがありません。`,
    'still-there': ({ files: paths }) => `まだ残っています: ${files(paths, L)}。`,
    lost: ({ files: paths }) => `${paths.length} 個のファイルがなくなったか、中身が変わっています: ${files(paths, L)}。`,
    'files-added': ({ files: paths }) => `追加されたファイル: ${files(paths, L)}。`,
    'files-removed': ({ files: paths }) => `削除されたファイル: ${files(paths, L)}。`,
    'files-edited': ({ files: paths }) => `編集されたファイル: ${files(paths, L)}。`,
    'terms-missing': ({ terms: t }) => `${terms(t, L)}が書かれていません。`,
    'terms-none-of': ({ terms: t }) => `${terms(t, L)}のどれも書かれていません。`,
    'terms-forbidden': ({ terms: t }) => `まだ${terms(t, L)}が書かれています。`,
    'pattern-absent': ({ files: paths }) => `${files(paths, L)} に見つかりません。`,
    'pattern-too-few': ({ count, min }) => `${count} 個見つかりました。${min} 個以上必要です。`,
    'checklist-too-few': ({ count, min }) => `チェックリストの項目(「- [ ] …」の行)が ${count} 個です。${min} 個以上必要です。`,
    'checklist-missing': ({ terms: t }) => `${terms(t, L)}の項目がありません。`,
    'table-none': ({ format, files: paths }) => `${files(paths, L)} に${format === 'csv' ? ' CSV の' : ' Markdown の'}表がありません。`,
    'table-columns-missing': ({ terms: t }) => `表に${terms(t, L)}の列がありません。`,
    'table-rows': ({ count, min, max }) =>
      `表の行が ${count} 行です。${max === undefined ? `${min} 行以上` : min === undefined ? `${max} 行以下` : min === max ? `ちょうど ${min} 行` : `${min}〜${max} 行`}にしてください。`,
    'number-no-label': ({ label }) => `${quoted(termWord(label, L), L)}がどこにも書かれていません。`,
    'number-no-value': ({ label }) => `${quoted(termWord(label, L), L)}の横に数字がありません。`,
    'number-off': ({ label, found, direction, band }) =>
      direction === 'high' && band === 'over-100'
        ? `${quoted(termWord(label, L), L)}は ${found} となっていますが、正しい値の 2 倍を超えています。`
        : `${quoted(termWord(label, L), L)}は ${found} となっていますが、${BAND[band]}${direction === 'high' ? '多すぎます' : '少なすぎます'}。`,
    'json-invalid': ({ file }) => `${file} は正しい JSON ではありません。`,
    'json-keys-missing': ({ keys }) => `足りない項目: ${list(keys, L)}。`,
    'count-too-few': ({ glob, count, min }) => `${glob} に当たるファイルが ${count} 個です。${min} 個以上必要です。`,
    'count-too-many': ({ glob, count, max }) => `${glob} に当たるファイルが ${count} 個です。${max} 個以下にしてください。`,
    misplaced: ({ folder, files: paths }) => `${paths.length} 個のファイルが${quoted(termWord(folder, L), L)}フォルダーに入っていません: ${files(paths, L)}。`,
    crashed: ({ reason }) => `この項目は確認できませんでした(${reason})。`,
    // --- numbers ---
    'number-rounded': ({ label, found }) => `${quoted(termWord(label, L), L)}は ${found} となっていて、丸めた数字のようです。端数まで正確な数字が必要です。`,
    'number-column-no-total': ({ label }) => `${quoted(termWord(label, L), L)}は表の列になっていますが、その列の合計を示す行がありません。`,
    'number-only-counts': ({ label }) => `${quoted(termWord(label, L), L)}の横には件数や割合(%)しかなく、金額がありません。`,
    'number-label-shared': ({ label }) => `${quoted(termWord(label, L), L)}はほかの項目とまとめて書かれているだけで、それだけの数字がありません。`,
  },
  grading: {
    joinFindings: (sentences) => sentences.join(''),
  },
};
