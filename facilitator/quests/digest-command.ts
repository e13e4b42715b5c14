import path from 'node:path';
import { writeFileAtomic } from '../../src/core/atomic-write.js';
import { ExitCode, UsageError } from '../../src/core/errors.js';
import { expandHome, facilitatorDataDir } from '../../src/core/paths.js';
import { printJson } from '../../src/core/terminal.js';
import { DIGEST_AUDIENCES, DIGEST_LANGUAGES, type Digest, type DigestAudience, type DigestLanguage } from '../../src/protocol/digest.js';
import { validateProgrammeId } from '../programme/ids.js';
import { parseServerUrl, readServerToken } from '../server/cli-support.js';
import { ServerClient } from '../server/client.js';
import { Store, resolveStoreTarget } from '../store/store.js';
import { loadDigest, parseSince } from './digest-load.js';
import { digestSubject, renderDigestHtml, renderDigestMarkdown } from './digest-render.js';

/**
 * `workshop digest --programme ID [--team T] [--since DATE] [--audience team|facilitator] [--lang en|ja]
 * --format md|html [--out FILE] [--json]` (issue 14): the weekly email about quests, from the store
 * directly (`--data` / `--database`) or from a programme server (`--server`, a facilitator token). Either
 * way the same digest data is rendered here, so both give the same bytes.
 */
export interface DigestOptions {
  programme: string;
  team?: string;
  since?: string;
  audience?: string;
  lang?: string;
  format?: string;
  out?: string;
  json?: boolean;
  data?: string;
  database?: string;
  server?: string;
  tokenFile?: string;
  pack?: string;
}

export const DIGEST_OUTPUT_FORMATS = ['md', 'html'] as const;
type OutputFormat = (typeof DIGEST_OUTPUT_FORMATS)[number];

function oneOf<T extends string>(flag: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${choices.join(', ')}, not "${value}".`);
}

export async function digestCommand(options: DigestOptions): Promise<number> {
  const programmeId = validateProgrammeId(options.programme);
  const format = oneOf<OutputFormat>('--format', options.format, DIGEST_OUTPUT_FORMATS, 'md');
  const audience = oneOf<DigestAudience>('--audience', options.audience, DIGEST_AUDIENCES, 'team');
  const lang = oneOf<DigestLanguage>('--lang', options.lang, DIGEST_LANGUAGES, 'en');
  const team = options.team?.trim();
  if (options.team !== undefined && (!team || team.length > 120)) throw new UsageError('--team must be a team name (1 to 120 characters).');
  // The shape is checked here; the day is read in the programme's time zone where the programme is.
  if (options.since !== undefined && !parseSince(options.since, 'UTC')) {
    throw new UsageError(`--since must be a day (YYYY-MM-DD) or an ISO time such as 2026-04-01T09:00:00Z, not "${options.since}".`);
  }
  if (options.server && (options.data || options.database)) {
    throw new UsageError('--server gets the digest from a programme server: --data and --database belong to reading the database directly. Give one or the other.');
  }
  const request = { audience, ...(team ? { team } : {}), ...(options.since !== undefined ? { since: options.since } : {}) };

  let digest: Digest;
  let source: string;
  if (options.server) {
    const client = new ServerClient(parseServerUrl(options.server), await readServerToken({ tokenFile: options.tokenFile }));
    digest = await client.digest(programmeId, request);
    source = client.url;
  } else {
    if (options.tokenFile) throw new UsageError('--token-file goes with --server URL.');
    const store = await Store.open(resolveStoreTarget({ database: options.database, dataDir: facilitatorDataDir(options.data) }));
    try {
      digest = await loadDigest(store, programmeId, { ...request, ...(options.pack ? { packDir: path.resolve(expandHome(options.pack)) } : {}) });
      source = store.where;
    } finally {
      await store.close();
    }
  }

  const text = format === 'html' ? renderDigestHtml(digest, lang) : renderDigestMarkdown(digest, lang);
  const subject = digestSubject(digest, lang);
  const file = options.out ? path.resolve(expandHome(options.out)) : undefined;
  if (file) await writeFileAtomic(file, text);
  if (options.json) {
    printJson({ subject, format, lang, source, ...(file ? { out: file } : { text }), digest });
    return ExitCode.ok;
  }
  if (!file) {
    process.stdout.write(text);
    return ExitCode.ok;
  }
  process.stdout.write(
    `Digest written to ${file}: ${digest.newWins.total} new reviewed win(s) since ${digest.window.since.slice(0, 10)}, ${digest.reviewed.hoursPerMonth} h a month from ${digest.reviewed.wins} reviewed win(s), ${digest.open.total} open quest(s)` +
      `${digest.officeHours ? `, ${digest.officeHours.people.length} people to invite to office hours` : ''}.\n`,
  );
  return ExitCode.ok;
}
