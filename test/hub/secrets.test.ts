import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../facilitator/hub/host.js';
import { readSession } from '../../facilitator/hub/store.js';
import { startApiMock, type ApiMock } from '../doctor/helpers/api-mock.js';
import { EXEC_OK_LINES, VERSION_OK, writeFakeCodex } from '../doctor/helpers/fake-codex.js';
import { makeSandbox, readAllFiles, type Sandbox } from '../doctor/helpers/sandbox.js';
import { runCli } from './cli-helpers.js';
import { testHub } from './helpers.js';

/**
 * The promise to participants: only ids, codes, scores, counts and timings travel to the hub. A laptop
 * with a known fake key everywhere (saved for Codex, exported in the shell, echoed back by codex
 * itself, pasted into an exercise file and into a help message) joins a hub through a recording proxy,
 * runs the doctor and an exercise; neither the bytes on the wire nor the hub's data folder hold the key.
 */
const KEY = 'sk-proj-HUBSECRETfakeKEY0123456789abcdefghij';
const KEY_BODY = KEY.slice('sk-proj-'.length);
const FILE_SECRET = 'Quarterly numbers only the participant may see: 4711-CONFIDENTIAL';

interface Captured {
  method: string;
  url: string;
  headers: string;
  body: string;
}

let box: Sandbox;
let hub: RunningHub;
let api: ApiMock;
let proxy: http.Server;
let proxyUrl: string;
const captured: Captured[] = [];

beforeAll(async () => {
  box = await makeSandbox({ OPENAI_API_KEY: KEY, CODEX_API_KEY: KEY });
  await fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: KEY }));
  await writeFakeCodex(box.bin, {
    version: VERSION_OK,
    loginStatus: { sh: `printf 'API key configured - %s\\n' "$OPENAI_API_KEY" >&2` },
    exec: { stdout: EXEC_OK_LINES },
  });
  api = await startApiMock();
  hub = await testHub(path.join(box.root, 'hub-data'));
  // A recording proxy in front of the hub: what the laptop actually sends.
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      captured.push({ method: req.method ?? '', url: req.url ?? '', headers: JSON.stringify(req.headers), body: body.toString('utf8') });
      const upstream = http.request(`${hub.joinUrl}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await hub?.close();
  await api?.close();
  await box?.cleanup();
});

function expectNoSecret(where: string, text: string): void {
  expect(text.includes(KEY), `${where} contains the key`).toBe(false);
  expect(text.includes(KEY_BODY), `${where} contains the key's body`).toBe(false);
  expect(text.includes('4711-CONFIDENTIAL'), `${where} contains file contents`).toBe(false);
}

describe('what travels to the hub', () => {
  it('never includes the API key, file contents or prompts', { timeout: 120_000 }, async () => {
    const env = box.env;
    const join = await runCli(['join', proxyUrl, '--code', hub.meta.code, '--name', 'Sam', '--email', 'sam@example.com', '--team', 'Finance'], env);
    expect(join.code).toBe(0);

    const doctor = await runCli(['doctor', '--smoke', '--api-base', api.url, '--timeout', '5'], env);
    expect([0, 1]).toContain(doctor.code);

    const next = await runCli(['next'], env);
    expect(next.code).toBe(0);
    const folder = (await fs.readdir(box.workspace)).map((name) => path.join(box.workspace, name))[0];
    // The participant pastes their key and private numbers into the exercise folder, then grades.
    await fs.writeFile(path.join(folder, 'notes.md'), `# Notes\n\n${KEY}\n\n${FILE_SECRET}\n`);
    const graded = await runCli(['next'], env);
    expect([0, 1]).toContain(graded.code);
    expect((await runCli(['hint'], env)).code).toBe(0);
    // Even a key pasted into the one free text that travels is replaced by its hint.
    expect((await runCli(['help', `codex says my key ${KEY} is wrong`], env)).code).toBe(0);
    expect((await runCli(['sync'], env)).code).toBe(0);
    // Issue 11/12: the room check after a command, and a second laptop joining with the same email.
    expect((await runCli(['status'], env)).code).toBe(0);
    const second = { ...env, WORKSHOP_HOME: path.join(box.root, 'second-laptop') };
    const secondJoin = await runCli(['join', proxyUrl, '--code', hub.meta.code, '--name', 'Sam', '--email', 'sam@example.com', '--team', 'Finance'], second);
    expect(secondJoin.code).toBe(0);
    expect(secondJoin.stdout).toMatch(/already joined from another laptop/);
    const claimed = await runCli(['status'], env);
    const code = /workshop join --confirm (\d{6})/.exec(claimed.stderr)?.[1];
    expect(code).toBeDefined();
    const confirmed = await runCli(['join', '--confirm', code!], second);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(/Confirmed/);

    // The hub got real results, so the check below is not vacuous.
    const stored = await readSession(hub.dir);
    const types = new Set(stored.events.map((r) => r.event.type));
    for (const type of ['doctor.completed', 'exercise.setup', 'exercise.graded', 'hint.shown', 'hand.raised']) expect(types.has(type), type).toBe(true);
    const hand = stored.events.find((r) => r.event.type === 'hand.raised')!.event as { message: string };
    expect(hand.message).toMatch(/codex says my key sk-…[A-Za-z0-9]{4} is wrong/);

    expect(captured.filter((c) => c.method === 'POST' && c.url === '/v1/events').length).toBeGreaterThan(0);
    expect(captured.some((c) => c.method === 'GET' && c.url === '/v1/room')).toBe(true);
    expect(captured.some((c) => c.method === 'POST' && c.url === '/v1/identity/confirm')).toBe(true);
    for (const request of captured) {
      expectNoSecret(`${request.method} ${request.url} headers`, request.headers);
      expectNoSecret(`${request.method} ${request.url} body`, request.body);
      expect(request.headers.includes(hub.facilitatorToken) || request.body.includes(hub.facilitatorToken), `${request.url} carries the facilitator token`).toBe(false);
    }
    const files = await readAllFiles(path.join(box.root, 'hub-data'));
    expect(files.some(([file]) => file.endsWith('log.jsonl'))).toBe(true);
    for (const [file, text] of files) {
      expectNoSecret(file, text);
      // The one-time confirmation code is kept only as a hash.
      if (file.endsWith('log.jsonl')) expect(text.includes(`"${code}"`), 'the log holds the confirmation code').toBe(false);
      if (!file.endsWith('facilitator.token')) expect(text.includes(hub.facilitatorToken), `${file} holds the facilitator token`).toBe(false);
    }
  });
});
