import type { Catalog } from './catalog.js';
import { files, list, quoted, termWord, terms } from './format.js';
import { localize } from '../exercises/language.js';
import type { LocalizedText } from '../exercises/pack-schema.js';

const L = 'ja';

function roughly(percent: number): string {
  return percent < 1 ? '1% 未満' : `約 ${percent}%`;
}

// --- items ---
const SHAPES = { checklist: 'チェックリスト(「- [ ]」で始まる行)', table: '表', bullets: 'ふつうの箇条書き', numbered: '番号付きリスト' } as const;

function rangeWords(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && min === max) return `${min} 件`;
  if (max === undefined) return `${min} 件以上`;
  if (min === undefined) return `${max} 件以下`;
  return `${min}〜${max} 件`;
}

function named(items: readonly LocalizedText[]): string {
  return list(items.map((item) => `「${localize(item, L)}」`), L, 4);
}

function itemTexts(texts: readonly string[]): string {
  return list(texts.map((text) => `「${text}」`), L);
}
// --- end items ---

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
    'number-off': ({ label, found, direction, percent }) =>
      `${quoted(termWord(label, L), L)}は ${found} となっていますが、${roughly(percent)}${direction === 'high' ? '多すぎます' : '少なすぎます'}。`,
    'json-invalid': ({ file }) => `${file} は正しい JSON ではありません。`,
    'json-keys-missing': ({ keys }) => `足りない項目: ${list(keys, L)}。`,
    'count-too-few': ({ glob, count, min }) => `${glob} に当たるファイルが ${count} 個です。${min} 個以上必要です。`,
    'count-too-many': ({ glob, count, max }) => `${glob} に当たるファイルが ${count} 個です。${max} 個以下にしてください。`,
    misplaced: ({ folder, files: paths }) => `${paths.length} 個のファイルが${quoted(termWord(folder, L), L)}フォルダーに入っていません: ${files(paths, L)}。`,
    crashed: ({ reason }) => `この項目は確認できませんでした(${reason})。`,
    // --- items ---
    'items-none': ({ files: paths }) => `${files(paths, L)} にはまだ項目のリストがありません。`,
    'items-shape': ({ found, wanted }) => `項目が${SHAPES[found]}になっています。${SHAPES[wanted === 'list' ? 'bullets' : wanted]}にしてください。`,
    'items-count': ({ count, min, max, extra }) =>
      `リストの項目が ${count} 件です。${rangeWords(min, max)}のはずです。${extra.length > 0 ? `想定される項目のどれにも当たらないもの: ${itemTexts(extra)}。` : ''}`,
    'items-missing': ({ items }) => `${named(items)}の項目がありません。`,
    'items-owner-missing': ({ items }) => `${named(items)}に担当者が書かれていません。`,
    'items-owner-wrong': ({ items }) => `${named(items)}の担当者が、実際に引き受けた人になっていません。`,
    'items-due-missing': ({ items }) => `${named(items)}に期限が書かれていません。`,
    'items-due-superseded': ({ items }) => `${named(items)}の期限が、最初に言われて後で変更された日付のままです。`,
    'items-due-wrong': ({ items }) => `${named(items)}の期限が、合意された日付と違います。`,
    'items-forbidden': ({ items }) =>
      `アクションアイテムではないものが入っています: ${list(
        items.map((item) => `「${item.text}」${item.why !== undefined ? `(${localize(item.why, L)})` : ''}`),
        L,
      )}。`,
  },
  grading: {
    joinFindings: (sentences) => sentences.join(''),
  },
};
