import { chmod, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProgramme, programmeDir, saveProgramme, loadProgramme } from '../../facilitator/programme/store.js';
import { joinAs, tempDir, testHub } from './helpers.js';

/**
 * Issue 12 (item 8): the hub's log holds names and emails, the roster too. Owner-only: files 0600,
 * folders 0700, also for a session an older version left world-readable. POSIX only (Windows keeps
 * the ACL of the user's profile folder, see docs/security.md).
 */
const mode = async (p: string) => (await stat(p)).mode & 0o777;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe.skipIf(process.platform === 'win32')('hub and programme files are owner-only', () => {
  it('a new session: folder 0700; session.json, facilitator.token, log.jsonl, endpoint.json and hub.lock 0600', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const hub = await testHub(dir);
    await joinAs(hub, 'Ana', 'ana@example.com');
    try {
      expect(await mode(hub.dir)).toBe(0o700);
      for (const file of ['session.json', 'facilitator.token', 'log.jsonl', 'endpoint.json', 'hub.lock']) {
        expect({ file, mode: (await mode(path.join(hub.dir, file))).toString(8) }).toEqual({ file, mode: '600' });
      }
    } finally {
      await hub.close();
    }
  });

  it('a session left world-readable (0755 folder, 0644 log) is narrowed when the hub resumes it', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const first = await testHub(dir);
    await joinAs(first, 'Ana', 'ana@example.com');
    await first.close();
    await chmod(first.dir, 0o755);
    await chmod(path.join(first.dir, 'log.jsonl'), 0o644);
    await chmod(path.join(first.dir, 'session.json'), 0o644);
    const again = await testHub(dir);
    try {
      expect(await mode(again.dir)).toBe(0o700);
      expect(await mode(path.join(again.dir, 'log.jsonl'))).toBe(0o600);
      expect(again.participants).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('a programme: folder 0700, programme.json 0600, also after a save over an old 0644 file', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    await createProgramme(dir, { id: 'spring', title: 'Spring', timeZone: 'Asia/Tokyo' });
    const folder = programmeDir(dir, 'spring');
    expect(await mode(folder)).toBe(0o700);
    expect(await mode(path.join(folder, 'programme.json'))).toBe(0o600);
    await chmod(path.join(folder, 'programme.json'), 0o644);
    await chmod(folder, 0o755);
    await saveProgramme(dir, await loadProgramme(dir, 'spring'));
    expect(await mode(folder)).toBe(0o700);
    expect(await mode(path.join(folder, 'programme.json'))).toBe(0o600);
  });
});
