import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runWorkshop, workshopBin } from './support/run-workshop.js';

const run = promisify(execFile);
const bin = workshopBin;

function workshop(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runWorkshop(args, { env: { ...process.env, ...env } });
}

describe('the workshop entry point', () => {
  it('prints the kit version from package.json', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    const result = await workshop(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('answers an unknown option with exit code 2 and no stack trace', async () => {
    const result = await workshop(['--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option/);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('shows help with exit code 0', async () => {
    const result = await workshop(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: workshop/);
  });

  it('tells someone on an old Node which version is needed', async () => {
    // Fake an old Node by overriding process.versions before the entry script runs.
    const preload = path.resolve('test/fixtures/old-node.cjs');
    const { stderr, code } = await run(process.execPath, ['-r', preload, bin, 'doctor']).then(
      (r) => ({ ...r, code: 0 }),
      (e: { stderr: string; code: number }) => e,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/needs Node\.js 20\.17\.0 or newer; this is Node\.js 18\.0\.0/);
  });
});

describe('a reader that stops early', () => {
  it('`workshop data --help | head -1` ends quietly: no EPIPE stack trace, exit 0', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [workshopBin, 'data', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Close our end before the help is written, as a `head` that has already quit would be.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});
