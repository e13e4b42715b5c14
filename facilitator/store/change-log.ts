import type { Sql } from './engine.js';

/**
 * The audit trail (issue 13: every change records who made it). One statement, used by every write
 * path of the store inside that write's own transaction: the change and its record land together.
 */
export async function recordChange(tx: Sql, actor: string, action: string, programmeId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await tx.query('insert into changes (actor, action, programme_id, detail) values ($1, $2, $3, $4)', [actor, action, programmeId, JSON.stringify(detail)]);
}
