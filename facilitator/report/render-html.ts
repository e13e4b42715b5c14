import { escapeHtml } from '../render/escape.js';
import type { SessionReport } from './build-report.js';

/**
 * The session report as one self-contained HTML page: inline CSS and an inline SVG funnel, no
 * script, no external asset, so it opens offline, can be mailed as an attachment and prints on A4.
 * Every string from the session goes through `escapeHtml`.
 */
const h = escapeHtml;
const pct = (n: number, of: number) => (of === 0 ? '—' : `${Math.round((n / of) * 100)}%`);

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;color:#1b1f24;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d9dde3;padding-bottom:.2rem}
.meta{color:#5b6470}table{border-collapse:collapse;width:100%;font-size:.92rem;margin:.5rem 0}
th,td{border-bottom:1px solid #e3e6ea;padding:.3rem .45rem;text-align:left;vertical-align:top}th{background:#f6f7f9}
td.n,th.n{text-align:right}.bad{color:#b42318}.ok{color:#17803d}.muted{color:#5b6470}
svg text{font-family:inherit}ul{padding-left:1.2rem}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{break-after:avoid}tr{break-inside:avoid}}
@page{size:A4;margin:15mm}
`;

function funnelSvg(report: SessionReport): string {
  const a = report.attendance;
  const stages: Array<[string, number]> = [
    ['joined', a.joined],
    ['ready', a.ready],
    ['started', a.started],
    ['finished', a.finished],
  ];
  const width = 560;
  const barHeight = 26;
  const gap = 8;
  const labelWidth = 90;
  // Room after the longest bar for its value ("1000 (100%)" at 14 px is about 85 px): in print a
  // narrower reserve ran the label past the chart's edge (issue 11).
  const valueWidth = 120;
  const max = Math.max(1, a.joined);
  const bars = stages
    .map(([label, value], i) => {
      const y = i * (barHeight + gap);
      const w = Math.round(((width - labelWidth - valueWidth) * value) / max);
      return `<text x="2" y="${y + 18}" font-size="14">${label}</text><rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" rx="4" fill="#3b6fd8"/><text x="${labelWidth + w + 8}" y="${y + 18}" font-size="14">${value} (${pct(value, a.joined)})</text>`;
    })
    .join('');
  const height = stages.length * (barHeight + gap);
  return `<svg role="img" aria-label="Funnel: joined, ready, started, finished" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}

export function renderHtml(report: SessionReport): string {
  const a = report.attendance;
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`);
  parts.push(`<title>${h(report.session.title)} · session report</title><style>${STYLE}</style></head><body>`);
  parts.push(`<h1>${h(report.session.title)}</h1>`);
  parts.push(`<p class="meta">Session ${h(report.session.id)} · started ${h(report.session.startedAt)} · last activity ${h(report.session.endedAt)} · report made ${h(report.generatedAt)}</p>`);

  parts.push('<h2>Attendance and readiness</h2>', funnelSvg(report));
  parts.push(`<p>At the end: <span class="ok">${report.readiness.ready} ready</span>, <span class="bad">${report.readiness.notReady} not ready</span>, ${report.readiness.unknown} never ran the doctor.</p>`);
  if (a.teams.length > 0) parts.push(`<p class="muted">Teams: ${a.teams.map((t) => `${h(t.team)} (${t.count})`).join(', ')}</p>`);
  if (report.readiness.blockers.length > 0) {
    parts.push('<h3>Most common setup blockers</h3><ul>');
    for (const b of report.readiness.blockers) parts.push(`<li>${b.count} × ${h(b.words)} <span class="muted">(${h(b.key)})</span></li>`);
    parts.push('</ul>');
  }

  parts.push('<h2>Exercises</h2>');
  if (report.exercises.length === 0) parts.push('<p>Nobody started an exercise.</p>');
  else {
    parts.push('<table><thead><tr><th>exercise</th><th class="n">started</th><th class="n">passed</th><th class="n">median time to pass</th><th class="n">median attempts</th><th class="n">got stuck</th><th class="n">hands</th><th>most failed checks</th></tr></thead><tbody>');
    for (const e of report.exercises) {
      const checks = e.commonFailingChecks.map((c) => `${h(c.check)} (${c.count})`).join(', ') || '—';
      parts.push(
        `<tr><td>${h(e.id)}</td><td class="n">${e.started}</td><td class="n">${e.passed}</td><td class="n">${e.medianMinutes === null ? '—' : `${e.medianMinutes} min`}</td><td class="n">${e.medianAttempts ?? '—'}</td><td class="n">${e.stuck}</td><td class="n">${e.handsRaised}</td><td>${checks}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }

  parts.push('<h2>Where people got stuck</h2>');
  // The one rule of facilitator/summary/needs-help.ts, in the same words as the Markdown report.
  if (report.stuckPoints.length === 0) parts.push(`<p>Nobody was stuck (the same checks failing 3 times in a row, or no activity for ${h(String(report.pace.quietMinutes))} min past ${h(String(report.pace.stuckFactor))}× the exercise's expected minutes).</p>`);
  else parts.push(`<ul>${report.stuckPoints.map((s) => `<li><strong>${h(s.exerciseId)}</strong>: ${s.stuck} got stuck, ${s.notPassed} did not pass it</li>`).join('')}</ul>`);

  parts.push('<h2>Who needs follow-up</h2>');
  if (report.followUp.length === 0) parts.push('<p>Everyone finished with a working setup.</p>');
  else {
    parts.push('<table><thead><tr><th>name</th><th>team</th><th>email</th><th>why</th></tr></thead><tbody>');
    for (const f of report.followUp) parts.push(`<tr><td>${h(f.name)}</td><td>${h(f.team)}</td><td>${h(f.email)}</td><td>${f.reasons.map(h).join('<br>')}</td></tr>`);
    parts.push('</tbody></table>');
  }

  parts.push('<h2>Participants</h2><table><thead><tr><th>name</th><th>team</th><th>ready</th><th class="n">exercises done</th><th>finished</th><th>Codex used</th><th>hand</th></tr></thead><tbody>');
  for (const p of report.participants) {
    parts.push(
      `<tr><td>${h(p.name)}</td><td>${h(p.team)}</td><td class="${p.ready ? 'ok' : 'bad'}">${p.ready ? 'yes' : h(p.readiness)}</td><td class="n">${p.exercisesDone}</td><td>${p.finished ? 'yes' : 'no'}</td><td>${p.codexUsed ? 'yes' : 'no'}</td><td>${p.handRaised ? 'still up' : p.handsRaised > 0 ? `${p.handsRaised}×` : '—'}</td></tr>`,
    );
  }
  parts.push('</tbody></table>');
  if (report.warnings.length > 0) parts.push(`<h2>Notes</h2><ul>${report.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>`);
  parts.push('</body></html>\n');
  return parts.join('\n');
}
