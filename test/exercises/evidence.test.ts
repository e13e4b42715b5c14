import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSessionMeta, readFirstLine } from '../../src/codex/session-logs.js';
import { findCodexSessions, latestChangeTime, summarizeEvidence } from '../../src/exercises/evidence.js';

let root: string;
let codexHome: string;
let folder: string;
const setupAt = new Date('2025-06-12T09:00:00.000Z');

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'evidence-'));
  codexHome = path.join(root, 'codex');
  folder = path.join(root, 'ws', '01-first-file');
  await fs.mkdir(folder, { recursive: true });
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** A rollout file as Codex 0.169 writes it: session_meta first, then the conversation. */
async function rollout(day: string, name: string, meta: { cwd: string; timestamp: string }, firstLinePadding = 0): Promise<string> {
  const dir = path.join(codexHome, 'sessions', ...day.split('-'));
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `rollout-${name}.jsonl`);
  const first = {
    timestamp: meta.timestamp,
    type: 'session_meta',
    payload: { id: name, timestamp: meta.timestamp, cwd: meta.cwd, originator: 'codex_cli_rs', cli_version: '0.169.0', instructions: 'x'.repeat(firstLinePadding) },
  };
  const conversation = [{ type: 'turn_context', payload: { model: 'gpt-5' } }, { type: 'response_item', payload: { content: 'SECRET PROMPT TEXT' } }];
  await fs.writeFile(file, [first, ...conversation].map((line) => JSON.stringify(line)).join('\n') + '\n');
  return file;
}

describe('Codex session evidence', () => {
  it('counts sessions started inside the exercise folder (or below it) after setup, and nothing else', async () => {
    await rollout('2025-06-12', 'inside', { cwd: folder, timestamp: '2025-06-12T09:05:00.000Z' });
    await rollout('2025-06-12', 'subfolder', { cwd: path.join(folder, 'docs'), timestamp: '2025-06-12T09:20:00.000Z' });
    await rollout('2025-06-12', 'before-setup', { cwd: folder, timestamp: '2025-06-12T08:59:00.000Z' });
    await rollout('2025-06-12', 'home-folder', { cwd: root, timestamp: '2025-06-12T09:10:00.000Z' });
    await rollout('2025-06-12', 'sibling', { cwd: `${folder}-copy`, timestamp: '2025-06-12T09:10:00.000Z' });
    await rollout('2025-06-13', 'next-day', { cwd: folder, timestamp: '2025-06-13T01:00:00.000Z' });
    const sessions = await findCodexSessions(codexHome, folder, setupAt);
    expect(sessions.map((s) => path.basename(s.file))).toEqual(['rollout-inside.jsonl', 'rollout-subfolder.jsonl', 'rollout-next-day.jsonl']);
  });

  it('reads a first line longer than one chunk (Codex puts its instructions there)', async () => {
    const file = await rollout('2025-06-12', 'long', { cwd: folder, timestamp: '2025-06-12T09:05:00.000Z' }, 300_000);
    const line = await readFirstLine(file);
    expect(parseSessionMeta(line as string)).toEqual({ cwd: folder, startedAt: '2025-06-12T09:05:00.000Z', id: 'long' });
    expect(await findCodexSessions(codexHome, folder, setupAt)).toHaveLength(1);
  });

  it('reads only the first line, never the conversation', async () => {
    const file = await rollout('2025-06-12', 'private', { cwd: folder, timestamp: '2025-06-12T09:05:00.000Z' });
    expect(await readFirstLine(file)).not.toContain('SECRET PROMPT TEXT');
  });

  it('skips date folders older than the setup day (they cannot hold newer sessions)', async () => {
    // A file in an old date folder claiming a later start is never even opened.
    await rollout('2025-06-01', 'old-folder', { cwd: folder, timestamp: '2025-06-12T09:30:00.000Z' });
    // The day before is still read: folder names use the local date, which can trail UTC.
    await rollout('2025-06-11', 'local-date', { cwd: folder, timestamp: '2025-06-12T09:30:00.000Z' });
    const sessions = await findCodexSessions(codexHome, folder, setupAt);
    expect(sessions.map((s) => path.basename(s.file))).toEqual(['rollout-local-date.jsonl']);
  });

  it('ignores broken and foreign files, and a missing Codex home', async () => {
    const dir = path.join(codexHome, 'sessions', '2025', '06', '12');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'rollout-broken.jsonl'), '{"type":"session_meta","payload":');
    await fs.writeFile(path.join(dir, 'rollout-empty.jsonl'), '');
    await fs.writeFile(path.join(dir, 'rollout-other.jsonl'), '{"type":"turn_context","payload":{"cwd":"x"}}\n');
    await fs.writeFile(path.join(dir, 'notes.txt'), 'not a rollout');
    expect(await findCodexSessions(codexHome, folder, setupAt)).toEqual([]);
    expect(await findCodexSessions(path.join(root, 'no-codex-here'), folder, setupAt)).toEqual([]);
  });

  it('tells whether the change came after Codex started, from file modification times', async () => {
    await rollout('2025-06-12', 'inside', { cwd: folder, timestamp: '2025-06-12T09:05:00.000Z' });
    const sessions = await findCodexSessions(codexHome, folder, setupAt);
    await fs.writeFile(path.join(folder, 'intro.md'), '# me');

    await fs.utimes(path.join(folder, 'intro.md'), new Date('2025-06-12T09:06:00Z'), new Date('2025-06-12T09:06:00Z'));
    const after = summarizeEvidence(sessions, await latestChangeTime(folder, ['intro.md'], []));
    expect(after).toEqual({ sessions: 1, firstSessionAt: '2025-06-12T09:05:00.000Z', lastSessionAt: '2025-06-12T09:05:00.000Z', changedAfterCodex: true });

    await fs.utimes(path.join(folder, 'intro.md'), new Date('2025-06-12T09:01:00Z'), new Date('2025-06-12T09:01:00Z'));
    expect(summarizeEvidence(sessions, await latestChangeTime(folder, ['intro.md'], [])).changedAfterCodex).toBe(false);
    expect(summarizeEvidence([], Date.now()).changedAfterCodex).toBe(false);
  });
});
