/**
 * The words the exercise commands print around the pack's own texts, in the participant's language.
 * Briefs, hints and check messages come from the pack (per language); these frame them. Error
 * messages stay in English for now (see docs/exercises-cli.md).
 */
export interface UiText {
  exerciseHeader(position: number, total: number, title: string, minutes: number): string;
  resumed: string;
  yourFolder: string;
  startCodexThere: string;
  firstRequest: string;
  afterSetup: string;
  checkingHeader(position: number, total: number, title: string, attempt: number): string;
  noChange: string;
  startCodexAndAsk: string;
  passed(score: number, max: number): string;
  notPassed(score: number, max: number): string;
  fixAndRetry: string;
  tip: string;
  noCodexYet: string;
  codexSessions(count: number, changedAfter: boolean): string;
  hintLabel(number: number, total: number): string;
  afterFail: string;
  finished(pack: string, done: number, total: number, minutes: number): string;
  keepGoing: string;
  statusHeader(pack: string, done: number, total: number): string;
  workspace: string;
  allDone: string;
  runNextToCheck: string;
  runNextToStart: string;
  rowDetails(attempts: number, minutes: number, sessions: number): string;
  aboutMinutes(minutes: number): string;
  states: Record<'done' | 'current' | 'pending' | 'started', string>;
  noHints(id: string): string;
  lastHint: string;
  nothingChanged(folder: string): string;
  changedHeader(folder: string): string;
  diffLegend: string;
  diffKinds: Record<'added' | 'removed' | 'modified' | 'moved', string>;
  undoDone(folder: string): string;
  undoKeptToo: string;
  alreadyAtStart(folder: string): string;
  resetDone(folder: string): string;
  resetExplain(folder: string): string;
  resetQuestion: string;
  nothingWasChanged: string;
  lostFolderQuestion(id: string, folder: string): string;
}

const en: UiText = {
  exerciseHeader: (position, total, title, minutes) => `Exercise ${position} of ${total} · ${title} (about ${minutes} min)`,
  resumed: '(You had already started this one: your folder is as you left it.)',
  yourFolder: 'Your exercise folder:',
  startCodexThere: 'Start Codex there (copy this line into your terminal):',
  firstRequest: 'Then try this first request:',
  afterSetup:
    'When Codex is done, run `workshop next` to check your work. `workshop diff` shows what changed, `workshop hint` gives a hint, `workshop reset` starts over (and `workshop reset --undo` takes that back).',
  checkingHeader: (position, total, title, attempt) => `Checking exercise ${position} of ${total} · ${title} (attempt ${attempt})`,
  noChange: 'Nothing in the folder has changed yet — did you run Codex inside it?',
  startCodexAndAsk: 'Start Codex there and ask for the change:',
  passed: (score, max) => `Passed! Score ${score}/${max}.`,
  notPassed: (score, max) => `Not passed yet: score ${score}/${max}.`,
  fixAndRetry: 'Ask Codex to fix what is marked ✗, then run `workshop next` again.',
  tip: 'Tip:',
  noCodexYet: 'No Codex session was found in this folder yet.',
  codexSessions: (count, changedAfter) => `Codex sessions in this folder: ${count}${changedAfter ? ' (the files changed after Codex started).' : '.'}`,
  hintLabel: (number, total) => `Hint ${number} of ${total}:`,
  afterFail: 'See exactly what changed with `workshop diff`; start over with `workshop reset`.',
  finished: (pack, done, total, minutes) => `You finished ${pack}: ${done} of ${total} exercises in ${minutes} minutes.`,
  keepGoing: 'Well done. Keep going with your own files: open a terminal in a folder you work in, run `codex`, and ask in plain words.',
  statusHeader: (pack, done, total) => `${pack} — ${done} of ${total} done`,
  workspace: 'Workspace:',
  allDone: 'All exercises are done.',
  runNextToCheck: 'Run `workshop next` to check the exercise in progress.',
  runNextToStart: 'Run `workshop next` to start the next exercise.',
  rowDetails: (attempts, minutes, sessions) =>
    `${attempts} attempt${attempts === 1 ? '' : 's'}, ${minutes} min, ${sessions === 0 ? 'no Codex session yet' : `Codex: ${sessions} session${sessions === 1 ? '' : 's'}`}`,
  aboutMinutes: (minutes) => `about ${minutes} min`,
  states: { done: 'done', current: 'current', pending: 'pending', started: 'started' },
  noHints: (id) => `Exercise ${id} has no hints. Ask your facilitator, or look at \`workshop diff\` to see what Codex changed.`,
  lastHint: 'That was the last hint. Ask your facilitator if you are still stuck.',
  nothingChanged: (folder) => `Nothing has changed in ${folder} since the exercise was set up.`,
  changedHeader: (folder) => `What changed in ${folder} since the exercise was set up:`,
  diffLegend: 'Lines starting with + were added, lines starting with - were removed. `workshop reset` undoes everything.',
  diffKinds: { added: 'added', removed: 'removed', modified: 'modified', moved: 'moved' },
  undoDone: (folder) => `Your work in ${folder} is back, as it was before the reset.`,
  undoKeptToo: 'What you had done since the reset is kept too: `workshop reset --undo` again switches back to it.',
  alreadyAtStart: (folder) => `${folder} is already at its starting point; nothing needed resetting.`,
  resetDone: (folder) => `${folder} is back at its starting point. What was there is kept: \`workshop reset --undo\` brings it back.`,
  resetExplain: (folder) => `workshop reset puts ${folder} back to its starting files. What is there now is kept, and \`workshop reset --undo\` brings it back.`,
  resetQuestion: 'Reset the exercise folder now?',
  nothingWasChanged: 'Nothing was changed.',
  lostFolderQuestion: (id, folder) => `The folder of exercise ${id} (${folder}) is gone. Set it up again from the starter files?`,
};

const ja: UiText = {
  exerciseHeader: (position, total, title, minutes) => `演習 ${position} / ${total} · ${title}(約 ${minutes} 分)`,
  resumed: '(この演習はすでに始めています。フォルダーは前回のままです。)',
  yourFolder: '演習フォルダー:',
  startCodexThere: 'そこで Codex を起動します(この行をターミナルにコピーしてください):',
  firstRequest: '最初のお願いの例:',
  afterSetup:
    'Codex の作業が終わったら `workshop next` で採点します。`workshop diff` で変更内容、`workshop hint` でヒント、`workshop reset` でやり直し(`workshop reset --undo` で取り消し)。',
  checkingHeader: (position, total, title, attempt) => `演習 ${position} / ${total} を採点中 · ${title}(${attempt} 回目)`,
  noChange: 'フォルダーの中はまだ何も変わっていません。Codex をこのフォルダーの中で起動しましたか?',
  startCodexAndAsk: 'そこで Codex を起動して、変更をお願いしてください:',
  passed: (score, max) => `合格です! スコア ${score}/${max}。`,
  notPassed: (score, max) => `まだ合格ではありません: スコア ${score}/${max}。`,
  fixAndRetry: '✗ の項目を Codex に直してもらい、もう一度 `workshop next` を実行してください。',
  tip: 'アドバイス:',
  noCodexYet: 'このフォルダーでの Codex のセッションはまだ見つかりません。',
  codexSessions: (count, changedAfter) => `このフォルダーでの Codex セッション: ${count} 件${changedAfter ? '(Codex の起動後にファイルが変更されました)。' : '。'}`,
  hintLabel: (number, total) => `ヒント ${number} / ${total}:`,
  afterFail: '変更内容は `workshop diff` で確認できます。やり直すには `workshop reset`。',
  finished: (pack, done, total, minutes) => `${pack} を修了しました: ${total} 問中 ${done} 問、${minutes} 分。`,
  keepGoing: 'おつかれさまでした。ご自身のファイルでも続けましょう: 普段使うフォルダーでターミナルを開き、`codex` を起動して、普段の言葉でお願いしてください。',
  statusHeader: (pack, done, total) => `${pack} — ${total} 問中 ${done} 問完了`,
  workspace: 'ワークスペース:',
  allDone: 'すべての演習が完了しました。',
  runNextToCheck: '`workshop next` で、進行中の演習を採点します。',
  runNextToStart: '`workshop next` で、次の演習を始めます。',
  rowDetails: (attempts, minutes, sessions) => `採点 ${attempts} 回、${minutes} 分、${sessions === 0 ? 'Codex セッションなし' : `Codex セッション ${sessions} 件`}`,
  aboutMinutes: (minutes) => `約 ${minutes} 分`,
  states: { done: '完了', current: '進行中', pending: '未着手', started: '途中' },
  noHints: (id) => `演習 ${id} にはヒントがありません。ファシリテーターに聞くか、\`workshop diff\` で Codex の変更を確認してください。`,
  lastHint: 'これが最後のヒントです。まだ難しければファシリテーターに聞いてください。',
  nothingChanged: (folder) => `${folder} は演習の開始時から何も変わっていません。`,
  changedHeader: (folder) => `${folder} で演習の開始時から変わったところ:`,
  diffLegend: '+ で始まる行は追加、- で始まる行は削除された行です。`workshop reset` ですべて元に戻せます。',
  diffKinds: { added: '追加', removed: '削除', modified: '変更', moved: '移動' },
  undoDone: (folder) => `${folder} の作業を、リセット前の状態に戻しました。`,
  undoKeptToo: 'リセット後に行った作業も保存してあります: もう一度 `workshop reset --undo` でそちらに切り替えられます。',
  alreadyAtStart: (folder) => `${folder} はすでに開始時の状態です。リセットするものはありません。`,
  resetDone: (folder) => `${folder} を開始時の状態に戻しました。元の内容は保存してあり、\`workshop reset --undo\` で戻せます。`,
  resetExplain: (folder) => `workshop reset は ${folder} を開始時のファイルに戻します。今の内容は保存され、\`workshop reset --undo\` で戻せます。`,
  resetQuestion: '演習フォルダーをリセットしますか?',
  nothingWasChanged: '何も変更していません。',
  lostFolderQuestion: (id, folder) => `演習 ${id} のフォルダー(${folder})が見つかりません。開始時のファイルからもう一度用意しますか?`,
};

export function uiText(lang: string): UiText {
  return lang.split('-')[0] === 'ja' ? ja : en;
}
