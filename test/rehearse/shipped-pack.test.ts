import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPack, type LoadedPack } from '../../src/exercises/pack-loader.js';
import { rehearseOnce } from '../../src/rehearse/run-once.js';
import { startScriptedBackend } from '../../src/rehearse/scripted-backend.js';
import { loadRehearsalScripts } from '../../src/rehearse/scripts.js';
import type { RehearsalBackend } from '../../src/rehearse/types.js';
import { codexExecutable, codexLabel, underTest } from '../support/codex-versions.js';
import { shippedPack } from './helpers.js';

/**
 * The scripted rehearsal of every exercise in the shipped pack, through the real Codex CLI (the pinned
 * version and the newest on the registry, test/support/codex-versions.ts):
 * Codex executes each rehearsal.json turn (shell commands and patches) in a folder set up exactly as
 * `workshop next` sets it up, and the real grader judges the files. An exercise whose script no
 * longer works with this Codex, or whose grader no longer accepts the result, fails its own test.
 */
const pack: LoadedPack = await loadPack(shippedPack);

describe.each(underTest(inject('codexVersions')).map((c) => [codexLabel(c), c] as const))('scripted rehearsal of the shipped pack (real %s, real grader)', (_label, codex) => {
  let backend: RehearsalBackend;
  let root: string;

  beforeAll(async () => {
    root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'workshop-rehearse-pack-')));
    const scripts = await loadRehearsalScripts(pack.exercises);
    backend = await startScriptedBackend({ scripts, root: path.join(root, 'codex'), env: { ...process.env, NO_COLOR: '1' }, codex: codexExecutable(codex) });
  });

  afterAll(async () => {
    await backend?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('covers every exercise of the pack, each with a rehearsal.json', () => {
    expect(pack.exercises.length).toBeGreaterThanOrEqual(8);
  });

  for (const exercise of pack.exercises) {
    it(`${exercise.id}: Codex playing rehearsal.json leaves a folder the grader passes`, async () => {
      const record = await rehearseOnce(
        { exercise, run: 1 },
        { pack, backend, workspace: path.join(root, 'runs', exercise.id), lang: 'en', timeoutMs: 60_000, keepFailed: false },
      );
      const why = [record.reason, ...record.failedChecks.map((c) => `${c.id}: ${c.detail ?? ''}`), ...record.notes].filter(Boolean).join('\n');
      expect(record.outcome, why).toBe('passed');
      // The whole script was played (no note about a script cut short) and Codex reported its usage.
      expect(record.notes.filter((n) => /scripted model/.test(n)), why).toEqual([]);
      expect(record.tokens).toBeGreaterThan(0);
    });
  }
});
