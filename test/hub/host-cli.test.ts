import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advertisedHost, lanAddresses } from '../../facilitator/hub/lan-address.js';
import { bin, participantEnv, runCli } from './cli-helpers.js';
import { tempDir } from './helpers.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  tmp = await tempDir('host-cli-');
  env = await participantEnv(path.join(tmp.dir, 'home'));
});
afterAll(async () => {
  await tmp.cleanup();
});

/** Starts `workshop host`, waits until it printed `until`, stops it with SIGTERM, returns everything. */
async function hostUntil(args: string[], until: RegExp): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [bin, 'host', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  for (let i = 0; i < 300 && !until.test(stdout) && child.exitCode === null; i += 1) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGTERM');
  const code = await closed;
  return { stdout, stderr, code };
}

describe('workshop host', () => {
  it('with --json prints exactly one JSON line on stdout, and stops cleanly on SIGTERM', async () => {
    const run = await hostUntil(['--json', '--port', '0', '--bind', '127.0.0.1', '--data', path.join(tmp.dir, 'data'), '--session', 'json-run'], /\n/);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const ready = JSON.parse(lines[0]);
    expect(ready).toMatchObject({ joinUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), code: expect.stringMatching(/^[A-Z]{4}-\d{4}$/), session: 'json-run', dataDir: path.join(tmp.dir, 'data') });
    expect(ready.dashboardUrl).toMatch(/\/dashboard#token=wsf_/);
    expect(run.stderr).toMatch(/Hub stopped\. Everything is kept in/);
  });

  it('prints the join line, the dashboard link and where data is kept; a restart resumes the same code', async () => {
    const args = ['--port', '0', '--data', path.join(tmp.dir, 'data'), '--session', 'human', '--title', 'Sales kickoff'];
    const first = await hostUntil(args, /Press Ctrl-C/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Sales kickoff — session human/);
    const join = /workshop join http:\/\/([\d.]+):\d+ --code ([A-Z]{4}-\d{4})/.exec(first.stdout);
    expect(join).not.toBeNull();
    expect(join![1]).toBe(advertisedHost('0.0.0.0'));
    expect(first.stdout).toMatch(/Dashboard .*\n {2}http:\/\/127\.0\.0\.1:\d+\/dashboard#token=wsf_/);
    expect(first.stdout).toContain(`Data: ${path.join(tmp.dir, 'data', 'sessions', 'human')}`);
    const second = await hostUntil(args, /Press Ctrl-C/);
    expect(second.stdout).toContain('(resumed: 0 participants, 0 events)');
    expect(second.stdout).toContain(`--code ${join![2]}`);
  });

  it('says which port is taken, or which address is missing, in one line', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const taken = await runCli(['host', '--port', String(port), '--bind', '127.0.0.1', '--data', path.join(tmp.dir, 'data'), '--session', 'busy'], env);
      expect(taken.code).toBe(1);
      expect(taken.stderr.trim()).toBe(`Port ${port} is already in use (another hub, or another program). Start with another port, e.g. --port ${port + 1}.`);
    } finally {
      busy.close();
    }
    const missing = await runCli(['host', '--port', '0', '--bind', '10.254.254.254', '--data', path.join(tmp.dir, 'data'), '--session', 'nowhere'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/This computer has no network address 10\.254\.254\.254/);
    const badId = await runCli(['host', '--session', '../escape', '--data', path.join(tmp.dir, 'data')], env);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/can't be used as a folder name/);
  });
});

describe('the address in the join line', () => {
  it("prefers the room's private network over container and VPN bridges", () => {
    const iface = (address: string) => [{ address, family: 'IPv4' as const, internal: false, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }];
    const interfaces = { lo: [{ ...iface('127.0.0.1')[0], internal: true }], docker0: iface('172.17.0.1'), utun3: iface('10.8.0.2'), en0: iface('192.168.1.20') };
    expect(lanAddresses(interfaces)).toEqual(['192.168.1.20', '172.17.0.1', '10.8.0.2']);
    expect(advertisedHost('0.0.0.0', interfaces)).toBe('192.168.1.20');
    expect(advertisedHost('127.0.0.1', interfaces)).toBe('127.0.0.1');
  });
});

describe('stopping and resuming (issue 11)', () => {
  it('prints a resume command that, run as printed, resumes the same programme date with the same code', async () => {
    const data = path.join(tmp.dir, 'resume-data');
    const created = await runCli(['programme', 'create', 'spring', '--title', 'Spring', '--data', data], env);
    expect(created.code).toBe(0);
    const first = await hostUntil(['--programme', 'spring', '--session', '2026-12-03', '--port', '0', '--bind', '127.0.0.1', '--data', data], /Press Ctrl-C/);
    expect(first.code).toBe(0);
    const code = /--code ([A-Z]{4}-\d{4})/.exec(first.stdout)![1];
    const printed = /Resume this session[^\n]*\n {2}(workshop host [^\n]+)/.exec(first.stdout)?.[1];
    expect(printed).toBe(`workshop host --programme spring --session 2026-12-03 --data ${data} --port 0 --bind 127.0.0.1`);
    expect(first.stdout).toContain(`workshop report --programme spring --session 2026-12-03 --data ${data}`);
    const again = await hostUntil(printed!.split(' ').slice(2), /Press Ctrl-C/);
    expect(again.stdout).toContain('(resumed: 0 participants, 0 events)');
    expect(again.stdout).toContain(`--code ${code}`);
    // The report finds the programme date without --programme.
    const report = await runCli(['report', '--session', '2026-12-03', '--data', data, '--format', 'json'], env);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).session).toMatchObject({ id: '2026-12-03', programmeId: 'spring' });
  });
});
