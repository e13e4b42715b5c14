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

// `workshop doctor` in Japanese (issue 10 item 3), one screen per failing state
describe('the doctor in Japanese', () => {
  type DoctorBox = import('../doctor/helpers/sandbox.js').Sandbox;
  let api: import('../doctor/helpers/api-mock.js').ApiMock;
  let refused: number;
  beforeAll(async () => {
    const { startApiMock, refusedPort } = await import('../doctor/helpers/api-mock.js');
    api = await startApiMock();
    refused = await refusedPort();
  });
  afterAll(async () => {
    await api?.close();
  });

  const KEY = 'sk-proj-JapaneseScreens0123456789abcdefgh';
  const CONFIG_BROKEN = { 'config.load': { category: 'config', status: 'fail' as const, summary: 'config.toml could not be parsed', details: { file: '<codex>/config.toml', line: '3', column: '7' } } };

  /** Each failing state of the doctor, set up in a fresh sandbox: files, environment, fake codex, API answer. */
  interface State {
    name: string;
    setup(box: DoctorBox): Promise<NodeJS.ProcessEnv | void>;
    smoke?: boolean;
    /** What Codex itself says in this state, quoted as it said it (its own words, in English). */
    codexSays?: string[];
  }
  const fake = async (box: DoctorBox, spec: import('../doctor/helpers/fake-codex.js').FakeCodexSpec) => (await import('../doctor/helpers/fake-codex.js')).writeFakeCodex(box.bin, spec);
  const helpers = () => import('../doctor/helpers/fake-codex.js');
  const savedKey = (box: DoctorBox) => fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: KEY }));
  const apiAt = (box: DoctorBox, url: string) => fs.writeFile(path.join(box.codexHome, 'config.toml'), `openai_base_url = "${url}"\n`);
  async function loggedIn(box: DoctorBox, extra: Partial<import('../doctor/helpers/fake-codex.js').FakeCodexSpec> = {}): Promise<void> {
    const { VERSION_OK, LOGGED_IN_KEY } = await helpers();
    await fake(box, { version: VERSION_OK, loginStatus: LOGGED_IN_KEY, ...extra });
    await savedKey(box);
    await apiAt(box, api.url);
    api.setMode('ok');
  }
  const apiMode = (mode: import('../doctor/helpers/api-mock.js').ApiMode) => async (box: DoctorBox) => {
    await loggedIn(box);
    api.setMode(mode);
  };
  const smokeSays = (message: string, hang = false) => async (box: DoctorBox) => {
    const { execFailedLines } = await helpers();
    await loggedIn(box, { exec: { stdout: hang ? JSON.stringify({ type: 'error', message }) : execFailedLines(message), exit: 1, hang } });
  };

  const states: State[] = [
    { name: 'Codex not installed', setup: async () => undefined },
    { name: 'the wrong codex package', setup: async (box) => void (await fake(box, { version: { stdout: 'codex 1.0.0 (a different program)' } })) },
    { name: 'Codex too old', setup: async (box) => void (await loggedIn(box, { version: { stdout: 'codex-cli 0.100.0' } })) },
    { name: 'not logged in', setup: async (box) => void (await fake(box, { version: (await helpers()).VERSION_OK, loginStatus: (await helpers()).NOT_LOGGED_IN })) },
    {
      name: 'key exported but not saved in Codex',
      setup: async (box) => {
        await fake(box, { version: (await helpers()).VERSION_OK, loginStatus: (await helpers()).NOT_LOGGED_IN });
        return { OPENAI_API_KEY: KEY };
      },
    },
    {
      name: 'damaged saved login',
      setup: async (box) => {
        await fake(box, { version: (await helpers()).VERSION_OK, loginStatus: { stderr: 'Error checking login status: failed to deserialize CLI auth from file: expected value', exit: 1 } });
        await fs.writeFile(path.join(box.codexHome, 'auth.json'), '{ not json');
      },
    },
    { name: 'wrong key', setup: apiMode('invalid_key') },
    { name: 'no credit left', setup: apiMode('quota') },
    { name: 'unsupported region', setup: apiMode('region') },
    { name: 'key not allowed here', setup: apiMode('forbidden') },
    { name: 'rate limited', setup: apiMode('rate') },
    { name: 'captive portal', setup: apiMode('html') },
    { name: 'wrong API base', setup: apiMode('not_found') },
    { name: 'API outage', setup: apiMode('server_error') },
    {
      name: 'connection refused',
      setup: async (box) => {
        await loggedIn(box);
        await apiAt(box, `http://127.0.0.1:${refused}/v1`);
      },
    },
    { name: 'smoke: no credit left', smoke: true, setup: smokeSays('Quota exceeded. Check your plan and billing details.') },
    { name: 'smoke: wrong key', smoke: true, setup: smokeSays('unexpected status 401 Unauthorized: Incorrect API key provided: sk-test-***0000') },
    { name: 'smoke: model not available', smoke: true, setup: smokeSays('The model `gpt-9` does not exist or you do not have access to it.') },
    { name: 'smoke: network timeout', smoke: true, setup: smokeSays('Reconnecting... waiting for network', true) },
    {
      name: 'smoke: no saved login, key only exported',
      smoke: true,
      setup: async (box) => {
        await fake(box, { version: (await helpers()).VERSION_OK, loginStatus: (await helpers()).NOT_LOGGED_IN });
        return { OPENAI_API_KEY: KEY };
      },
    },
    {
      name: 'broken config.toml, ignored OPENAI_BASE_URL, sandbox and WebSocket problems',
      codexSays: ['config.toml could not be parsed', 'bubblewrap is not installed', 'WebSocket handshake failed'],
      setup: async (box) => {
        const { builtinDoctorReport } = await helpers();
        await loggedIn(box, {
          doctor: builtinDoctorReport({
            ...CONFIG_BROKEN,
            'sandbox.helpers': { category: 'sandbox', status: 'fail', summary: 'bubblewrap is not installed' },
            'network.websocket_reachability': { category: 'websocket', status: 'warning', summary: 'WebSocket handshake failed' },
          }),
        });
      },
    },
    {
      name: 'OPENAI_BASE_URL set',
      setup: async (box) => {
        await loggedIn(box, { doctor: (await helpers()).builtinDoctorReport({}) });
        return { OPENAI_BASE_URL: 'https://gateway.example.com/v1' };
      },
    },
    {
      name: 'a key left in Codex shell snapshots',
      setup: async (box) => {
        await loggedIn(box);
        await fs.mkdir(path.join(box.codexHome, 'shell_snapshots'));
        await fs.writeFile(path.join(box.codexHome, 'shell_snapshots', 'snapshot-1.sh'), `export OPENAI_API_KEY=${KEY}\n`, { mode: 0o644 });
        return { OPENAI_API_KEY: KEY };
      },
    },
    {
      name: 'exercise folder is a file, proxies disagree, CA bundle missing',
      setup: async (box) => {
        await loggedIn(box);
        await fs.writeFile(path.join(box.home, 'codex-workshop'), 'a file');
        return { HTTPS_PROXY: 'http://proxy-a.example.com:8080', https_proxy: 'http://proxy-b.example.com:8080', NO_PROXY: 'localhost,127.0.0.1,::1', SSL_CERT_FILE: '/nowhere/company-ca.pem' };
      },
    },
  ];

  /** Programs named where their output is quoted (`codex login status の出力: …`). */
  const PROGRAMS = ['codex login status', 'codex --version', 'git --version'];

  /** Everything that varies between machines and runs, replaced by a placeholder. */
  function stable(screen: string, box: DoctorBox): string {
    return plain(screen)
      .split(box.root)
      .join('<sandbox>')
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
      .replace(/Node\.js \d+\.\d+\.\d+/g, 'Node.js <version>')
      .replace(/Git \d+\.\d+(\.\d+)?/g, 'Git <version>')
      .replace(/\d+(\.\d+)? GB/g, '<n> GB')
      .replace(/\d+\.\d 秒/g, '<n> 秒')
      .replace(/\(\d+ ms\)/g, '(<n> ms)');
  }

  it('every failing state reads in Japanese, fixes included, and matches its snapshot', { timeout: 240_000 }, async () => {
    const { makeSandbox: doctorSandbox } = await import('../doctor/helpers/sandbox.js');
    const { doctorIn } = await import('../doctor/helpers/run.js');
    const found: Array<[string, string[]]> = [];
    for (const state of states) {
      const box = await doctorSandbox();
      try {
        const env = (await state.setup(box)) ?? {};
        const options = { lang: 'ja' as const, smoke: state.smoke, timeout: state.smoke ? 2 : 3 };
        const screen = await doctorIn(box, options, env);
        const verbose = await doctorIn(box, { ...options, verbose: true }, env);
        // Commands are typed as they are; the JSON run (language-neutral) names every one of them.
        const json = await doctorIn(box, { ...options, json: true }, env);
        const commands = (JSON.parse(json.stdout) as { checks: Array<{ fix?: { commands?: string[] } }> }).checks.flatMap((c) => c.fix?.commands ?? []).filter((c) => !c.startsWith('#'));
        // What other programs said, quoted in --verbose details as they said it, is data, not our words.
        const quoted = [...verbose.stdout.matchAll(/(?:の出力|API の応答): (.*)$/gm)].map((m) => m[1]!);
        for (const [name, text, data] of [
          [state.name, screen.stdout + screen.stderr, commands],
          [`${state.name} (--verbose)`, verbose.stdout + verbose.stderr, [...commands, ...quoted]],
        ] as const) {
          // Columns (the title, padded, then the summary) are separate texts: a title is not part of a sentence.
          const columns = text.replace(/ {2,}/g, ' | ');
          const runs = englishRuns(columns, [...data, ...PROGRAMS, ...(state.codexSays ?? [])].sort((a, b) => b.length - a.length));
          if (runs.length) found.push([name, runs]);
        }
        expect(screen.stdout, state.name).toContain('準備');
        expect(screen.stdout + verbose.stdout + json.stdout, state.name).not.toContain(KEY);
        expect(stable(screen.stdout, box)).toMatchSnapshot(`doctor: ${state.name}`);
      } finally {
        await box.cleanup();
      }
    }
    expect(found).toEqual([]);
  });

  it('follows `--lang ja` and the system locale through the real command line, and keeps --json in English', { timeout: 60_000 }, async () => {
    const { makeSandbox: doctorSandbox } = await import('../doctor/helpers/sandbox.js');
    const { runWorkshop } = await import('../support/run-workshop.js');
    const box = await doctorSandbox();
    try {
      const viaFlag = await runWorkshop(['doctor', '--lang', 'ja'], { env: box.env });
      expect(viaFlag.code).toBe(1);
      expect(viaFlag.stdout).toContain('準備未完了');
      expect(viaFlag.stdout).toContain('Codex CLI がインストールされていません');
      // Remembered for the next command, as every participant command does.
      expect((await runWorkshop(['doctor'], { env: box.env })).stdout).toContain('準備未完了');
      const json = await runWorkshop(['doctor', '--json', '--lang', 'ja'], { env: box.env });
      const doc = JSON.parse(json.stdout) as { checks: Array<{ id: string; code: string; summary: string }> };
      expect(doc.checks.find((c) => c.id === 'codex.installed')).toMatchObject({ code: 'codex_not_found', summary: 'The Codex CLI is not installed (no `codex` on your PATH)' });
      const other = await doctorSandbox({ LANG: 'ja_JP.UTF-8' });
      try {
        expect((await runWorkshop(['doctor'], { env: other.env })).stdout).toContain('準備未完了');
        expect((await runWorkshop(['doctor', '--only', 'nonsense'], { env: other.env })).stderr).toContain('--only に指定されたチェック "nonsense" はありません');
      } finally {
        await other.cleanup();
      }
    } finally {
      await box.cleanup();
    }
  });
});
