import { sanitizeLine, sanitizeText } from '../../src/core/sanitize.js';
import { csvCell } from '../render/escape.js';
import { hoursFormula } from '../quests/hours.js';
import { FUNNEL_STAGES, type ProgrammeReport, SEGMENT_NAMES } from './report-data.js';
import { storyDefinitionsMarkdown, storyMarkdown } from './render-story.js';

/**
 * The programme report as Markdown (to paste into a wiki or an email) and as CSV (one row per roster
 * member, for spreadsheets). Renderers only read the report; they compute nothing.
 */

const STAGE_LABEL: Record<(typeof FUNNEL_STAGES)[number], string> = {
  invited: 'Invited',
  exploredBeforeTraining: 'Explored before training',
  readyBeforeSession: 'Ready before the session',
  attended: 'Attended',
  tried: 'Tried Codex on an exercise',
  finished: 'Finished the exercises',
  continued: 'Continued using Codex',
};

const SEGMENT_LABEL: Record<(typeof SEGMENT_NAMES)[number], string> = {
  notStarted: 'Not started',
  triedOnly: 'Tried only',
  continued: 'Continued',
  regular: 'Regular (subset of continued)',
};

/** The quests section's figures, as the Markdown and HTML reports name them. */
const QUEST_LABEL: Record<keyof ProgrammeReport['quests']['definitions'], string> = {
  posted: 'Quests posted',
  claimed: 'Quests claimed',
  done: 'Quests done (reviewed wins)',
  hoursPerMonth: 'Reviewed hours saved a month',
  risk: 'Risk mix',
  contributedWin: 'Contributed a win',
};

export { QUEST_LABEL, SEGMENT_LABEL, STAGE_LABEL };

/** The quests section (issue 14): per team, the reviewed hours with how they are computed, the most reused wins. */
function questsMarkdown(report: ProgrammeReport): string[] {
  const q = report.quests;
  const out = ['## Quests and reviewed wins', ''];
  if (q.posted === 0) {
    out.push('No quests yet. On the programme server participants post tasks they do again and again (`workshop quest post`); reviewed wins and the hours they save appear here.', '');
    return out;
  }
  out.push(
    `${q.posted} quest(s) posted, ${q.claimed} claimed, ${q.done} done (reviewed wins), saving ${q.hoursPerMonth} hours a month. Risk: ${q.risk.low} low, ${q.risk.medium} medium, ${q.risk.high} high.`,
    '',
    '| Team | Posted | Claimed | Done | Hours a month | Risk low / medium / high |',
    '|---|---:|---:|---:|---:|---|',
  );
  for (const [team, t] of Object.entries(q.byTeam)) out.push(`| ${mdCell(team)} | ${t.posted} | ${t.claimed} | ${t.done} | ${t.hoursPerMonth} | ${t.risk.low} / ${t.risk.medium} / ${t.risk.high} |`);
  out.push('', `_Hours: ${q.definitions.hoursPerMonth}_`, '');
  out.push('### Most reused wins', '');
  if (q.topReused.length === 0) {
    out.push('No win has been marked "I use this too" yet.', '');
  } else {
    out.push('| Win | Team | Kind | Built by | Used by others | Hours a month, computed |', '|---|---|---|---|---:|---|');
    for (const w of q.topReused) out.push(`| #${w.id} ${mdCell(w.title)} | ${mdCell(w.team)} | ${w.kind} | ${w.claimers.map((c) => mdCell(c.name)).join(', ')} | ${w.reuseCount} | ${hoursFormula(w.hours)} |`);
    out.push('');
  }
  return out;
}

/** The skills section (issue 15): approved company skills, the most installed first, with the totals. */
function skillsMarkdown(report: ProgrammeReport): string[] {
  const k = report.skills;
  const out = ['## Company skills', ''];
  if (k.skills === 0) {
    out.push('No approved skills yet. On the programme server participants publish skills (`workshop skills publish DIR`); once a facilitator approves one, its installs and uses appear here.', '');
    return out;
  }
  out.push(`${k.skills} approved skill(s), ${k.installs} install(s), ${k.uses} use(s) reported.`, '', '| Skill | Team | Author | From quest | Version | Installs | Installs by team | Uses (reported) |', '|---|---|---|---|---:|---:|---|---:|');
  for (const s of k.list) {
    out.push(`| ${mdCell(s.name)} | ${mdCell(s.team)} | ${mdCell(s.author)} | ${skillQuest(s, mdCell)} | ${s.version} | ${s.installs} | ${installsByTeam(s.installsByTeam, mdCell)} | ${s.uses} |`);
  }
  out.push('', `_Installs: ${k.definitions.installs} Uses: ${k.definitions.uses}_`, '');
  return out;
}

/** "#12 Weekly expense summary", "#12" for a quest that is gone, "" for none; the title made inert by `cell`. */
export function skillQuest(s: ProgrammeReport['skills']['list'][number], cell: (text: string) => string): string {
  if (s.questId === undefined) return '';
  return s.questTitle !== undefined ? `#${s.questId} ${cell(s.questTitle)}` : `#${s.questId}`;
}

export function installsByTeam(byTeam: Record<string, number>, cell: (text: string) => string): string {
  return Object.entries(byTeam)
    .map(([team, n]) => `${cell(team)} ${n}`)
    .join(', ');
}

/**
 * Text from participants and spreadsheets, made inert in Markdown: markup characters escaped, and
 * `<`/`>`/`&` as entities because many Markdown renderers pass raw HTML through.
 */
function mdCell(text: string): string {
  return sanitizeLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

export function renderMarkdown(report: ProgrammeReport): string {
  const out: string[] = [];
  const { funnel, funnelPercent } = report;
  out.push(`# ${mdCell(report.programme.title)} — programme report`, '');
  out.push(`Programme \`${report.programme.id}\`, ${report.dates.length} date${report.dates.length === 1 ? '' : 's'}, generated ${report.generatedAt} (days counted in ${report.programme.timeZone}).`, '');

  out.push('## Funnel', '', '| Stage | People | % of invited |', '|---|---:|---:|');
  for (const stage of FUNNEL_STAGES) out.push(`| ${STAGE_LABEL[stage]} | ${funnel[stage]} | ${funnelPercent[stage]}% |`);
  out.push('');

  out.push(`## Continued use (${report.settings.windowDays} days after the session)`, '', '| Segment | People |', '|---|---:|');
  for (const name of SEGMENT_NAMES) out.push(`| ${SEGMENT_LABEL[name]} | ${report.segments[name]} |`);
  out.push('');
  if (report.windowStillOpen > 0) out.push(`_${report.windowStillOpen} attendee(s) had their session less than ${report.settings.windowDays} days ago: their segment may still change._`, '');

  out.push('### Weekly active use after the session', '', '| Week | Active | % of attendees |', '|---|---:|---:|');
  for (const w of report.weeklyActive) out.push(`| ${w.label} | ${w.active} | ${w.percentOfAttended}% |`);
  out.push('');

  out.push('## By team', '', `| Team | ${FUNNEL_STAGES.map((s) => STAGE_LABEL[s]).join(' | ')} | Regular |`, `|---|${FUNNEL_STAGES.map(() => '---:').join('|')}|---:|`);
  for (const [team, block] of Object.entries(report.byTeam)) {
    const cells = FUNNEL_STAGES.map((s) => (s === 'invited' ? `${block.funnel[s]}` : `${block.funnel[s]} (${block.funnelPercent[s]}%)`));
    out.push(`| ${mdCell(team)} | ${cells.join(' | ')} | ${block.segments.regular} |`);
  }
  out.push('');

  out.push('## Dates', '', `| Session | Starts | Invited | Attended | Returning | Ready before | Walk-ins |`, '|---|---|---:|---:|---:|---:|---:|');
  for (const d of report.dates) out.push(`| ${d.session} | ${d.startsLocal} | ${d.invited ?? '—'} | ${d.attended} | ${d.returning} | ${d.readyBeforeSession} | ${d.walkIns} |`);
  out.push('', `_${invitedNote(report)}_`, '');

  const uc = report.useCases;
  out.push('## Use cases', '');
  if (uc.teams.length === 0) {
    out.push('No use cases yet. Ask participants to run `workshop share` for each task they now do with Codex.', '');
  } else {
    out.push(
      `${uc.totals.shared} task(s) shared, about ${uc.totals.hoursSavedPerMonth} hours saved per month (participants' estimates); ${uc.totals.ownTaskCompleted} people did the "own task" exercise. Risk: ${uc.totals.risk.low} low, ${uc.totals.risk.medium} medium, ${uc.totals.risk.high} high.`,
      '',
    );
    for (const team of uc.teams) {
      out.push(`### ${mdCell(team.team)}`, '', `${team.shared} task(s), ~${team.hoursSavedPerMonth} h/month, own task done by ${team.ownTaskCompleted}; risk ${team.risk.low} low / ${team.risk.medium} medium / ${team.risk.high} high.`, '');
      if (team.tasks.length > 0) {
        out.push('| Task | Who | How often | Min/week | Risk | Others could reuse |', '|---|---|---|---:|---|---|');
        for (const t of team.tasks) out.push(`| ${mdCell(t.what)} | ${mdCell(t.name)} | ${t.frequency} | ${t.minutesSavedPerWeek} | ${t.risk} | ${t.reusable ? 'yes' : 'no'} |`);
        out.push('');
      }
    }
  }

  out.push(...questsMarkdown(report));
  out.push(...skillsMarkdown(report));
  out.push(...storyMarkdown(report, mdCell));

  if (report.walkIns.length > 0) {
    out.push('## Not on the roster', '', 'These people joined a session but are not on the roster, so the funnel does not count them. Add them with `workshop roster import`.', '');
    for (const w of report.walkIns) out.push(`- ${mdCell(w.name)} <${mdCell(w.email)}> (${mdCell(w.team)}), attended ${w.attended.join(', ') || 'no date'}`);
    out.push('');
  }
  if (report.unmatchedUsage.length > 0) {
    out.push('## Usage that matched nobody', '', 'Add the key id (or hint) to the roster\'s `key` column to count it.', '');
    for (const u of report.unmatchedUsage) out.push(`- ${u.source.kind} \`${mdCell(u.source.value)}\`: ${u.requests} requests on ${u.days} day(s) (${u.reason})`);
    out.push('');
  }

  out.push('## Definitions', '');
  for (const stage of FUNNEL_STAGES) out.push(`- **${STAGE_LABEL[stage]}** (\`${stage}\`): ${report.definitions.funnel[stage]}`);
  for (const name of SEGMENT_NAMES) out.push(`- **${SEGMENT_LABEL[name]}** (\`${name}\`): ${report.definitions.segments[name]}`);
  for (const [name, text] of Object.entries(report.quests.definitions)) out.push(`- **${QUEST_LABEL[name as keyof typeof QUEST_LABEL]}** (\`${name}\`): ${text}`);
  out.push(...storyDefinitionsMarkdown(report));
  out.push(`- ${report.definitions.window}`, '');
  // Issue 12: the whole report through the one sanitiser (ids and texts from events and rosters).
  return sanitizeText(out.join('\n'));
}

const CSV_COLUMNS = [
  'email',
  'name',
  'team',
  'invited_to',
  'sessions_attended',
  'returning',
  'ready_before_session',
  'attended',
  'tried',
  'finished',
  'exercises_passed',
  'segment',
  'regular',
  'contributed_win',
  'first_session_day',
  'active_weeks',
  'days_with_use',
  'window_open',
  'use_cases_shared',
  'explored_before_training',
  'first_use_day',
  'last_use_day',
  'tokens',
  'spend',
] as const;

/** One CSV cell, with yes/no for booleans (what people read in a spreadsheet). */
export function programmeCsvCell(value: string | number | boolean): string {
  return csvCell(typeof value === 'boolean' ? (value ? 'yes' : 'no') : value);
}

/** UTF-8 with a BOM and CRLF line ends: what Excel opens correctly, Japanese names included. */
export function renderCsv(report: ProgrammeReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const p of report.people) {
    const values: Record<(typeof CSV_COLUMNS)[number], string | number | boolean> = {
      email: p.email,
      name: p.name,
      team: p.team,
      invited_to: p.invitedTo ?? '',
      sessions_attended: p.attended.join(' '),
      returning: p.returning,
      ready_before_session: p.readyBeforeSession,
      attended: p.attended.length > 0,
      tried: p.tried,
      finished: p.finished,
      exercises_passed: p.exercisesPassed,
      segment: p.segment,
      regular: p.regular,
      contributed_win: p.contributedWin,
      first_session_day: p.attended.length > 0 ? (p.anchorDay ?? '') : '',
      active_weeks: p.activeWeeks,
      days_with_use: p.useDays,
      window_open: p.windowOpen,
      use_cases_shared: p.useCasesShared,
      explored_before_training: p.exploredBeforeTraining,
      first_use_day: p.firstUseDay ?? '',
      last_use_day: p.lastUseDay ?? '',
      tokens: p.tokens,
      spend: p.spend,
    };
    lines.push(CSV_COLUMNS.map((c) => programmeCsvCell(values[c])).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** How "Invited" per date was counted, in words (Markdown and HTML). */
export function invitedNote(report: Pick<ProgrammeReport, 'invitedPerDateBasis' | 'rosterSize'>): string {
  return report.invitedPerDateBasis === 'roster session column'
    ? 'Invited per date: from the roster\'s date column.'
    : `The roster has no date column, so who was invited to which date is not known (—); all ${report.rosterSize} people on the roster were invited to the programme.`;
}
