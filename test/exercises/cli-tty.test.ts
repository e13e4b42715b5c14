import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, bin, makeSandbox, samplePack } from './sandbox.js';

/**
 * Questions are asked only on a terminal. `script` (util-linux / BSD) gives the CLI a real
 * pseudo-terminal; the answer is typed into it. Skipped where there is no `script` (Windows).
 */
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

function inTerminal(args: string[], answer: string): Promise<{ code: number; output: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, bin, ...args, '--pack', samplePack].map(quote).join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...box.env, TERM: 'xterm' }, cwd: box.root });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      // Answer once the question is on the screen.
      if (answer && /\(Y\/n\)/.test(plain(output))) {
        child.stdin.write(answer);
        answer = '';
      }
    });
    const guard = setTimeout(() => child.kill(), 20_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code: code ?? 1, output: plain(output) });
    });
  });
}

describe.skipIf(!hasScript)('questions on a terminal', () => {
  it('next asks before setting a deleted exercise folder up again, and does it on yes', async () => {
    await box.ws(['next']);
    await fs.rm(box.folder('01-meeting-summary'), { recursive: true });
    const result = await inTerminal(['next'], 'y\r');
    // The terminal is 80 columns wide: the question may wrap, so match its words, not its lines.
    expect(result.output.replace(/\s+/g, ' ')).toMatch(/The folder of exercise 01-meeting-summary .* is gone\. Set it up again from the starter files\?/);
    expect(result.code).toBe(0);
    expect(await fs.readdir(box.folder('01-meeting-summary'))).toContain('notes.txt');
  });

  it('reset asks first, and answering no changes nothing', async () => {
    await box.ws(['next']);
    await fs.writeFile(path.join(box.folder('01-meeting-summary'), 'summary.md'), 'my work');
    const result = await inTerminal(['reset'], 'n\r');
    expect(result.output).toContain('Reset the exercise folder now?');
    expect(result.output).toContain('Nothing was changed.');
    expect(result.code).toBe(1);
    expect(await fs.readFile(path.join(box.folder('01-meeting-summary'), 'summary.md'), 'utf8')).toBe('my work');
  });
});
