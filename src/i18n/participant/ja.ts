import type { ParticipantCatalog } from './catalog.js';

/** Bytes as people read them: 512 B, 1.5 KiB, 4 MiB. */
function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

export const participantJa: ParticipantCatalog = {
  exercise: {
    exerciseHeader: ({ position, total, title, minutes }) => `演習 ${position} / ${total} · ${title}(約 ${minutes} 分)`,
    resumed: '(この演習はすでに始めています。フォルダーは前回のままです。)',
    yourFolder: '演習フォルダー:',
    startCodexThere: 'そこで Codex を起動します(この行をターミナルにコピーしてください):',
    firstRequest: '最初のお願いの例:',
    leaveCodex:
      'Codex の作業が終わったら /quit と入力する(または Ctrl+C を 2 回押す)と Codex を終了できます。ターミナルに戻り、演習フォルダーの中にいます。`codex resume --last` で同じ会話に戻れます。Codex を開いたまま、2 つ目のターミナル ウィンドウで workshop のコマンドを入力してもかまいません。',
    afterSetup:
      'そのあと `workshop next` で採点します。`workshop brief` でこの説明をもう一度表示、`workshop diff` で変更内容、`workshop hint` でヒント、`workshop reset` でやり直し(`workshop reset --undo` で取り消し)。',
    checkingHeader: ({ position, total, title, attempt }) => `演習 ${position} / ${total} を採点中 · ${title}(${attempt} 回目)`,
    noChange: 'フォルダーの中はまだ何も変わっていません。Codex をこのフォルダーの中で起動しましたか?',
    startCodexAndAsk: 'そこで Codex を起動して、変更をお願いしてください:',
    passed: ({ score, max }) => `合格です! スコア ${score}/${max}。`,
    notPassed: ({ score, max }) => `まだ合格ではありません: スコア ${score}/${max}。`,
    fixAndRetry: '✗ の項目を Codex に直してもらい、もう一度 `workshop next` を実行してください。',
    tip: 'アドバイス:',
    noCodexYet: 'このフォルダーでの Codex のセッションはまだ見つかりません。',
    codexSessions: ({ count, changedAfter }) => `このフォルダーでの Codex セッション: ${count} 件${changedAfter ? '(Codex の起動後にファイルが変更されました)。' : '。'}`,
    hintLabel: ({ number, total }) => `ヒント ${number} / ${total}:`,
    afterFail: '変更内容は `workshop diff`、説明の再表示は `workshop brief`、やり直しは `workshop reset` です。',
    finished: ({ pack, done, total, minutes }) => `${pack} を修了しました: ${total} 問中 ${done} 問、${minutes} 分。`,
    keepGoing: 'おつかれさまでした。ご自身のファイルでも続けましょう: 普段使うフォルダーでターミナルを開き、`codex` を起動して、普段の言葉でお願いしてください。',
    statusHeader: ({ pack, done, total }) => `${pack} — ${total} 問中 ${done} 問完了`,
    workspace: 'ワークスペース:',
    allDone: 'すべての演習が完了しました。',
    runNextToCheck: '`workshop next` で、進行中の演習を採点します。',
    runNextToStart: '`workshop next` で、次の演習を始めます。',
    rowDetails: ({ attempts, minutes, sessions }) => `採点 ${attempts} 回、${minutes} 分、${sessions === 0 ? 'Codex セッションなし' : `Codex セッション ${sessions} 件`}`,
    aboutMinutes: ({ minutes }) => `約 ${minutes} 分`,
    states: { done: '完了', current: '進行中', pending: '未着手', started: '途中' },
    listFooter: '番号を指定すると、その演習に移動できます: `workshop goto 3` で 3 番目の演習を始めます。',
    noHints: ({ id }) => `演習 ${id} にはヒントがありません。ファシリテーターに聞くか、\`workshop diff\` で Codex の変更を確認してください。`,
    lastHint: 'これが最後のヒントです。まだ難しければファシリテーターに聞いてください。',
    nothingChanged: ({ folder }) => `${folder} は演習の開始時から何も変わっていません。`,
    changedHeader: ({ folder }) => `${folder} で演習の開始時から変わったところ:`,
    diffLegend: '+ で始まる行は追加、- で始まる行は削除された行です。`workshop reset` ですべて元に戻せます。',
    diffKinds: { added: '追加', removed: '削除', modified: '変更', moved: '移動' },
    undoDone: ({ folder }) => `${folder} の作業を、リセット前の状態に戻しました。`,
    undoKeptToo: 'リセット後に行った作業も保存してあります: もう一度 `workshop reset --undo` でそちらに切り替えられます。',
    alreadyAtStart: ({ folder }) => `${folder} はすでに開始時の状態です。リセットするものはありません。`,
    resetDone: ({ folder }) => `${folder} を開始時の状態に戻しました。元の内容は保存してあり、\`workshop reset --undo\` で戻せます。`,
    resetExplain: ({ folder }) => `workshop reset は ${folder} を開始時のファイルに戻します。今の内容は保存され、\`workshop reset --undo\` で戻せます。`,
    resetQuestion: '演習フォルダーをリセットしますか?',
    nothingWasChanged: '何も変更していません。',
    lostFolderQuestion: ({ id, folder }) => `演習 ${id} のフォルダー(${folder})が見つかりません。開始時のファイルからもう一度用意しますか?`,
    briefFooter: 'Codex の作業が終わったら `workshop next` で採点します。',
    progressRebuilt: ({ count, workspace }) => `${workspace} の演習フォルダー ${count} 個から進捗を復元しました。`,
    progressUnreadable: ({ file, reason, keptAs }) =>
      `進捗ファイル ${file} を読めませんでした(${reason})。ファイルは ${keptAs} として残し、進捗は演習フォルダーから復元します。`,
    eventLogFailed: ({ reason }) => `ローカルのイベントログに記録できませんでした: ${reason}`,
    shells: { posix: 'ターミナル', powershell: 'PowerShell', cmd: 'コマンド プロンプト' },
  },
  errors: {
    'lang-invalid': ({ given, choices }) => `--lang には ${choices.join(' か ')} を指定してください(指定された値: "${given}")。`,
    // `workshop doctor` usage errors
    'doctor-unknown-check': ({ given, known }) =>
      `--only に指定されたチェック ${given.map((id) => `"${id}"`).join('、')} はありません。指定できるチェック: ${known.join('、')}`,
    'doctor-api-base-invalid': ({ given }) => `--api-base には https://api.openai.com/v1 のような http(s) の URL を指定してください(指定された値: "${given}")。`,
    'no-current-exercise': () => '進行中の演習はありません。`workshop next` で次の演習を始めてください(`workshop list` で一覧を表示できます)。',
    'unknown-exercise': ({ given, ids, count }) =>
      `このパックに演習 "${given}" はありません。\`workshop list\` に表示される 1〜${count} の番号か、次の ID を指定してください: ${ids.join('、')}。`,
    'folder-not-exercise': ({ folder, id }) =>
      `${folder} は workshop の演習フォルダーではなくなっています(隠しフォルダー .git がありません)。名前を変えるか移動してから、\`workshop goto ${id}\` で開始時のファイルからやり直してください。`,
    'folder-gone-ask': ({ folder, id }) =>
      `演習 ${id} のフォルダー(${folder})が見つかりません(削除または移動されました)。開始時のファイルからもう一度用意するには \`workshop next --yes\`(または \`workshop goto ${id}\`)を実行してください。`,
    'folder-gone': ({ folder, id }) => `演習 ${id} のフォルダー(${folder})が見つからないか、演習フォルダーではなくなっています。\`workshop next\` でもう一度用意してください。`,
    'folder-kept': () => '何も変更していません。フォルダーを用意し直すときは、もう一度 `workshop next` を実行してください。',
    'reset-needs-yes': ({ folder }) =>
      `workshop reset は ${folder} を開始時のファイルに戻します。今の内容は保存され、\`workshop reset --undo\` で戻せます。\n実行するには \`workshop reset --yes\` と入力してください。`,
    'folder-holds-other': ({ folder, other }) => `${folder} には別の演習(${other})がすでにあります。そのフォルダーを移動するか名前を変えてから、もう一度実行してください。`,
    'folder-exists': ({ folder }) =>
      `${folder} はすでにあり、workshop の演習フォルダーではありません。移動するか名前を変える(中身には触れていません)か、--workspace DIR で別の場所を選んでから、もう一度実行してください。`,
    'lock-busy': ({ file, pid, since }) =>
      `別の workshop コマンドがまだ実行中です${pid !== undefined ? `(プロセス ${pid}、${since} 開始)` : ''}。終わるのを待ってから、もう一度実行してください。何も実行中でなければ、${file} を削除してからもう一度実行してください。`,
    'git-missing': () =>
      'workshop は演習フォルダーを元に戻せるようにするために Git を使いますが、Git が見つかりません。インストールしてください(Windows: https://git-scm.com/download/win、macOS: `xcode-select --install` を実行、Linux: パッケージマネージャーで。例: `sudo apt install git`)。そのあと新しいターミナルを開き、もう一度実行してください。',
    'nothing-to-undo': () => '取り消すものはありません: この演習ではまだ `workshop reset` で何も退避していません。',
    'history-missing': ({ folder }) => `${folder} は workshop の演習フォルダーではなくなっています(履歴がありません)。`,
    'progress-newer': ({ file, version, supported }) =>
      `進捗ファイル ${file} は新しいバージョンの workshop で書かれています(形式 ${version}、このバージョンが読めるのは ${supported})。workshop を更新して(npm install -g codex-workshop@latest)、もう一度実行してください。`,
    'not-joined': () => 'まだセッションに参加していません: 画面に表示された参加コマンド(workshop join http://… --code ABCD-1234)を実行してください。',
    'not-joined-hand': () =>
      'まだセッションに参加していません: 画面に表示された参加コマンド(workshop join http://… --code ABCD-1234)を実行してください。参加せずに助けを求めるときは、会場で手を挙げてください。',
    'hub-address-invalid': ({ given }) => `"${given}" はハブのアドレスではありません。画面からコピーしてください。例: workshop join http://192.168.1.20:4545 --code ABCD-1234`,
    'hub-address-scheme': ({ given }) => `"${given}" はハブのアドレスではありません: http:// か https:// で始まる必要があります。`,
    'hub-unreachable': ({ hubUrl, why }) =>
      `${hubUrl} のハブに接続できませんでした(${why})。このノート PC がファシリテーターと同じ Wi-Fi につながっているか、アドレスが画面と同じかを確認してください。`,
    'hub-wrong-code': ({ hubUrl, code }) => `${hubUrl} のハブによると、セッションコード ${code} が正しくありません。画面のコードを確認してください。`,
    'hub-refused-details': ({ reason }) => `ハブがこの入力を受け付けませんでした: ${reason}`,
    'hub-refused': ({ hubUrl, reason }) => `${hubUrl} のハブが参加を受け付けませんでした: ${reason}`,
    'hub-join-locked': ({ hubUrl, minutes }) =>
      `${hubUrl} のハブは、このネットワークから間違ったセッションコードが何度も届いたため、${minutes} 分間このネットワークからの参加を止めています。画面のコード(ABCD-1234 のような形)を確認してから、もう一度試してください。`,
    'hub-link-broken': ({ file }) => `ハブとの接続情報 ${file} が読めません。もう一度 \`workshop join\` を実行すると直ります。`,
    'join-invalid': ({ problems }) => `この内容では参加できません: ${problems}`,
    'join-missing': ({ flags }) =>
      `${flags.join('、')} が足りません。スクリプトではすべて指定してください。例: workshop join URL --code ABCD-1234 --name "田中 愛子" --email aiko@example.com --team 経理(ターミナルで実行すれば質問されます)。`,
    'join-cancelled': () => '中止しました。参加していません。',
    'hand-both': () => 'メッセージ(手を挙げる)か --done(手を下ろす)のどちらか一方を指定してください。',
    'hand-too-long': ({ length }) => `メッセージは 280 文字以内にしてください(今は ${length} 文字)。ファシリテーターが詳しく聞きに来ます。`,
    'pulse-yes-and-no': () => '--yes か --no のどちらか一方を指定してください。',
    'pulse-since-format': ({ since }) => `--since "${since}" は日付ではありません: YYYY-MM-DD の形で指定してください。`,
    'pulse-since-future': ({ since }) => `--since ${since} は未来の日付です。`,
    'pulse-no-session-day': () =>
      'セッションがいつだったか分かりません(このノート PC では演習を用意していません)。セッションで使ったノート PC で実行するか、日付を指定してください: workshop pulse --since YYYY-MM-DD',
    'pulse-declined-before': () => '以前、Codex セッションの集計を断っているので、何も集計していません。今から集計して共有するには: workshop pulse --yes',
    'pulse-needs-consent': () =>
      'workshop pulse には、まず同意が必要です。1 日ごとの Codex セッション数(日付と件数だけ)を集計して共有するには `workshop pulse --yes`、断るには `workshop pulse --no` を実行してください。',
    'share-invalid': ({ problems, frequencies, risks }) =>
      problems
        .map((problem) =>
          problem === 'frequency'
            ? `--frequency には ${frequencies.join('、')} のどれかを指定してください。`
            : problem === 'risk'
              ? `--risk には ${risks.join('、')} のどれかを指定してください。`
              : problem === 'minutes'
                ? '--minutes には 1 週間に短縮できる分数を 0〜6000 の整数で指定してください。'
                : '--reusable には yes か no を指定してください。',
        )
        .join(''),
    'share-needs': ({ flags }) => `workshop share には ${flags.join(' ')} が必要です(ターミナルで実行すれば質問されます)。`,
    'share-cancelled': () => '中止しました。何も共有していません。',
    'share-refused': ({ field, reason }) => `共有できません: ${field} の値が正しくありません(${reason})。`,
    'share-no-own-task': () =>
      'このノート PC には、共有を待っている合格済みの「自分の業務」演習がありません。`workshop next` で仕上げるか、演習を指定する(`workshop share --from-own-task 08-own-task`)か、`workshop share` で業務を説明してください。',
    'share-own-task-missing': ({ missing, file }) => `自分の業務を共有できませんでした: ${file} に ${missing.join('、')} がありません。書き足してから、もう一度実行してください。`,
    'quest-not-joined': () =>
      'クエストを使うには、あなたが誰かが分かる必要があります。先にセッションに参加してください(`workshop join`)。参加後は同じノート PC でクエストを使えます。ファシリテーターは WORKSHOP_SERVER_TOKEN(または --token-file)を設定し、--server URL を指定してください。',
    'quest-no-server': ({ hubUrl }) =>
      `クエストはプログラムサーバーにあります。参加したハブ(${hubUrl})はプログラムサーバーにつながっていません。ファシリテーターにプログラムサーバーのアドレスを聞き、--server URL を付けて実行してください(例: workshop quest list --server https://workshop.example.com)。`,
    'quest-needs-programme': () => 'どのプログラムですか? --programme ID を付けてください(`workshop serve --programme` で指定した ID)。',
    'quest-unreachable': ({ url, why }) => `プログラムサーバー ${url} に接続できません(${why})。ネットワーク(または VPN)を確認して、もう一度実行してください。何も変更していません。`,
    'quest-token-refused': ({ url, reason }) => `プログラムサーバー ${url} はあなたを認識できませんでした: ${reason}`,
    'quest-refused': ({ reason }) => `実行できませんでした: ${reason}`,
    'quest-slow-down': ({ seconds }) => `プログラムサーバーへの操作が多すぎます。${seconds} 秒後にもう一度実行してください。`,
    'quest-server-problem': ({ url, status, reason }) => `プログラムサーバー ${url} で問題が起きました(HTTP ${status}: ${reason})。少し待ってからもう一度実行し、続くようならファシリテーターに伝えてください。`,
    'quest-bad-answer': ({ url }) => `${url} からの応答は codex-workshop のプログラムサーバーのものではありません。アドレス(とキットのバージョン)を確認してください。`,
    'quest-missing': ({ flags }) => `${flags.join(' ')} が必要です(ターミナルで実行すると質問で入力できます)。`,
    'quest-invalid': ({ field, reason }) => `${field}: ${reason}`,
    'quest-often-invalid': ({ given }) => `--often "${given}" は頻度として読めません。daily・weekly・monthly か、3/week・2/month のように「回数/日・週・月」で指定してください(毎日・毎週・毎月も可)。`,
    'quest-id-invalid': ({ given }) => `"${given}" はクエスト番号ではありません。\`workshop quest list\` に表示される番号(例: 12)を指定してください。`,
    'quest-verdict': () => 'レビューの結論を指定してください: --approve(実際の入力で動き、リスクも許容できる)か --changes(直してほしい点を --note に)。',
    'quest-text-file': ({ file, why }) => `${file} を読めません(${why})。`,
    'quest-cancelled': () => '中止しました。何も送信していません。',
    'board-no-server': ({ hubUrl }) => `参加したセッション（${hubUrl}）はプログラムサーバーにつながっていないため、開けるクエストボードがありません。ボードのアドレスはファシリテーターに確認してください。`,
    'board-unreachable': ({ server, why }) => `プログラムサーバー ${server} に接続できませんでした（${why}）。ネットワーク（または VPN）を確認して、もう一度実行してください。`,
    'board-refused': ({ server, reason }) => `プログラムサーバー ${server} からボードのリンクを受け取れませんでした: ${reason}`,
    // ---- skills install/update/remove (issue 15) ----
    'skills-never-fetched': ({ server, why }) => `プログラムサーバー ${server} に接続できず(${why})、このノート PC にはまだスキルのマーケットプレイスが取得されていません。オンラインのときにもう一度試してください。`,
    'skills-server-refused': ({ server, reason }) => `プログラムサーバー ${server} に断られました: ${reason}。`,
    'skills-codex-missing': () => 'Codex がインストールされていません(PATH に `codex` がありません)。先に `workshop doctor` を実行し、その案内に従ってインストールしてください。',
    'skills-codex-failed': ({ command, why }) => `\`${command}\` が失敗しました: ${why}。\`workshop doctor\` で Codex を確認してから、もう一度試してください。`,
    'skill-name-invalid': ({ given }) => `「${given}」はスキル名ではありません。\`workshop skills\` の一覧にあるとおり、英小文字、数字、1 つずつのハイフンで指定してください。`,
    'skill-not-approved': ({ name, standing }) =>
      standing === 'pending'
        ? `スキル ${name} はファシリテーターのレビュー待ちのため、まだインストールできません。`
        : standing === 'rejected'
          ? `スキル ${name} はファシリテーターに承認されなかったため、インストールできません。`
          : `${name} という承認済みのスキルはありません。\`workshop skills\` で名前を確認してください。`,
    'skill-not-in-last-fetch': ({ name, fetchedAt }) => `スキル ${name} は ${fetchedAt} に取得したマーケットプレイスにありません。プログラムサーバーに接続できるときにもう一度試してください。`,
    'skill-not-installed': ({ name }) => `社内スキル ${name} はインストールされていないため、削除するものはありません。`,
    unexpected: ({ message }) => `workshop で想定外の問題が起きました: ${message}\n詳しくは WORKSHOP_DEBUG=1 を付けてもう一度実行し、この画面をファシリテーターに見せてください。`,
    // ---- skills: publish, list, show, review (issue 15; src/skills/) ----
    'skills-folder-missing': ({ folder }) => `フォルダー ${folder} がありません。スキルのフォルダー(SKILL.md があるフォルダー)を指定してください。例: workshop skills publish ./expense-summary`,
    'skills-not-folder': ({ folder }) => `${folder} はファイルで、フォルダーではありません。スキルのフォルダー(SKILL.md があるフォルダー)を指定してください。`,
    'skills-not-joined': () =>
      'スキルはプログラム サーバーにあります。このノート PC はまだセッションに参加していません: 画面に表示された参加コマンド(workshop join http://… --code ABCD-1234)を実行するか、ファシリテーターのトークンと --server URL を指定してください。',
    'skills-no-server': ({ hubUrl }) =>
      `参加したハブ(${hubUrl})はプログラム サーバーにつながっていません。スキルはプログラム サーバーにあります。ファシリテーターにサーバーのアドレスを聞き、--server URL を付けてもう一度実行してください。`,
    'skills-needs-server': () => 'ファシリテーターのトークンを使うときは、プログラム サーバーも指定してください: --server https://…(またはそのサーバーを使うセッションに参加してください)。',
    'skills-needs-programme': () => 'どのプログラムですか? --programme ID を指定してください(プログラム サーバーに表示されています)。',
    'skills-token-file': ({ file, why }) => `トークン ファイル ${file} を読めません(${why})。`,
    'skills-invalid': ({ field, reason }) => `${field} の値が正しくありません: ${reason}。`,
    'skills-unreachable': ({ url, why }) => `プログラム サーバー ${url} に接続できませんでした(${why})。アドレスとネットワークを確認して、もう一度試してください。`,
    'skills-token-refused': ({ url, reason }) => `プログラム サーバー ${url} がトークンを受け付けませんでした: ${reason}`,
    'skills-slow-down': ({ seconds }) => `プログラム サーバーへの要求が多すぎます: ${seconds} 秒後にもう一度試してください。`,
    'skills-server-problem': ({ url, status, reason }) => `プログラム サーバー ${url} で問題が起きました(${status}: ${reason})。あとでもう一度試してください。このノート PC では何も変わっていません。`,
    'skills-bad-answer': ({ url }) => `プログラム サーバー ${url} の応答を、このバージョンの workshop は理解できません。workshop を更新して(npm install -g codex-workshop@latest)、もう一度試してください。`,
    'skills-refused': ({ reason }) => `プログラム サーバーが断りました: ${reason}`,
    'skills-unknown': ({ name }) => `見られるスキルの中に「${name}」はありません。\`workshop skills\` で一覧を表示できます。`,
    'skills-review-verdict': () => '--approve か --reject のどちらか一方を指定し、--note "…" で理由を書いてください。',
    'skills-review-needs-token': () => 'スキルのレビューにはファシリテーターのトークンが必要です: WORKSHOP_SERVER_TOKEN を設定するか、--token-file FILE(と --server URL)を指定してください。',
    'skills-no-pending': ({ name }) => `${name} にはレビュー待ちのバージョンがありません。\`workshop skills show ${name}\` でバージョンを確認し、--version N で指定してください。`,
    'skills-no-version': ({ name, version }) => `${name} にバージョン ${version} はありません。\`workshop skills show ${name}\` でバージョンを確認してください。`,
  },
  hub: {
    joined: ({ again, title, name, team }) => `「${title}」に${again ? 'もう一度' : ''}参加しました: ${name}(${team})。`,
    whatTravels: 'ファシリテーターと共有されるもの: doctor の確認結果、演習の進み具合、ヒント、リセット、挙手。API キー、ファイル、Codex へのお願いの内容は共有されません。',
    next: ({ doctor, help }) => `次は ${doctor} で準備を確認しましょう。困ったときは ${help}`,
    helpExample: 'workshop help "困っていること"',
    askCode: 'セッションコード(画面に表示。ABCD-1234 のような形)',
    askName: 'お名前',
    askEmail: '仕事用のメールアドレス',
    askTeam: '所属チーム(例: 営業、経理)',
    notValid: '正しくありません',
    nothingToSend: '送るものはありません: ハブにはすべての結果が届いています。',
    sent: ({ count }) => `${count} 件の結果をハブに送りました。未送信のものはありません。`,
    sentEarlier: ({ count }) => `以前の結果 ${count} 件をハブに送りました。`,
    later: ({ hubUrl, why, pending }) =>
      `${hubUrl} のハブに接続できませんでした(${why})。${pending} 件の結果はこのノート PC に保存してあり、次のコマンドか \`workshop sync\` で送ります。`,
    unknownParticipant: ({ hubUrl, reason, pending }) =>
      `${hubUrl} のハブはこのノート PC をもう認識していません(${reason})。画面の参加コマンドをもう一度実行してください。${pending} 件の結果は保存してあり、そのときに送ります。`,
    overLimit: ({ hubUrl, pending }) =>
      `${hubUrl} のハブは、このセッションではもうあなたの結果を受け取りません(1 人が 1 回のセッションで送れる量には上限があります)。${pending} 件の結果はこのノート PC に残っています。ファシリテーターに伝えてください。`,
    handLowered: '手を下ろしました。',
    handLoweredHere: 'このノート PC で手を下ろしました。',
    handUp: ({ message }) => `ファシリテーターのダッシュボードで手が挙がりました${message ? `:「${message}」` : ''}。担当者が伺います。`,
    whenSorted: '解決したら: workshop help --done',
    handNotDelivered: ({ hubUrl }) => `このノート PC では手を挙げましたが、${hubUrl} のハブにはまだ届いていません。会場でも手を挙げてください。`,
    helpForCommand: ({ command }) => `代わりにファシリテーターに助けを求めるには、文章で書いてください: workshop help "${command} で…と表示される"`,
  },
  pulse: {
    consentQuestion: ({ since }) =>
      `${since} のセッション以降、1 日ごとに Codex のセッションをいくつ始めたかを workshop が数えて、その件数をファシリテーターに送ってもよいですか?` +
      '送るのは日付と件数だけ(社内スキルをインストールしている場合は、使ったスキルの名前も)で、Codex へのお願いの内容、ファイル、フォルダーは送りません。' +
      '「はい」の場合、セッション後 5 週間、workshop を使ったときに週 1 回まで件数を更新します。',
    declined: 'わかりました。Codex のセッションは数えません。気が変わったら: workshop pulse --yes',
    nothingCounted: 'わかりました。何も数えていません。気が変わったら: workshop pulse --yes',
    refreshed: ({ total, since }) => `workshop pulse: ${since} 以降の Codex セッション ${total} 件をファシリテーター向けに集計しました(止めるには: workshop pulse --no)`,
    summary: ({ since, total, days }) => `${since} 以降: ${days} 日で Codex セッション ${total} 件。`,
    week: ({ from, to, sessions, days }) => `${from}〜${to}: ${days} 日で ${sessions} 件`,
    onlyCounts: 'ファシリテーターに送るのはこの日付と件数だけです(次の同期で送ります)。いつでも止められます: workshop pulse --no',
    offer: 'Codex ワークショップから 1 週間以上たちました。Codex がまだ役に立っているか、ファシリテーターが知りたがっています。',
    // ---- company skills (issue 15) ----
    skillUsesSent: ({ uses }) => `社内スキル: 使用 ${uses} 回をプログラムサーバーに送りました(スキル名と回数だけです)。`,
    skillUsesNotSent: ({ uses, why }) => `社内スキル: 使用 ${uses} 回を数えましたが、まだ送れていません(${why})。次の pulse で送ります。`,
  },
  share: {
    askWhat: '今 Codex で行っている業務は何ですか?(ほかの人にも分かる一文で)',
    askWhatTooShort: 'もう少し詳しく書いてください',
    askTeam: 'どのチームの業務ですか?',
    askFrequency: 'どのくらいの頻度で行いますか?',
    frequencies: { daily: '毎日', weekly: '毎週', monthly: '毎月', occasionally: 'ときどき' },
    askMinutes: 'Codex で 1 週間に何分くらい短縮できていますか?',
    askMinutesInvalid: '整数で入力してください(例: 30)',
    askRisk: 'Codex が間違えて誰も気づかなかった場合、影響はどのくらいですか?',
    risks: { low: '低 — 見つけやすく、すぐ直せる', medium: '中 — 注意深い確認が必要', high: '高 — 顧客、お金、法務に影響する' },
    askReusable: 'このやり方はほかの人も使えそうですか?',
    thanks: ({ what }) => `ありがとうございます!「${what}」は次の同期でファシリテーターの活用事例集に届きます。`,
    sharedOwnTask: ({ file, what }) => `${file} の回答(ファイルそのものではありません)を活用事例として共有しました:「${what}」。`,
    autoShared: ({ what, file }) =>
      `あなたの業務(「${what}」)を活用事例としてファシリテーターと共有しました。共有したのは ${file} の回答だけで、ファイルそのものではありません。ほかにもあれば \`workshop share\` で追加できます。`,
  },
  quest: {
    states: { open: '募集中', claimed: '取り組み中', submitted: 'レビュー待ち', done: '完了' },
    risks: { low: 'リスク低', medium: 'リスク中', high: 'リスク高' },
    sensitivities: { none: '機密データなし', internal: '社内データ', confidential: '機密データ', personal: '個人データ' },
    kinds: { prompt: 'プロンプト', skill: 'スキル', script: 'スクリプト', howto: '手順書' },
    actions: { post: '投稿', claim: '担当', release: '担当を外れた', submit: '提出', review: 'レビュー', reuse: '自分も使っている', stale: '動きがないため募集中に戻った' },
    often: ({ times, per }) => `${{ day: '1 日', week: '週', month: '月' }[per]} ${times} 回`,
    minutes: ({ minutes }) => `${minutes} 分`,
    row: ({ often, minutes, risk, claimers, reuses }) => `${often}・毎回 ${minutes}・${risk}${claimers ? `・${claimers}` : ''}${reuses > 0 ? `・ほかに ${reuses} 人が利用` : ''}`,
    noneFound: '該当するクエストはありません。',
    listFooter: '詳細: workshop quest show 番号 ・ 担当する: workshop quest claim 番号',
    listLimited: ({ shown, total }) => `全 ${total} 件のうち新しい ${shown} 件です。ほかも見るには --limit all、または --state・--team・--mine で絞り込んでください。`,
    postedBy: ({ name, team, at }) => `投稿: ${name}${team ? `(${team})` : ''}、${at}`,
    claimedBy: ({ names }) => `担当: ${names}`,
    today: '今のやり方:',
    teams: ({ teams }) => `ほかに役立つチーム: ${teams}`,
    submission: ({ kind, name, minutes }) => `提出: ${name}(${kind})。今は毎回 ${minutes}`,
    review: ({ verdict, name, role }) => `${verdict === 'approve' ? '承認' : '修正依頼'}: ${name}(${role})`,
    hours: ({ formula }) => `削減時間: ${formula}`,
    reusers: ({ names }) => `ほかに使っている人: ${names}`,
    history: '履歴:',
    needsFacilitator: 'リスクが高い、または機密性の高いデータを扱うため、ファシリテーターかプログラムのオーナーがレビューします。',
    posted: ({ id, title }) => `クエスト #${id}「${title}」を投稿しました。誰でも担当できます: workshop quest claim ${id}`,
    postedDone: ({ id, title }) => `クエスト #${id}「${title}」を、あなたが実施済みのものとして投稿しました。次は別の人がレビューします(workshop quest review ${id})。`,
    claimed: ({ id, pair }) => `${pair ? 'あなたとパートナーが' : 'あなたが'}クエスト #${id} の担当になりました。できあがったら: workshop quest submit ${id}`,
    released: ({ id }) => `クエスト #${id} は再び募集中になりました。`,
    submitted: ({ id }) => `クエスト #${id} を提出しました。次は別の人がレビューします(workshop quest review ${id})。`,
    approved: ({ id }) => `承認しました。クエスト #${id} はレビュー済みの成果です。`,
    changesAsked: ({ id }) => `修正を依頼しました。クエスト #${id} は担当者に戻りました。`,
    reused: ({ id }) => `記録しました: あなたもクエスト #${id} を使っています。削減時間に数えられます。`,
    askTitle: 'どんな業務ですか?(短いタイトル)',
    askToday: '今はどのようにやっていますか?(数文で)',
    askTeam: 'どのチームの業務ですか?',
    askOften: 'どのくらいの頻度で行いますか?(毎日、毎週、3/week、2/month など)',
    askOftenInvalid: '毎日、毎週、毎月、3/week、2/month のように入力してください',
    askMinutes: '1 回あたり何分かかりますか?',
    askMinutesInvalid: '分を数字で入力してください(例: 30)',
    askRisk: '自動化が間違えて誰も気づかなかった場合、影響はどのくらいですか?',
    askSensitivity: 'この業務はどんなデータを扱いますか?',
    askBenefit: 'ほかに役立ちそうなチームは?(カンマ区切り。なければ空のまま)',
    askKind: '何を作りましたか?',
    askText: 'プロンプトを貼り付けるか、ほかの人がたどれる手順を書いてください',
    askMinutesAfter: '今は 1 回あたり何分かかりますか?',
    askNote: '何で試しましたか(または、何を直すべきですか)?',
    tooShort: 'もう少し詳しく書いてください',
    offerQuestion: 'この業務をプログラムサーバーにクエストとして投稿し、同僚が見つけて(あなたのやり方を)使えるようにしますか?',
    offerCommand: ({ command }) => `この業務をプログラムサーバーにクエストとして投稿するには: ${command}`,
    offerPosted: ({ id, done }) => `クエスト #${id} として投稿しました${done ? '。次は別の人がレビューします' : ''}。確認: workshop quest show ${id}`,
    offerFailed: ({ why, command }) => `クエストとして投稿できませんでした(${why})。ほかには影響ありません。あとで: ${command}`,
    offerNeeds: ({ flags }) => `クエストとして投稿していません: ${flags.join(' ')} も必要です。`,
  },
  catchUp: {
    welcomeBack: ({ sessions }) => `おかえりなさい${sessions.length > 0 ? `(前回の参加: ${sessions.join('、')})` : ''}!`,
    found: '以前の進捗が見つかりました。',
    merged: ({ count }) => `以前に合格した演習 ${count} 問を、このノート PC でも完了にしました。`,
    upToDate: 'このノート PC の進捗はすでに最新です。',
    continueWith: ({ id }) => `\`workshop next\` で ${id} から続けます。`,
    allPassed: 'すべての演習に合格しています: 今 Codex で行っている業務を `workshop share` で教えてください。',
  },
  cli: {
    join: (sentences) => sentences.join(''),
  },
  // ---- skills: publish, list, show, review (issue 15; src/skills/) ----
  skills: {
    problems: {
      'skill-md-missing': () => 'フォルダーの直下に SKILL.md がありません(大文字と小文字は区別されます)。スキルは SKILL.md を含むフォルダーです。',
      'skill-md-binary': () => 'SKILL.md がテキストではありません。プレーン テキスト(UTF-8)で保存してください。',
      'front-matter-missing': () => 'SKILL.md はフロントマターで始める必要があります: --- の行、name: と description:、そして --- の行。',
      'front-matter-invalid': ({ problem }) =>
        problem === 'unclosed'
          ? 'フロントマターが閉じていません: description のあとに --- の行を追加してください。'
          : problem === 'not-mapping'
            ? 'フロントマターは name: … や description: … のような項目で書いてください。'
            : 'ここでフロントマターが YAML として正しくありません。コロン、引用符、インデントを確認してください。',
      'name-missing': () => 'フロントマターに name がありません: name: のあとにフォルダー名を書いてください。',
      'name-invalid': ({ name }) => `「${name}」はスキル名として使えません。小文字の英字、数字、ハイフン 1 つずつで 1〜64 文字にしてください(先頭と末尾にハイフンは不可。例: expense-summary)。`,
      'name-not-folder': ({ name, folder }) => `name「${name}」はフォルダー名「${folder}」と同じにしてください。どちらかの名前を変えてください。`,
      'description-missing': () => 'フロントマターに description がありません: スキルが何をするか、いつ使うかを description: に書いてください。',
      'description-too-long': ({ chars, max }) => `description が ${chars} 文字あります。${max} 文字以内にしてください。`,
      'compatibility-too-long': ({ chars, max }) => `compatibility が ${chars} 文字あります。${max} 文字以内にしてください。`,
      'too-many-files': ({ count, max }) => `フォルダーに ${count} 個のファイルがあります。スキルに入れられるのは ${max} 個までです。`,
      'file-too-big': ({ bytes, max }) => `このファイルは ${sizeText(Number(bytes))} です。1 ファイルは ${sizeText(Number(max))} までです。`,
      'total-too-big': ({ bytes, max }) => `ファイルの合計が ${sizeText(Number(bytes))} です。スキル全体で ${sizeText(Number(max))} までです。`,
      'path-invalid': () => 'このファイル名では送れません(フォルダー内の普通のパスで、重複しないもの)。名前を変えてください。',
      'symlink-outside': () => 'スキル フォルダーの外を指すリンクです。外のものは送られません: 代わりにファイルのコピーをフォルダーに置いてください。',
      'special-file': () => '送れる種類のファイルではありません(フォルダーへのリンク、リンク先のないリンク、ソケットなど)。削除するか、普通のファイルに置き換えてください。',
      'link-outside': () => 'ここのリンクがスキル フォルダーの外を指しています(../、絶対パス、file:)。フォルダー内のファイルか、Web アドレスへリンクしてください。',
      'git-folder': () => 'フォルダーに .git フォルダーがあります。.git は送られません: .git を含まないスキル フォルダーのコピーを公開してください。',
      secret: ({ kind }) => `${participantJa.skills.secretKinds[kind as 'openai-key'] ?? String(kind)}が含まれています。削除し(本物なら無効化して)、スキルには環境変数から読ませてください。`,
    },
    secretKinds: {
      'openai-key': 'OpenAI の API キー',
      'openai-admin-key': 'OpenAI の管理者キー',
      'workshop-token': 'workshop のトークン',
      'aws-access-key': 'AWS のアクセス キー',
      'aws-secret-key': 'AWS のシークレット キー',
      'github-token': 'GitHub のトークン',
      'slack-token': 'Slack のトークン',
      'google-api-key': 'Google の API キー',
      'private-key': '秘密鍵',
    },
    where: ({ file, line }) => (line ? `${file} の ${line} 行目:` : `${file}:`),
    refused: ({ folder, count }) => `${folder} は公開できません: 問題が ${count} 件あります。`,
    refusedByServer: ({ count }) => `プログラム サーバーがスキルを受け付けませんでした: 問題が ${count} 件あります。`,
    nothingSent: '何も送っていません。これらを直してから、もう一度実行してください。',
    published: ({ name, version }) => `${name} のバージョン ${version} を公開しました。`,
    pendingReview: 'レビュー待ちです: ファシリテーターが内容を確認して承認すると、ほかの人がインストールできるようになります。',
    scriptsFlagged: ({ scripts }) => `コードを実行するファイル(レビューで最初に確認されます): ${scripts.join('、')}`,
    noScripts: 'コードを実行するファイルはありません。',
    states: { pending: 'レビュー待ち', approved: '承認済み', rejected: '却下' },
    noSkills: 'スキルはまだありません。',
    noMatch: '該当するスキルはありません。',
    listRow: ({ version, team, author, installs }) => `${version ? `v${version} · ` : ''}${team || 'チームなし'} · 作成: ${author} · インストール ${installs} 件`,
    installWith: ({ name }) => `インストール: workshop skills install ${name}`,
    showAuthor: ({ author, team }) => `作成: ${author}${team ? `(${team})` : ''}`,
    showQuest: ({ id }) => `クエスト #${id} から`,
    showInstalls: ({ people, uses }) => `インストール ${people} 人、利用 ${uses} 回(報告分)`,
    versionRow: ({ version, state, at, by, files, bytes }) => `v${version}  ${state}  ${at}  ${by}  ファイル ${files} 個、${bytes}`,
    reviewNote: ({ verdict, by, note }) => `${by} が${verdict === 'approve' ? '承認' : '却下'}: ${note}`,
    approved: ({ name, version }) => `${name} のバージョン ${version} を承認しました。マーケットプレイスに載りました。`,
    rejected: ({ name, version }) => `${name} のバージョン ${version} を却下しました。マーケットプレイスには載りません。`,
    filesLabel: 'ファイル:',
    fileRow: ({ path, bytes, executable }) => `${path}  ${bytes}${executable ? '  実行可能' : ''}`,
    sha256: ({ sha256 }) => `SHA-256: ${sha256}`,
    allNeedsFacilitator: 'レビュー待ちと却下のスキルはファシリテーターだけが見られます。承認済みのスキルを表示します。',
  },
  // ---- skills install/update/remove (issue 15) ----
  skillInstall: {
    offline: ({ why, fetchedAt }) => `オフライン: プログラムサーバーに接続できないため(${why})、${fetchedAt} に取得したマーケットプレイスを使います。`,
    registered: ({ marketplace }) => `社内マーケットプレイス ${marketplace} を Codex に追加しました(最初の 1 回だけです)。`,
    installed: ({ name, version }) => `${name}(バージョン ${version})をインストールしました。`,
    upgraded: ({ name, from, to }) => `${name} をバージョン ${from} から ${to} に更新しました。`,
    reinstalled: ({ name, version }) => `${name}(バージョン ${version})はインストール済みでした。同じものをもう一度インストールしました。`,
    howToUse: ({ name }) => `新しい Codex セッションで、合う場面があれば Codex が使います。名前で指定するには Codex で $${name}:${name} と入力してください。`,
    updated: ({ name, from, to }) => `${name}: バージョン ${from} → ${to}`,
    upToDate: ({ count }) => (count === 0 ? 'ここには社内スキルがインストールされていません。`workshop skills install NAME` でインストールできます。' : `社内スキル ${count} 件はすべて最新です。`),
    nothingInstalled: 'ここには社内スキルがインストールされていません。`workshop skills install NAME` でインストールできます。',
    notInMarketplace: ({ names }) => `マーケットプレイスからなくなったスキル(インストールしたままです。削除は \`workshop skills remove NAME\`): ${names.join('、')}`,
    removed: ({ name }) => `${name} を Codex から削除しました。`,
  },
  questBoard: {
    link: ({ url, minutes }) => `あなたのクエストボード（このリンクは 1 回だけ、${minutes} 分以内に使えます。トークンは含まれていません）:\n  ${url}`,
    opening: 'ブラウザーで開いています…',
    openFailed: 'この環境ではブラウザーを開けませんでした。リンクをブラウザーに貼り付けてください。',
  },
};
