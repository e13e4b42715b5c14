import { csvCell } from '../render/escape.js';
import type { SessionReport } from './build-report.js';

/**
 * Markdown and CSV forms of the session report. Every participant-supplied string is escaped for
 * its format: in Markdown, HTML and table syntax (a name like `<img src=x onerror=…>` or `a|b` stays
 * text in any viewer); in CSV, quoting plus a leading apostrophe for cells a spreadsheet would run
 * as a formula (`=HYPERLINK(…)`).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

const pct = (n: number, of: number) => (of === 0 ? '—' : `${Math.round((n / of) * 100)}%`);
const minutes = (m: number | null) => (m === null ? '—' : `${m} min`);

export function renderMarkdown(report: SessionReport): string {
  const md = escapeMarkdown;
  const a = report.attendance;
  const lines: string[] = [];
  lines.push(`# ${md(report.session.title)}`, '');
  lines.push(`Session \`${report.session.id}\` · started ${report.session.startedAt} · last activity ${report.session.endedAt}`, '');
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
  if (report.stuckPoints.length === 0) lines.push(`Nobody was stuck (3 failed checks in a row, or ${report.stuckAfterMinutes} minutes without progress).`, '');
  else {
    for (const s of report.stuckPoints) lines.push(`- **${md(s.exerciseId)}**: ${s.stuck} got stuck, ${s.notPassed} did not pass it`);
    lines.push('');
  }
  lines.push('## Who needs follow-up', '');
  if (report.followUp.length === 0) lines.push('Everyone finished with a working setup.', '');
  else {
    lines.push('| name | team | email | why |', '|---|---|---|---|');
    for (const f of report.followUp) lines.push(`| ${md(f.name)} | ${md(f.team)} | ${md(f.email)} | ${f.reasons.map(md).join('; ')} |`);
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
  return lines.join('\n');
}

const CSV_COLUMNS = ['id', 'name', 'email', 'team', 'joinedAt', 'ready', 'readiness', 'exercisesStarted', 'exercisesDone', 'finished', 'codexUsed', 'handRaised', 'handsRaised', 'helped', 'followUp'] as const;

/** One row per participant, for spreadsheets (UTF-8 with a BOM so Excel reads names like 田中 right). */
export function renderCsv(report: SessionReport): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const p of report.participants) {
    rows.push(
      CSV_COLUMNS.map((column) => {
        const value = column === 'followUp' ? p.followUp.join('; ') : p[column];
        return csvCell(value);
      }).join(','),
    );
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
