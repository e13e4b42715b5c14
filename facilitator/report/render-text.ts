import { sanitizeLine, sanitizeText } from '../../src/core/sanitize.js';
import { csvCell } from '../render/escape.js';
import type { SessionReport } from './build-report.js';

/**
 * Markdown and CSV forms of the session report. Every participant-supplied string is escaped for
 * its format: in Markdown, HTML and table syntax (a name like `<img src=x onerror=…>` or `a|b` stays
 * text in any viewer); in CSV, quoting plus a leading apostrophe for cells a spreadsheet would run
 * as a formula (`=HYPERLINK(…)`).
 */
export function escapeMarkdown(text: string): string {
  // "Finance & Ops" must read as written (issue 11: reports showed "&amp;"): only an ampersand that
  // would start an entity is escaped; < and > become entities so no tag survives in any viewer.
  return sanitizeLine(text)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** Issue 11: follow-up grouped in the order to act on it. */
export const FOLLOW_UP_TITLES: Array<[string, string]> = [
  ['blocked', 'Blocked on setup'],
  ['stuck', 'Stuck'],
  ['out-of-time', 'Did not finish in time'],
];

const pct = (n: number, of: number) => (of === 0 ? '—' : `${Math.round((n / of) * 100)}%`);
const minutes = (m: number | null) => (m === null ? '—' : `${m} min`);

export function renderMarkdown(report: SessionReport): string {
  const md = escapeMarkdown;
  const a = report.attendance;
  const lines: string[] = [];
  lines.push(`# ${md(report.session.title)}`, '');
  lines.push(`Session \`${report.session.id}\` · ${report.session.startedAt} to ${report.session.endedAt} (${report.session.timeZone})`, '');
  lines.push('## Attendance and readiness', '');
  lines.push('| joined | ready | started an exercise | finished |', '|---:|---:|---:|---:|');
  lines.push(`| ${a.joined} | ${a.ready} (${pct(a.ready, a.joined)}) | ${a.started} (${pct(a.started, a.joined)}) | ${a.finished} (${pct(a.finished, a.joined)}) |`, '');
  lines.push(`At the end: ${report.readiness.ready} ready, ${report.readiness.notReady} not ready, ${report.readiness.unknown} never ran the doctor.`, '');
  if (a.teams.length > 0) lines.push(`Teams: ${a.teams.map((t) => `${md(t.team)} (${t.count})`).join(', ')}`, '');
  if (report.readiness.blockers.length > 0) {
    lines.push('### Most common setup blockers', '');
    for (const b of report.readiness.blockers) lines.push(`- ${b.count} × ${md(b.words)} (${md(b.key)})`);
    lines.push('');
  }
  lines.push('## Exercises', '');
  if (report.exercises.length === 0) lines.push('Nobody started an exercise.', '');
  else {
    lines.push('| exercise | started | passed | median time to pass | median attempts | got stuck | hands raised | most failed checks |', '|---|---:|---:|---:|---:|---:|---:|---|');
    for (const e of report.exercises) {
      const checks = e.commonFailingChecks.map((c) => `${md(c.check)} (${c.count})`).join(', ') || '—';
      lines.push(`| ${md(e.id)} | ${e.started} | ${e.passed} | ${minutes(e.medianMinutes)} | ${e.medianAttempts ?? '—'} | ${e.stuck} | ${e.handsRaised} | ${checks} |`);
    }
    lines.push('');
  }
  lines.push('## Where people got stuck', '');
  if (report.stuckPoints.length === 0) lines.push(`Nobody was stuck (the same checks failing 3 times in a row, or no activity for ${report.pace.quietMinutes} min past ${report.pace.stuckFactor}× the exercise's expected minutes).`, '');
  else {
    for (const s of report.stuckPoints) lines.push(`- **${md(s.exerciseId)}**: ${s.stuck} got stuck, ${s.notPassed} did not pass it`);
    lines.push('');
  }
  lines.push('## Who needs follow-up', '');
  if (report.followUp.length === 0) lines.push('Everyone finished with a working setup.', '');
  else {
    for (const [group, title] of FOLLOW_UP_TITLES) {
      const rows = report.followUp.filter((f) => f.group === group);
      if (rows.length === 0) continue;
      lines.push(`### ${title} (${rows.length})`, '', '| name | team | email | why |', '|---|---|---|---|');
      for (const f of rows) lines.push(`| ${md(f.name)} | ${md(f.team)} | ${md(f.email)} | ${f.reasons.map(md).join('; ')} |`);
      lines.push('');
    }
  }
  if (report.notJoined && report.notJoined.length > 0) {
    lines.push(`## Invited but did not come (${report.notJoined.length})`, '');
    for (const p of report.notJoined) lines.push(`- ${md(p.name)} (${md(p.team)})`);
    lines.push('');
  }
  lines.push('## Participants', '');
  lines.push('| name | team | ready | exercises done | finished | Codex used | hand raised |', '|---|---|---|---:|---|---|---|');
  for (const p of report.participants) {
    lines.push(`| ${md(p.name)} | ${md(p.team)} | ${p.ready ? 'yes' : md(p.readiness)} | ${p.exercisesDone} | ${p.finished ? 'yes' : 'no'} | ${p.codexUsed ? 'yes' : 'no'} | ${p.handRaised ? 'still up' : p.handsRaised > 0 ? `${p.handsRaised}×` : '—'} |`);
  }
  lines.push('');
  if (report.warnings.length > 0) {
    lines.push('## Notes', '');
    for (const w of report.warnings) lines.push(`- ${md(w)}`);
    lines.push('');
  }
  // Issue 12: ids, check ids and platforms from events are not all escaped above; the whole report
  // goes through the one sanitiser, so nothing from a participant can drive the terminal.
  return sanitizeText(lines.join('\n'));
}

const CSV_COLUMNS = ['id', 'name', 'email', 'team', 'walkIn', 'table', 'joinedAt', 'ready', 'readiness', 'exercisesStarted', 'exercisesDone', 'finished', 'codexUsed', 'handRaised', 'handsRaised', 'helped', 'followUpGroup', 'followUp'] as const;

/** One row per participant, for spreadsheets (UTF-8 with a BOM so Excel reads names like 田中 right). */
export function renderCsv(report: SessionReport): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const p of report.participants) {
    rows.push(
      CSV_COLUMNS.map((column) => {
        const value = column === 'followUp' ? p.followUp.join('; ') : p[column];
        // Issue 11: the programme CSV's conventions: yes/no, local ISO times with offset (joinedAt already is).
        return csvCell(typeof value === 'boolean' ? (value ? 'yes' : 'no') : (value ?? ''));
      }).join(','),
    );
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
