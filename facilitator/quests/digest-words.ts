import type { DigestLanguage } from '../../src/protocol/digest.js';
import type { Often, QuestRisk, QuestState, WinKind } from '../../src/protocol/quests.js';

/**
 * The digest's words in English and Japanese (it goes to participants). One entry per sentence with
 * named parameters, the same entries in both languages (the type makes a missing one a build error),
 * so the renderers never build a sentence from fragments. Parameters arrive already escaped for the
 * format being written; numbers and dates are plain.
 */
export interface DigestWords {
  subject(p: { programme: string; team?: string; from: string; to: string }): string;
  heading(p: { programme: string; team?: string }): string;
  period(p: { from: string; to: string; timeZone: string }): string;
  allTeams: string;
  facilitatorOnly: string;

  newWins: string;
  newWinsSummary(p: { count: number; hours: number }): string;
  newWinsNone: string;
  winBy(p: { names: string; kind: string; team: string }): string;
  hoursLine(p: { formula: string }): string;
  usedBy(p: { count: number }): string;
  /** Between two sentences on one line: a space in English, nothing in Japanese. */
  gap: string;

  reviewed: string;
  reviewedSummary(p: { wins: number; hours: number }): string;
  reviewedNone: string;
  howComputed: string;

  open: string;
  openNone: string;
  openLine(p: { team: string; often: string; minutes: number; risk: string }): string;

  inProgress: string;
  inProgressNone: string;
  inProgressLine(p: { state: string; names: string; team: string }): string;

  worthTrying: string;
  worthTryingIntro(p: { team?: string }): string;
  worthTryingNone(p: { team?: string }): string;
  worthTryingLine(p: { team: string; kind: string; hours: number }): string;

  officeHours: string;
  officeHoursIntro(p: { windowDays: number }): string;
  officeHoursNone: string;
  officeHoursLine(p: { team: string; day: string }): string;
  windowOpen: string;

  more(p: { count: number }): string;
  takePart: string;
  names(list: string[]): string;
  kind: Record<WinKind, string>;
  risk: Record<QuestRisk, string>;
  state: Record<QuestState, string>;
  often(often: Often): string;
}

const en: DigestWords = {
  subject: ({ programme, team, from, to }) => `Codex wins${team ? ` for ${team}` : ''}: ${programme}, ${from} to ${to}`,
  heading: ({ programme, team }) => `${programme}: Codex wins${team ? ` for ${team}` : ''}`,
  period: ({ from, to, timeZone }) => `New since ${from}, up to ${to} (${timeZone}).`,
  allTeams: 'all teams',
  facilitatorOnly: 'Facilitator copy: the last section names people; do not forward it.',

  newWins: 'New reviewed wins',
  newWinsSummary: ({ count, hours }) => `${count} new ${count === 1 ? 'win' : 'wins'}, saving ${hours} hours a month together.`,
  newWinsNone: 'No new reviewed wins this time.',
  winBy: ({ names, kind, team }) => `${kind} by ${names} (${team}).`,
  hoursLine: ({ formula }) => `Saves ${formula}.`,
  usedBy: ({ count }) => `${count} ${count === 1 ? 'other person uses' : 'other people use'} it too.`,
  gap: ' ',

  reviewed: 'Hours saved so far',
  reviewedSummary: ({ wins, hours }) => `${wins} reviewed ${wins === 1 ? 'win saves' : 'wins save'} ${hours} hours a month.`,
  reviewedNone: 'No reviewed wins yet.',
  howComputed:
    'How it is computed: only reviewed wins count. (minutes before − minutes after) × times a month × people using it (the builder plus everyone who marked "I use this too"). A month has 21 working days or 52/12 weeks.',

  open: 'Open quests: tasks waiting for someone',
  openNone: 'No open quests.',
  openLine: ({ team, often, minutes, risk }) => `${team} · ${often} · ${minutes} min each time · ${risk} risk.`,

  inProgress: 'In progress',
  inProgressNone: 'Nothing in progress.',
  inProgressLine: ({ state, names, team }) => `${state} by ${names} (${team}).`,

  worthTrying: 'Worth trying',
  worthTryingIntro: ({ team }) => (team ? `The most reused prompts and skills from other teams than ${team}.` : 'The most reused prompts and skills.'),
  worthTryingNone: ({ team }) => (team ? `No reviewed prompts or skills from other teams than ${team} yet.` : 'No reviewed prompts or skills yet.'),
  worthTryingLine: ({ team, kind, hours }) => `${kind} from ${team}, saving ${hours} h a month.`,

  officeHours: 'Invite to office hours',
  officeHoursIntro: ({ windowDays }) => `Tried Codex in the session, then no use on any day of the ${windowDays} days after it.`,
  officeHoursNone: 'Nobody: everyone who tried Codex in a session has used it since.',
  officeHoursLine: ({ team, day }) => `${team} · session on ${day}`,
  windowOpen: '(their window is still open)',

  more: ({ count }) => `… and ${count} more.`,
  takePart: 'Take part: post a task you do again and again with `workshop quest post`, claim one with `workshop quest claim`, or mark a win you use with `workshop quest reuse`.',
  names: (list) => (list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`),
  kind: { prompt: 'A prompt', skill: 'A skill', script: 'A script', howto: 'A how-to' },
  risk: { low: 'low', medium: 'medium', high: 'high' },
  state: { open: 'Open', claimed: 'Claimed', submitted: 'Submitted for review', done: 'Done' },
  often: ({ times, per }) => (times === 1 ? { day: 'daily', week: 'weekly', month: 'monthly' }[per] : `${times} times a ${per}`),
};

const ja: DigestWords = {
  subject: ({ programme, team, from, to }) => `Codex の成果${team ? `（${team}）` : ''}：${programme}、${from}〜${to}`,
  heading: ({ programme, team }) => `${programme}：Codex の成果${team ? `（${team}）` : ''}`,
  period: ({ from, to, timeZone }) => `${from} から ${to} まで（${timeZone}）の新着です。`,
  allTeams: '全チーム',
  facilitatorOnly: 'ファシリテーター用：最後の節には個人名があります。転送しないでください。',

  newWins: '新しくレビューされた成果',
  newWinsSummary: ({ count, hours }) => `新しい成果 ${count} 件、合わせて月 ${hours} 時間の削減です。`,
  newWinsNone: '今回は新しくレビューされた成果はありません。',
  winBy: ({ names, kind, team }) => `${names}（${team}）の${kind}。`,
  hoursLine: ({ formula }) => `削減：${formula}。`,
  usedBy: ({ count }) => `ほかに ${count} 人が使っています。`,
  gap: '',

  reviewed: 'これまでの削減時間',
  reviewedSummary: ({ wins, hours }) => `レビュー済みの成果 ${wins} 件で月 ${hours} 時間の削減です。`,
  reviewedNone: 'レビュー済みの成果はまだありません。',
  howComputed:
    '計算方法：レビュー済みの成果だけを数えます。（以前の分数 − 今の分数）× 月の回数 × 使っている人数（作った人と「自分も使っている」と登録した人）。1 か月は 21 営業日、または 52/12 週です。',

  open: '募集中のクエスト：引き受け手を待っている作業',
  openNone: '募集中のクエストはありません。',
  openLine: ({ team, often, minutes, risk }) => `${team}・${often}・1 回 ${minutes} 分・リスク${risk}`,

  inProgress: '進行中',
  inProgressNone: '進行中のクエストはありません。',
  inProgressLine: ({ state, names, team }) => `${state}：${names}（${team}）`,

  worthTrying: '試してみる価値あり',
  worthTryingIntro: ({ team }) => (team ? `${team} 以外のチームで、よく使われているプロンプトとスキルです。` : 'よく使われているプロンプトとスキルです。'),
  worthTryingNone: ({ team }) => (team ? `${team} 以外のチームのレビュー済みプロンプトやスキルはまだありません。` : 'レビュー済みのプロンプトやスキルはまだありません。'),
  worthTryingLine: ({ team, kind, hours }) => `${team} の${kind}、月 ${hours} 時間の削減。`,

  officeHours: 'オフィスアワーに招待する人',
  officeHoursIntro: ({ windowDays }) => `セッションで Codex を試したあと、${windowDays} 日間一度も使っていない人です。`,
  officeHoursNone: '該当者はいません。セッションで試した人は全員その後も使っています。',
  officeHoursLine: ({ team, day }) => `${team}・セッション ${day}`,
  windowOpen: '（まだ期間中です）',

  more: ({ count }) => `ほか ${count} 件`,
  takePart:
    '参加するには：繰り返している作業を `workshop quest post` で投稿し、`workshop quest claim` で引き受け、使っている成果を `workshop quest reuse` で登録してください。',
  names: (list) => list.join('、'),
  kind: { prompt: 'プロンプト', skill: 'スキル', script: 'スクリプト', howto: '手順書' },
  risk: { low: '低', medium: '中', high: '高' },
  state: { open: '募集中', claimed: '作業中', submitted: 'レビュー待ち', done: '完了' },
  often: ({ times, per }) => (times === 1 ? { day: '毎日', week: '毎週', month: '毎月' }[per] : `${{ day: '1 日', week: '週', month: '月' }[per]} ${times} 回`),
};

export const DIGEST_WORDS: Record<DigestLanguage, DigestWords> = { en, ja };
