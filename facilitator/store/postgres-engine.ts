import { type Db, type Sql, translateDbError } from './engine.js';

/**
 * The shared engine: a PostgreSQL server (`postgres://user:pass@host:5432/db`). A small pool; every
 * multi-statement change runs in a transaction on one client, so concurrent writers are serialised
 * by PostgreSQL's row locks and unique constraints, never by the kit.
 */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL address given';
  }
}

export async function openPostgres(url: string, options: { poolSize?: number } = {}): Promise<Db> {
  const where = redactDatabaseUrl(url);
  const { default: pg } = await import('pg');
  // Numbers come back as numbers (counts are bigint in SQL; every count here fits in 2^53).
  pg.types.setTypeParser(20, (v: string) => Number(v));
  pg.types.setTypeParser(1700, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 8, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // A server that goes away while idle must not crash the process: the next query reports it.
  pool.on('error', () => undefined);
  const run: Sql = {
    async query<Row>(text: string, params?: unknown[]) {
      try {
        return (await pool.query(text, params as unknown[])).rows as Row[];
      } catch (error) {
        throw translateDbError(error, where);
      }
    },
  };
  // Fail now, with the clear message, rather than at the first request.
  await run.query('select 1');
  return {
    kind: 'postgres',
    where,
    query: run.query,
    async transaction(work) {
      let client;
      try {
        client = await pool.connect();
      } catch (error) {
        throw translateDbError(error, where);
      }
      const tx: Sql = {
        async query<Row>(text: string, params?: unknown[]) {
          try {
            return (await client.query(text, params as unknown[])).rows as Row[];
          } catch (error) {
            throw translateDbError(error, where);
          }
        },
      };
      try {
        await client.query('begin');
        const result = await work(tx);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw translateDbError(error, where);
      } finally {
        client.release();
      }
    },
    async exec(text) {
      try {
        await pool.query(text);
      } catch (error) {
        throw translateDbError(error, where);
      }
    },
    async close() {
      await pool.end().catch(() => undefined);
    },
  };
}
