import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeSpreadsheetBytes, parseCsv } from '../../facilitator/programme/csv.js';
import { importRoster } from '../../facilitator/programme/roster-import.js';
import { emptyRoster } from '../../facilitator/programme/store.js';
import { UserError } from '../../src/core/errors.js';
import { isolatedEnv, tempDir, workshop } from './helpers.js';

const FULL_KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789wxyz';

function importText(text: string, existing = emptyRoster()) {
  return importRoster(text, existing, { file: 'people.csv', now: new Date('2026-11-01T00:00:00Z') });
}

function problemsOf(text: string, existing = emptyRoster()): string {
  try {
    importText(text, existing);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('the import was expected to fail');
}

describe('reading CSV the way spreadsheets write it', () => {
  it('keeps commas, doubled quotes and line breaks inside quoted fields, and numbers records by their first line', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi""\r\nthere"\r\nlast,one\r\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"\nthere'] },
      { line: 4, fields: ['last', 'one'] },
    ]);
  });

  it('skips the empty rows Excel leaves at the end of a sheet', () => {
    expect(parseCsv('a,b\n1,2\n,\n,\n\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('flags a quote that is never closed, and text after a closing quote, on their line', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')[1]).toMatchObject({ line: 2, problem: expect.stringMatching(/opened on line 2 is never closed/) });
    expect(parseCsv('a,b\n"x"y,2\n')[1]).toMatchObject({ line: 2, problem: expect.stringMatching(/text follows a closing quote/) });
  });

  it('reads UTF-8 with a BOM, Excel "Unicode text" (UTF-16LE) and Japanese Excel\'s Shift_JIS', () => {
    expect(decodeSpreadsheetBytes(Buffer.from('\uFEFFemail', 'utf8'), 'f.csv')).toEqual({ text: 'email', encoding: 'utf-8 with BOM' });
    expect(decodeSpreadsheetBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\tname', 'utf16le')]), 'f.txt')).toEqual({ text: 'email\tname', encoding: 'utf-16le' });
    // 山田 in Shift_JIS (code page 932).
    expect(decodeSpreadsheetBytes(Buffer.from([0x8e, 0x52, 0x93, 0x63]), 'f.csv')).toEqual({ text: '山田', encoding: 'shift_jis' });
  });

  it('tells someone who exports an Excel workbook instead of a CSV what to do', () => {
    expect(() => decodeSpreadsheetBytes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]), 'people.xlsx')).toThrow(/Excel workbook .*Save As.*CSV UTF-8/);
  });
});

describe('importing a roster', () => {
  it('imports an Excel "CSV UTF-8" export: BOM, CRLF, quoted commas and line breaks, Japanese names', () => {
    const text = '\uFEFFEmail,Name,Team\r\nichiro@example.com,"Suzuki, Ichiro",Sales\r\ntaro@example.com,山田 太郎,経理\r\nann@example.com,"Ann\r\nMarie ""AM"" Lee",HR\r\n';
    const { roster, added } = importText(text);
    expect(added).toBe(3);
    expect(roster.people).toEqual([
      { email: 'ichiro@example.com', name: 'Suzuki, Ichiro', team: 'Sales' },
      { email: 'taro@example.com', name: '山田 太郎', team: '経理' },
      { email: 'ann@example.com', name: 'Ann Marie "AM" Lee', team: 'HR' },
    ]);
  });

  it('reads Excel "Unicode text" (tab-separated) and European semicolon exports, and Japanese headers', () => {
    expect(importText('email\tname\tteam\na@example.com\tA\tOps\n').roster.people).toEqual([{ email: 'a@example.com', name: 'A', team: 'Ops' }]);
    expect(importText('email;name;team\nb@example.com;"B; Jr";Ops\n').roster.people).toEqual([{ email: 'b@example.com', name: 'B; Jr', team: 'Ops' }]);
    expect(importText('メールアドレス,氏名,部署\nc@example.com,佐藤 花子,人事\n').roster.people).toEqual([{ email: 'c@example.com', name: '佐藤 花子', team: '人事' }]);
  });

  it('reports duplicate emails (ignoring case) with both line numbers and imports nothing', () => {
    const message = problemsOf('email,name,team\na@example.com,A,Ops\n"b@example.com","B\nB",Ops\nA@Example.com,A2,Ops\n');
    expect(message).toMatch(/was not imported \(nothing changed\)/);
    expect(message).toMatch(/line 5: A@Example\.com is already on line 2/);
  });

  it('reports every malformed row with its line number, and imports none of them', () => {
    const message = problemsOf(
      [
        'email,name,team,key',
        'good@example.com,Good,Ops,key_abc123',
        ',No Email,Ops,',
        'not-an-email,Bad,Ops,',
        'empty@example.com,,Ops,',
        'extra@example.com,Extra,Ops,key_abc124,surprise',
        'weird@example.com,Weird,Ops,password123',
        'late@example.com,"unclosed,Ops,',
      ].join('\n'),
    );
    expect(message).toMatch(/line 3: the email is empty/);
    expect(message).toMatch(/line 4: "not-an-email" is not an email address/);
    expect(message).toMatch(/line 5: the name is empty/);
    expect(message).toMatch(/line 6: has 5 cells but the header has 4/);
    expect(message).toMatch(/line 7: the key column holds neither an API key id/);
    expect(message).not.toMatch(/password123/);
    expect(message).toMatch(/line 8: a quoted field opened on line 8 is never closed/);
    expect(message).not.toMatch(/line 2:/);
  });

  it('names the missing columns and the ones it found', () => {
    expect(problemsOf('mail,full name\na@example.com,A\n')).toMatch(/no team column .*found "mail", "full name"/);
  });

  it('keeps only the hint of a full secret key pasted into the key column, and warns', () => {
    const { roster, warnings } = importText(`email,name,team,key\na@example.com,A,Ops,${FULL_KEY}\n`);
    expect(roster.people[0].key).toEqual({ kind: 'hint', hint: 'sk-…wxyz', fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(JSON.stringify(roster)).not.toContain(FULL_KEY.slice(8));
    expect(warnings.join('\n')).toMatch(/line 2: the key column holds a full secret API key .* only its hint sk-…wxyz was kept.*revoke it/);
    expect(warnings.join('\n')).not.toContain(FULL_KEY.slice(8));
  });

  it('accepts key ids and the hints people copy from the dashboard or `codex login status`', () => {
    const { roster } = importText('email,name,team,key\na@example.com,A,Ops,key_abc123\nb@example.com,B,Ops,sk-...abcd\nc@example.com,C,Ops,sk-proj-***01234\n');
    expect(roster.people.map((p) => p.key)).toEqual([
      { kind: 'id', id: 'key_abc123' },
      { kind: 'hint', hint: 'sk-…abcd' },
      { kind: 'hint', hint: 'sk-…1234' },
    ]);
  });

  it('re-importing updates people by email, keeps people not in the file, and keeps a key a blank cell does not mention', () => {
    const first = importText('email,name,team,key\na@example.com,Ann,Ops,key_aaa111\nb@example.com,Bob,Ops,\n').roster;
    const second = importText('email,name,team,key\nA@EXAMPLE.COM,Ann Lee,Sales,\nc@example.com,Cy,HR,\n', first);
    expect(second).toMatchObject({ added: 1, updated: 1, unchanged: 0, notInFile: 1 });
    expect(second.roster.people).toEqual([
      { email: 'A@EXAMPLE.COM', name: 'Ann Lee', team: 'Sales', key: { kind: 'id', id: 'key_aaa111' } },
      { email: 'b@example.com', name: 'Bob', team: 'Ops' },
      { email: 'c@example.com', name: 'Cy', team: 'HR' },
    ]);
    const replaced = importRoster('email,name,team\nc@example.com,Cy,HR\n', second.roster, { file: 'f.csv', replace: true });
    expect(replaced).toMatchObject({ removed: 2, unchanged: 1 });
    expect(replaced.roster.people.map((p) => p.email)).toEqual(['c@example.com']);
  });

  it('counts people without a team under "(no team)" with a warning', () => {
    const { roster, warnings } = importText('email,name,team\na@example.com,A,\n');
    expect(roster.people[0].team).toBe('');
    expect(warnings[0]).toMatch(/line 2: a@example\.com has no team/);
  });
});

describe('workshop roster import', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    root = await tempDir();
    env = isolatedEnv(root.dir);
    expect((await workshop(['programme', 'create', 'dec', '--title', 'December', '--time-zone', 'Asia/Tokyo'], env)).code).toBe(0);
  });
  afterEach(async () => root.cleanup());

  it('never stores, prints or reports a full key pasted into the roster', async () => {
    const file = path.join(root.dir, 'people.csv');
    await writeFile(file, `\uFEFFemail,name,team,key\r\ntaro@example.com,山田 太郎,Sales,${FULL_KEY}\r\n`);
    const result = await workshop(['roster', 'import', file, '--programme', 'dec'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/full secret API key .* sk-…wxyz/);
    const json = await workshop(['roster', 'import', file, '--programme', 'dec', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ people: 1, unchanged: 1 });
    const stored = await readFile(path.join(env.WORKSHOP_DATA!, 'programmes', 'dec', 'roster.json'), 'utf8');
    for (const text of [result.stdout, result.stderr, json.stdout, json.stderr, stored]) expect(text).not.toContain(FULL_KEY.slice(8));
    const report = await workshop(['roster', 'pending', '--programme', 'dec', '--format', 'csv'], env);
    expect(report.stdout).toContain('山田 太郎');
    expect(report.stdout).not.toContain(FULL_KEY.slice(8));
  });

  it('leaves the roster untouched when a file has problems, and exits 1', async () => {
    const good = path.join(root.dir, 'good.csv');
    const bad = path.join(root.dir, 'bad.csv');
    await writeFile(good, 'email,name,team\na@example.com,A,Ops\n');
    await writeFile(bad, 'email,name,team\nb@example.com,B,Ops\nb@example.com,B,Ops\n');
    expect((await workshop(['roster', 'import', good, '--programme', 'dec'], env)).code).toBe(0);
    const rosterFile = path.join(env.WORKSHOP_DATA!, 'programmes', 'dec', 'roster.json');
    const before = await readFile(rosterFile, 'utf8');
    const result = await workshop(['roster', 'import', bad, '--programme', 'dec'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/line 3: b@example\.com is already on line 2/);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(await readFile(rosterFile, 'utf8')).toBe(before);
  });

  it('answers a missing file with exit 2, and an unknown programme with how to create it', async () => {
    const missing = await workshop(['roster', 'import', path.join(root.dir, 'nope.csv'), '--programme', 'dec'], env);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/does not exist/) });
    const unknown = await workshop(['roster', 'import', path.join(root.dir, 'nope.csv'), '--programme', 'other'], env);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/no programme "other" .*workshop programme create other/) });
    const badId = await workshop(['programme', 'create', '../etc', '--title', 'x'], env);
    expect(badId).toMatchObject({ code: 2, stderr: expect.stringMatching(/not a usable programme id/) });
  });

  it('keeps one folder per --data, so a whole programme can be carried around', async () => {
    const elsewhere = path.join(root.dir, 'usb-stick');
    expect((await workshop(['programme', 'create', 'dec', '--title', 'December', '--data', elsewhere, '--json'], env)).code).toBe(0);
    const list = await workshop(['programme', 'list', '--data', elsewhere, '--json'], env);
    expect(JSON.parse(list.stdout)).toMatchObject({ dataDir: elsewhere, programmes: [{ id: 'dec', title: 'December', sessions: 0 }] });
    const again = await workshop(['programme', 'create', 'dec', '--title', 'December', '--data', elsewhere], env);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/already exists/) });
  });
});
