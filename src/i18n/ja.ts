import { type EditChange, groupEditChanges } from '../exercises/findings.js';
import type { Catalog } from './catalog.js';
import { files, list, quoted, termWord, terms } from './format.js';

const L = 'ja';

function roughly(percent: number): string {
  return percent < 1 ? '1% 未満' : `約 ${percent}%`;
}

// --- edits (only these changes) ---
function editItem(change: EditChange): string {
  const was = quoted(change.before ?? '', L);
  const is = quoted(change.after ?? '', L);
  const times = change.times && change.times > 1 ? `(${change.times} か所)` : '';
  switch (change.kind) {
    case 'added':
    case 'not-from-reference':
      return `${is}${times}`;
    case 'removed':
    case 'name-dropped':
      return `${was}${times}`;
    case 'undone':
      if (change.before && change.after) return `${was}→${is}${times}`;
      return change.after ? `${is}が復活${times}` : `${was}が削除${times}`;
    default:
      return `${was}→${is}${times}`;
  }
}

function editPhrase(group: EditChange[]): string {
  const items = list(group.map(editItem), L, 3);
  switch (group[0].kind) {
    case 'added':
      return `追加された語句があります: ${items}`;
    case 'removed':
      return `削除された語句があります: ${items}`;
    case 'number':
      return `数字や日付が変わっています: ${items}`;
    case 'name-dropped':
      return `置き換えずに削除された名称があります: ${items}`;
    case 'undone':
      return `前の変更が取り消されて元に戻っています: ${items}`;
    case 'not-from-reference':
      return `${group[0].reference ?? '比較用のファイル'} にない語句があります: ${items}`;
    default:
      return `語句が変わっています: ${items}`;
  }
}

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
    // --- edits (only these changes) ---
    'edits-unexpected': ({ file, changes, more }) => `${file}: ${groupEditChanges(changes).map(editPhrase).join('。')}${more > 0 ? `(ほか ${more} 件)` : ''}。`,
    'edits-more-files': ({ files: paths }) => `ほかのファイルにも同じような変更があります: ${files(paths, L)}。`,
    'edits-rewritten': ({ files: paths }) => `一部の修正ではなく、全体が書き直されています: ${files(paths, L)}。`,
    'edits-unavailable': ({ files: paths }) => `${files(paths, L)} の最初の版を読めなかったため、変更を確認できませんでした。`,
  },
  grading: {
    joinFindings: (sentences) => sentences.join(''),
  },
};
