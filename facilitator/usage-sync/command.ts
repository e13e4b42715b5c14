import { ExitCode, UsageError } from '../../src/core/errors.js';
import { sanitizeText } from '../../src/core/sanitize.js';
import { paint, printJson, startProgress } from '../../src/core/terminal.js';
import { AdminApiClient, parseApiBase, readAdminKey } from '../admin-api/client.js';
import { type WhereOptions, openSink } from './open-sink.js';
import { type StreamSummary, apiToday, runSync } from './sync.js';
import { validSince } from './window.js';

/**
 * `workshop usage sync`: the terminal side. The admin key comes from OPENAI_ADMIN_KEY only and every
 * text that leaves this command (progress, summary, errors, JSON) has been through the client's
 * redaction. A progress line on a terminal only; one summary (or one JSON document) at the end.
 */
export interface UsageSyncOptions extends WhereOptions {
  project?: string;
  since?: string;
  apiBase?: string;
  json?: boolean;
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export async function usageSync(options: UsageSyncOptions): Promise<number> {
  // Everything a person typed is checked before the key is used or anything is opened.
  const key = readAdminKey();
  const base = parseApiBase(options.apiBase);
  const since = validSince(options.since, apiToday());
  if (options.project !== undefined && !/^[A-Za-z0-9_-]{1,200}$/.test(options.project)) {
    throw new UsageError(`--project must be a project id such as proj_abc123, not "${sanitizeText(options.project).slice(0, 100)}".`);
  }
  const progress = options.json ? undefined : await startProgress('Opening the programme…');
  const client = new AdminApiClient(base, key, {
    onWait: ({ reason, ms }) => progress?.update(`${reason}: waiting ${Math.ceil(ms / 1000)} s before asking again…`),
  });
  const sink = await openSink(options).catch((error: unknown) => {
    progress?.stop();
    throw error;
  });
  let summary;
  let roster;
  try {
    summary = await runSync({
      client,
      sink,
      ...(options.project ? { project: options.project } : {}),
      ...(since ? { since } : {}),
      onProgress: (p) => progress?.update(`Syncing ${p.stream}: ${p.daysRead}/${p.days} days, ${count(p.pages, 'page')}…`),
    });
    roster = await sink.roster();
  } finally {
    progress?.stop();
    await sink.close();
  }
  const keys = new Set(summary.streams.flatMap((s) => s.keys));
  const rosterKeys = new Set((roster?.people ?? []).flatMap((p) => (p.key?.kind === 'id' ? [p.key.id] : [])));
  const matched = [...keys].filter((k) => rosterKeys.has(k)).length;
  const streams = summary.streams.map(({ keys: streamKeys, ...s }) => ({ ...s, keys: streamKeys.length }));
  if (options.json) {
    printJson({
      programme: summary.programme,
      where: sink.where,
      apiBase: base,
      apiRequests: client.requests,
      streams,
      keys: keys.size,
      ...(roster ? { keysOnRoster: matched } : {}),
      warnings: summary.warnings.map((w) => client.redact(w)),
    });
    return ExitCode.ok;
  }
  for (const w of summary.warnings) process.stderr.write(`${paint.yellow('!')} ${sanitizeText(client.redact(w))}\n`);
  for (const s of summary.streams) process.stdout.write(`${paint.green('✓')} ${describe(s)}\n`);
  const people = roster ? `: ${matched} of them are in the roster's key column` : '';
  process.stdout.write(`  ${count(keys.size, 'API key')} seen${people}. Stored in ${sink.where}.\n`);
  if (roster && matched < keys.size) process.stdout.write(`  To match the other keys to people: workshop roster keys --programme ${summary.programme} --project PROJECT_ID --apply\n`);
  return ExitCode.ok;
}

function describe(s: StreamSummary): string {
  const last = s.syncedThrough ? `, complete through ${s.syncedThrough}` : '';
  const how = s.resumed ? ' (continued where the last run stopped)' : s.startReason === 'incremental' ? ' (the last 2 days synced read again)' : '';
  const window = `${s.start} to the end of the day before ${s.end}${how}`;
  if (s.stream === 'completions') {
    const ungrouped = s.ungroupedRequests ? `; ${count(s.ungroupedRequests, 'request')} carried no API key id` : '';
    return `Usage ${window}: ${count(s.rows, 'key-day')}, ${count(s.requests ?? 0, 'request')} in ${count(s.pages, 'page')}${ungrouped}${last}.`;
  }
  const spend = Object.entries(s.spend ?? {}).map(([currency, amount]) => `${amount.toFixed(2)} ${currency.toUpperCase()}`).join(', ') || 'none';
  const grouping = s.grouping === 'project' ? ' per project and line item (the API would not group spend by key)' : ' per API key';
  return `Spend ${window}: ${spend}${grouping}, ${count(s.rows, 'row')} in ${count(s.pages, 'page')}${last}.`;
}
