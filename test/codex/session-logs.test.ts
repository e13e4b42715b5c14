import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFirstLine, scanSessions } from '../../src/codex/session-logs.js';
import { findCodexSessions } from '../../src/exercises/evidence.js';
import { countCodexSessions } from '../../src/pulse/session-counter.js';

/**
 * One session is one session id: resume segments, archived copies and sub-agent threads must not
 * inflate what pulse and exercise evidence count. Fixtures are rollout files as Codex 0.169/0.171
 * write them (first line `session_meta`, then the conversation).
 */
let root: string;
let codexHome: string;
const PROJECT = '/work/project';
const ZST_FIXTURE = path.resolve('test/fixtures/session-logs/rollout-2026-03-05T12-00-00-0199aaaa-0000-7000-8000-00000000c0de.jsonl.zst');

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'session-logs-'));
  codexHome = path.join(root, 'codex');
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

interface Rollout {
  id: string;
  start: string;
  /** Folder under CODEX_HOME: the date folder by default, or `archived_sessions`. */
  archived?: boolean;
  segment?: number;
  source?: unknown;
  cwd?: string;
}

async function rollout({ id, start, archived, segment, source = 'cli', cwd = PROJECT }: Rollout): Promise<string> {
  const [y, m, d] = start.slice(0, 10).split('-');
  const dir = archived ? path.join(codexHome, 'archived_sessions') : path.join(codexHome, 'sessions', y!, m!, d!);
  await fs.mkdir(dir, { recursive: true });
  const name = `rollout-${start.slice(0, 19).replace(/:/g, '-')}-${id}${segment === undefined ? '' : `_${segment}`}.jsonl`;
  const meta = { timestamp: start, type: 'session_meta', payload: { id, timestamp: start, cwd, originator: 'codex_cli_rs', cli_version: '0.171.0', source } };
  const file = path.join(dir, name);
  await fs.writeFile(file, `${JSON.stringify(meta)}\n${JSON.stringify({ type: 'response_item', payload: { content: 'SECRET PROMPT TEXT' } })}\n`);
  return file;
}

describe('Codex sessions counted once', () => {
  it('counts a resumed session once, on the day it started, whatever the number of segments', async () => {
    await rollout({ id: 'aaa', start: '2026-03-05T09:00:00.000Z' });
    await rollout({ id: 'aaa', start: '2026-03-05T15:00:00.000Z', segment: 1 });
    await rollout({ id: 'aaa', start: '2026-03-06T10:00:00.000Z', segment: 2 });
    await rollout({ id: 'bbb', start: '2026-03-06T11:00:00.000Z' });
    const scan = await scanSessions(codexHome, '2026-03-01', '2026-03-31');
    expect(scan.sessions.map((s) => [s.id, s.startedAt])).toEqual([
      ['aaa', '2026-03-05T09:00:00.000Z'],
      ['bbb', '2026-03-06T11:00:00.000Z'],
    ]);
    expect(scan).toMatchObject({ filesRead: 4, extraSegments: 2, unreadable: 0, warnings: [] });

    const counted = await countCodexSessions(codexHome, '2026-03-01', '2026-03-31');
    expect(Object.fromEntries(counted.perDay)).toEqual({ '2026-03-05': 1, '2026-03-06': 1 });
  });

  it('does not count sub-agent threads as sessions', async () => {
    await rollout({ id: 'parent', start: '2026-03-05T09:00:00.000Z', source: 'exec' });
    await rollout({ id: 'child-1', start: '2026-03-05T09:01:00.000Z', source: { subagent: 'review' } });
    await rollout({ id: 'child-2', start: '2026-03-05T09:02:00.000Z', source: { subagent: { thread_spawn: { parent_thread_id: 'parent', depth: 1 } } } });
    const scan = await scanSessions(codexHome, '2026-03-01', '2026-03-31');
    expect(scan.sessions.map((s) => s.id)).toEqual(['parent']);
    expect(scan.subagentThreads).toBe(2);
    expect(Object.fromEntries((await countCodexSessions(codexHome, '2026-03-01', '2026-03-31')).perDay)).toEqual({ '2026-03-05': 1 });
  });

  it('reads archived sessions of the period, once even when the same session is also still in sessions/', async () => {
    await rollout({ id: 'kept', start: '2026-03-05T09:00:00.000Z', archived: true });
    await rollout({ id: 'both', start: '2026-03-06T09:00:00.000Z', archived: true });
    await rollout({ id: 'both', start: '2026-03-06T09:00:00.000Z' });
    await rollout({ id: 'old', start: '2026-01-10T09:00:00.000Z', archived: true });
    const scan = await scanSessions(codexHome, '2026-03-01', '2026-03-31');
    expect(scan.sessions.map((s) => s.id)).toEqual(['kept', 'both']);
    // The archived file from January is outside the period: not even opened.
    expect(scan.filesRead).toBe(3);
    expect(Object.fromEntries((await countCodexSessions(codexHome, '2026-03-01', '2026-03-31')).perDay)).toEqual({ '2026-03-05': 1, '2026-03-06': 1 });
  });

  it('gives exercise evidence one session for a resumed one, none for its sub-agents, and archived ones too', async () => {
    const folder = path.join(root, 'ws', '01-first-file');
    await fs.mkdir(folder, { recursive: true });
    await rollout({ id: 'work', start: '2026-03-05T09:10:00.000Z', cwd: folder });
    await rollout({ id: 'work', start: '2026-03-05T09:40:00.000Z', cwd: folder, segment: 1 });
    await rollout({ id: 'helper', start: '2026-03-05T09:11:00.000Z', cwd: folder, source: { subagent: 'review' } });
    await rollout({ id: 'later', start: '2026-03-05T10:00:00.000Z', cwd: folder, archived: true });
    const sessions = await findCodexSessions(codexHome, folder, new Date('2026-03-05T09:00:00.000Z'));
    expect(sessions.map((s) => s.startedAt)).toEqual(['2026-03-05T09:10:00.000Z', '2026-03-05T10:00:00.000Z']);
  });

  it('reads the first line of a zstd-compressed rollout (.jsonl.zst), and counts it', async () => {
    const line = await readFirstLine(ZST_FIXTURE);
    expect(JSON.parse(line!)).toMatchObject({ type: 'session_meta', payload: { id: '0199aaaa-0000-7000-8000-00000000c0de', cwd: PROJECT } });
    expect(line).not.toContain('SECRET PROMPT TEXT');

    const dir = path.join(codexHome, 'sessions', '2026', '03', '05');
    await fs.mkdir(dir, { recursive: true });
    await fs.copyFile(ZST_FIXTURE, path.join(dir, path.basename(ZST_FIXTURE)));
    await rollout({ id: '0199aaaa-0000-7000-8000-00000000c0de', start: '2026-03-05T13:00:00.000Z', segment: 1 });
    const scan = await scanSessions(codexHome, '2026-03-01', '2026-03-31');
    expect(scan.sessions).toEqual([{ file: path.join(dir, path.basename(ZST_FIXTURE)), startedAt: '2026-03-05T12:00:00.000Z', cwd: PROJECT, id: '0199aaaa-0000-7000-8000-00000000c0de' }]);
    expect(scan).toMatchObject({ extraSegments: 1, warnings: [] });
  });

  it('names a compressed rollout it cannot decompress in a warning, and does not count it', async () => {
    const dir = path.join(codexHome, 'sessions', '2026', '03', '05');
    await fs.mkdir(dir, { recursive: true });
    const broken = path.join(dir, 'rollout-2026-03-05T12-00-00-broken.jsonl.zst');
    await fs.writeFile(broken, 'this is not zstd at all\n');
    await rollout({ id: 'fine', start: '2026-03-05T09:00:00.000Z' });
    const counted = await countCodexSessions(codexHome, '2026-03-01', '2026-03-31');
    expect(Object.fromEntries(counted.perDay)).toEqual({ '2026-03-05': 1 });
    expect(counted.unreadable).toBe(1);
    expect(counted.warnings).toHaveLength(1);
    expect(counted.warnings[0]).toMatch(/^A compressed Codex session log could not be read \(.+\), so it was not counted: .*rollout-2026-03-05T12-00-00-broken\.jsonl\.zst\.$/);
  });

  it('keeps sessions without an id (older Codex) one per file', async () => {
    const dir = path.join(codexHome, 'sessions', '2026', '03', '05');
    await fs.mkdir(dir, { recursive: true });
    for (const n of [1, 2]) {
      const meta = { type: 'session_meta', payload: { timestamp: `2026-03-05T0${n}:00:00.000Z`, cwd: PROJECT } };
      await fs.writeFile(path.join(dir, `rollout-${n}.jsonl`), `${JSON.stringify(meta)}\n`);
    }
    expect((await scanSessions(codexHome, '2026-03-01', '2026-03-31')).sessions).toHaveLength(2);
  });
});
