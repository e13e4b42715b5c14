import { hoursFormula } from '../../facilitator/quests/hours.js';
import { sanitizeLine, sanitizeText } from '../core/sanitize.js';
import { paint } from '../core/terminal.js';
import type { Catalog } from '../i18n/index.js';
import type { PersonRef, Quest, QuestShowResponse, QuestSummary } from '../protocol/quests.js';

/**
 * What `workshop quest list | show` print for people: the state, who, and for a done quest the hours
 * saved with how they are computed. Pure (text in, lines out). Everything a participant typed (titles,
 * names, teams, notes, submissions) goes through the one sanitiser: it may hold terminal escapes.
 */
type Words = Catalog['quest'];

const names = (people: PersonRef[]) => people.map((p) => sanitizeLine(p.name)).join(', ');
const day = (iso: string) => iso.slice(0, 10);

function stateBadge(quest: Quest | QuestSummary, t: Words): string {
  const text = `[${t.states[quest.state]}]`;
  return quest.state === 'done' ? paint.green(text) : quest.state === 'open' ? paint.cyan(text) : paint.yellow(text);
}

function facts(quest: Quest | QuestSummary, t: Words): string {
  return t.row({
    often: t.often(quest.often),
    minutes: t.minutes({ minutes: quest.minutesEach }),
    risk: t.risks[quest.risk],
    claimers: quest.claimers.length ? t.claimedBy({ names: names(quest.claimers) }) : '',
    reuses: quest.reuseCount,
  });
}

export function renderList(quests: QuestSummary[], t: Words, lang: 'en' | 'ja'): string[] {
  if (quests.length === 0) return [t.noneFound];
  const lines: string[] = [];
  for (const quest of quests) {
    lines.push(`${paint.bold(`#${quest.id}`)} ${stateBadge(quest, t)} ${sanitizeLine(quest.title)} ${paint.dim(`(${sanitizeLine(quest.team)})`)}`);
    lines.push(`    ${facts(quest, t)}`);
    if (quest.hours) lines.push(`    ${t.hours({ formula: hoursFormula(quest.hours, lang) })}`);
  }
  lines.push('', paint.dim(t.listFooter));
  return lines;
}

const indent = (text: string) =>
  sanitizeText(text)
    .split(/\r?\n/)
    .map((line) => `    ${line}`)
    .join('\n');

export function renderShow(shown: QuestShowResponse, t: Words, lang: 'en' | 'ja', needsFacilitator: boolean): string[] {
  const { quest, history, reusers } = shown;
  const lines = [`${paint.bold(`#${quest.id}`)} ${stateBadge(quest, t)} ${sanitizeLine(quest.title)}`];
  lines.push(`  ${sanitizeLine(quest.team)} · ${facts(quest, t)} · ${t.sensitivities[quest.sensitivity]}`);
  lines.push(`  ${t.postedBy({ name: sanitizeLine(quest.postedBy.name), team: sanitizeLine(quest.postedBy.team), at: day(quest.postedAt) })}`);
  if (quest.benefitTeams.length) lines.push(`  ${t.teams({ teams: quest.benefitTeams.map(sanitizeLine).join(', ') })}`);
  lines.push(`  ${t.today}`, indent(quest.today));
  if (quest.submission) {
    lines.push(`  ${t.submission({ kind: t.kinds[quest.submission.kind], name: sanitizeLine(quest.submission.by.name), minutes: t.minutes({ minutes: quest.submission.minutesAfter }) })}`);
    lines.push(indent(quest.submission.text));
  }
  if (quest.review) {
    lines.push(`  ${t.review({ verdict: quest.review.verdict, name: sanitizeLine(quest.review.by.name), role: quest.review.role })}`);
    lines.push(indent(quest.review.note));
  }
  if (quest.state === 'submitted' && needsFacilitator) lines.push(`  ${paint.yellow(t.needsFacilitator)}`);
  if (quest.hours) lines.push(`  ${paint.green(t.hours({ formula: hoursFormula(quest.hours, lang) }))}`);
  if (reusers.length) lines.push(`  ${t.reusers({ names: names(reusers) })}`);
  lines.push(`  ${t.history}`);
  for (const event of history) lines.push(`    ${event.at.slice(0, 16).replace('T', ' ')}  ${sanitizeLine(event.by.name)}: ${t.actions[event.action]}`);
  return lines;
}
