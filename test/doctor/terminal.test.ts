import { execFile, execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, type Sandbox } from './helpers/sandbox.js';

/**
 * `workshop doctor` in a real (pseudo-)terminal, through util-linux `script`: a spinner while checks
 * run, results streamed in order, and never a hang, also in a terminal that reports no width.
 */
function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return process.platform === 'linux';
  } catch {
    return false;
  }
}

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

async function inTerminal(columns: number) {
  const transcript = path.join(box.root, 'transcript');
  const runner = path.join(box.root, 'run.sh');
  await fs.writeFile(runner, `stty cols ${columns} rows 40 2>/dev/null\nexec "${process.execPath}" "${path.resolve('bin/workshop.js')}" doctor\n`);
  const env = { ...box.env, TERM: 'xterm-256color' };
  delete env.NO_COLOR;
  const started = performance.now();
  await promisify(execFile)('script', ['-qec', `sh ${runner}`, transcript], { env, timeout: 30_000 }).catch((e: { killed?: boolean }) => {
    if (e.killed) throw new Error('the doctor hung in a terminal');
  });
  return { text: await fs.readFile(transcript, 'utf8'), ms: performance.now() - started };
}

describe.skipIf(!hasScript())('doctor in a terminal', () => {
  it('shows a spinner while checks run, then every result and the verdict', async () => {
    const { text } = await inTerminal(100);
    expect(text).toContain('\u001b[?25l'); // the spinner hid the cursor
    expect(text).toContain('Checking:');
    expect(text).toMatch(/Node\.js and npm[\s\S]*Codex CLI[\s\S]*Git[\s\S]*Proxy settings[\s\S]*NOT READY/);
    expect(text).toContain('\u001b[31m'); // colour on a terminal
  });

  it('finishes without a spinner in a terminal that reports no width', async () => {
    const { text, ms } = await inTerminal(0);
    expect(ms).toBeLessThan(20_000);
    expect(text).not.toContain('Checking:');
    expect(text).toContain('NOT READY');
  });
});
