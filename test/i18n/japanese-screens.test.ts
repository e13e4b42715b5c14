import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../facilitator/hub/host.js';
import { type Sandbox, makeSandbox, samplePack, solveWith } from '../exercises/sandbox.js';
import { tempDir, testHub } from '../hub/helpers.js';

/**
 * A participant who reads Japanese sees Japanese on every screen: `--lang ja` once (remembered), then
 * every command in turn, in a sandbox whose system locale is English. A screen fails when it holds a
 * run of three or more English words outside what is not a sentence: commands in backticks or
 * starting with `workshop`, paths, URLs, and the pack's own data. The main screens are snapshots.
 */
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

/** Runs of 3+ English words left once commands, paths, URLs and pack data are taken out. */
export function englishRuns(screen: string, packData: string[] = []): string[] {
  const runs: string[] = [];
  for (let line of plain(screen).split('\n')) {
    for (const data of packData) line = line.split(data).join(' ');
    line = line
      .replace(/`[^`]*`/g, ' ')
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/\bworkshop(?: (?:--?[\w-]+|[a-z][\w-]*|"[^"]*"|<[^>]*>|\d+))*/g, ' ')
      .replace(/\S*[\\/]\S*/g, ' ')
      .replace(/\b[\w.-]+\.(?:md|txt|json|csv|jsonl|lock)\b/g, ' ');
    runs.push(...(line.match(/[A-Za-z][A-Za-z'’]*(?:[ ,]+[A-Za-z][A-Za-z'’]*){2,}/g) ?? []));
  }
  return runs;
}

/** Every text of the sample pack (pack data, shown as the pack author wrote it, in any language). */
async function packTexts(): Promise<string[]> {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  const pack = JSON.parse(await fs.readFile(path.join(samplePack, 'pack.json'), 'utf8'));
  collect(pack);
  for (const id of pack.exercises) collect(JSON.parse(await fs.readFile(path.join(samplePack, id, 'exercise.json'), 'utf8')));
  // Longest first, so a sentence goes before the words inside it.
  return texts.filter((text) => text.length > 3).sort((a, b) => b.length - a.length);
}

function normalise(screen: string, box: Sandbox): string {
  return plain(screen).split(box.root).join('<sandbox>');
}

let box: Sandbox;
beforeAll(async () => {
  box = await makeSandbox();
});
afterAll(async () => {
  await box.cleanup();
});

describe('Japanese everywhere a participant looks', () => {
  const folder = () => box.folder('01-meeting-summary');

  it('after `--lang ja` once, every exercise screen is in Japanese', { timeout: 120_000 }, async () => {
    const screens: Record<string, string> = {};
    const run = async (name: string, args: string[], expectCode?: number) => {
      const exerciseCommand = ['next', 'brief', 'list', 'status', 'hint', 'diff', 'reset', 'goto'].includes(args[0]);
      const result = exerciseCommand ? await box.ws(args) : await box.run(args);
      if (expectCode !== undefined) expect(result.code, `${name}: ${result.stderr}`).toBe(expectCode);
      screens[name] = `${result.stdout}\n${result.stderr}`;
      return result;
    };

    await run('brief before any exercise (error)', ['brief', '--lang', 'ja'], 1);
    await run('next: setup', ['next'], 0);
    await run('brief', ['brief'], 0);
    await run('list', ['list'], 0);
    await run('status', ['status'], 0);
    await run('hint', ['hint'], 0);
    await run('next: nothing changed', ['next'], 1);
    await fs.writeFile(path.join(folder(), 'summary.md'), '# まとめ\n');
    await run('next: failure', ['next'], 1);
    await run('diff --stat', ['diff', '--stat'], 0);
    await run('reset without --yes outside a terminal (error)', ['reset'], 2);
    await run('reset', ['reset', '--yes'], 0);
    await run('reset --undo', ['reset', '--undo'], 0);
    await run('goto an unknown exercise (error)', ['goto', '9'], 2);
    await solveWith(box, '01-meeting-summary');
    await run('next: pass', ['next'], 0);
    await run('sync before joining (error)', ['sync'], 1);
    await run('help before joining (error)', ['help', 'ファイルが消えました'], 1);
    await run('pulse with --yes and --no (error)', ['pulse', '--yes', '--no'], 2);
    await run('share with a bad --risk (error)', ['share', '--risk', 'extreme'], 2);

    // The remembered language is in the participant's state.
    const progress = JSON.parse(await fs.readFile(path.join(box.state, 'progress.json'), 'utf8'));
    expect(progress.language).toBe('ja');

    const data = await packTexts();
    const found = Object.entries(screens)
      .map(([name, screen]) => [name, englishRuns(screen, data)] as const)
      .filter(([, runs]) => runs.length > 0);
    expect(found).toEqual([]);

    for (const name of ['next: setup', 'next: nothing changed', 'next: failure', 'next: pass', 'reset', 'reset --undo', 'brief']) {
      expect(normalise(screens[name], box)).toMatchSnapshot(name);
    }
  });

  it('the check finds English: the detector is not blind', () => {
    expect(englishRuns('演習フォルダー: Not passed yet, try again')).toEqual(['Not passed yet, try again']);
    expect(englishRuns('`workshop reset --undo` で戻せます。/home/aki/codex-workshop/01-first-file の summary.md')).toEqual([]);
  });

  it('the language follows the system locale when nothing was chosen, and --lang en switches back', async () => {
    const other = await makeSandbox();
    try {
      const ja = await other.ws(['list'], { LANG: 'ja_JP.UTF-8' });
      expect(ja.stdout).toContain('3 番目の演習を始めます');
      const en = await other.ws(['list', '--lang', 'en'], { LANG: 'ja_JP.UTF-8' });
      expect(en.stdout).toContain('To jump to an exercise');
      // Remembered over the system locale.
      expect((await other.ws(['list'], { LANG: 'ja_JP.UTF-8' })).stdout).toContain('To jump to an exercise');
    } finally {
      await other.cleanup();
    }
  });
});

describe('joining in Japanese', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let hub: RunningHub;
  let laptop: Sandbox;
  beforeAll(async () => {
    tmp = await tempDir('join-ja-');
    hub = await testHub(path.join(tmp.dir, 'data'));
    laptop = await makeSandbox();
  });
  afterAll(async () => {
    await hub?.close();
    await tmp?.cleanup();
    await laptop?.cleanup();
  });

  it('prints the join lines, what is shared and what to do next in Japanese', async () => {
    const result = await laptop.run(['join', hub.joinUrl, '--code', hub.meta.code, '--name', '田中 愛子', '--email', 'aiko@example.com', '--team', '経理', '--lang', 'ja']);
    expect(result.code, result.stderr).toBe(0);
    expect(englishRuns(`${result.stdout}\n${result.stderr}`)).toEqual([]);
    expect(normalise(result.stdout, laptop).split(hub.joinUrl).join('<hub>')).toMatchSnapshot('join');
    const wrong = await laptop.run(['join', hub.joinUrl, '--code', 'WXYZ-0000', '--name', '田中 愛子', '--email', 'aiko@example.com', '--team', '経理']);
    expect(wrong.code).toBe(1);
    expect(englishRuns(wrong.stderr)).toEqual([]);
    expect(wrong.stderr).toContain('セッションコード');
  });
});
