import type { DashboardSnapshot, DashboardUpdate, ParticipantCard, SessionAggregates } from '../../summary/types.js';
import { byId, clear, el } from './dom.js';
import { renderCard, renderCounted, renderFunnel, renderTeams } from './render.js';
import { openStream } from './stream.js';

/**
 * The facilitator's dashboard. The hub computes every card (sorted by who needs help first) and
 * streams changes; this page only keeps them, filters by team and renders. The facilitator token
 * arrives in the URL fragment (`#token=…`), is moved to sessionStorage so a reload still works,
 * and is removed from the address bar at once, so it does not end up on the projector, in a
 * screenshot or in the browser history.
 */
const TOKEN_KEY = 'workshop-facilitator-token';

function takeToken(): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    const token = decodeURIComponent(match[1]);
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', location.pathname + location.search);
    return token;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

const cards = new Map<string, ParticipantCard>();
const nodes = new Map<string, HTMLElement>();
let order: string[] = [];
let aggregates: SessionAggregates | undefined;

const ui = {
  title: byId('title'),
  join: byId('join'),
  connection: byId('connection'),
  funnel: byId('funnel'),
  blockers: byId('blockers'),
  failing: byId('failing'),
  teamFilter: byId<HTMLSelectElement>('team-filter'),
  counts: byId('counts'),
  cards: byId('cards'),
  message: byId('message'),
  toast: byId('toast'),
};

function showMessage(text: string | undefined): void {
  ui.message.hidden = !text;
  ui.message.textContent = text ?? '';
}

let toastTimer: number | undefined;
function toast(text: string): void {
  ui.toast.textContent = text;
  ui.toast.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => {
    ui.toast.hidden = true;
  }, 4000);
}

function applySnapshot(snapshot: DashboardSnapshot): void {
  document.title = `${snapshot.session.title} · dashboard`;
  ui.title.textContent = snapshot.session.title;
  clear(ui.join);
  if (snapshot.session.joinCommand) {
    ui.join.append(document.createTextNode('Join: '), el('code', '', snapshot.session.joinCommand));
  } else {
    ui.join.append(document.createTextNode('Session code: '), el('code', '', snapshot.session.code));
  }
  cards.clear();
  for (const node of nodes.values()) node.remove();
  nodes.clear();
  for (const card of snapshot.cards) cards.set(card.id, card);
  order = snapshot.cards.map((c) => c.id);
  for (const card of snapshot.cards) nodes.set(card.id, renderCard(card));
  aggregates = snapshot.aggregates;
  render();
}

function applyUpdate(update: DashboardUpdate): void {
  for (const card of update.cards) {
    cards.set(card.id, card);
    const fresh = renderCard(card);
    nodes.get(card.id)?.replaceWith(fresh);
    nodes.set(card.id, fresh);
  }
  order = update.order;
  aggregates = update.aggregates;
  render();
}

function render(): void {
  if (!aggregates) return;
  renderFunnel(ui.funnel, aggregates.funnel);
  renderCounted(ui.blockers, aggregates.setupBlockers, 'none right now');
  renderCounted(ui.failing, aggregates.failingChecks, 'none right now');
  renderTeams(ui.teamFilter, aggregates);
  const team = ui.teamFilter.value;
  let shown = 0;
  // Re-append in rank order: moving existing nodes keeps focus and avoids rebuilding every card.
  for (const id of order) {
    const node = nodes.get(id);
    const card = cards.get(id);
    if (!node || !card) continue;
    const visible = !team || card.team === team;
    node.hidden = !visible;
    if (visible) shown += 1;
    ui.cards.append(node);
  }
  const hands = aggregates.handsUp;
  const stuck = aggregates.stuck;
  ui.counts.textContent = `${shown} shown · ${hands} hand${hands === 1 ? '' : 's'} up · ${stuck} stuck`;
  showMessage(order.length === 0 ? 'Nobody has joined yet. Put the join line on the screen.' : undefined);
}

async function act(token: string, action: string, participantId: string, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const response = await fetch(`/v1/facilitator/participants/${encodeURIComponent(participantId)}/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { reason?: string };
      toast(`Could not do that: ${body.reason ?? `HTTP ${response.status}`}`);
    }
  } catch {
    toast('The hub did not answer; try again.');
  } finally {
    button.disabled = false;
  }
}

function start(): void {
  const token = takeToken();
  if (!token) {
    ui.connection.textContent = 'no facilitator key';
    showMessage('Open the dashboard with the link `workshop host` printed: it carries the facilitator key.');
    return;
  }
  ui.teamFilter.addEventListener('change', render);
  ui.cards.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest('button');
    if (!button?.dataset.action || !button.dataset.id) return;
    void act(token, button.dataset.action, button.dataset.id, button);
  });
  openStream('/v1/facilitator/stream', token, {
    onEvent(name, data) {
      if (name === 'snapshot') applySnapshot(JSON.parse(data) as DashboardSnapshot);
      else if (name === 'update') applyUpdate(JSON.parse(data) as DashboardUpdate);
      else if (name === 'full') showMessage('Too many dashboards are open on this hub; close one and reload.');
    },
    onState(state) {
      ui.connection.textContent = state === 'live' ? '● live' : state === 'reconnecting' ? 'hub unreachable, retrying…' : 'wrong facilitator key';
      ui.connection.className = `connection ${state === 'live' ? 'live' : 'down'}`;
      if (state === 'unauthorised') {
        sessionStorage.removeItem(TOKEN_KEY);
        showMessage('This facilitator key is not valid for this hub. Open the link `workshop host` printed.');
      }
    },
  });
}

start();
