import { escapeHtml } from '../render/escape.js';
import { FUNNEL_STAGES, type ProgrammeReport, SEGMENT_NAMES, type WeekPoint } from './report-data.js';
import { hoursFormula } from '../quests/hours.js';
import { QUEST_LABEL, SEGMENT_LABEL, STAGE_LABEL, installsByTeam, invitedNote, skillQuest } from './render-text.js';
import { storyHtml } from './render-story.js';

/**
 * The programme report as one self-contained HTML page: inline CSS and inline SVG charts, no script,
 * no fonts, no images, a Content-Security-Policy that forbids fetching anything, so it opens offline
 * from an email attachment and prints on A4. Every participant- or spreadsheet-supplied string goes
 * through `esc`.
 */
const esc = escapeHtml;

const COLORS = {
  bar: '#2f6fde',
  barLight: '#c9d9f7',
  line: '#1b7f4b',
  grid: '#d9d9d9',
  text: '#1d1d1f',
  muted: '#6b6b70',
  segments: { notStarted: '#c7c7cc', triedOnly: '#f2a541', continued: '#1b7f4b' } as Record<string, string>,
};

/** Horizontal bars, one per funnel stage, each as wide as its share of invited. */
export function funnelSvg(report: ProgrammeReport): string {
  const rowH = 34;
  const labelW = 200;
  const barMax = 330;
  const width = 640;
  const height = FUNNEL_STAGES.length * rowH + 8;
  const invited = report.funnel.invited;
  const rows = FUNNEL_STAGES.map((stage, i) => {
    const count = report.funnel[stage];
    const w = invited === 0 ? 0 : Math.max(count > 0 ? 2 : 0, Math.round((count / invited) * barMax));
    const y = i * rowH + 4;
    return [
      `<g data-stage="${stage}">`,
      `<text x="${labelW - 8}" y="${y + 20}" text-anchor="end" font-size="13" fill="${COLORS.text}">${esc(STAGE_LABEL[stage])}</text>`,
      `<rect x="${labelW}" y="${y + 4}" width="${barMax}" height="${rowH - 10}" fill="${COLORS.barLight}" rx="3"/>`,
      `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 10}" fill="${COLORS.bar}" rx="3"/>`,
      `<text x="${labelW + barMax + 8}" y="${y + 20}" font-size="13" fill="${COLORS.text}"><tspan font-weight="600">${count}</tspan> <tspan fill="${COLORS.muted}">(${report.funnelPercent[stage]}%)</tspan></text>`,
      '</g>',
    ].join('');
  });
  return `<svg class="chart" role="img" aria-label="Funnel from invited to continued" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`;
}

/** The share of attendees active on the session day and in each week after, as a line with labelled points. */
export function weeklySvg(points: WeekPoint[]): string {
  const width = 640;
  const height = 220;
  const left = 48;
  const right = 56;
  const top = 30;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number) => left + (points.length <= 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (percent: number) => top + plotH - (percent / 100) * plotH;
  const grid = [0, 25, 50, 75, 100]
    .map((p) => `<line x1="${left}" x2="${width - right}" y1="${y(p)}" y2="${y(p)}" stroke="${COLORS.grid}"/><text x="${left - 6}" y="${y(p) + 4}" text-anchor="end" font-size="11" fill="${COLORS.muted}">${p}%</text>`)
    .join('');
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.percentOfAttended).toFixed(1)}`).join(' ');
  // The first point sits on the y axis: a label centred on it would run over the axis's "75%" or "0%"
  // (issue 11, seen in print), so its labels start at the point instead; the others are centred. A
  // white outline keeps a label readable where the line runs through it (a valley point).
  const anchor = (i: number) => (i === 0 && points.length > 1 ? 'start' : 'middle');
  const dots = points
    .map(
      (p, i) =>
        `<g data-week="${p.week}"><circle cx="${x(i).toFixed(1)}" cy="${y(p.percentOfAttended).toFixed(1)}" r="4" fill="${COLORS.line}"/>` +
        `<text x="${x(i).toFixed(1)}" y="${(y(p.percentOfAttended) - 9).toFixed(1)}" text-anchor="${anchor(i)}" font-size="12" fill="${COLORS.text}" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${p.active} (${p.percentOfAttended}%)</text>` +
        `<text x="${x(i).toFixed(1)}" y="${height - bottom + 22}" text-anchor="${anchor(i)}" font-size="12" fill="${COLORS.muted}">${esc(p.label)}</text></g>`,
    )
    .join('');
  return `<svg class="chart" role="img" aria-label="Attendees using Codex per week after the session" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">${grid}<path d="${path}" fill="none" stroke="${COLORS.line}" stroke-width="2.5"/>${dots}</svg>`;
}

/** notStarted / triedOnly / continued as one stacked bar. */
function segmentSvg(report: ProgrammeReport): string {
  const width = 640;
  const total = report.segments.notStarted + report.segments.triedOnly + report.segments.continued;
  let at = 0;
  const parts = (['notStarted', 'triedOnly', 'continued'] as const)
    .map((name) => {
      const n = report.segments[name];
      const w = total === 0 ? 0 : (n / total) * width;
      const rect = `<rect x="${at.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="28" fill="${COLORS.segments[name]}"><title>${esc(SEGMENT_LABEL[name])}: ${n}</title></rect>`;
      const label = w > 60 ? `<text x="${(at + w / 2).toFixed(1)}" y="19" text-anchor="middle" font-size="12" fill="#fff" font-weight="600">${n}</text>` : '';
      at += w;
      return rect + label;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="Segments" viewBox="0 0 ${width} 28" width="100%" xmlns="http://www.w3.org/2000/svg">${parts}</svg>`;
}

const SHORT_STAGE_LABEL: Record<(typeof FUNNEL_STAGES)[number], string> = {
  invited: 'Invited',
  exploredBeforeTraining: 'Explored before',
  readyBeforeSession: 'Ready before',
  attended: 'Attended',
  tried: 'Tried',
  finished: 'Finished',
  continued: 'Continued',
};

const yes = (b: boolean) => (b ? '✓' : '');

/** The quests section (issue 14): per team, reviewed hours with how they are computed, the most reused wins. */
function questsHtml(report: ProgrammeReport): string {
  const q = report.quests;
  if (q.posted === 0) {
    return `<section id="quests">
  <h2>Quests and reviewed wins</h2>
  <p>No quests yet. On the programme server participants post tasks they do again and again (<code>workshop quest post</code>); reviewed wins and the hours they save appear here.</p>
</section>`;
  }
  return `<section id="quests">
  <h2>Quests and reviewed wins</h2>
  <p>${q.posted} quest(s) posted · ${q.claimed} claimed · ${q.done} done (reviewed wins) · <strong data-col="hours">${q.hoursPerMonth} hours saved a month</strong> · risk ${q.risk.low} low / ${q.risk.medium} medium / ${q.risk.high} high</p>
  <table class="numbers"><thead><tr><th>Team</th><th class="n">Posted</th><th class="n">Claimed</th><th class="n">Done</th><th class="n">Hours a month</th><th>Risk low / medium / high</th></tr></thead><tbody>
  ${Object.entries(q.byTeam)
    .map(([team, t]) => `<tr data-team="${esc(team)}"><td>${esc(team)}</td><td class="n">${t.posted}</td><td class="n">${t.claimed}</td><td class="n">${t.done}</td><td class="n">${t.hoursPerMonth}</td><td>${t.risk.low} / ${t.risk.medium} / ${t.risk.high}</td></tr>`)
    .join('\n  ')}
  </tbody></table>
  <p class="muted">Hours: ${esc(q.definitions.hoursPerMonth)}</p>
  <h3>Most reused wins</h3>
  ${
    q.topReused.length === 0
      ? '<p>No win has been marked "I use this too" yet.</p>'
      : `<table><thead><tr><th>Win</th><th>Team</th><th>Kind</th><th>Built by</th><th class="n">Used by others</th><th>Hours a month, computed</th></tr></thead><tbody>${q.topReused
          .map((w) => `<tr data-quest="${w.id}"><td>#${w.id} ${esc(w.title)}</td><td>${esc(w.team)}</td><td>${esc(w.kind)}</td><td>${esc(w.claimers.map((c) => c.name).join(', '))}</td><td class="n">${w.reuseCount}</td><td>${esc(hoursFormula(w.hours))}</td></tr>`)
          .join('')}</tbody></table>`
  }
</section>`;
}

/** The skills section (issue 15): approved company skills, the most installed first, with the totals. */
function skillsHtml(report: ProgrammeReport): string {
  const k = report.skills;
  if (k.skills === 0) {
    return `<section id="skills">
  <h2>Company skills</h2>
  <p>No approved skills yet. On the programme server participants publish skills (<code>workshop skills publish DIR</code>); once a facilitator approves one, its installs and uses appear here.</p>
</section>`;
  }
  return `<section id="skills">
  <h2>Company skills</h2>
  <p>${k.skills} approved skill(s) · ${k.installs} install(s) · ${k.uses} use(s) reported</p>
  <table><thead><tr><th>Skill</th><th>Team</th><th>Author</th><th>From quest</th><th class="n">Version</th><th class="n">Installs</th><th>Installs by team</th><th class="n">Uses (reported)</th></tr></thead><tbody>
  ${k.list
    .map((s) => `<tr data-skill="${esc(s.name)}"><td>${esc(s.name)}</td><td>${esc(s.team)}</td><td>${esc(s.author)}</td><td>${skillQuest(s, esc)}</td><td class="n">${s.version}</td><td class="n">${s.installs}</td><td>${installsByTeam(s.installsByTeam, esc)}</td><td class="n">${s.uses}</td></tr>`)
    .join('\n  ')}
  </tbody></table>
  <p class="muted">Installs: ${esc(k.definitions.installs)} Uses: ${esc(k.definitions.uses)}</p>
</section>`;
}

export function renderHtml(report: ProgrammeReport): string {
  const title = `${report.programme.title} — programme report`;
  const f = report.funnel;
  const teams = Object.entries(report.byTeam);
  const uc = report.useCases;
  const body = `
<header>
  <h1>${esc(report.programme.title)}</h1>
  <p class="muted">Programme <code>${esc(report.programme.id)}</code> · ${report.dates.length} date(s) · ${f.invited} invited · generated ${esc(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC · days in ${esc(report.programme.timeZone)}</p>
</header>

<section id="funnel">
  <h2>Funnel</h2>
  ${funnelSvg(report)}
  <table class="numbers compact"><thead><tr><th>Stage</th><th class="n">People</th><th class="n">% of invited</th></tr></thead><tbody>
  ${FUNNEL_STAGES.map((s) => `<tr data-stage="${s}"><td>${esc(STAGE_LABEL[s])}</td><td class="n">${f[s]}</td><td class="n">${report.funnelPercent[s]}%</td></tr>`).join('\n  ')}
  </tbody></table>
</section>

<section id="segments">
  <h2>Continued use (${report.settings.windowDays} days after the session)</h2>
  ${segmentSvg(report)}
  <table class="numbers compact"><thead><tr><th>Segment</th><th class="n">People</th></tr></thead><tbody>
  ${SEGMENT_NAMES.map((n) => `<tr data-segment="${n}"><td>${n !== 'regular' ? `<span class="swatch" style="background:${COLORS.segments[n]}"></span>` : ''}${esc(SEGMENT_LABEL[n])}</td><td class="n">${report.segments[n]}</td></tr>`).join('\n  ')}
  </tbody></table>
  ${report.windowStillOpen > 0 ? `<p class="note">${report.windowStillOpen} attendee(s) had their session less than ${report.settings.windowDays} days ago: their segment may still change.</p>` : ''}
  <h3>Weekly active use after the session</h3>
  ${weeklySvg(report.weeklyActive)}
</section>

<section id="teams">
  <h2>By team</h2>
  <table class="numbers"><thead><tr><th>Team</th>${FUNNEL_STAGES.map((s) => `<th class="n">${esc(SHORT_STAGE_LABEL[s])}</th>`).join('')}<th class="n">Regular</th></tr></thead><tbody>
  ${teams
    .map(
      ([team, b]) =>
        `<tr data-team="${esc(team)}"><td>${esc(team)}</td>${FUNNEL_STAGES.map((s) => `<td class="n" data-stage="${s}">${b.funnel[s]}${s === 'invited' ? '' : ` <span class="muted">${b.funnelPercent[s]}%</span>`}</td>`).join('')}<td class="n" data-segment="regular">${b.segments.regular}</td></tr>`,
    )
    .join('\n  ')}
  </tbody></table>
</section>

<section id="dates">
  <h2>Dates</h2>
  <table class="numbers"><thead><tr><th>Session</th><th>Starts</th><th class="n">Invited</th><th class="n">Attended</th><th class="n">Returning</th><th class="n">Ready before</th><th class="n">Walk-ins</th></tr></thead><tbody>
  ${report.dates
    .map(
      (d) =>
        `<tr data-session="${esc(d.session)}"><td>${esc(d.session)}</td><td>${esc(d.startsLocal)}</td><td class="n" data-col="invited">${d.invited ?? '—'}</td><td class="n" data-col="attended">${d.attended}</td><td class="n">${d.returning}</td><td class="n">${d.readyBeforeSession}</td><td class="n">${d.walkIns}</td></tr>`,
    )
    .join('\n  ')}
  </tbody></table>
  <p class="muted">${esc(invitedNote(report))}</p>
</section>

<section id="use-cases">
  <h2>Use cases</h2>
  ${
    uc.teams.length === 0
      ? '<p>No use cases yet. Ask participants to run <code>workshop share</code> for each task they now do with Codex.</p>'
      : `<p>${uc.totals.shared} task(s) shared · about <strong>${uc.totals.hoursSavedPerMonth} hours saved per month</strong> (participants' estimates) · ${uc.totals.ownTaskCompleted} did the "own task" exercise · risk ${uc.totals.risk.low} low / ${uc.totals.risk.medium} medium / ${uc.totals.risk.high} high</p>
  ${uc.teams
    .map(
      (t) => `<h3>${esc(t.team)} <span class="muted">· ${t.shared} task(s) · ~${t.hoursSavedPerMonth} h/month · own task ${t.ownTaskCompleted} · risk ${t.risk.low}/${t.risk.medium}/${t.risk.high}</span></h3>
  ${
    t.tasks.length === 0
      ? ''
      : `<table><thead><tr><th>Task</th><th>Who</th><th>How often</th><th>Min/week</th><th>Risk</th><th>Reusable</th></tr></thead><tbody>${t.tasks
          .map((task) => `<tr><td>${esc(task.what)}</td><td>${esc(task.name)}</td><td>${esc(task.frequency)}</td><td class="n">${task.minutesSavedPerWeek}</td><td class="risk-${task.risk}">${esc(task.risk)}</td><td>${task.reusable ? 'yes' : 'no'}</td></tr>`)
          .join('')}</tbody></table>`
  }`,
    )
    .join('\n  ')}`
  }
</section>

${questsHtml(report)}
${skillsHtml(report)}

${storyHtml(report)}

${
  report.walkIns.length > 0 || report.unmatchedUsage.length > 0
    ? `<section id="loose-ends"><h2>Loose ends</h2>
  ${report.walkIns.length > 0 ? `<p>Joined a session but not on the roster (not counted in the funnel; add them with <code>workshop roster import</code>):</p><ul>${report.walkIns.map((w) => `<li>${esc(w.name)} &lt;${esc(w.email)}&gt; (${esc(w.team)})</li>`).join('')}</ul>` : ''}
  ${report.unmatchedUsage.length > 0 ? `<p>Usage that matched nobody on the roster (add the key id or hint to the roster's <code>key</code> column):</p><ul>${report.unmatchedUsage.map((u) => `<li>${esc(u.source.kind)} <code>${esc(u.source.value)}</code>: ${u.requests} requests on ${u.days} day(s) (${esc(u.reason)})</li>`).join('')}</ul>` : ''}
</section>`
    : ''
}

<section id="definitions">
  <h2>Definitions</h2>
  <dl>
  ${FUNNEL_STAGES.map((s) => `<dt>${esc(STAGE_LABEL[s])} <code>${s}</code></dt><dd>${esc(report.definitions.funnel[s])}</dd>`).join('\n  ')}
  ${SEGMENT_NAMES.map((n) => `<dt>${esc(SEGMENT_LABEL[n])} <code>${n}</code></dt><dd>${esc(report.definitions.segments[n])}</dd>`).join('\n  ')}
  ${Object.entries(report.quests.definitions).map(([n, text]) => `<dt>${esc(QUEST_LABEL[n as keyof typeof QUEST_LABEL])} <code>${n}</code></dt><dd>${esc(text)}</dd>`).join('\n  ')}
  </dl>
  <p class="muted">${esc(report.definitions.window)}</p>
</section>

<section id="people" class="people">
  <h2>People</h2>
  <table><thead><tr><th>Name</th><th>Team</th><th>Dates attended</th><th>Ready before</th><th>Tried</th><th>Finished</th><th>Segment</th><th>Active weeks</th></tr></thead><tbody>
  ${report.people
    .map(
      (p) =>
        `<tr><td>${esc(p.name)}<br><span class="muted">${esc(p.email)}</span></td><td>${esc(p.team)}</td><td>${esc(p.attended.join(', '))}${p.returning ? ' <span class="tag">returning</span>' : ''}</td><td>${yes(p.readyBeforeSession)}</td><td>${yes(p.tried)}</td><td>${yes(p.finished)}</td><td>${esc(p.segment)}${p.regular ? ' (regular)' : ''}${p.contributedWin ? ' <span class="tag" data-col="contributed-win">win</span>' : ''}</td><td class="n">${p.activeWeeks}</td></tr>`,
    )
    .join('\n  ')}
  </tbody></table>
</section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>
  :root { color-scheme: light; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Yu Gothic", "Noto Sans CJK JP", sans-serif; color: ${COLORS.text}; max-width: 980px; margin: 24px auto; padding: 0 16px; }
  h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid ${COLORS.grid}; padding-bottom: 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
  .muted { color: ${COLORS.muted}; font-weight: normal; } .note { background: #fff6e0; padding: 6px 10px; border-radius: 4px; }
  table { border-collapse: collapse; width: 100%; margin: 8px 0; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
  th { font-size: 12px; color: ${COLORS.muted}; font-weight: 600; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } td.n { white-space: nowrap; }
  table.compact { width: auto; min-width: 420px; }
  .chart { display: block; max-width: 680px; margin: 8px 0; } .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
  .follow { font-size: 12px; }
  .tag { font-size: 11px; background: #e8f0fd; color: #1d4fa8; padding: 0 5px; border-radius: 3px; }
  .risk-high { color: #b3261e; font-weight: 600; } .risk-medium { color: #8a5a00; }
  dt { font-weight: 600; margin-top: 6px; } dd { margin: 0 0 0 16px; } code { font-size: 12px; background: #f3f3f5; padding: 0 3px; border-radius: 3px; }
  @page { size: A4; margin: 14mm 12mm; }
  @media print {
    body { font-size: 10pt; max-width: none; margin: 0; padding: 0; }
    section { break-inside: avoid; } .people { break-before: page; } .people, #use-cases, #follow-up, #spend { break-inside: auto; }
    tr { break-inside: avoid; } h2, h3 { break-after: avoid; }
    .chart { max-width: 100%; }
  }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
