import type { CountedItem, Funnel, ParticipantCard, SessionAggregates } from '../../summary/types.js';
import { clear, el } from './dom.js';

/** Builds one participant's card. Buttons carry the participant id in a data attribute. */
export function renderCard(card: ParticipantCard): HTMLElement {
  const root = el('article', `card tier-${card.tier}`);
  root.dataset.id = card.id;
  root.dataset.team = card.team;

  const who = el('div', 'who');
  who.append(el('span', 'name', card.name), el('span', 'team', card.team));
  root.append(who);
  // Issue 11: where they sit, a walk-in, two laptops.
  const tags: string[] = [];
  if (card.table) tags.push(`Table ${card.table}`);
  if (card.walkIn) tags.push('walk-in');
  if (card.laptops > 1) tags.push(`${card.laptops} laptops`);
  if (tags.length > 0) root.append(el('div', 'line tags', tags.join(' · ')));
  if (card.pending) {
    // Issue 12: same email as someone here, no proof yet.
    const pending = el('div', 'pending', `Same email as ${card.pending.ofName}: not confirmed.${card.pending.code ? ` Code: ${card.pending.code}` : ''}`);
    root.append(pending);
  }

  if (card.returning) {
    // Issue 6 catch-up: they came to an earlier date of the programme.
    const done = card.returning.exercisesBefore;
    root.append(el('div', 'line returning', `Returning · came ${card.returning.sessions.join(', ')} · ${done} exercise${done === 1 ? '' : 's'} done before`));
  }

  if (card.hand) {
    const hand = el('div', 'hand', `#${card.hand.order} ${card.hand.message ? `Hand up: ${card.hand.message}` : 'Hand up (no message)'}`);
    hand.append(el('span', 'muted', ` · ${card.hand.minutesUp} min`));
    root.append(hand);
    if (card.hand.claimedBy) root.append(el('div', 'claimed', `${card.hand.claimedBy} is on the way`));
  }
  if (card.stuck) root.append(el('div', 'stuck', `Stuck: ${card.stuck.words}`));
  else if (card.needs.state === 'behind') root.append(el('div', 'behind', `Behind: ${card.needs.words}`));

  const readiness = el('div', 'line');
  readiness.append(el('span', `badge ${card.readiness.state}`, card.readiness.words));
  if (card.readiness.more.length > 0) readiness.append(el('span', 'muted', ` +${card.readiness.more.length} more: ${card.readiness.more.join(', ')}`));
  else if (card.readiness.state === 'ready' && card.readiness.warnings > 0) readiness.append(el('span', 'muted', ` (${card.readiness.warnings} warning${card.readiness.warnings > 1 ? 's' : ''})`));
  root.append(readiness);

  if (card.finished) {
    root.append(el('div', 'line', `Finished: ${card.exercisesDone} exercise${card.exercisesDone === 1 ? '' : 's'} done`));
  } else if (card.exercise) {
    const e = card.exercise;
    const score = e.maxScore !== undefined && e.score !== undefined ? ` · ${e.score}/${e.maxScore}` : '';
    const status = e.passed ? 'passed' : `attempt${e.attempts === 1 ? '' : 's'}: ${e.attempts}${score}`;
    root.append(el('div', 'line', `Exercise ${e.id} · ${status} · ${e.minutesOnStep} min on this step`));
    // Issue 11: the sentences the participant saw, one per line.
    if (!e.passed) for (const words of e.failingChecks.slice(0, 2)) root.append(el('div', 'line failing', `✗ ${words}`));
  } else {
    root.append(el('div', 'line muted', 'no exercise started'));
  }

  const facts: string[] = [card.codexUsed ? 'Codex used ✓' : 'Codex not used yet', `${card.exercisesDone} done`];
  if (card.helpedMinutesAgo !== undefined) facts.push(`helped ${card.helpedMinutesAgo} min ago`);
  root.append(el('div', 'line muted', facts.join(' · ')));

  const actions = el('div', 'actions');
  const button = (label: string, action: string, className = '') => {
    const b = el('button', className, label);
    b.type = 'button';
    b.dataset.action = action;
    b.dataset.id = card.id;
    actions.append(b);
  };
  if (card.hand) {
    button('Lower hand', 'lower-hand', 'primary');
    button(card.hand.claimedBy ? 'Unclaim' : 'Claim', card.hand.claimedBy ? 'unclaim' : 'claim');
  }
  if (card.pending || card.returning) button(card.pending ? 'Approve as same person' : 'Approve history', 'approve');
  button('Mark helped', 'helped');
  root.append(actions);
  return root;
}

const FUNNEL: Array<[keyof Funnel, string]> = [
  ['joined', 'joined'],
  ['ready', 'ready'],
  ['started', 'started'],
  ['finished', 'finished'],
];

export function renderFunnel(target: HTMLElement, funnel: Funnel): void {
  clear(target);
  for (const [key, label] of FUNNEL) {
    const item = el('li');
    item.dataset.stage = key;
    item.append(el('span', 'n', String(funnel[key])), el('span', 'label', label));
    target.append(item);
  }
}

export function renderCounted(target: HTMLElement, items: CountedItem[], empty: string): void {
  clear(target);
  if (items.length === 0) {
    target.append(el('li', 'none', empty));
    return;
  }
  for (const item of items) {
    const li = el('li');
    li.append(el('span', 'count', `${item.count}×`), document.createTextNode(item.words));
    target.append(li);
  }
}

/** Rebuilds the team list only when it changed, so an open drop-down is not reset by live updates. */
export function renderTeams(select: HTMLSelectElement, aggregates: SessionAggregates): void {
  const key = JSON.stringify(aggregates.teams);
  if (select.dataset.teams === key) return;
  select.dataset.teams = key;
  const current = select.value;
  clear(select);
  select.append(new Option('All teams', ''));
  for (const { team, count } of aggregates.teams) select.append(new Option(`${team} (${count})`, team));
  select.value = aggregates.teams.some((t) => t.team === current) ? current : '';
}
