/**
 * Everything the doctor says, in English: check titles, summaries, fixes, details and the verdict.
 * One key per sentence with named parameters; commands are never in here (they are typed as they
 * are, whatever the language) except where a fix line is a `#` comment a person reads. The shape of
 * this object is the doctor catalogue's shape (catalog.ts): ja.ts must have every key.
 */
type Os = 'macos' | 'windows' | 'wsl' | 'linux';
type Shell = 'zsh' | 'bash' | 'fish' | 'sh' | 'powershell' | 'cmd';
type ApiBaseSource = '--api-base' | 'workshop profile' | 'Codex config.toml' | 'default';
type OtherLogin = 'bedrock' | 'personal_access_token' | 'access_token' | 'workload_identity';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const doctorEn = {
  /** Titles by check id, in the order the doctor prints them. */
  titles: {
    node: 'Node.js and npm',
    'codex.installed': 'Codex CLI',
    'codex.version': 'Codex version',
    'codex.config': 'Codex settings',
    'codex.auth': 'Codex login',
    'codex.model': 'Codex model',
    'api.key': 'API key',
    'codex.smoke': 'Codex smoke test',
    'codex.sandbox': 'Codex sandbox',
    'codex.snapshots': 'Codex shell snapshots',
    git: 'Git',
    workspace: 'Exercise folder',
    'network.proxy': 'Proxy settings',
    'codex.websocket': 'Codex WebSocket',
    'skills.company': 'Company skills',
  },

  render: {
    header: ({ profile, platform }: { profile: string; platform: string }) => `workshop doctor · ${profile} · ${platform}`,
    platformLabel: ({ os, shell }: { os: Os; shell: Shell }) =>
      `${({ macos: 'macOS', windows: 'Windows', wsl: 'WSL', linux: 'Linux' } as const)[os]} (${({ zsh: 'zsh', bash: 'bash', fish: 'fish', sh: 'sh', powershell: 'PowerShell', cmd: 'Command Prompt' } as const)[shell]})`,
    skipped: ({ reason }: { reason: string }) => `skipped: ${reason}`,
    /** One check named in the verdict: its title and its code. */
    named: ({ title, code }: { title: string; code: string }) => `${title} (${code})`,
    names: (names: string[]) => names.join(', '),
    ready: 'READY',
    readyLine: 'You are set for the workshop.',
    warnings: ({ count, names }: { count: number; names: string }) => `${plural(count, 'warning')} worth a look: ${names}`,
    notReady: 'NOT READY',
    notReadyLine: ({ count }: { count: number }) => `${plural(count, 'problem')} to fix before the workshop.`,
    fixFirst: ({ names }: { names: string }) => `Fix first: ${names}`,
    then: ({ names }: { names: string }) => `Then: ${names}`,
    applyAndRerun: 'Apply the fixes above, then run `workshop doctor` again.',
    checking: ({ titles }: { titles: string[] }) => `Checking: ${titles.join(', ')}`,
    done: 'Done',
    logFailed: ({ reason }: { reason: string }) => `(workshop doctor could not save this result to your workshop log: ${reason})`,
  },

  runner: {
    timedOut: ({ title, seconds }: { title: string; seconds: number }) => `${title}: no answer within ${seconds} s`,
    timedOutFix: 'Run `workshop doctor` again; if it keeps happening, show this to your facilitator.',
    crashed: ({ title, message }: { title: string; message: string }) => `${title}: the check itself failed (${message})`,
    crashedFix: 'This is a bug in the workshop kit, not in your setup. Show this line to your facilitator.',
  },

  /** Said by several checks. */
  common: {
    noCodexToAsk: 'no working Codex CLI to ask (see Codex CLI above)',
    noCodexToRun: 'no working Codex CLI to run (see Codex CLI above)',
    foundAt: ({ path }: { path: string }) => `found at ${path}`,
    foundAtResolved: ({ path, real }: { path: string; real: string }) => `found at ${path} (→ ${real})`,
    programSaid: ({ command, text }: { command: string; text: string }) => `${command} said: ${text}`,
    codexSaid: ({ text }: { text: string }) => `Codex said: ${text}`,
    also: ({ summary }: { summary: string }) => `also: ${summary}`,
  },

  /** Lines of fixes shared by several checks (comments inside command lists start with #). */
  fixes: {
    brewCodex: ({ command }: { command: string }) => `# or, with Homebrew: ${command}`,
    brewGit: ({ command }: { command: string }) => `# or, with Homebrew: ${command}`,
    nodeInstaller: ({ url }: { url: string }) => `# or download the LTS installer from ${url}`,
    nvmFirst: ({ url }: { url: string }) => `# install nvm from ${url}, then:`,
    freshKeyPasted: 'Get a fresh key from your facilitator (or https://platform.openai.com/api-keys), then save it in Codex (the key is not shown while you paste it):',
    freshKeyFromEnv: ({ variable }: { variable: string }) => `# or, if ${variable} already holds the new key:`,
    freshKeyCodexApiKey:
      'Codex sends CODEX_API_KEY from your environment before any saved key, and the API refuses it. Remove it from this terminal (and from your shell start-up file), then save a fresh key in Codex (the key is not shown while you paste it):',
    companyCa: ({ pem }: { pem: string }) =>
      `Your network replaces the API's certificate (TLS inspection by a company proxy or antivirus). Ask IT for the company's root certificate as a PEM file, save it (e.g. ${pem}), and point Codex at it:`,
  },

  node: {
    tooOld: ({ node, min }: { node: string; min: string }) => `Node.js ${node} is too old; the workshop needs ${min} or newer`,
    installLts: 'Install the current Node.js LTS:',
    npmMissing: ({ node }: { node: string }) => `Node.js ${node} is fine, but npm was not found (you need it to install or update Codex)`,
    reinstallWithNpm: 'Reinstall Node.js from the official installer, which includes npm:',
    npmOld: ({ npm, min }: { npm: string; min: string }) => `npm ${npm} is old; installing Codex may fail (npm ${min} or newer recommended)`,
    updateNpm: 'Update npm:',
    ok: ({ node, npm }: { node: string; npm: string }) => `Node.js ${node}, npm ${npm}`,
  },

  git: {
    missing: 'Git is not installed (the exercises use it to show and undo changes)',
    installThenReopen: 'Install Git, then open a new terminal:',
    broken: ({ path }: { path: string }) => `Git is on PATH (${path}) but does not start`,
    installAppleTools: "Install Apple's command line tools, which include Git:",
    reinstall: 'Reinstall Git:',
    old: ({ version, min }: { version: string; min: string }) => `Git ${version} is old; some exercise commands may not work (${min} or newer recommended)`,
    update: 'Update Git:',
    ok: ({ version }: { version: string }) => `Git ${version}`,
  },

  workspace: {
    diskFull: ({ folder }: { folder: string }) => `The disk holding ${folder} is full`,
    freeSpaceFix: 'Free some disk space (empty the trash, remove large downloads), then run `workshop doctor` again.',
    notAFolder: ({ folder }: { folder: string }) => `${folder} exists but is a file, not a folder`,
    notAFolderFix: 'Rename or move that file away, or ask your facilitator for a profile with another "workspace" folder.',
    notWritable: ({ folder, why }: { folder: string; why: string }) => `Cannot create or write ${folder} (${why})`,
    notWritableFix: 'Check that you own this folder and that the disk is not read-only, or ask your facilitator for a profile with another "workspace" folder.',
    almostFull: ({ folder, free }: { folder: string; free: string }) => `Only ${free} free on the disk holding ${folder}`,
    freeOneGbFix: 'Free at least 1 GB (empty the trash, remove large downloads), then run `workshop doctor` again.',
    cloudSynced: ({ folder, service }: { folder: string; service: string }) => `${folder} is synced by ${service}; syncing can lock or replace files while Codex edits them`,
    cloudSyncedFix: ({ service }: { service: string }) =>
      `Ask your facilitator for a profile whose "workspace" is outside ${service} (for example a folder directly under your user folder), or pause ${service} syncing during the workshop.`,
    lowSpace: ({ folder, free }: { folder: string; free: string }) => `${folder} is writable but only ${free} is free`,
    lowSpaceFix: 'Free at least 1 GB before the workshop.',
    ok: ({ folder }: { folder: string }) => `${folder} is ready`,
    okWithFree: ({ folder, free }: { folder: string; free: string }) => `${folder} is ready (${free} free)`,
    folderDetail: ({ path }: { path: string }) => `folder: ${path}`,
    freeDetail: ({ free }: { free: string }) => `free space: ${free}`,
    freeUnknown: 'free space: unknown',
    gigabytes: ({ value }: { value: string }) => `${value} GB`,
  },

  installed: {
    reinstall: 'Reinstall Codex (a newer npm fetches the missing platform part):',
    wrongPackageFix: 'Remove the unrelated "codex" npm package and install OpenAI\'s Codex CLI:',
    npmNeedsAdmin: ({ prefix }: { prefix: string }) =>
      `npm installs global programs into ${prefix}, which needs administrator rights. Give npm a folder of your own, put it on PATH, then install (then open a new terminal (or run the second line in this one)):`,
    install: 'Install the Codex CLI:',
    ignoredNpx: ({ path }: { path: string }) => `ignored ${path}: npx/npm put it on PATH only for this command, so your own terminal cannot run it`,
    npmGlobalFolder: ({ path }: { path: string }) => `npm's global folder: ${path}`,
    notOnPath: ({ dir }: { dir: string }) => `Codex is installed in ${dir}, but that folder is not on your PATH`,
    addToPath: ({ windows }: { windows: boolean }): string =>
      windows ? "Add npm's global folder to PATH (then close and reopen the terminal):" : "Add npm's global folder to PATH (then open a new terminal (or run the second line in this one)):",
    wrongPackage: 'The npm package "codex" is installed, but it is not OpenAI\'s Codex CLI (that one is "@openai/codex")',
    notFound: 'The Codex CLI is not installed (no `codex` on your PATH)',
    windowsCopyInWsl: ({ path }: { path: string }) => `The codex found (${path}) is the Windows copy, which does not run inside WSL`,
    installInWsl: 'Install Codex inside WSL (this terminal), then open a new terminal:',
    incomplete: ({ part }: { part: string }) => `Codex is installed but incomplete: its ${part} part is missing`,
    found: ({ path }: { path: string }) => `codex found at ${path}`,
    notOpenAi: ({ path }: { path: string }) => `The \`codex\` on your PATH (${path}) is not OpenAI's Codex CLI`,
    noAnswer: ({ path }: { path: string }) => `codex (${path}) did not answer \`codex --version\` within 10 s`,
    doesNotStart: ({ path }: { path: string }) => `codex (${path}) is installed but does not start`,
  },

  version: {
    unknown: '`codex --version` did not say `codex-cli X.Y.Z` (see Codex CLI above)',
    tooOld: ({ version, min }: { version: string; min: string }) => `Codex ${version} is older than ${min}, the version this workshop was prepared with`,
    update: 'Update Codex:',
    ok: ({ version, min }: { version: string; min: string }) => `codex-cli ${version} (this workshop needs ${min} or newer)`,
  },

  auth: {
    signInChatgpt: 'Sign in with ChatGPT:',
    saveKey: 'Save your API key in Codex (the key is not shown while you paste it):',
    tryAgainChatgpt: 'Try logging in again. Sign in with ChatGPT:',
    tryAgainKey: 'Try logging in again. Save your API key in Codex (the key is not shown while you paste it):',
    savedKeyQuoted: 'The key saved in Codex has quotes or spaces around it, so every request is refused. Log out, then save the bare key (no quotes):',
    variableQuoted: ({ variable, cmd }: { variable: string; cmd: boolean }) =>
      `${variable} contains quotes or spaces around the key${cmd ? ' (in cmd, `set NAME="value"` keeps the quotes)' : ''}. Set it again without them, then save it in Codex:`,
    savedKeyQuotedSummary: ({ hint }: { hint: string }) => `Codex has an API key saved (${hint}), but with quotes or spaces around it`,
    codexApiKeyQuoted: 'CODEX_API_KEY (which Codex uses before the saved key) has quotes or spaces around the key',
    keyButChatgptExpected: 'Codex uses an API key, but this workshop expects ChatGPT sign-in',
    keyButChatgptExpectedHint: ({ hint }: { hint: string }) => `Codex uses an API key (${hint}), but this workshop expects ChatGPT sign-in`,
    ifChatgptAsked: 'If your facilitator asked you to sign in with ChatGPT:',
    loggedInKey: 'Codex is logged in with an API key',
    loggedInKeyHint: ({ hint }: { hint: string }) => `Codex is logged in with an API key (${hint})`,
    chatgptButKeysExpected: 'Codex is signed in with ChatGPT, but this workshop uses individual API keys',
    switchToVariable: ({ variable }: { variable: string }) => `Switch Codex to the key in ${variable}:`,
    switchToGivenKey: 'Switch Codex to the API key you were given:',
    loggedInChatgpt: 'Codex is signed in with ChatGPT',
    notLoggedInQuoted: ({ variable }: { variable: string }) => `Codex is not logged in, and ${variable} has quotes or spaces around the key`,
    envKeyNotLoggedIn: ({ variable }: { variable: string }) => `${variable} is set in your shell, but Codex is not logged in (Codex does not use that variable on its own)`,
    saveThatKey: 'Save that key in Codex:',
    notLoggedIn: 'Codex is not logged in',
    homeMissing: ({ path }: { path: string }) => `CODEX_HOME points to ${path}, which does not exist`,
    homeMissingFix: 'Create the folder (or remove CODEX_HOME from your environment), then log in:',
    authFileCorrupt: ({ file }: { file: string }) => `Codex cannot read its saved login (${file} is damaged)`,
    authFileCorruptFix: 'Move the damaged file aside, then log in again:',
    unknown: 'Codex could not say whether it is logged in',
    statusTimedOut: '`codex login status` did not answer within 10 s',
    statusTimedOutFix: 'Run `codex login status` yourself; if it hangs, restart the terminal and try again.',
    loggedInOther: ({ said }: { said: string }) => `Codex is logged in (${said})`,
    statusLine: ({ said }: { said: string }) => `codex login status: ${said}`,
  },

  /** Logins that are neither an OpenAI API key nor ChatGPT (src/doctor/checks/login-kinds.ts). */
  login: {
    what: {
      bedrock: 'Codex is logged in to Amazon Bedrock (a Bedrock API key or AWS access keys): its requests go to Amazon Bedrock, not to OpenAI',
      personal_access_token: 'Codex is logged in with a personal access token',
      access_token: 'Codex is logged in with an access token',
      workload_identity: 'Codex is logged in with a workload identity',
    } satisfies Record<OtherLogin, string>,
    expectsApiKeyFix: 'This workshop uses individual OpenAI API keys. Switch Codex to the key you were given (the key is not shown while you paste it):',
    expectsChatgptFix: 'This workshop uses ChatGPT sign-in. Switch Codex to it:',
    warnApiKey: ({ login }: { login: OtherLogin }) => `${doctorEnLoginWhat(login)}, but this workshop expects an OpenAI API key`,
    warnChatgpt: ({ login }: { login: OtherLogin }) => `${doctorEnLoginWhat(login)}, but this workshop expects ChatGPT sign-in`,
  },

  apiKey: {
    /** Why there is no key to test (the skip line). */
    noKey: {
      chatgpt: 'Codex is signed in with ChatGPT, so there is no API key to test',
      corrupt: 'the saved login cannot be read (see Codex login)',
      keyring: 'Codex keeps the key in the system keyring, which the doctor does not read; `--smoke` tests it through Codex itself',
      none: 'Codex has no API key saved yet (see Codex login)',
      bedrock: 'Codex uses Amazon Bedrock credentials, not an OpenAI API key',
      personal_access_token: 'Codex uses a personal access token, not an API key',
      access_token: 'Codex uses an access token, not an API key',
      workload_identity: 'Codex uses a workload identity, not an API key',
    },
    /** Where the API base came from, said inside the sentences below. */
    where: ({ host, source }: { host: string; source: ApiBaseSource }) => (source === 'default' ? host : `${host} (API base from ${source})`),
    accepted: ({ hint, where }: { hint: string; where: string }) => `The API accepts your key ${hint} (${where})`,
    creditNote: 'A key with no credit left still passes this; `workshop doctor --smoke` sends a real request.',
    notLikeApi: ({ where }: { where: string }) => `${where} answered, but not like the OpenAI API (a captive portal or proxy login page?)`,
    notLikeApiFix: 'Open any web page in a browser to complete a Wi-Fi or proxy sign-in, then run `workshop doctor` again.',
    rejected: ({ hint }: { hint: string }) => `The API rejects the key ${hint}: it is wrong, revoked or mistyped`,
    rejectedFix: 'Get a fresh key from your facilitator (or https://platform.openai.com/api-keys), then save it in Codex with `codex login --with-api-key`.',
    region: 'The API does not serve the country or region your connection comes from',
    regionFix: 'If you are on a VPN, switch it off or to an office location in a supported country; otherwise tell your facilitator.',
    noQuota: ({ hint }: { hint: string }) => `The key ${hint} has no credit left (quota exceeded)`,
    noQuotaFix: ({ url }: { url: string }) => `Ask your facilitator to add credit to the organisation or project, or add billing at ${url}.`,
    rateLimited: ({ hint }: { hint: string }) => `The key ${hint} works but is being rate limited right now`,
    rateLimitedFix: "Wait a minute and run `workshop doctor` again; if it persists, tell your facilitator (the organisation's limits may be too low for the room).",
    baseWrong: ({ url, source }: { url: string; source: ApiBaseSource }) => `${url} does not exist: the API base URL (from ${source}) looks wrong`,
    baseWrongFix: 'Check the API base: it usually ends in /v1, e.g. https://api.openai.com/v1.',
    unavailable: ({ where, status }: { where: string; status: number }) => `${where} is having trouble (HTTP ${status}); this is not your setup`,
    unavailableFix: 'Try again in a few minutes; https://status.openai.com shows outages.',
    unexpectedStatus: ({ where, status }: { where: string; status: number }) => `${where} answered HTTP ${status} to a simple request`,
    showFacilitator: 'Show this to your facilitator.',
    notAuthorized: ({ hint }: { hint: string }) => `The key ${hint} is valid but not allowed here (not in the organisation or project, or your IP address is not allowed)`,
    notAuthorizedFix: "Ask your facilitator to check that the key belongs to the workshop's organisation and project and that your network is allowed.",
    apiSaid: ({ text }: { text: string }) => `the API said: ${text}`,
    insecureBase: ({ url, source, host }: { url: string; source: ApiBaseSource; host: string }) =>
      `Not checking the key: the API base ${url} (from ${source}) is plain HTTP, which would send your key unencrypted to ${host}`,
    insecureBaseFix: 'Use an https:// API base (ask your facilitator for the right address), then run `workshop doctor` again.',
    keyDetail: ({ hint, fingerprint, from }: { hint: string; fingerprint: string; from: string }) => `key ${hint} (fingerprint ${fingerprint}) from ${from}`,
    requestDetail: ({ url, source }: { url: string; source: ApiBaseSource }) => `GET ${url} (API base from ${source})`,
    proxyDetail: ({ proxy }: { proxy: string }) => `through the proxy ${proxy}`,
  },

  /** Network failures of the API key check (classifyFailure). */
  network: {
    fixViaProxy: 'Check your internet connection and the proxy address with IT.',
    fixDirect: 'Check your internet connection (open https://platform.openai.com in a browser). On a company network you may need a proxy: ask IT for its address and set HTTPS_PROXY.',
    dns: ({ host }: { host: string }) => `Cannot find ${host} (the name lookup failed): no internet, or DNS is blocked`,
    refused: ({ host, proxy }: { host: string; proxy?: string }) => `${host} refused the connection${proxy ? ` through the proxy ${proxy}` : ''} (a firewall, VPN or wrong API base?)`,
    unreachable: ({ host }: { host: string }) => `No route to ${host}: the network is down or blocked`,
    timeout: ({ host, proxy, seconds }: { host: string; proxy?: string; seconds: number }) => `No answer from ${host}${proxy ? ` through the proxy ${proxy}` : ''} within ${seconds} s`,
    tls: ({ host, error }: { host: string; error: string }) => `The certificate presented for ${host} is not trusted (${error}): something on your network intercepts secure connections`,
    clockNote: "If your computer's date and time are wrong, fix them first: that alone causes this error.",
    unsupportedProxy: ({ message }: { message: string }) => `${message}; the smoke test (--smoke) checks the connection through Codex itself`,
    other: ({ host, proxy }: { host: string; proxy?: string }) => `The connection to ${host}${proxy ? ` through the proxy ${proxy}` : ''} failed`,
    proxyDoesNotPass: ({ proxy, variable, why }: { proxy?: string; variable?: string; why: string }) =>
      `The proxy ${proxy ? `${proxy} (from ${variable})` : 'your proxy'} does not get requests through: ${why}`,
    proxyWantsLogin: 'the proxy wants a user name and password (407)',
    proxyAnswered: ({ status }: { status: number }) => `it answered ${status}`,
    proxyUnreachable: ({ code }: { code: string }) => `it cannot be reached (${code})`,
    proxyLoginFix: 'Put your proxy user name and password in the proxy address (ask IT for the exact form):',
    proxyCheckFix: ({ variable }: { variable: string }) => `Check the proxy address with IT. If you do not need a proxy here (e.g. at home), remove ${variable} from your environment.`,
    errorDetail: ({ code }: { code: string }) => `error: ${code}`,
  },

  smoke: {
    notRequested: 'not requested (`workshop doctor --smoke` sends one tiny real request)',
    notLoggedIn: 'Codex is not logged in yet (see Codex login above)',
    noSavedLogin: ({ variable }: { variable: string }) =>
      `${variable} is set, but the smoke test gives Codex the key only through its saved login (never the environment, where Codex would copy it into its files): save the key in Codex first`,
    workspaceUnusable: 'the exercise folder is not usable (see Exercise folder below)',
    ok: ({ seconds }: { seconds: string }) => `Codex answered a real request in ${seconds} s`,
    modelDetail: ({ model, source }: { model: string; source: string }) => `model: ${model} (${source})`,
    ranDetail: ({ command, folder }: { command: string; folder: string }) => `ran: ${command} "…" in ${folder}`,
    tokensDetail: ({ tokens }: { tokens: number }) => `tokens used: ${tokens}`,
    couldNotStart: 'Codex could not be started for the smoke test',
    couldNotStartFix: 'Reinstall Codex: npm install -g @openai/codex@latest',
    quota: 'Codex reached the API, but the key has no credit left (quota exceeded)',
    quotaFix: 'Ask your facilitator to add credit to the organisation or project, or add billing at https://platform.openai.com/settings/organization/billing.',
    invalidKey: 'The API rejected the key Codex sent (wrong, revoked or mistyped)',
    unauthorized: 'The API refused the request: the key is not allowed here (organisation, project or IP address)',
    unauthorizedFix: "Ask your facilitator to check the key's organisation, project and allowed networks.",
    region: 'The API does not serve the country or region your connection comes from',
    regionFix: 'If you are on a VPN, switch it off or to a supported location; otherwise tell your facilitator.',
    modelNotFound: 'The model is not available to this key',
    modelNotFoundNamed: ({ model }: { model: string }) => `The model "${model}" is not available to this key`,
    modelNotFoundFix: 'Tell your facilitator: the workshop profile names a model this key cannot use.',
    orgVerification: 'The organisation must be verified before this model can be used',
    orgVerificationFix: 'The organisation owner verifies it at https://platform.openai.com/settings/organization/general (or the facilitator picks another model in the profile).',
    rateLimited: 'Codex reached the API but was rate limited',
    rateLimitedFix: "Wait a minute and try again; if it persists, tell your facilitator (the organisation's limits may be too low for the room).",
    tls: 'Codex could not make a trusted secure connection: something on your network intercepts it',
    dns: ({ stoppedAfter }: { stoppedAfter?: number }) => `Codex cannot find the API server (name lookup failed)${stoppedAfter !== undefined ? `; stopped after ${stoppedAfter} s of retrying` : ''}`,
    refused: ({ stoppedAfter }: { stoppedAfter?: number }) => `The API server refused Codex's connection${stoppedAfter !== undefined ? `; stopped after ${stoppedAfter} s of retrying` : ''}`,
    networkTimeout: ({ seconds }: { seconds: number }) => `Codex could not reach the API within ${seconds} s (it kept waiting for the network)`,
    networkLost: 'Codex lost the connection to the API',
    networkFix: 'Check your internet connection. On a company network Codex may need a proxy: ask IT for its address and set HTTPS_PROXY (see Proxy settings above).',
    timedOut: ({ seconds }: { seconds: number }) => `Codex did not finish a tiny request within ${seconds} s`,
    failed: 'Codex could not complete a tiny request',
    failedFix: 'Run the command in the details yourself to see the whole message, and show it to your facilitator.',
    stopped: ({ seconds }: { seconds: string }) => `Codex named the same cause twice and would have kept retrying until the timeout, so the doctor stopped it after ${seconds} s.`,
    keysKeptOut: ({ variables }: { variables: string[] }) => `${variables.join(' and ')} kept out of Codex's environment (it uses its saved login)`,
  },

  config: {
    ok: 'Codex reads its settings without problems',
    invalid: ({ file }: { file: string }) => `Codex cannot load its settings: ${file} is not valid`,
    invalidAt: ({ file, line, column }: { file: string; line: string; column: string }) => `Codex cannot load its settings: ${file} (line ${line}, column ${column}) is not valid`,
    invalidFix: 'Correct that line in a text editor, or move the file aside so that Codex starts from its defaults (then ask your facilitator which settings you need):',
    warning: ({ summary }: { summary: string }) => `Codex warns about its settings: ${summary}`,
    warningFix: 'Run `codex doctor` to see the whole message, and show it to your facilitator.',
    baseUrlIgnored: ({ value, used }: { value: string; used: string }) => `OPENAI_BASE_URL is set (${value}), but Codex ignores it: its requests go to ${used}`,
    baseUrlFix:
      'Remove it from this terminal and from your shell start-up file. If Codex must use another address, your facilitator puts it in the workshop profile (or `openai_base_url` in Codex config.toml).',
  },

  model: {
    profile: ({ model }: { model: string }) => `${model} (pinned by the workshop profile)`,
    config: ({ model }: { model: string }) => `${model} (from your Codex config.toml)`,
    default: ({ model, version }: { model: string; version: string }) => `${model} (the default of Codex ${version})`,
    unknown: "Codex's default model (this Codex does not say which)",
    differs: ({ pinned, own }: { pinned: string; own: string }) => `The workshop uses ${pinned}, but your Codex config.toml chooses ${own} for Codex started on its own`,
    differsFix: 'Start Codex with the workshop model:',
    sources: { profile: 'workshop profile', config: 'Codex config.toml', default: 'Codex default', unknown: 'unknown' },
  },

  runtime: {
    sandboxOk: "Codex's sandbox is ready",
    sandboxFail: ({ summary }: { summary: string }) => `Codex's sandbox cannot work on this computer: ${summary}`,
    sandboxWarn: ({ summary }: { summary: string }) => `Codex warns about its sandbox: ${summary}`,
    sandboxLinuxFix:
      'On Linux, Codex runs commands inside bubblewrap. Install it, then run `workshop doctor` again (if it still fails, your system may forbid unprivileged user namespaces: show this to your facilitator):',
    sandboxOtherFix: ({ advice }: { advice: string }) => `Codex suggests: ${advice} Show this to your facilitator if you cannot fix it.`,
    websocketOk: 'Codex can open its streaming (WebSocket) connection to the API',
    websocketBlocked: ({ host }: { host: string }) => `Codex cannot open a WebSocket connection to ${host}; it falls back to HTTPS, so each request starts several seconds later`,
    websocketFix: ({ host }: { host: string }) =>
      `On a company network, ask IT to allow WebSocket (wss://) connections to ${host}; on other networks check your VPN and firewall. If the API key check and the smoke test pass, the workshop still works.`,
  },

  proxy: {
    unreadable: 'an unreadable value',
    conflict: ({ upper, upperValue, lower, lowerValue }: { upper: string; upperValue: string; lower: string; lowerValue: string }) =>
      `${upper} (${upperValue}) and ${lower} (${lowerValue}) disagree; Codex uses ${upper}, other tools ${lower}`,
    conflictFix: ({ lower, file }: { lower: string; file: string }) => `Make them the same (and fix the line that sets ${lower} in ${file}):`,
    invalid: ({ variable }: { variable: string }) => `${variable} is not a proxy address Codex can use`,
    invalidFix: 'Set it to the form http://proxy.example.com:8080 (ask IT for the exact address):',
    noLoopback: 'A proxy is set but NO_PROXY does not exempt localhost, so local tools and sign-in callbacks go through the proxy',
    noLoopbackFix: 'Exempt the loopback addresses:',
    httpsMissing: ({ variable }: { variable: string }) => `${variable} is set but HTTPS_PROXY is not; the OpenAI API is https, so Codex will not use the proxy`,
    httpsMissingFix: 'Set HTTPS_PROXY to the same proxy:',
    systemOnly: ({ url }: { url: string }) => `Windows uses the proxy ${url}, but command-line programs like Codex do not read that setting`,
    systemOnlyFix: 'Tell Codex about the proxy, then open a new terminal:',
    pacOnly: 'Windows finds its proxy through a configuration script (PAC), which command-line programs like Codex do not read',
    pacOnlyFix: 'Ask IT for the proxy address and set it (example):',
    caMissing: ({ variable, file }: { variable: string; file: string }) => `${variable} points to ${file}, which does not exist, so secure connections may fail`,
    caMissingFix: ({ variable }: { variable: string }) => `Save the company's certificate bundle (PEM) at that path, or point ${variable} at where it really is.`,
    using: ({ proxy, variable }: { proxy: string; variable: string }) => `Using the proxy ${proxy} (from ${variable})`,
    none: 'No proxy configured (direct connection)',
  },

  /** An API key Codex copied into $CODEX_HOME/shell_snapshots (issue 12). */
  snapshots: {
    clean: "No API key in Codex's shell snapshots",
    found: ({ count, hints }: { count: number; hints: string[] }) =>
      `${plural(count, 'file', 'files')} in Codex's shell snapshots ${count === 1 ? 'holds' : 'hold'} an API key in plain text (${hints.join(', ')}), readable by other programs on this computer`,
    fix: 'Codex copied the key from your environment into these files when it ran commands. Delete them (Codex makes new ones without the key):',
    fixAndUnset: ({ variables }: { variables: string[] }) =>
      `Codex copied the key from your environment into these files when it ran commands. Delete them, and keep the key out of the environment Codex starts in (once it is saved in Codex, ${variables.join(' and ')} is not needed; also remove the line that sets it from your shell start-up file):`,
    fileDetail: ({ file, hints }: { file: string; hints: string[] }) => `${file}: ${hints.join(', ')}`,
    unreadable: ({ file, why }: { file: string; why: string }) => `${file} could not be read (${why})`,
  },

  /** The company skills marketplace (issue 15): informational. */
  companySkills: {
    notSetUp: 'No company skills marketplace on this laptop',
    registered: ({ marketplace, installed, available }: { marketplace: string; installed: number; available: number }) =>
      `The company marketplace ${marketplace} is registered with Codex: ${installed} of ${plural(available, 'approved skill')} installed.`,
    notRegistered: ({ marketplace }: { marketplace: string }) => `The company marketplace ${marketplace} was fetched but is not registered with Codex (\`workshop skills install NAME\` does it).`,
    upToDate: 'Up to date (fetched within the last day).',
    fetchedDaysAgo: ({ days }: { days: number }) => `Fetched ${plural(days, 'day')} ago: \`workshop skills update\` brings new versions.`,
    where: ({ marketplace, fetchedAt }: { marketplace: string; fetchedAt: string }) => `${marketplace} fetched at ${fetchedAt}`,
  },
};

/** The login kinds' words, used inside the two warnings above. */
function doctorEnLoginWhat(login: OtherLogin): string {
  return doctorEn.login.what[login];
}
