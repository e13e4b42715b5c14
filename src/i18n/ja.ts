import type { Catalog } from './catalog.js';
import { files, list, quoted, termWord, terms } from './format.js';

const L = 'ja';

function roughly(percent: number): string {
  return percent < 1 ? '1% 未満' : `約 ${percent}%`;
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
