import { isCalendarDate } from '../programme/ids.js';
import { ConstraintViolation, type Sql, isoTime } from './engine.js';

/**
 * Spend (issue 16, migration 7), stored like usage (usage-series.ts): one row per source, line item
 * and currency, holding its days as {"2026-03-01": amount}. A source is an API key id when the Costs
 * API grouped by key, else a project. A later sync of a day replaces that day (late data).
 */
export interface CostDay {
  source: { kind: 'keyId' | 'project'; value: string };
  /** The Costs API's line item when grouped by it (else ''). */
  lineItem: string;
  day: string;
  amount: number;
  /** Lowercase ISO-4217, as the API says ("usd"). */
  currency: string;
}

export async function writeCostDays(tx: Sql, programmeId: string, days: CostDay[]): Promise<void> {
  type Series = { k: CostDay['source']['kind']; v: string; l: string; c: string; days: Record<string, number> };
  const bySource = new Map<string, Series>();
  for (const d of days) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.day) || !isCalendarDate(d.day) || !Number.isFinite(d.amount)) {
      throw new ConstraintViolation(`The database refused the change: spend of ${d.source.kind} ${d.source.value.slice(0, 80)} on ${d.day.slice(0, 20)} is not a day and an amount. Nothing was changed.`, 'cost_series_days_valid');
    }
    const key = JSON.stringify([d.source.kind, d.source.value, d.lineItem, d.currency]);
    let entry = bySource.get(key);
    if (!entry) bySource.set(key, (entry = { k: d.source.kind, v: d.source.value, l: d.lineItem, c: d.currency, days: {} }));
    entry.days[d.day] = d.amount;
  }
  const all = [...bySource.values()];
  for (let i = 0; i < all.length; i += 2000) {
    await tx.query(
      `insert into cost_series (programme_id, source_kind, source_value, line_item, currency, days)
       select $1, x.k, x.v, x.l, x.c, x.days from jsonb_to_recordset($2::jsonb) as x(k text, v text, l text, c text, days jsonb)
       on conflict (programme_id, source_kind, source_value, line_item, currency) do update set days = cost_series.days || excluded.days`,
      [programmeId, JSON.stringify(all.slice(i, i + 2000))],
    );
  }
}

/** A programme's spend, by day then source. */
export async function readCostDays(sql: Sql, programmeId: string): Promise<CostDay[]> {
  const rows = await sql.query<{ source_kind: CostDay['source']['kind']; source_value: string; line_item: string; currency: string; days: string }>(
    'select source_kind, source_value, line_item, currency, days::text as days from cost_series where programme_id = $1',
    [programmeId],
  );
  const out: CostDay[] = [];
  for (const row of rows) {
    const days = JSON.parse(row.days) as Record<string, number>;
    for (const day in days) out.push({ source: { kind: row.source_kind, value: row.source_value }, lineItem: row.line_item, day, amount: days[day], currency: row.currency });
  }
  return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.source.value < b.source.value ? -1 : a.source.value > b.source.value ? 1 : a.lineItem < b.lineItem ? -1 : a.lineItem > b.lineItem ? 1 : 0));
}

export interface SyncState {
  /** The last day known complete (YYYY-MM-DD), if any. */
  syncedThrough?: string;
  /** Where an interrupted run resumes: whatever the sync needs (its window, the next_page cursor). */
  resume?: Record<string, unknown>;
  updatedAt?: string;
}

export async function readSyncState(sql: Sql, programmeId: string, stream: string, scope: string): Promise<SyncState> {
  const [row] = await sql.query<{ synced_through: string | null; resume: Record<string, unknown> | null; updated_at: Date | string }>(
    'select synced_through, resume, updated_at from usage_sync_state where programme_id = $1 and stream = $2 and scope = $3',
    [programmeId, stream, scope],
  );
  if (!row) return {};
  return {
    ...(row.synced_through ? { syncedThrough: row.synced_through } : {}),
    ...(row.resume ? { resume: row.resume } : {}),
    updatedAt: isoTime(row.updated_at),
  };
}

export async function writeSyncState(tx: Sql, programmeId: string, stream: string, scope: string, state: SyncState): Promise<void> {
  await tx.query(
    `insert into usage_sync_state (programme_id, stream, scope, synced_through, resume, updated_at) values ($1, $2, $3, $4, $5, now())
     on conflict (programme_id, stream, scope) do update set synced_through = excluded.synced_through, resume = excluded.resume, updated_at = now()`,
    [programmeId, stream, scope, state.syncedThrough ?? null, state.resume ? JSON.stringify(state.resume) : null],
  );
}
