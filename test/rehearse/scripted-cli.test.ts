import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCodexModel } from '../../src/codex/model.js';
import { runProcess } from '../../src/core/process.js';
import { checkMessage, listEntries, makeWorld, packWith, runWorkshop, type World } from './helpers.js';

/**
 * `workshop rehearse --scripted` end to end: the CLI starts its own scripted Responses API, the real
 * pinned Codex CLI executes the rehearsal.json turns, and the real grader judges the folder. The
 * wrong scripts below prove the path is not rubber-stamped: what Codex really wrote decides.
 */
let world: World;
beforeAll(async () => {
  world = await makeWorld();
});
afterAll(async () => {
  await world.cleanup();
});

/** The version the kit pins, from package.json: the tests follow it when it moves. */
const PINNED_CODEX = (JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['@openai/codex']!;

const rehearse = (args: string[], env: NodeJS.ProcessEnv = world.env) => runWorkshop(['rehearse', '--scripted', ...args], env);

/** A script for 01-first-file that creates intro.md without a heading or bullets and edits welcome.txt. */
const WRONG_INTRO = {
  schemaVersion: 1,
  turns: [
    { shell: 'ls' },
    { patch: '*** Begin Patch\n*** Add File: intro.md\n+Alex Morgan, Sales Operations. I prepare the pipeline report.\n*** End Patch\n' },
    { shell: "echo 'edited by the model' >> welcome.txt" },
  ],
  finalMessage: 'I created intro.md with your introduction.',
};

/** Moves every file into one folder: nothing lost, but the placement checks must fail. */
const LAZY_TIDY = {
  schemaVersion: 1,
  turns: [{ shell: 'mkdir stuff && for f in *.*; do mv "$f" stuff/; done' }],
  finalMessage: 'I tidied the folder.',
};

describe('workshop rehearse --scripted', () => {
  it('prints only the JSON document with --json, and exits 0 when every run passed', async () => {
    const result = await rehearse(['--exercise', '01-first-file', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, mode: 'scripted', codex: { version: PINNED_CODEX }, pack: { id: 'codex-workshop-basics' } });
    expect(report.exercises).toEqual([
      expect.objectContaining({ id: '01-first-file', runs: 1, passed: 1, medianSeconds: expect.any(Number), tokens: expect.any(Number), failures: [] }),
    ]);
    expect(report.exercises[0].tokens).toBeGreaterThan(0);
    // The report records the model the run used: what the pinned Codex asked for, which is the
    // default the doctor reads from that Codex's own catalogue.
    const pinned = { file: process.execPath, prefixArgs: [path.resolve('node_modules/@openai/codex/bin/codex.js')], path: 'codex' };
    const expected = await resolveCodexModel({ codex: pinned, codexHome: path.join(world.root, 'no-codex-home'), env: { ...world.env, PATH: process.env.PATH }, run: runProcess });
    expect(expected.source).toBe('default');
    expect(report.model).toBe(expected.model);
    // Codex ran with a TMPDIR that does not contain its CODEX_HOME (no temp-dir warning), and
    // every temporary folder (CODEX_HOME, workspaces) is gone afterwards.
    expect(result.stderr).toBe('');
    expect(await listEntries(world.tmp)).toEqual([]);
  });

  it('fails a script that writes the wrong thing, with the checks that caught it (exit 1)', async () => {
    const pack = await packWith(path.join(world.root, 'wrong-pack'), ['01-first-file', '02-tidy-folder'], { '01-first-file': WRONG_INTRO, '02-tidy-folder': LAZY_TIDY });
    const result = await rehearse(['--pack', pack, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    const [intro, tidy] = report.exercises;
    expect(intro).toMatchObject({ id: '01-first-file', runs: 1, passed: 0 });
    expect(intro.failures[0].outcome).toBe('failed_checks');
    expect(intro.failures[0].failedChecks.map((c: { id: string }) => c.id).sort()).toEqual(['heading', 'three-bullets', 'welcome-untouched']);
    expect(tidy).toMatchObject({ id: '02-tidy-folder', passed: 0 });
    const tidyFailed = tidy.failures[0].failedChecks.map((c: { id: string }) => c.id);
    expect(tidyFailed.length).toBeGreaterThan(0);
    // Nothing was lost, so only the placement of files can be wrong.
    expect(tidyFailed.every((id: string) => !/preserved|scope/.test(id))).toBe(true);
  });

  it('shows failed runs under the table with what a participant would read', async () => {
    const pack = await packWith(path.join(world.root, 'wrong-pack-table'), ['01-first-file'], { '01-first-file': WRONG_INTRO });
    const result = await rehearse(['--pack', pack]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Codex CLI ${PINNED_CODEX} · scripted model (local, no API) · pack rehearse-test-pack`);
    expect(result.stdout).toMatch(/01-first-file\s+1\s+0\s+\d+\.\d\s+[\d,]+/);
    expect(result.stdout).toContain('Failed runs');
    expect(result.stdout).toContain(`heading: a participant would read "${await checkMessage('01-first-file', 'heading')}"`);
    expect(result.stderr).toMatch(/✗ failed checks {2}01-first-file in \d+\.\d s/);
  });

  it('reports a patch that does not apply as what Codex said, not just as failed checks', async () => {
    const pack = await packWith(path.join(world.root, 'bad-patch-pack'), ['01-first-file'], {
      '01-first-file': { schemaVersion: 1, turns: [{ patch: '*** Begin Patch\n*** Update File: intro.md\n@@\n-old\n+new\n*** End Patch\n' }], finalMessage: 'Done.' },
    });
    const result = await rehearse(['--pack', pack, '--json']);
    expect(result.code).toBe(1);
    const failure = JSON.parse(result.stdout).exercises[0].failures[0];
    expect(failure.outcome).toBe('no_change');
    expect(failure.notes.join('\n')).toMatch(/apply_patch verification failed.*intro\.md/);
  });

  it('never sends a real key to the scripted model: CODEX_API_KEY is left out, so the dummy key is accepted', async () => {
    const secret = 'sk-proj-REALSECRETabcdefghijklmnop9876';
    const result = await rehearse(['--exercise', '01-first-file', '--json'], { ...world.env, CODEX_API_KEY: secret, OPENAI_API_KEY: secret });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('rehearses an exercise scaffolded by `workshop dev new` green out of the box', async () => {
    const pack = path.join(world.root, 'new-pack');
    const scaffold = await runWorkshop(['dev', 'new', '09-weekly-report', '--pack', pack], world.env);
    expect(scaffold.code, scaffold.stderr).toBe(0);
    const result = await rehearse(['--pack', pack, '--json']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).exercises).toEqual([expect.objectContaining({ id: '09-weekly-report', runs: 1, passed: 1 })]);
  });

  it('refuses to start when a rehearsal.json is missing or broken, naming file and field (exit 2)', async () => {
    const pack = await packWith(path.join(world.root, 'broken-scripts'), ['01-first-file', '02-tidy-folder'], {
      '01-first-file': null,
      '02-tidy-folder': { schemaVersion: 1, turns: [{ shel: 'ls' }], finalMessage: 'x' },
    });
    const result = await rehearse(['--pack', pack]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(path.join(pack, '01-first-file', 'rehearsal.json'));
    expect(result.stderr).toMatch(/02-tidy-folder[\\/]rehearsal\.json: turns\[0\]/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('is bad usage (exit 2) to name an exercise the pack does not have, listing the real ones', async () => {
    const result = await rehearse(['--exercise', '99-nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('There is no exercise "99-nope" in this pack');
    expect(result.stderr).toContain('01-first-file');
  });

  it.each([['0'], ['-1'], ['two'], ['1.5'], ['51']])('is bad usage (exit 2) to ask for --runs %s', async (runs) => {
    const result = await rehearse(['--runs', runs]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--runs/);
    expect(result.stdout).toBe('');
  });

  it.each([[['--timeout', 'soon'], /--timeout/], [['--timeout', '0'], /--timeout/], [['--lang', 'english!'], /--lang/], [['--bogus'], /unknown option/]])(
    'is bad usage (exit 2): %j',
    async (args, message) => {
      const result = await rehearse(args as string[]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message as RegExp);
      expect(result.stdout).toBe('');
    },
  );
});
