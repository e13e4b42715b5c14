import type { Term } from '../exercises/pack-schema.js';
import type { NumberOffBand } from '../exercises/findings.js';
import { type EditChange, groupEditChanges } from '../exercises/findings.js';
import type { Catalog } from './catalog.js';
import { fileWords, files, list, moves, quoted, termWord, terms } from './format.js';
import { localize } from '../exercises/language.js';
import type { LocalizedText } from '../exercises/pack-schema.js';
// participant CLI sections
import { participantJa } from './participant/ja.js';

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

/** 欄の名前: 「短縮できた時間」。 */
function field(label: Term): string {
  return quoted(termWord(label, L), L);
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
  // participant CLI sections
  ...participantJa,
  grade: {
    'no-file': ({ glob }) => `フォルダーに${fileWords(glob, L)}がまだありません。`,
    'nothing-like': ({ glob }) => `フォルダーに${fileWords(glob, L)}がありません。`,
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
    'pattern-too-slow': () => 'この項目は時間内に確認できませんでした(演習パックの修正が必要です)。ファシリテーターに伝えてください。作業内容は失われていません。',
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
    'count-too-few': ({ glob, count, min }) => `${fileWords(glob, L)}が ${count} 個です。${min} 個以上必要です。`,
    'count-too-many': ({ glob, count, max }) => `${fileWords(glob, L)}が ${count} 個です。${max} 個以下にしてください。`,
    misplaced: ({ folder, files: paths }) => `${paths.length} 個のファイルが${quoted(termWord(folder, L), L)}フォルダーに入っていません: ${files(paths, L)}。`,
    crashed: ({ reason }) => `この項目は確認できませんでした(${reason})。`,
    // --- identity ---
    'identity-missing': ({ files: paths }) => `${paths.length} 個のファイルがなくなっています(削除されたか、別のファイルで上書きされています): ${files(paths, L)}。`,
    'identity-edited': ({ files: paths }) => `${paths.length} 個のファイルの中身が変わっています: ${files(paths, L)}。`,
    'identity-converted': ({ moves: m }) => `${m.length} 個のファイルが、そのまま残されずに別の形式に変換されています: ${moves(m, L)}。`,
    'identity-misplaced': ({ folder, files: paths }) => `${paths.length} 個のファイルが${quoted(termWord(folder, L), L)}フォルダーに入っていません: ${files(paths, L)}。`,
    'identity-not-renamed': ({ files: paths }) => `${paths.length} 個のファイルが元の名前のままです: ${files(paths, L)}。`,
    'identity-name-of-another': ({ moves: m }) =>
      `${m.length} 個のファイルに、別のファイルのための名前が付いています(1 つずつ、そのファイル自身の行と照らし合わせてください): ${moves(m, L)}。`,
    'identity-wrong-name': ({ moves: m }) => `${m.length} 個のファイルの名前が、指定された形になっていません: ${moves(m, L)}。`,
    'identity-renamed': ({ moves: m }) => `${m.length} 個のファイルが、移動だけでなく名前も変えられています: ${moves(m, L)}。`,
    'identity-copies': ({ files: paths }) => `移動ではなくコピーになっています。同じファイルが次の場所にも残っています: ${files(paths, L)}。`,
    'identity-new-files': ({ files: paths }) => `新しいファイルが ${paths.length} 個残っています: ${files(paths, L)}。`,
    // --- answers ---
    'file-empty': ({ files: paths }) => `${files(paths, L)} が空です。`,
    'heading-none': ({ files: paths }) => `${files(paths, L)} に見出し(# で始まる行)がありません。`,
    'heading-placeholder': ({ found }) => `見出し${quoted(found, L)}はひな形の仮の文字のままで、本当の見出しになっていません。`,
    'heading-generic': ({ found }) => `見出し${quoted(found, L)}は一般的な言葉だけで、具体的な内容が入っていません。`,
    'bullets-too-few': ({ count, min }) =>
      count === 0 ? `中身のある箇条書きがまだありません。${min} 個以上必要です。` : `中身のある箇条書きが ${count} 個しかありません。${min} 個以上必要です。`,
    'bullets-placeholder': ({ items }) => `まだ埋まっていない項目: ${list(items.map((item) => quoted(item, L)), L)}。`,
    'bullets-missing': ({ terms: t }) => `${terms(t, L)}について書いた箇条書きがありません。`,
    'field-missing': ({ label }) => `${field(label)}の欄が見つかりません。`,
    'field-empty': ({ label }) => `${field(label)}の欄が空です。`,
    'field-placeholder': ({ label, found }) => `${field(label)}の欄は${quoted(found, L)}のままで、答えが書かれていません。`,
    'field-options-copied': ({ label, found }) => `${field(label)}の欄に選択肢(${quoted(found, L)})がそのまま書かれています。1 つだけ選んでください。`,
    'field-several-choices': ({ label, found }) => `${field(label)}の欄は${quoted(found, L)}となっています。1 つだけ選んでください。`,
    'field-not-a-choice': ({ label, found, options }) => `${field(label)}の欄は${quoted(found, L)}となっていて、${terms(options, L)}のどれでもありません。`,
    'field-no-number': ({ label, found }) => `${field(label)}の欄は${quoted(found, L)}となっていて、数字がありません。分を数字で書いてください。`,
    'field-percent': ({ label, found }) => `${field(label)}の欄が割合(${quoted(found, L)})になっています。分で書いてください。`,
    'field-more-than': ({ label, found, other, otherFound }) =>
      `${field(label)}(${quoted(found, L)})が${field(other)}(${quoted(otherFound, L)})より多くなっています。業務にかかる時間より多くは短縮できません。`,
    'count-real-too-few': ({ count, min, empty, hidden }) =>
      [
        count === 0 ? `中身のあるファイルがまだありません。${min} 個以上必要です。` : `中身のあるファイルが ${count} 個しかありません。${min} 個以上必要です。`,
        ...(empty.length ? [`空なので数えていないファイル: ${files(empty, L)}。`] : []),
        ...(hidden.length ? [`隠しファイル(名前がドットで始まる)なので数えていないファイル: ${files(hidden, L)}。`] : []),
      ].join(''),
    // --- numbers ---
    'number-rounded': ({ label, found }) => `${quoted(termWord(label, L), L)}は ${found} となっていて、丸めた数字のようです。端数まで正確な数字が必要です。`,
    'number-column-no-total': ({ label }) => `${quoted(termWord(label, L), L)}は表の列になっていますが、その列の合計を示す行がありません。`,
    'number-only-counts': ({ label }) => `${quoted(termWord(label, L), L)}の横には件数や割合(%)しかなく、金額がありません。`,
    'number-label-shared': ({ label }) => `${quoted(termWord(label, L), L)}はほかの項目とまとめて書かれているだけで、それだけの数字がありません。`,
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
    // --- edits (only these changes) ---
    'edits-unexpected': ({ file, changes, more }) => `${file}: ${groupEditChanges(changes).map(editPhrase).join('。')}${more > 0 ? `(ほか ${more} 件)` : ''}。`,
    'edits-more-files': ({ files: paths }) => `ほかのファイルにも同じような変更があります: ${files(paths, L)}。`,
    'edits-rewritten': ({ files: paths }) => `一部の修正ではなく、全体が書き直されています: ${files(paths, L)}。`,
    'edits-unavailable': ({ files: paths }) => `${files(paths, L)} の最初の版を読めなかったため、変更を確認できませんでした。`,
  },
  grading: {
    joinFindings: (sentences) => sentences.join(''),
  },
  // ---- room (issue 11/12) ----
  room: {
    message: ({ text }) => `ファシリテーターからのお知らせ: ${text}`,
    target: ({ exercise }) => `会場は今 ${exercise} に取り組んでいます。`,
    claim: ({ code }) =>
      `別のノートPCから、あなたのメールアドレスでこのセッションに参加しようとしている人がいます。あなた自身なら、そちらで workshop join --confirm ${code} と入力してください。心当たりがなければファシリテーターに伝えてください。`,
    pendingJoin: () =>
      'このメールアドレスは別のノートPCからすでに参加しています。そちらの続きから進めるには、もう一方のノートPCで次に workshop コマンドを実行したときに表示される6桁のコードを使って `workshop join --confirm コード` と入力してください(またはファシリテーターにこのノートPCを承認してもらってください)。それまでは、このノートPCは新しい参加者として扱われます。',
    confirmed: ({ laptops }) => `確認できました。このノートPCで続きから進められます(ノートPC ${laptops} 台)。`,
    confirmWrong: ({ reason }) => `確認できませんでした: ${reason}`,
    notPending: () => 'このノートPCは確認待ちではありません。確認することはありません。',
    emailSuggestion: ({ typed, suggestion }) => `${typed} は招待リストにありません。${suggestion} のことですか?`,
    emailAsTypedWarning: ({ typed, suggestion }) =>
      `注意: ${typed} は招待リストにありません(${suggestion} のことですか?)。入力どおり ${typed} で参加しました。打ち間違いなら、正しい --email を付けてもう一度参加コマンドを実行してください。`,
    askEmailChoice: () => 'あなたのメールアドレスはどちらですか?',
    askHandMessage: () => '何に困っていますか?(1行で。メッセージなしなら Enter)',
    handNoMessage: () => 'メッセージなし',
    handAlreadyUp: ({ message }) => `すでに「${message}」で手を挙げています。ファシリテーターにはそのメッセージが表示されています。解決したら: workshop help --done`,
    handAlreadyUpNoMessage: () => 'すでに手を挙げています。ファシリテーターが来るまでお待ちください。解決したら: workshop help --done',
  },
  // ---- end room ----
};
