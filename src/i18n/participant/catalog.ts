import type { SecretKind } from '../../core/secret.js';
import type { SkillProblemCode } from '../../protocol/skills.js';

/**
 * The participant CLI's words (issue 10): the exercise commands, the errors a participant can meet,
 * the hub commands (join, sync, help), pulse, share and catch-up. One key per sentence, parameters
 * named; the same keys in every language (en.ts, ja.ts here), compared at run time by test/i18n.
 */

/** Every error a participant can meet that is worded by the catalogue, with its named values. */
export interface ErrorParams {
  'lang-invalid': { given: string; choices: string[] };
  // `workshop doctor` usage errors
  'doctor-unknown-check': { given: string[]; known: string[] };
  'doctor-api-base-invalid': { given: string };
  'no-current-exercise': Record<string, never>;
  'unknown-exercise': { given: string; ids: string[]; count: number };
  'folder-not-exercise': { folder: string; id: string };
  'folder-gone-ask': { folder: string; id: string };
  'folder-gone': { folder: string; id: string };
  'folder-kept': Record<string, never>;
  'reset-needs-yes': { folder: string };
  'folder-holds-other': { folder: string; other: string };
  'folder-exists': { folder: string };
  'lock-busy': { file: string; pid?: number; since?: string };
  'git-missing': Record<string, never>;
  'nothing-to-undo': Record<string, never>;
  'history-missing': { folder: string };
  'progress-newer': { file: string; version: number; supported: number };
  'not-joined': Record<string, never>;
  'not-joined-hand': Record<string, never>;
  'hub-address-invalid': { given: string };
  'hub-address-scheme': { given: string };
  'hub-unreachable': { hubUrl: string; why: string };
  'hub-wrong-code': { hubUrl: string; code: string };
  'hub-refused-details': { reason: string };
  'hub-refused': { hubUrl: string; reason: string };
  /** Issue 12: too many wrong session codes from this network address. */
  'hub-join-locked': { hubUrl: string; minutes: number };
  'hub-link-broken': { file: string };
  'join-invalid': { problems: string };
  'join-missing': { flags: string[] };
  'join-cancelled': Record<string, never>;
  'hand-both': Record<string, never>;
  'hand-too-long': { length: number };
  'pulse-yes-and-no': Record<string, never>;
  'pulse-since-format': { since: string };
  'pulse-since-future': { since: string };
  'pulse-no-session-day': Record<string, never>;
  'pulse-declined-before': Record<string, never>;
  'pulse-needs-consent': Record<string, never>;
  'share-invalid': { problems: Array<'frequency' | 'risk' | 'minutes' | 'reusable'>; frequencies: string[]; risks: string[] };
  'share-needs': { flags: string[] };
  'share-cancelled': Record<string, never>;
  // `workshop quest …` (issue 14)
  'quest-not-joined': Record<string, never>;
  'quest-no-server': { hubUrl: string };
  'quest-needs-programme': Record<string, never>;
  'quest-unreachable': { url: string; why: string };
  'quest-token-refused': { url: string; reason: string };
  'quest-refused': { reason: string };
  'quest-slow-down': { seconds: number };
  'quest-server-problem': { url: string; status: number; reason: string };
  'quest-bad-answer': { url: string };
  'quest-missing': { flags: string[] };
  'quest-invalid': { field: string; reason: string };
  'quest-often-invalid': { given: string };
  'quest-id-invalid': { given: string };
  'quest-verdict': Record<string, never>;
  'quest-text-file': { file: string; why: string };
  'quest-cancelled': Record<string, never>;
  /** `workshop quest board`: the hub this laptop joined does not send to a programme server. */
  'board-no-server': { hubUrl: string };
  'board-unreachable': { server: string; why: string };
  'board-refused': { server: string; reason: string };
  // ---- skills install/update/remove (issue 15) ----
  'skills-never-fetched': { server: string; why: string };
  'skills-server-refused': { server: string; reason: string };
  'skills-codex-missing': Record<string, never>;
  'skills-codex-failed': { command: string; why: string };
  'skill-name-invalid': { given: string };
  'skill-not-approved': { name: string; standing: 'pending' | 'rejected' | 'unknown' };
  'skill-not-in-last-fetch': { name: string; fetchedAt: string };
  'skill-not-installed': { name: string };
  'share-refused': { field: string; reason: string };
  'share-no-own-task': Record<string, never>;
  'share-own-task-missing': { missing: string[]; file: string };
  // ---- skills: publish, list, show, review (issue 15; src/skills/) ----
  'skills-folder-missing': { folder: string };
  'skills-not-folder': { folder: string };
  'skills-not-joined': Record<string, never>;
  'skills-no-server': { hubUrl: string };
  'skills-needs-server': Record<string, never>;
  'skills-needs-programme': Record<string, never>;
  'skills-token-file': { file: string; why: string };
  'skills-invalid': { field: string; reason: string };
  'skills-unreachable': { url: string; why: string };
  'skills-token-refused': { url: string; reason: string };
  'skills-slow-down': { seconds: number };
  'skills-server-problem': { url: string; status: number; reason: string };
  'skills-bad-answer': { url: string };
  'skills-refused': { reason: string };
  'skills-unknown': { name: string };
  'skills-review-verdict': Record<string, never>;
  'skills-review-needs-token': Record<string, never>;
  'skills-no-pending': { name: string };
  'skills-no-version': { name: string; version: number };
}
export type ErrorCode = keyof ErrorParams;

type Sentence<P> = (params: P) => string;

export interface ParticipantCatalog {
  /** The words the exercise commands print around the pack's own texts (briefs, hints, checks). */
  exercise: {
    exerciseHeader: Sentence<{ position: number; total: number; title: string; minutes: number }>;
    resumed: string;
    yourFolder: string;
    startCodexThere: string;
    firstRequest: string;
    /** How to get out of Codex and back, said at every setup: most participants never used a terminal. */
    leaveCodex: string;
    afterSetup: string;
    checkingHeader: Sentence<{ position: number; total: number; title: string; attempt: number }>;
    noChange: string;
    startCodexAndAsk: string;
    passed: Sentence<{ score: number; max: number }>;
    notPassed: Sentence<{ score: number; max: number }>;
    fixAndRetry: string;
    tip: string;
    noCodexYet: string;
    codexSessions: Sentence<{ count: number; changedAfter: boolean }>;
    hintLabel: Sentence<{ number: number; total: number }>;
    afterFail: string;
    finished: Sentence<{ pack: string; done: number; total: number; minutes: number }>;
    keepGoing: string;
    statusHeader: Sentence<{ pack: string; done: number; total: number }>;
    workspace: string;
    allDone: string;
    runNextToCheck: string;
    runNextToStart: string;
    rowDetails: Sentence<{ attempts: number; minutes: number; sessions: number }>;
    aboutMinutes: Sentence<{ minutes: number }>;
    states: Record<'done' | 'current' | 'pending' | 'started', string>;
    listFooter: string;
    noHints: Sentence<{ id: string }>;
    lastHint: string;
    nothingChanged: Sentence<{ folder: string }>;
    changedHeader: Sentence<{ folder: string }>;
    diffLegend: string;
    diffKinds: Record<'added' | 'removed' | 'modified' | 'moved', string>;
    undoDone: Sentence<{ folder: string }>;
    undoKeptToo: string;
    alreadyAtStart: Sentence<{ folder: string }>;
    resetDone: Sentence<{ folder: string }>;
    resetExplain: Sentence<{ folder: string }>;
    resetQuestion: string;
    nothingWasChanged: string;
    lostFolderQuestion: Sentence<{ id: string; folder: string }>;
    briefFooter: string;
    progressRebuilt: Sentence<{ count: number; workspace: string }>;
    progressUnreadable: Sentence<{ file: string; reason: string; keptAs: string }>;
    eventLogFailed: Sentence<{ reason: string }>;
    shells: Record<'posix' | 'powershell' | 'cmd', string>;
  };
  /** Errors, worded where they are printed (src/cli/main.ts), in the reader's language. */
  errors: { [K in ErrorCode]: Sentence<ErrorParams[K]> } & {
    unexpected: Sentence<{ message: string }>;
  };
  /** join, sync and help (raising a hand). */
  hub: {
    joined: Sentence<{ again: boolean; title: string; name: string; team: string }>;
    whatTravels: string;
    next: Sentence<{ doctor: string; help: string }>;
    /** A `workshop help "…"` line to copy, with a message in the reader's language. */
    helpExample: string;
    askCode: string;
    askName: string;
    askEmail: string;
    askTeam: string;
    notValid: string;
    nothingToSend: string;
    sent: Sentence<{ count: number }>;
    sentEarlier: Sentence<{ count: number }>;
    later: Sentence<{ hubUrl: string; why: string; pending: number }>;
    unknownParticipant: Sentence<{ hubUrl: string; reason: string; pending: number }>;
    /** Issue 12: this participant's share of the session is full. */
    overLimit: Sentence<{ hubUrl: string; pending: number }>;
    handLowered: string;
    handLoweredHere: string;
    handUp: Sentence<{ message: string }>;
    whenSorted: string;
    handNotDelivered: Sentence<{ hubUrl: string }>;
    helpForCommand: Sentence<{ command: string }>;
  };
  /** `workshop pulse` and its weekly offer. */
  pulse: {
    consentQuestion: Sentence<{ since: string }>;
    declined: string;
    nothingCounted: string;
    refreshed: Sentence<{ total: number; since: string }>;
    summary: Sentence<{ since: string; total: number; days: number }>;
    week: Sentence<{ from: string; to: string; sessions: number; days: number }>;
    onlyCounts: string;
    offer: string;
    // ---- company skills (issue 15) ----
    skillUsesSent: Sentence<{ uses: number }>;
    skillUsesNotSent: Sentence<{ uses: number; why: string }>;
  };
  /** `workshop share` and the own-task share. */
  share: {
    askWhat: string;
    askWhatTooShort: string;
    askTeam: string;
    askFrequency: string;
    frequencies: Record<'daily' | 'weekly' | 'monthly' | 'occasionally', string>;
    askMinutes: string;
    askMinutesInvalid: string;
    askRisk: string;
    risks: Record<'low' | 'medium' | 'high', string>;
    askReusable: string;
    thanks: Sentence<{ what: string }>;
    sharedOwnTask: Sentence<{ file: string; what: string }>;
    autoShared: Sentence<{ what: string; file: string }>;
  };
  /** `workshop quest …` (issue 14): quests on the programme server. */
  quest: {
    states: Record<'open' | 'claimed' | 'submitted' | 'done', string>;
    risks: Record<'low' | 'medium' | 'high', string>;
    sensitivities: Record<'none' | 'internal' | 'confidential' | 'personal', string>;
    kinds: Record<'prompt' | 'skill' | 'script' | 'howto', string>;
    actions: Record<'post' | 'claim' | 'release' | 'submit' | 'review' | 'reuse' | 'stale', string>;
    often: Sentence<{ times: number; per: 'day' | 'week' | 'month' }>;
    minutes: Sentence<{ minutes: number }>;
    /** One line of `quest list`: the quest's facts (its title and team come before it). */
    row: Sentence<{ often: string; minutes: string; risk: string; claimers: string; reuses: number }>;
    noneFound: string;
    listFooter: string;
    /** The list was cut at `--limit`. */
    listLimited: Sentence<{ shown: number; total: number }>;
    postedBy: Sentence<{ name: string; team: string; at: string }>;
    claimedBy: Sentence<{ names: string }>;
    today: string;
    teams: Sentence<{ teams: string }>;
    submission: Sentence<{ kind: string; name: string; minutes: string }>;
    review: Sentence<{ verdict: 'approve' | 'changes'; name: string; role: string }>;
    hours: Sentence<{ formula: string }>;
    reusers: Sentence<{ names: string }>;
    history: string;
    needsFacilitator: string;
    posted: Sentence<{ id: number; title: string }>;
    postedDone: Sentence<{ id: number; title: string }>;
    claimed: Sentence<{ id: number; pair: boolean }>;
    released: Sentence<{ id: number }>;
    submitted: Sentence<{ id: number }>;
    approved: Sentence<{ id: number }>;
    changesAsked: Sentence<{ id: number }>;
    reused: Sentence<{ id: number }>;
    askTitle: string;
    askToday: string;
    askTeam: string;
    askOften: string;
    askOftenInvalid: string;
    askMinutes: string;
    askMinutesInvalid: string;
    askRisk: string;
    askSensitivity: string;
    askBenefit: string;
    askKind: string;
    askText: string;
    askMinutesAfter: string;
    askNote: string;
    tooShort: string;
    /** The own-task exercise and `workshop share` offer to post the task as a quest. */
    offerQuestion: string;
    offerCommand: Sentence<{ command: string }>;
    offerPosted: Sentence<{ id: number; done: boolean }>;
    offerFailed: Sentence<{ why: string; command: string }>;
    offerNeeds: Sentence<{ flags: string[] }>;
  };
  /** Back at a later date of a programme (join answers with what was passed before). */
  catchUp: {
    welcomeBack: Sentence<{ sessions: string[] }>;
    found: string;
    merged: Sentence<{ count: number }>;
    upToDate: string;
    continueWith: Sentence<{ id: string }>;
    allPassed: string;
  };
  /** Lines of the CLI itself. */
  cli: {
    /** Separates sentences of one message (a space in English, nothing in Japanese). */
    join: (sentences: string[]) => string;
  };
  // ---- skills: publish, list, show, review (issue 15; src/skills/) ----
  skills: {
    /** Why a skill cannot be published (src/protocol/skills.ts SKILL_PROBLEM_CODES), with the problem's values. */
    problems: Record<SkillProblemCode, Sentence<Record<string, string | number>>>;
    /** What kind of secret was found (never the secret itself). */
    secretKinds: Record<SecretKind, string>;
    /** A file and line, or a file, shown before a problem. */
    where: Sentence<{ file: string; line?: number }>;
    refused: Sentence<{ folder: string; count: number }>;
    refusedByServer: Sentence<{ count: number }>;
    nothingSent: string;
    published: Sentence<{ name: string; version: number }>;
    pendingReview: string;
    scriptsFlagged: Sentence<{ scripts: string[] }>;
    noScripts: string;
    states: Record<'pending' | 'approved' | 'rejected', string>;
    noSkills: string;
    noMatch: string;
    listRow: Sentence<{ version?: number; team: string; author: string; installs: number }>;
    installWith: Sentence<{ name: string }>;
    showAuthor: Sentence<{ author: string; team: string }>;
    showQuest: Sentence<{ id: number }>;
    showInstalls: Sentence<{ people: number; uses: number }>;
    versionRow: Sentence<{ version: number; state: string; at: string; by: string; files: number; bytes: string }>;
    reviewNote: Sentence<{ verdict: 'approve' | 'reject'; by: string; note: string }>;
    approved: Sentence<{ name: string; version: number }>;
    rejected: Sentence<{ name: string; version: number }>;
    filesLabel: string;
    fileRow: Sentence<{ path: string; bytes: string; executable: boolean }>;
    sha256: Sentence<{ sha256: string }>;
    allNeedsFacilitator: string;
  };
  // ---- skills install/update/remove (issue 15) ----
  skillInstall: {
    offline: Sentence<{ why: string; fetchedAt: string }>;
    registered: Sentence<{ marketplace: string }>;
    installed: Sentence<{ name: string; version: number }>;
    upgraded: Sentence<{ name: string; from: number; to: number }>;
    reinstalled: Sentence<{ name: string; version: number }>;
    howToUse: Sentence<{ name: string }>;
    updated: Sentence<{ name: string; from: number; to: number }>;
    upToDate: Sentence<{ count: number }>;
    nothingInstalled: string;
    notInMarketplace: Sentence<{ names: string[] }>;
    removed: Sentence<{ name: string }>;
  };
  /** `workshop quest board`: the link to the quest board (a one-time code, never the join token). */
  questBoard: {
    link: Sentence<{ url: string; minutes: number }>;
    opening: string;
    openFailed: string;
  };
}
