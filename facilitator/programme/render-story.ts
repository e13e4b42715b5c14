import { escapeHtml } from '../render/escape.js';
import type { ActiveSeries } from './active-users.js';
import type { ProgrammeReport } from './report-data.js';

/**
 * Issue 16's sections of the programme report (exploring before training, active users, spend and
 * value against cost, the follow-up lists) as Markdown lines and as HTML. They only read the report.
 * Long series show their last weeks and days; the JSON report holds them whole.
 */
export const SHOWN_WEEKS = 12;
export const SHOWN_DAYS = 14;

const VALUE_LABEL: Record<keyof ProgrammeReport['valueVsCost']['definitions'], string> = {
  tokens: 'Tokens',
  spend: 'Spend',
  spendLast30Days: 'Spend, last 30 days',
  reviewedHoursPerMonth: 'Reviewed hours saved a month',
  estimatedHoursPerMonth: 'Estimated hours a month (use cases)',
  spendPerReviewedHourSaved: 'Spend per reviewed hour saved',
};

export function money(amount: number | null, currency: string | null): string {
  if (amount === null) return '—';
  const shown = amount > 0 && amount < 0.01 ? '<0.01' : amount.toFixed(2);
  return currency ? `${shown} ${currency.toUpperCase()}` : shown;
}

function tail(s: ActiveSeries, n: number): { points: string[]; active: number[]; started: number[]; byTeam: Array<[string, number[]]> } {
  const from = Math.max(0, s.points.length - n);
  return { points: s.points.slice(from), active: s.active.slice(from), started: s.started.slice(from), byTeam: Object.entries(s.byTeam).map(([team, t]) => [team, t.active.slice(from)]) };
}

const pctOf = (n: number, of: number) => (of === 0 ? '—' : `${Math.round((n / of) * 1000) / 10}%`);

/** Markdown; `cell` makes participant and spreadsheet text inert (render-text.ts's mdCell). */
export function storyMarkdown(report: ProgrammeReport, cell: (text: string) => string): string[] {
  const out: string[] = [];
  const e = report.exploredBeforeTraining;
  out.push('## Explored before training', '', `${e.count} of ${report.funnel.invited} invited (${e.percentOfInvited}%) used their key before the first date they attended.`, '');

  const a = report.activeUsers;
  out.push('## Active users', '');
  if (!a.from) {
    out.push('No usage matched to the roster yet: sync it (`workshop usage sync`) or import it (`workshop usage import`).', '');
  } else {
    const w = tail(a.weekly, SHOWN_WEEKS);
    out.push(`Weekly, from the first use of a key (${a.from}) to the last day with usage data (${a.to})${a.weekly.points.length > SHOWN_WEEKS ? `, last ${SHOWN_WEEKS} weeks` : ''}:`, '');
    out.push(`| Week of | Active | Started | Active of started | ${w.byTeam.map(([t]) => cell(t)).join(' | ')}${w.byTeam.length ? ' |' : ''}`, `|---|---:|---:|---:|${w.byTeam.map(() => '---:|').join('')}`);
    w.points.forEach((p, i) => out.push(`| ${p} | ${w.active[i]} | ${w.started[i]} | ${pctOf(w.active[i], w.started[i])} | ${w.byTeam.map(([, v]) => v[i]).join(' | ')}${w.byTeam.length ? ' |' : ''}`));
    const d = tail(a.daily, SHOWN_DAYS);
    out.push('', `Daily, last ${d.points.length} day(s): ${d.points.map((p, i) => `${p.slice(5)} ${d.active[i]}`).join(', ')}.`, '');
  }

  const c = report.costs;
  out.push('## Spend and value', '', `_${c.note}_`, '');
  if (c.basis !== 'none') {
    out.push(
      `Programme: ${money(c.programme.total, c.currency)} from ${c.from} to ${c.to}; ${money(c.programme.total - c.programme.keysNotOnRoster - c.programme.byProject, c.currency)} by ${c.programme.people} people on the roster, ${money(c.programme.keysNotOnRoster, c.currency)} by keys on no one's roster row, ${money(c.programme.byProject, c.currency)} by project.`,
      '',
    );
    const other = Object.entries(c.otherCurrencies);
    if (other.length) out.push(`_Left out (other currencies): ${other.map(([cur, n]) => money(n, cur)).join(', ')}._`, '');
  }
  const v = report.valueVsCost;
  const keys = Object.keys(v.definitions) as Array<keyof typeof v.definitions>;
  out.push(`| Team | ${keys.map((k) => VALUE_LABEL[k]).join(' | ')} |`, `|---|${keys.map(() => '---:').join('|')}|`);
  for (const [team, r] of Object.entries(v.byTeam)) {
    out.push(`| ${cell(team)} | ${r.tokens} | ${money(r.spend, c.currency)} | ${money(r.spendLast30Days, c.currency)} | ${r.reviewedHoursPerMonth} | ${r.estimatedHoursPerMonth} | ${money(r.spendPerReviewedHourSaved, c.currency)} |`);
  }
  out.push('', `How each figure is computed (month: ${v.monthFrom} to ${v.monthTo}):`, '');
  for (const k of keys) out.push(`- **${VALUE_LABEL[k]}**: ${v.definitions[k]}`);
  out.push('');

  const f = report.followUp;
  out.push('## Follow-up', '', `_${f.note}_`, '');
  out.push(`### Tried in the session, then no use in 14 days`, '');
  if (!f.usageThrough) out.push('No usage stored yet, so nobody can be listed.', '');
  else if (f.triedThenQuiet.length === 0) out.push(`Nobody (usage up to ${f.usageThrough}).`, '');
  else {
    for (const p of f.triedThenQuiet) out.push(`- ${cell(p.name)} <${cell(p.email)}> (${cell(p.team)}), attended ${p.firstAttended}, last use ${p.lastUseDay ?? 'never'}${p.keyOnRoster ? '' : ' — no key on the roster'}`);
    out.push('');
  }
  out.push('### Teams with spend and no reviewed win', '');
  if (f.teamsWithSpendNoWin.length === 0) out.push('None.', '');
  else {
    for (const t of f.teamsWithSpendNoWin) out.push(`- ${cell(t.team)}: ${money(t.spend, c.currency)}`);
    out.push('');
  }
  out.push('### High spend, no shared win', '');
  if (f.highSpendNoSharedWin.length === 0) out.push('None.', '');
  else {
    out.push(`High: ${money(f.highSpendFrom, c.currency)} or more.`, '');
    for (const p of f.highSpendNoSharedWin) out.push(`- ${cell(p.name)} <${cell(p.email)}> (${cell(p.team)}): ${money(p.spend, c.currency)}`);
    out.push('');
  }
  return out;
}

/** The definitions list entries for issue 16's figures (Markdown). */
export function storyDefinitionsMarkdown(report: ProgrammeReport): string[] {
  return [
    ...Object.entries(report.activeUsers.definitions).map(([k, t]) => `- **Active users, ${k}** (\`activeUsers.${k}\`): ${t}`),
    ...Object.entries(report.costs.definitions).map(([k, t]) => `- **Spend, ${k}** (\`costs.${k}\`): ${t}`),
    ...Object.entries(report.followUp.definitions).map(([k, t]) => `- **Follow-up, ${k}** (\`followUp.${k}\`): ${t}`),
  ];
}

const esc = escapeHtml;

export function storyHtml(report: ProgrammeReport): string {
  const e = report.exploredBeforeTraining;
  const a = report.activeUsers;
  const c = report.costs;
  const v = report.valueVsCost;
  const f = report.followUp;
  const keys = Object.keys(v.definitions) as Array<keyof typeof v.definitions>;
  const w = tail(a.weekly, SHOWN_WEEKS);
  const d = tail(a.daily, SHOWN_DAYS);
  // One paragraph per list, names separated by semicolons: a list of 50 people stays a few lines on paper.
  const people = (list: Array<{ name: string; email: string; team: string }>, extra: (i: number) => string) =>
    `<p class="follow">${list.map((p, i) => `<span title="${esc(p.email)}">${esc(p.name)} (${esc(p.team)}${extra(i)})</span>`).join('; ')}</p>`;
  return `<section id="explored">
  <h2>Explored before training</h2>
  <p><strong data-col="explored">${e.count}</strong> of ${report.funnel.invited} invited (${e.percentOfInvited}%) used their key before the first date they attended.</p>
  <p class="muted">${esc(e.definition)}</p>
</section>

<section id="active-users">
  <h2>Active users</h2>
  ${
    !a.from
      ? '<p>No usage matched to the roster yet: sync it (<code>workshop usage sync</code>) or import it (<code>workshop usage import</code>).</p>'
      : `<p>From the first use of a key (${esc(a.from)}) to the last day with usage data (${esc(a.to ?? '')}).</p>
  <table class="numbers"><thead><tr><th>Week of</th><th class="n">Active</th><th class="n">Started</th>${w.byTeam.map(([t]) => `<th class="n">${esc(t)}</th>`).join('')}</tr></thead><tbody>
  ${w.points.map((p, i) => `<tr data-week="${esc(p)}"><td>${esc(p)}</td><td class="n">${w.active[i]}</td><td class="n">${w.started[i]}</td>${w.byTeam.map(([, vals]) => `<td class="n">${vals[i]}</td>`).join('')}</tr>`).join('\n  ')}
  </tbody></table>
  <p class="muted">Daily, last ${d.points.length} day(s): ${d.points.map((p, i) => `${esc(p.slice(5))} ${d.active[i]}`).join(', ')}.</p>`
  }
</section>

<section id="spend">
  <h2>Spend and value</h2>
  <p class="note" data-col="basis" data-basis="${esc(c.basis)}">${esc(c.note)}</p>
  ${c.basis === 'none' ? '' : `<p>Programme: <strong data-col="spend">${esc(money(c.programme.total, c.currency))}</strong> from ${esc(c.from ?? '')} to ${esc(c.to ?? '')} · ${c.programme.people} people with spend · ${esc(money(c.programme.keysNotOnRoster, c.currency))} by keys on no one's roster row · ${esc(money(c.programme.byProject, c.currency))} by project</p>`}
  <table class="numbers"><thead><tr><th>Team</th>${keys.map((k) => `<th class="n">${esc(VALUE_LABEL[k])}</th>`).join('')}</tr></thead><tbody>
  ${Object.entries(v.byTeam)
    .map(
      ([team, r]) =>
        `<tr data-team="${esc(team)}"><td>${esc(team)}</td><td class="n">${r.tokens}</td><td class="n">${esc(money(r.spend, c.currency))}</td><td class="n">${esc(money(r.spendLast30Days, c.currency))}</td><td class="n">${r.reviewedHoursPerMonth}</td><td class="n">${r.estimatedHoursPerMonth}</td><td class="n">${esc(money(r.spendPerReviewedHourSaved, c.currency))}</td></tr>`,
    )
    .join('\n  ')}
  </tbody></table>
  <dl>${keys.map((k) => `<dt>${esc(VALUE_LABEL[k])}</dt><dd>${esc(v.definitions[k])}</dd>`).join('')}</dl>
</section>

<section id="follow-up">
  <h2>Follow-up</h2>
  <p class="note">${esc(f.note)}</p>
  <h3>Tried in the session, then no use in 14 days</h3>
  ${!f.usageThrough ? '<p>No usage stored yet, so nobody can be listed.</p>' : f.triedThenQuiet.length === 0 ? '<p>Nobody.</p>' : people(f.triedThenQuiet, (i) => `, last use ${esc(f.triedThenQuiet[i].lastUseDay ?? 'never')}${f.triedThenQuiet[i].keyOnRoster ? '' : ', no key on the roster'}`)}
  <h3>Teams with spend and no reviewed win</h3>
  ${f.teamsWithSpendNoWin.length === 0 ? '<p>None.</p>' : `<ul>${f.teamsWithSpendNoWin.map((t) => `<li>${esc(t.team)}: ${esc(money(t.spend, c.currency))}</li>`).join('')}</ul>`}
  <h3>High spend, no shared win</h3>
  ${f.highSpendNoSharedWin.length === 0 ? '<p>None.</p>' : `<p>High: ${esc(money(f.highSpendFrom, c.currency))} or more.</p>${people(f.highSpendNoSharedWin, (i) => `, ${esc(money(f.highSpendNoSharedWin[i].spend, c.currency))}`)}`}
  <dl>${Object.entries(f.definitions).map(([k, t]) => `<dt><code>${esc(k)}</code></dt><dd>${esc(t)}</dd>`).join('')}</dl>
</section>`;
}
