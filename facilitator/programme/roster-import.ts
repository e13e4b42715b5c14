import { ExitCode, UserError } from '../../src/core/errors.js';
import { ApiKey } from '../../src/core/secret.js';
import { type CsvRecord, headerKey, parseCsv, sniffDelimiter } from './csv.js';
import { looksLikeEmail, normalizeEmail, parseSessionId } from './ids.js';
import { type Roster, type RosterKey, type RosterPerson, SCHEMA_VERSION } from './store.js';

/**
 * Turning a spreadsheet of invited people into the programme roster (pure: text in, roster out).
 * All or nothing: if any row is wrong, every problem is reported with its line number and the roster
 * is left as it was. Re-importing updates people by email (case-insensitive); people missing from
 * the new file stay unless the import replaces the roster.
 */

type Column = 'email' | 'name' | 'team' | 'key' | 'session';

/** Header names people actually use, including Japanese ones, compared with `headerKey`. */
const COLUMN_ALIASES: Record<Column, string[]> = {
  email: ['email', 'emailaddress', 'mail', 'eメール', 'メール', 'メールアドレス'],
  name: ['name', 'fullname', 'displayname', '氏名', '名前', '参加者', '参加者名'],
  team: ['team', 'teamname', 'department', 'dept', 'group', 'チーム', '部署', '所属', '部門'],
  key: ['key', 'apikey', 'apikeyid', 'keyid', 'keyhint', 'キー', 'apiキー'],
  session: ['session', 'sessiondate', 'date', '日程', '参加日'],
};
const REQUIRED: Column[] = ['email', 'name', 'team'];

const KEY_ID = /^key_[A-Za-z0-9_-]{1,100}$/;
/**
 * A hint, not a key: `sk-…abcd`, `sk-...abcd`, `sk-proj-***ABCDE` (what `codex login status` shows),
 * and the API's own redacted values (`sk-abc...def` in the Admin API's key list, `sk-proj-…abcd`).
 * Kept as `sk-…` and the last (at most 4) visible characters; matchUsage compares the ends.
 */
const KEY_HINT = /^sk-[A-Za-z0-9_-]*?(?:…|\.{3}|\*{3,})([A-Za-z0-9_-]{3,})$/;
const FULL_KEY = /^sk-[A-Za-z0-9_-]{20,}$/;

export type KeyCell =
  | { kind: 'none' }
  | { kind: 'key'; key: RosterKey; pastedSecret: boolean }
  | { kind: 'invalid' };

/** Reads a key cell; a full secret key is reduced to its hint and fingerprint on the spot. */
export function readKeyCell(raw: string): KeyCell {
  const value = raw.trim().replace(/^["']|["']$/g, '');
  if (!value) return { kind: 'none' };
  if (KEY_ID.test(value)) return { kind: 'key', key: { kind: 'id', id: value }, pastedSecret: false };
  const hint = KEY_HINT.exec(value);
  if (hint) return { kind: 'key', key: { kind: 'hint', hint: `sk-…${hint[1].slice(-4)}` }, pastedSecret: false };
  if (FULL_KEY.test(value)) {
    const secret = new ApiKey(value);
    return { kind: 'key', key: { kind: 'hint', hint: secret.hint, fingerprint: secret.fingerprint }, pastedSecret: true };
  }
  return { kind: 'invalid' };
}

export interface RosterImportResult {
  roster: Roster;
  added: number;
  updated: number;
  unchanged: number;
  /** People already on the roster who are not in this file (kept, unless replacing). */
  notInFile: number;
  removed: number;
  warnings: string[];
  ignoredColumns: string[];
}

export interface RosterImportOptions {
  file: string;
  /** Replace the roster with the file instead of updating it. */
  replace?: boolean;
  now?: Date;
}

const MAX_PROBLEMS_SHOWN = 30;

export function importRoster(text: string, existing: Roster, options: RosterImportOptions): RosterImportResult {
  const records = parseCsv(text, sniffDelimiter(text));
  if (records.length === 0) throw new UserError(`${options.file} is empty: it needs a header row with email, name and team, then one row per person.`, ExitCode.usage);
  const [header, ...rows] = records;
  const { columns, ignored } = mapHeader(header, options.file);

  const problems: string[] = [];
  const warnings: string[] = [];
  const seen = new Map<string, number>();
  const incoming: RosterPerson[] = [];
  for (const record of rows) {
    const person = readRow(record, columns, header.fields.length, problems, warnings);
    if (!person) continue;
    const key = normalizeEmail(person.email);
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      problems.push(`line ${record.line}: ${person.email} is already on line ${firstLine} (each person once; emails are compared ignoring case)`);
      continue;
    }
    seen.set(key, record.line);
    incoming.push(person);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `  ${p}`);
    if (problems.length > MAX_PROBLEMS_SHOWN) shown.push(`  … and ${problems.length - MAX_PROBLEMS_SHOWN} more`);
    throw new UserError(
      `${options.file} was not imported (nothing changed): ${problems.length} row${problems.length === 1 ? ' has a problem' : 's have problems'}:\n${shown.join('\n')}\nFix ${problems.length === 1 ? 'it' : 'them'} in the spreadsheet and import again.`,
      ExitCode.failure,
    );
  }
  if (incoming.length === 0) throw new UserError(`${options.file} has a header but no people: nothing was imported.`, ExitCode.usage);
  return { ...merge(existing, incoming, options), warnings, ignoredColumns: ignored };
}

function mapHeader(header: CsvRecord, file: string): { columns: Partial<Record<Column, number>>; ignored: string[] } {
  if (header.problem) throw new UserError(`${file}, line ${header.line} (the header): ${header.problem}.`, ExitCode.usage);
  const columns: Partial<Record<Column, number>> = {};
  const ignored: string[] = [];
  header.fields.forEach((cell, index) => {
    const key = headerKey(cell);
    const column = (Object.keys(COLUMN_ALIASES) as Column[]).find((c) => COLUMN_ALIASES[c].includes(key));
    if (column && columns[column] === undefined) columns[column] = index;
    else if (cell.trim()) ignored.push(cell.trim());
  });
  const missing = REQUIRED.filter((c) => columns[c] === undefined);
  if (missing.length > 0) {
    const found = header.fields.map((f) => `"${f.trim()}"`).join(', ');
    throw new UserError(
      `${file} has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} in its first row (found ${found}). The header must name the columns email, name and team (and optionally key and session).`,
      ExitCode.usage,
    );
  }
  return { columns, ignored };
}

function readRow(
  record: CsvRecord,
  columns: Partial<Record<Column, number>>,
  headerWidth: number,
  problems: string[],
  warnings: string[],
): RosterPerson | undefined {
  const at = `line ${record.line}`;
  if (record.problem) {
    problems.push(`${at}: ${record.problem}`);
    return undefined;
  }
  const extra = record.fields.slice(headerWidth).filter((f) => f.trim() !== '');
  if (extra.length > 0) {
    problems.push(`${at}: has ${record.fields.length} cells but the header has ${headerWidth} (a comma inside a name must be in double quotes)`);
    return undefined;
  }
  const cell = (c: Column) => (columns[c] === undefined ? '' : (record.fields[columns[c]!] ?? '').trim());
  const email = cell('email');
  const name = cell('name').replace(/\s*\n\s*/g, ' ');
  const team = cell('team').replace(/\s*\n\s*/g, ' ');
  const rowProblems: string[] = [];
  if (!email) rowProblems.push('the email is empty');
  else if (!looksLikeEmail(email)) rowProblems.push(`"${email.slice(0, 80)}" is not an email address`);
  if (!name) rowProblems.push('the name is empty');
  if (name.length > 200) rowProblems.push('the name is longer than 200 characters');
  if (team.length > 120) rowProblems.push('the team is longer than 120 characters');

  let key: RosterKey | undefined;
  const keyCell = readKeyCell(cell('key'));
  if (keyCell.kind === 'invalid') {
    // Never echo the cell: whatever it is, it may be a secret in a form we do not recognise.
    rowProblems.push('the key column holds neither an API key id (key_…) nor a key hint (sk-…abcd)');
  } else if (keyCell.kind === 'key') {
    key = keyCell.key;
    if (keyCell.pastedSecret && key.kind === 'hint') {
      warnings.push(
        `${at}: the key column holds a full secret API key for ${email || 'this person'}; only its hint ${key.hint} was kept. That key now sits in a spreadsheet: revoke it and give ${name || 'them'} a new one.`,
      );
    }
  }
  let session: string | undefined;
  if (cell('session')) {
    try {
      session = parseSessionId(cell('session')).id;
    } catch {
      rowProblems.push(`the session "${cell('session').slice(0, 40)}" is not a session day (YYYY-MM-DD, optionally -label)`);
    }
  }
  if (rowProblems.length > 0) {
    problems.push(`${at}: ${rowProblems.join('; ')}`);
    return undefined;
  }
  if (!team) warnings.push(`${at}: ${email} has no team; they are counted under "(no team)"`);
  return { email, name, team, ...(key ? { key } : {}), ...(session ? { session } : {}) };
}

function samePerson(a: RosterPerson, b: RosterPerson): boolean {
  return (
    a.email === b.email &&
    a.name === b.name &&
    a.team === b.team &&
    a.session === b.session &&
    JSON.stringify(a.key ?? null) === JSON.stringify(b.key ?? null)
  );
}

function merge(existing: Roster, incoming: RosterPerson[], options: RosterImportOptions): Omit<RosterImportResult, 'warnings' | 'ignoredColumns'> {
  const incomingByEmail = new Map(incoming.map((p) => [normalizeEmail(p.email), p]));
  const existingEmails = new Set(existing.people.map((p) => normalizeEmail(p.email)));
  let updated = 0;
  let unchanged = 0;
  let notInFile = 0;
  const people: RosterPerson[] = [];
  // Existing people keep their place in the roster; new people follow in the file's order.
  for (const before of existing.people) {
    const person = incomingByEmail.get(normalizeEmail(before.email));
    if (!person) {
      notInFile += 1;
      if (!options.replace) people.push(before);
      continue;
    }
    // A blank key or session cell means "not given here", not "remove it".
    const after: RosterPerson = {
      ...person,
      ...(person.key ? {} : before.key ? { key: before.key } : {}),
      ...(person.session ? {} : before.session ? { session: before.session } : {}),
    };
    if (samePerson(before, after)) unchanged += 1;
    else updated += 1;
    people.push(after);
  }
  const added = incoming.filter((p) => !existingEmails.has(normalizeEmail(p.email)));
  people.push(...added);
  return {
    roster: { schemaVersion: SCHEMA_VERSION, updatedAt: (options.now ?? new Date()).toISOString(), people },
    added: added.length,
    updated,
    unchanged,
    notInFile: options.replace ? 0 : notInFile,
    removed: options.replace ? notInFile : 0,
  };
}
