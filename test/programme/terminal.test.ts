import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isolatedEnv, tempDir } from './helpers.js';

/**
 * In a real terminal (a pseudo-terminal from script(1), as on a participant's laptop): the pulse is
 * offered once after an ordinary command a week after the session, and `workshop share` asks for what
 * its flags did not say.
 */
const hasScript = process.platform === 'linux' && existsSync('/usr/bin/script');

function inTerminal(args: string[], env: NodeJS.ProcessEnv) {
  const ttyEnv: NodeJS.ProcessEnv = { ...process.env, ...env, NO_COLOR: '1', TERM: 'xterm' };
  delete ttyEnv.CI;
  delete ttyEnv.WORKSHOP_NO_PULSE_OFFER;
  const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const child = spawn('script', ['-qec', `${process.execPath} ${path.resolve('bin/workshop.js')} ${quoted}`, '/dev/null'], { env: ttyEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  return {
    output: () => output,
    type: (text: string) => child.stdin.write(text),
    waitFor: async (text: string) => {
      for (let i = 0; i < 300 && !output.includes(text); i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(output).toContain(text);
    },
    done: async () => {
      child.stdin.end();
      return closed;
    },
  };
}

async function events(configDir: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(path.join(configDir, 'events.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe.skipIf(!hasScript)('in a participant\'s terminal', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    root = await tempDir('programme-tty-');
    env = isolatedEnv(root.dir);
    // Their session was ten days ago; they used Codex two days after it.
    const session = new Date(Date.now() - 10 * 86_400_000);
    const used = new Date(session.getTime() + 2 * 86_400_000);
    await mkdir(env.WORKSHOP_HOME!, { recursive: true });
    await writeFile(path.join(env.WORKSHOP_HOME!, 'events.jsonl'), `${JSON.stringify({ id: '00000000-0000-4000-8000-0000000000c1', ts: session.toISOString(), type: 'exercise.setup', exerciseId: '01-first-file' })}\n`);
    const dir = path.join(env.CODEX_HOME!, 'sessions', String(used.getFullYear()), String(used.getMonth() + 1).padStart(2, '0'), String(used.getDate()).padStart(2, '0'));
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'rollout-x.jsonl'), `${JSON.stringify({ timestamp: used.toISOString(), type: 'session_meta', payload: { timestamp: used.toISOString(), cwd: '/private' } })}\n`);
  });
  afterEach(async () => root.cleanup());

  it('offers the pulse once after an ordinary command a week after the session, and a yes reports it', { timeout: 60_000 }, async () => {
    const first = inTerminal(['list'], env);
    await first.waitFor('May workshop count how many Codex sessions');
    first.type('y\r');
    await first.waitFor('1 Codex session on 1 day');
    expect(await first.done()).toBe(0);
    const pulses = (await events(env.WORKSHOP_HOME!)).filter((e) => e.type === 'pulse.reported');
    expect(pulses).toHaveLength(1);
    expect(pulses[0].days).toEqual([{ day: expect.any(String), codexSessions: 1 }]);

    const second = inTerminal(['list'], env);
    expect(await second.done()).toBe(0);
    expect(second.output()).not.toContain('May workshop count');
  });

  it('asks `workshop share` questions for what the flags did not say', { timeout: 60_000 }, async () => {
    const share = inTerminal(['share', '--team', 'Finance', '--frequency', 'monthly', '--risk', 'high', '--reusable', 'no'], env);
    await share.waitFor('What task do you now do with Codex?');
    share.type('Reconcile the monthly card statements\r');
    await share.waitFor('minutes does Codex save you per week');
    share.type('90\r');
    await share.waitFor('Thank you!');
    expect(await share.done()).toBe(0);
    const [shared] = (await events(env.WORKSHOP_HOME!)).filter((e) => e.type === 'usecase.shared');
    expect(shared).toMatchObject({ what: 'Reconcile the monthly card statements', team: 'Finance', frequency: 'monthly', minutesSavedPerWeek: 90, risk: 'high', reusable: false });
  });
});
