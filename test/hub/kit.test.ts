import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../facilitator/hub/host.js';
import { defaultKitSource, kitTarballPath } from '../../facilitator/hub/kit-builder.js';
import { participantEnv } from './cli-helpers.js';
import { tempDir, testHub } from './helpers.js';

/**
 * The hub serves the participant kit as an npm tarball with its dependencies bundled: installed here
 * from the hub's URL with the registry pointed at a closed port, so any registry access would fail.
 */
/** Async on purpose: the hub answering npm runs in this same process. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeout: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout, encoding: 'utf8', shell: process.platform === 'win32' }, (error, stdout, stderr) => {
      const status = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : null) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

describe('the participant kit at /kit.tgz', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let hub: RunningHub;
  let kitOut: string;
  let building: Promise<string>;

  beforeAll(async () => {
    tmp = await tempDir('kit-test-');
    // The hub builds the kit on the first request when there is none (here into a folder of its own,
    // so this test never races another over dist/kit).
    kitOut = path.join(tmp.dir, 'kit');
    const source = defaultKitSource(undefined, kitOut);
    hub = await testHub(path.join(tmp.dir, 'data'), { kit: source });
    // Start the build here, outside the hub's 30 s request timeout: on a loaded CI machine bundling
    // the CLI and PGlite can take longer than that. The hub's first request joins the same build.
    building = source.tarball();
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
    await tmp?.cleanup();
  });

  it('builds on demand, installs without the registry, and runs', { timeout: 180_000 }, async () => {
    await building;
    const response = await fetch(`${hub.kitUrl}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(existsSync(kitTarballPath(undefined, kitOut))).toBe(true);

    const prefix = path.join(tmp.dir, 'prefix');
    const env = await participantEnv(path.join(tmp.dir, 'home'));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = await run(
      npm,
      ['install', '-g', '--prefix', prefix, hub.kitUrl!, '--registry', 'http://127.0.0.1:1/', '--cache', path.join(tmp.dir, 'npm-cache'), '--no-audit', '--no-fund', '--loglevel', 'error'],
      env,
      120_000,
    );
    expect(install.stderr.replace(/npm warn Unknown user config.*\n?/g, '')).toBe('');
    expect(install.status).toBe(0);

    const workshop = process.platform === 'win32' ? path.join(prefix, 'workshop.cmd') : path.join(prefix, 'bin', 'workshop');
    const version = await run(workshop, ['--version'], env, 30_000);
    expect(version.stdout.trim()).toBe((await import('../../package.json', { with: { type: 'json' } })).default.version);

    // A full doctor from the installed kit: its bundled dependencies (commander, execa, zod…) load.
    const doctor = await run(workshop, ['doctor', '--json', '--api-base', 'http://127.0.0.1:1/v1', '--timeout', '2'], env, 60_000);
    expect([0, 1]).toContain(doctor.status);
    const report = JSON.parse(doctor.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, kitVersion: expect.any(String) });
    expect(report.checks.map((c: { id: string }) => c.id)).toContain('node');
    // Everything is inside the bundle but the embedded database engine (issue 13), which ships in the
    // tarball as a bundled dependency (its WebAssembly files load from beside its module).
    const installed = path.join(prefix, 'lib', 'node_modules', 'codex-workshop', 'node_modules');
    expect(readdirSync(installed)).toEqual(['@electric-sql']);
    expect(existsSync(path.join(installed, '@electric-sql', 'pglite', 'dist', 'pglite.wasm'))).toBe(true);
  });
});
