import type { DoctorCatalog } from './catalog.js';

/**
 * 診断 (`workshop doctor`) の日本語の文言。キーは en.ts と同じ (catalog.ts の形)。コマンドは翻訳せず、
 * 入力するとおりに残す。文は断片をつなげずに、引数を名前で受け取って日本語の語順で組み立てる。
 */
const OS = { macos: 'macOS', windows: 'Windows', wsl: 'WSL', linux: 'Linux' } as const;
const SHELLS = { zsh: 'zsh', bash: 'bash', fish: 'fish', sh: 'sh', powershell: 'PowerShell', cmd: 'コマンド プロンプト' } as const;

const SOURCES = {
  '--api-base': '--api-base',
  'workshop profile': 'ワークショップのプロファイル',
  'Codex config.toml': 'Codex の config.toml',
  default: '既定値',
} as const;

const LOGIN_WHAT = {
  bedrock: 'Codex は Amazon Bedrock（Bedrock API キーまたは AWS アクセスキー）でログインしています。リクエストは OpenAI ではなく Amazon Bedrock に送られます',
  personal_access_token: 'Codex は個人用アクセストークンでログインしています',
  access_token: 'Codex はアクセストークンでログインしています',
  workload_identity: 'Codex はワークロード ID でログインしています',
} as const;

const join = (items: string[]) => items.join('、');

export const doctorJa: DoctorCatalog = {
  titles: {
    node: 'Node.js と npm',
    'codex.installed': 'Codex CLI',
    'codex.version': 'Codex のバージョン',
    'codex.config': 'Codex の設定',
    'codex.auth': 'Codex のログイン',
    'codex.model': 'Codex のモデル',
    'api.key': 'API キー',
    'codex.smoke': 'Codex の動作テスト',
    'codex.sandbox': 'Codex のサンドボックス',
    'codex.snapshots': 'Codex のシェル スナップショット',
    git: 'Git',
    workspace: '演習フォルダー',
    'network.proxy': 'プロキシの設定',
    'codex.websocket': 'Codex の WebSocket',
    'skills.company': '社内スキル',
  },

  render: {
    header: ({ profile, platform }) => `workshop doctor · ${profile} · ${platform}`,
    platformLabel: ({ os, shell }) => `${OS[os]}（${SHELLS[shell]}）`,
    skipped: ({ reason }) => `スキップ: ${reason}`,
    named: ({ title, code }) => `${title}（${code}）`,
    names: join,
    ready: '準備完了',
    readyLine: 'ワークショップの準備ができています。',
    warnings: ({ count, names }) => `確認をおすすめする警告が ${count} 件あります: ${names}`,
    notReady: '準備未完了',
    notReadyLine: ({ count }) => `ワークショップの前に直す問題が ${count} 件あります。`,
    fixFirst: ({ names }) => `先に直すもの: ${names}`,
    then: ({ names }) => `そのあと: ${names}`,
    applyAndRerun: '上の対処をしてから、もう一度 `workshop doctor` を実行してください。',
    checking: ({ titles }) => `確認中: ${join(titles)}`,
    done: '完了',
    logFailed: ({ reason }) => `（workshop doctor はこの結果をワークショップの記録に保存できませんでした: ${reason}）`,
  },

  runner: {
    timedOut: ({ title, seconds }) => `${title}: ${seconds} 秒以内に応答がありませんでした`,
    timedOutFix: 'もう一度 `workshop doctor` を実行してください。何度も起きる場合は、この画面をファシリテーターに見せてください。',
    crashed: ({ title, message }) => `${title}: チェック自体が失敗しました（${message}）`,
    crashedFix: 'これはワークショップ キットの不具合で、あなたの環境の問題ではありません。この行をファシリテーターに見せてください。',
  },

  common: {
    noCodexToAsk: '問い合わせできる Codex CLI がありません（上の「Codex CLI」を参照）',
    noCodexToRun: '実行できる Codex CLI がありません（上の「Codex CLI」を参照）',
    foundAt: ({ path }) => `場所: ${path}`,
    foundAtResolved: ({ path, real }) => `場所: ${path}（→ ${real}）`,
    programSaid: ({ command, text }) => `${command} の出力: ${text}`,
    codexSaid: ({ text }) => `Codex の出力: ${text}`,
    also: ({ summary }) => `ほかにも: ${summary}`,
  },

  fixes: {
    brewCodex: ({ command }) => `# または Homebrew で: ${command}`,
    brewGit: ({ command }) => `# または Homebrew で: ${command}`,
    nodeInstaller: ({ url }) => `# または ${url} から LTS 版のインストーラーをダウンロード`,
    nvmFirst: ({ url }) => `# ${url} から nvm をインストールしてから:`,
    freshKeyPasted: 'ファシリテーター（または https://platform.openai.com/api-keys ）から新しいキーを受け取り、Codex に保存してください（貼り付けたキーは画面に表示されません）:',
    freshKeyFromEnv: ({ variable }) => `# または、${variable} にすでに新しいキーが入っている場合:`,
    freshKeyCodexApiKey:
      'Codex は保存済みのキーより先に環境変数 CODEX_API_KEY を送りますが、API はそのキーを拒否しています。このターミナル（とシェルの起動ファイル）から削除し、新しいキーを Codex に保存してください（貼り付けたキーは画面に表示されません）:',
    companyCa: ({ pem }) =>
      `ネットワークが API の証明書を差し替えています（会社のプロキシやウイルス対策ソフトによる TLS 検査）。IT 部門から会社のルート証明書を PEM ファイルで受け取って保存し（例: ${pem}）、Codex に指定してください:`,
  },

  node: {
    tooOld: ({ node, min }) => `Node.js ${node} は古すぎます。ワークショップには ${min} 以降が必要です`,
    installLts: '最新の Node.js LTS 版をインストールしてください:',
    npmMissing: ({ node }) => `Node.js ${node} は問題ありませんが、npm が見つかりません（Codex のインストールと更新に必要です）`,
    reinstallWithNpm: 'npm が含まれている公式インストーラーで Node.js を入れ直してください:',
    npmOld: ({ npm, min }) => `npm ${npm} は古いため、Codex のインストールに失敗することがあります（npm ${min} 以降を推奨）`,
    updateNpm: 'npm を更新してください:',
    ok: ({ node, npm }) => `Node.js ${node}、npm ${npm}`,
  },

  git: {
    missing: 'Git がインストールされていません（演習では変更の表示と取り消しに Git を使います）',
    installThenReopen: 'Git をインストールして、新しいターミナルを開いてください:',
    broken: ({ path }) => `Git は PATH 上にあります（${path}）が、起動しません`,
    installAppleTools: 'Git を含む Apple のコマンドライン ツールをインストールしてください:',
    reinstall: 'Git を入れ直してください:',
    old: ({ version, min }) => `Git ${version} は古いため、演習のコマンドが一部動かないことがあります（${min} 以降を推奨）`,
    update: 'Git を更新してください:',
    ok: ({ version }) => `Git ${version}`,
  },

  workspace: {
    diskFull: ({ folder }) => `${folder} があるディスクがいっぱいです`,
    freeSpaceFix: 'ディスクの空きを作ってから（ごみ箱を空にする、大きなダウンロードを削除するなど）、もう一度 `workshop doctor` を実行してください。',
    notAFolder: ({ folder }) => `${folder} はフォルダーではなくファイルとして存在しています`,
    notAFolderFix: 'そのファイルの名前を変えるか別の場所に移してください。または、別の「workspace」フォルダーを指定したプロファイルをファシリテーターに頼んでください。',
    notWritable: ({ folder, why }) => `${folder} を作成または書き込みできません（${why}）`,
    notWritableFix: 'このフォルダーの所有者があなたであること、ディスクが読み取り専用でないことを確認してください。または、別の「workspace」フォルダーを指定したプロファイルをファシリテーターに頼んでください。',
    almostFull: ({ folder, free }) => `${folder} があるディスクの空きが ${free} しかありません`,
    freeOneGbFix: '1 GB 以上の空きを作ってから（ごみ箱を空にする、大きなダウンロードを削除するなど）、もう一度 `workshop doctor` を実行してください。',
    cloudSynced: ({ folder, service }) => `${folder} は ${service} で同期されています。Codex の編集中に同期でファイルがロックされたり置き換えられたりすることがあります`,
    cloudSyncedFix: ({ service }) =>
      `「workspace」が ${service} の外にある（たとえばユーザー フォルダーの直下の）プロファイルをファシリテーターに頼むか、ワークショップの間は ${service} の同期を一時停止してください。`,
    lowSpace: ({ folder, free }) => `${folder} は書き込めますが、空きが ${free} しかありません`,
    lowSpaceFix: 'ワークショップまでに 1 GB 以上の空きを作ってください。',
    ok: ({ folder }) => `${folder} は使える状態です`,
    okWithFree: ({ folder, free }) => `${folder} は使える状態です（空き ${free}）`,
    folderDetail: ({ path }) => `フォルダー: ${path}`,
    freeDetail: ({ free }) => `空き容量: ${free}`,
    freeUnknown: '空き容量: 不明',
    gigabytes: ({ value }) => `${value} GB`,
  },

  installed: {
    reinstall: 'Codex を入れ直してください（新しい npm なら足りないプラットフォーム部分も取得します）:',
    wrongPackageFix: '無関係の npm パッケージ「codex」を削除して、OpenAI の Codex CLI をインストールしてください:',
    npmNeedsAdmin: ({ prefix }) =>
      `npm はグローバルなプログラムを ${prefix} にインストールしますが、そこへの書き込みには管理者権限が必要です。npm 用に自分のフォルダーを用意して PATH に加え、インストールしてください（そのあと新しいターミナルを開くか、このターミナルで 2 行目を実行してください）:`,
    install: 'Codex CLI をインストールしてください:',
    ignoredNpx: ({ path }) => `${path} は対象外です: npx/npm がこのコマンドのためだけに PATH に加えたもので、普段のターミナルからは実行できません`,
    npmGlobalFolder: ({ path }) => `npm のグローバル フォルダー: ${path}`,
    notOnPath: ({ dir }) => `Codex は ${dir} にインストールされていますが、そのフォルダーが PATH に入っていません`,
    addToPath: ({ windows }) =>
      windows
        ? 'npm のグローバル フォルダーを PATH に加えてください（そのあとターミナルを閉じて開き直してください）:'
        : 'npm のグローバル フォルダーを PATH に加えてください（そのあと新しいターミナルを開くか、このターミナルで 2 行目を実行してください）:',
    wrongPackage: 'npm パッケージ「codex」がインストールされていますが、これは OpenAI の Codex CLI ではありません（正しいのは「@openai/codex」です）',
    notFound: 'Codex CLI がインストールされていません（PATH に `codex` がありません）',
    windowsCopyInWsl: ({ path }) => `見つかった codex（${path}）は Windows 版で、WSL の中では動きません`,
    installInWsl: 'WSL の中（このターミナル）に Codex をインストールして、新しいターミナルを開いてください:',
    incomplete: ({ part }) => `Codex はインストールされていますが不完全です: ${part} の部分がありません`,
    found: ({ path }) => `codex の場所: ${path}`,
    notOpenAi: ({ path }) => `PATH 上の \`codex\`（${path}）は OpenAI の Codex CLI ではありません`,
    noAnswer: ({ path }) => `codex（${path}）が 10 秒以内に \`codex --version\` に応答しませんでした`,
    doesNotStart: ({ path }) => `codex（${path}）はインストールされていますが、起動しません`,
  },

  version: {
    unknown: '`codex --version` の出力に `codex-cli X.Y.Z` がありませんでした（上の「Codex CLI」を参照）',
    tooOld: ({ version, min }) => `Codex ${version} は、このワークショップの準備に使った ${min} より古いバージョンです`,
    update: 'Codex を更新してください:',
    ok: ({ version, min }) => `codex-cli ${version}（このワークショップには ${min} 以降が必要です）`,
  },

  auth: {
    signInChatgpt: 'ChatGPT でサインインしてください:',
    saveKey: 'API キーを Codex に保存してください（貼り付けたキーは画面に表示されません）:',
    tryAgainChatgpt: 'もう一度ログインしてみてください。ChatGPT でサインインします:',
    tryAgainKey: 'もう一度ログインしてみてください。API キーを Codex に保存します（貼り付けたキーは画面に表示されません）:',
    savedKeyQuoted: 'Codex に保存されたキーの前後に引用符か空白が付いているため、すべてのリクエストが拒否されます。ログアウトしてから、引用符なしのキーを保存してください:',
    variableQuoted: ({ variable, cmd }) =>
      cmd
        ? `${variable} のキーの前後に引用符か空白が付いています（cmd では \`set NAME="value"\` と書くと引用符も値に含まれます）。引用符なしで設定し直してから、Codex に保存してください:`
        : `${variable} のキーの前後に引用符か空白が付いています。引用符なしで設定し直してから、Codex に保存してください:`,
    savedKeyQuotedSummary: ({ hint }) => `Codex に API キー（${hint}）が保存されていますが、前後に引用符か空白が付いています`,
    codexApiKeyQuoted: 'CODEX_API_KEY（Codex が保存済みのキーより先に使う変数）のキーの前後に引用符か空白が付いています',
    keyButChatgptExpected: 'Codex は API キーを使っていますが、このワークショップでは ChatGPT でのサインインを想定しています',
    keyButChatgptExpectedHint: ({ hint }) => `Codex は API キー（${hint}）を使っていますが、このワークショップでは ChatGPT でのサインインを想定しています`,
    ifChatgptAsked: 'ファシリテーターから ChatGPT でサインインするよう言われている場合:',
    loggedInKey: 'Codex は API キーでログインしています',
    loggedInKeyHint: ({ hint }) => `Codex は API キー（${hint}）でログインしています`,
    chatgptButKeysExpected: 'Codex は ChatGPT でサインインしていますが、このワークショップでは個人の API キーを使います',
    switchToVariable: ({ variable }) => `Codex を ${variable} のキーに切り替えてください:`,
    switchToGivenKey: 'Codex を受け取った API キーに切り替えてください:',
    loggedInChatgpt: 'Codex は ChatGPT でサインインしています',
    notLoggedInQuoted: ({ variable }) => `Codex はログインしていません。また、${variable} のキーの前後に引用符か空白が付いています`,
    envKeyNotLoggedIn: ({ variable }) => `シェルに ${variable} が設定されていますが、Codex はログインしていません（Codex はこの変数を自分では使いません）`,
    saveThatKey: 'そのキーを Codex に保存してください:',
    notLoggedIn: 'Codex はログインしていません',
    homeMissing: ({ path }) => `CODEX_HOME は ${path} を指していますが、そのフォルダーは存在しません`,
    homeMissingFix: 'フォルダーを作成して（または環境から CODEX_HOME を削除して）から、ログインしてください:',
    authFileCorrupt: ({ file }) => `Codex が保存済みのログイン情報を読めません（${file} が壊れています）`,
    authFileCorruptFix: '壊れたファイルを別名に移してから、もう一度ログインしてください:',
    unknown: 'Codex はログインしているかどうかを答えられませんでした',
    statusTimedOut: '`codex login status` が 10 秒以内に応答しませんでした',
    statusTimedOutFix: '`codex login status` を自分で実行してみてください。止まったままなら、ターミナルを開き直してもう一度試してください。',
    loggedInOther: ({ said }) => `Codex はログインしています（${said}）`,
    statusLine: ({ said }) => `codex login status の出力: ${said}`,
  },

  login: {
    what: LOGIN_WHAT,
    expectsApiKeyFix: 'このワークショップでは個人の OpenAI API キーを使います。受け取ったキーに切り替えてください（貼り付けたキーは画面に表示されません）:',
    expectsChatgptFix: 'このワークショップでは ChatGPT でのサインインを使います。切り替えてください:',
    warnApiKey: ({ login }) => `${LOGIN_WHAT[login]}。このワークショップでは OpenAI API キーを想定しています`,
    warnChatgpt: ({ login }) => `${LOGIN_WHAT[login]}。このワークショップでは ChatGPT でのサインインを想定しています`,
  },

  apiKey: {
    noKey: {
      chatgpt: 'Codex は ChatGPT でサインインしているため、確認する API キーがありません',
      corrupt: '保存済みのログイン情報を読めません（「Codex のログイン」を参照）',
      keyring: 'Codex はキーをシステムのキーリングに保存しており、doctor はそれを読みません。`--smoke` を付けると Codex 自身を通して確認します',
      none: 'Codex にはまだ API キーが保存されていません（「Codex のログイン」を参照）',
      bedrock: 'Codex は OpenAI API キーではなく Amazon Bedrock の認証情報を使っています',
      personal_access_token: 'Codex は API キーではなく個人用アクセストークンを使っています',
      access_token: 'Codex は API キーではなくアクセストークンを使っています',
      workload_identity: 'Codex は API キーではなくワークロード ID を使っています',
    },
    where: ({ host, source }) => (source === 'default' ? host : `${host}（API の接続先: ${SOURCES[source]}）`),
    accepted: ({ hint, where }) => `API はキー ${hint} を受け付けました: ${where}`,
    creditNote: 'クレジットが残っていないキーでもこの確認は通ります。`workshop doctor --smoke` は実際のリクエストを送って確かめます。',
    notLikeApi: ({ where }) => `${where} から応答がありましたが、OpenAI API の応答ではありません（Wi-Fi やプロキシのログイン画面かもしれません）`,
    notLikeApiFix: 'ブラウザーで何かのページを開いて Wi-Fi やプロキシのサインインを済ませてから、もう一度 `workshop doctor` を実行してください。',
    rejected: ({ hint }) => `API がキー ${hint} を拒否しました: キーが間違っているか、無効化されているか、入力を誤っています`,
    rejectedFix: 'ファシリテーター（または https://platform.openai.com/api-keys ）から新しいキーを受け取り、`codex login --with-api-key` で Codex に保存してください。',
    region: 'API は、あなたの接続元の国・地域ではサービスを提供していません',
    regionFix: 'VPN を使っている場合は、切るか、サービス対象の国のオフィスに切り替えてください。そうでなければファシリテーターに伝えてください。',
    noQuota: ({ hint }) => `キー ${hint} にはクレジットが残っていません（利用上限を超えています）`,
    noQuotaFix: ({ url }) => `組織またはプロジェクトにクレジットを追加するようファシリテーターに頼むか、${url} で支払い情報を追加してください。`,
    rateLimited: ({ hint }) => `キー ${hint} は使えますが、いまはレート制限を受けています`,
    rateLimitedFix: '1 分ほど待ってから、もう一度 `workshop doctor` を実行してください。続く場合はファシリテーターに伝えてください（組織の上限が会場の人数に対して低すぎるかもしれません）。',
    baseWrong: ({ url, source }) => `${url} が存在しません: ${SOURCES[source]} で指定された API の接続先 URL が間違っているようです`,
    baseWrongFix: 'API の接続先を確認してください。通常は /v1 で終わります（例: https://api.openai.com/v1）。',
    unavailable: ({ where, status }) => `${where} で障害が起きています（HTTP ${status}）。あなたの環境の問題ではありません`,
    unavailableFix: '数分後にもう一度試してください。障害情報は https://status.openai.com で確認できます。',
    unexpectedStatus: ({ where, status }) => `${where} が簡単なリクエストに HTTP ${status} を返しました`,
    showFacilitator: 'この画面をファシリテーターに見せてください。',
    notAuthorized: ({ hint }) => `キー ${hint} は有効ですが、ここでは使えません（組織やプロジェクトに属していないか、IP アドレスが許可されていません）`,
    notAuthorizedFix: 'キーがワークショップの組織とプロジェクトのものか、あなたのネットワークが許可されているかを、ファシリテーターに確認してもらってください。',
    apiSaid: ({ text }) => `API の応答: ${text}`,
    insecureBase: ({ url, source, host }) =>
      `キーは確認していません: ${SOURCES[source]} で指定された API の接続先 ${url} は暗号化されていない HTTP で、キーが暗号化されずに ${host} に送られてしまいます`,
    insecureBaseFix: 'https:// で始まる API の接続先を使ってから（正しいアドレスはファシリテーターに確認してください）、もう一度 `workshop doctor` を実行してください。',
    keyDetail: ({ hint, fingerprint, from }) => `キー ${hint}（フィンガープリント ${fingerprint}）、取得元 ${from}`,
    requestDetail: ({ url, source }) => `GET ${url}（API の接続先: ${SOURCES[source]}）`,
    proxyDetail: ({ proxy }) => `プロキシ ${proxy} 経由`,
  },

  network: {
    fixViaProxy: 'インターネット接続と、プロキシのアドレスを IT 部門に確認してください。',
    fixDirect: 'インターネット接続を確認してください（ブラウザーで https://platform.openai.com を開いてみてください）。社内ネットワークではプロキシが必要なことがあります。IT 部門にアドレスを聞いて HTTPS_PROXY に設定してください。',
    dns: ({ host }) => `${host} が見つかりません（名前解決に失敗しました）。インターネットにつながっていないか、DNS がブロックされています`,
    refused: ({ host, proxy }) =>
      proxy ? `${host} がプロキシ ${proxy} 経由の接続を拒否しました（ファイアウォール、VPN、または API の接続先の誤り？）` : `${host} が接続を拒否しました（ファイアウォール、VPN、または API の接続先の誤り？）`,
    unreachable: ({ host }) => `${host} への経路がありません: ネットワークが切れているか、ブロックされています`,
    timeout: ({ host, proxy, seconds }) => (proxy ? `プロキシ ${proxy} 経由で ${host} から ${seconds} 秒以内に応答がありません` : `${host} から ${seconds} 秒以内に応答がありません`),
    tls: ({ host, error }) => `${host} の証明書が信頼できません（${error}）: ネットワーク上の何かが暗号化された通信を傍受しています`,
    clockNote: 'コンピューターの日付と時刻がずれている場合は、まずそれを直してください。それだけでこのエラーになります。',
    unsupportedProxy: ({ message }) => `${message}。動作テスト（--smoke）では Codex 自身を通して接続を確認します`,
    other: ({ host, proxy }) => (proxy ? `プロキシ ${proxy} 経由の ${host} への接続に失敗しました` : `${host} への接続に失敗しました`),
    proxyDoesNotPass: ({ proxy, variable, why }) => (proxy ? `プロキシ ${proxy}（${variable} で指定）がリクエストを通しません: ${why}` : `プロキシがリクエストを通しません: ${why}`),
    proxyWantsLogin: 'プロキシがユーザー名とパスワードを求めています（407）',
    proxyAnswered: ({ status }) => `プロキシが ${status} を返しました`,
    proxyUnreachable: ({ code }) => `プロキシに接続できません（${code}）`,
    proxyLoginFix: 'プロキシのアドレスにユーザー名とパスワードを入れてください（正確な書き方は IT 部門に確認してください）:',
    proxyCheckFix: ({ variable }) => `プロキシのアドレスを IT 部門に確認してください。ここ（自宅など）でプロキシが不要なら、環境から ${variable} を削除してください。`,
    errorDetail: ({ code }) => `エラー: ${code}`,
  },

  smoke: {
    notRequested: '指定されていません（`workshop doctor --smoke` で小さな実リクエストを 1 回送ります）',
    notLoggedIn: 'Codex はまだログインしていません（上の「Codex のログイン」を参照）',
    noSavedLogin: ({ variable }) =>
      `${variable} は設定されていますが、動作テストではキーを保存済みのログインからだけ Codex に渡します（環境変数で渡すと、Codex がキーを自分のファイルにコピーしてしまうため）。まずキーを Codex に保存してください`,
    workspaceUnusable: '演習フォルダーが使えません（下の「演習フォルダー」を参照）',
    ok: ({ seconds }) => `Codex が実際のリクエストに ${seconds} 秒で応答しました`,
    modelDetail: ({ model, source }) => `モデル: ${model}（${source}）`,
    ranDetail: ({ command, folder }) => `実行したコマンド: ${command} "…"（フォルダー ${folder}）`,
    tokensDetail: ({ tokens }) => `使用トークン数: ${tokens}`,
    couldNotStart: '動作テストのために Codex を起動できませんでした',
    couldNotStartFix: 'Codex を入れ直してください: npm install -g @openai/codex@latest',
    quota: 'Codex は API に届きましたが、キーにクレジットが残っていません（利用上限を超えています）',
    quotaFix: '組織またはプロジェクトにクレジットを追加するようファシリテーターに頼むか、https://platform.openai.com/settings/organization/billing で支払い情報を追加してください。',
    invalidKey: 'API が Codex の送ったキーを拒否しました（キーが間違っているか、無効化されているか、入力を誤っています）',
    unauthorized: 'API がリクエストを拒否しました: このキーはここでは使えません（組織、プロジェクト、または IP アドレス）',
    unauthorizedFix: 'キーの組織、プロジェクト、許可されたネットワークをファシリテーターに確認してもらってください。',
    region: 'API は、あなたの接続元の国・地域ではサービスを提供していません',
    regionFix: 'VPN を使っている場合は、切るか、サービス対象の場所に切り替えてください。そうでなければファシリテーターに伝えてください。',
    modelNotFound: 'このキーではそのモデルを使えません',
    modelNotFoundNamed: ({ model }) => `このキーではモデル「${model}」を使えません`,
    modelNotFoundFix: 'ファシリテーターに伝えてください: ワークショップのプロファイルが、このキーでは使えないモデルを指定しています。',
    orgVerification: 'このモデルを使うには、組織の認証（verification）が必要です',
    orgVerificationFix: '組織のオーナーが https://platform.openai.com/settings/organization/general で認証します（またはファシリテーターがプロファイルで別のモデルを選びます）。',
    rateLimited: 'Codex は API に届きましたが、レート制限を受けました',
    rateLimitedFix: '1 分ほど待ってからもう一度試してください。続く場合はファシリテーターに伝えてください（組織の上限が会場の人数に対して低すぎるかもしれません）。',
    tls: 'Codex は信頼できる暗号化接続を確立できませんでした: ネットワーク上の何かが通信を傍受しています',
    dns: ({ stoppedAfter }) =>
      stoppedAfter !== undefined ? `Codex が API サーバーを見つけられません（名前解決に失敗しました）。${stoppedAfter} 秒間再試行して停止しました` : 'Codex が API サーバーを見つけられません（名前解決に失敗しました）',
    refused: ({ stoppedAfter }) => (stoppedAfter !== undefined ? `API サーバーが Codex の接続を拒否しました。${stoppedAfter} 秒間再試行して停止しました` : 'API サーバーが Codex の接続を拒否しました'),
    networkTimeout: ({ seconds }) => `Codex は ${seconds} 秒以内に API に届きませんでした（ネットワークを待ち続けていました）`,
    networkLost: 'Codex と API の接続が切れました',
    networkFix: 'インターネット接続を確認してください。社内ネットワークでは Codex にプロキシが必要なことがあります。IT 部門にアドレスを聞いて HTTPS_PROXY に設定してください（上の「プロキシの設定」を参照）。',
    timedOut: ({ seconds }) => `Codex が小さなリクエストを ${seconds} 秒以内に終えられませんでした`,
    failed: 'Codex が小さなリクエストを完了できませんでした',
    failedFix: '詳細にあるコマンドを自分で実行してメッセージ全体を確認し、ファシリテーターに見せてください。',
    stopped: ({ seconds }) => `Codex が同じ原因を 2 回報告し、このままではタイムアウトまで再試行を続けるため、doctor が ${seconds} 秒で停止しました。`,
    keysKeptOut: ({ variables }) => `${join(variables)} は Codex の環境から外しました（Codex は保存済みのログインを使います）`,
  },

  config: {
    ok: 'Codex は設定を問題なく読み込めます',
    invalid: ({ file }) => `Codex が設定を読み込めません: ${file} が正しくありません`,
    invalidAt: ({ file, line, column }) => `Codex が設定を読み込めません: ${file}（${line} 行目 ${column} 文字目）が正しくありません`,
    invalidFix: 'テキストエディターでその行を直すか、ファイルを別名に移して Codex を既定の設定で起動してください（必要な設定はファシリテーターに確認してください）:',
    warning: ({ summary }) => `Codex が設定について警告しています: ${summary}`,
    warningFix: '`codex doctor` を実行して全文を確認し、ファシリテーターに見せてください。',
    baseUrlIgnored: ({ value, used }) => `OPENAI_BASE_URL が設定されています（${value}）が、Codex はこれを使いません: リクエストの送信先は ${used} です`,
    baseUrlFix:
      'このターミナルとシェルの起動ファイルから削除してください。Codex に別のアドレスを使わせる必要がある場合は、ファシリテーターがワークショップのプロファイル（または Codex の config.toml の `openai_base_url`）に設定します。',
  },

  model: {
    profile: ({ model }) => `${model}（ワークショップのプロファイルで指定）`,
    config: ({ model }) => `${model}（Codex の config.toml で指定）`,
    default: ({ model, version }) => `${model}（Codex ${version} の既定のモデル）`,
    unknown: 'Codex の既定のモデル（どのモデルかは Codex が示していません）',
    differs: ({ pinned, own }) => `ワークショップでは ${pinned} を使いますが、Codex の config.toml では ${own} が選ばれています（Codex を単独で起動した場合）`,
    differsFix: 'ワークショップのモデルを指定して Codex を起動してください:',
    sources: { profile: 'ワークショップのプロファイル', config: 'Codex の config.toml', default: 'Codex の既定', unknown: '不明' },
  },

  runtime: {
    sandboxOk: 'Codex のサンドボックスは使える状態です',
    sandboxFail: ({ summary }) => `このコンピューターでは Codex のサンドボックスが動きません: ${summary}`,
    sandboxWarn: ({ summary }) => `Codex がサンドボックスについて警告しています: ${summary}`,
    sandboxLinuxFix:
      'Linux では Codex は bubblewrap の中でコマンドを実行します。インストールしてから `workshop doctor` をもう一度実行してください（それでも失敗する場合は、システムが非特権ユーザー名前空間を禁止している可能性があります。ファシリテーターに見せてください）:',
    sandboxOtherFix: ({ advice }) => `Codex の提案: ${advice} 解決できない場合はファシリテーターに見せてください。`,
    websocketOk: 'Codex は API へのストリーミング（WebSocket）接続を開けます',
    websocketBlocked: ({ host }) => `Codex は ${host} への WebSocket 接続を開けません。HTTPS に切り替えるため、リクエストのたびに数秒遅れて始まります`,
    websocketFix: ({ host }) =>
      `社内ネットワークでは ${host} への WebSocket（wss://）接続を許可するよう IT 部門に依頼してください。それ以外のネットワークでは VPN とファイアウォールを確認してください。API キーのチェックと動作テストが通っていれば、ワークショップには参加できます。`,
  },

  proxy: {
    unreadable: '読み取れない値',
    conflict: ({ upper, upperValue, lower, lowerValue }) =>
      `${upper}（${upperValue}）と ${lower}（${lowerValue}）が食い違っています。Codex は ${upper} を、ほかのツールは ${lower} を使います`,
    conflictFix: ({ lower, file }) => `両方を同じ値にしてください（${file} の ${lower} を設定している行も直してください）:`,
    invalid: ({ variable }) => `${variable} は Codex が使えるプロキシのアドレスではありません`,
    invalidFix: 'http://proxy.example.com:8080 の形で設定してください（正確なアドレスは IT 部門に確認してください）:',
    noLoopback: 'プロキシが設定されていますが、NO_PROXY に localhost が含まれていないため、ローカルのツールやサインインの戻り先までプロキシを通ります',
    noLoopbackFix: 'ループバック アドレスをプロキシの対象外にしてください:',
    httpsMissing: ({ variable }) => `${variable} は設定されていますが HTTPS_PROXY がありません。OpenAI API は https なので、Codex はプロキシを使いません`,
    httpsMissingFix: 'HTTPS_PROXY に同じプロキシを設定してください:',
    systemOnly: ({ url }) => `Windows はプロキシ ${url} を使っていますが、Codex のようなコマンドライン プログラムはこの設定を読みません`,
    systemOnlyFix: 'Codex にプロキシを設定してから、新しいターミナルを開いてください:',
    pacOnly: 'Windows は設定スクリプト（PAC）でプロキシを決めていますが、Codex のようなコマンドライン プログラムはこれを読みません',
    pacOnlyFix: 'IT 部門にプロキシのアドレスを聞いて設定してください（例）:',
    caMissing: ({ variable, file }) => `${variable} は ${file} を指していますが、そのファイルは存在しないため、暗号化された接続が失敗することがあります`,
    caMissingFix: ({ variable }) => `会社の証明書バンドル（PEM）をそのパスに保存するか、${variable} を実際の場所に向けてください。`,
    using: ({ proxy, variable }) => `プロキシ ${proxy} を使用中（${variable} で指定）`,
    none: 'プロキシは設定されていません（直接接続）',
  },

  snapshots: {
    clean: 'Codex のシェル スナップショットに API キーはありません',
    found: ({ count, hints }) =>
      `Codex のシェル スナップショットのうち ${count} 個のファイルに、API キー（${join(hints)}）が平文で書かれています。このコンピューターのほかのプログラムからも読めます`,
    fix: 'Codex がコマンドを実行したときに、環境変数のキーをこれらのファイルにコピーしました。削除してください（Codex はキーを含まないファイルを作り直します）:',
    fixAndUnset: ({ variables }) =>
      `Codex がコマンドを実行したときに、環境変数のキーをこれらのファイルにコピーしました。ファイルを削除し、Codex を起動する環境にキーを置かないでください（キーを Codex に保存すれば ${join(variables)} は不要です。シェルの起動ファイルでそれを設定している行も削除してください）:`,
    fileDetail: ({ file, hints }) => `${file}: ${join(hints)}`,
    unreadable: ({ file, why }) => `${file} を読めませんでした（${why}）`,
  },

  /** The company skills marketplace (issue 15): informational. */
  companySkills: {
    notSetUp: 'このノート PC には社内スキルのマーケットプレイスがありません',
    registered: ({ marketplace, installed, available }: { marketplace: string; installed: number; available: number }) =>
      `社内マーケットプレイス ${marketplace} は Codex に登録済みです: 承認済みスキル ${available} 件のうち ${installed} 件をインストール済み。`,
    notRegistered: ({ marketplace }: { marketplace: string }) => `社内マーケットプレイス ${marketplace} は取得済みですが、Codex には登録されていません(\`workshop skills install NAME\` で登録されます)。`,
    upToDate: '最新です(1 日以内に取得)。',
    fetchedDaysAgo: ({ days }: { days: number }) => `${days} 日前に取得: \`workshop skills update\` で新しいバージョンを入れられます。`,
    where: ({ marketplace, fetchedAt }: { marketplace: string; fetchedAt: string }) => `${marketplace} を ${fetchedAt} に取得`,
  },
};
