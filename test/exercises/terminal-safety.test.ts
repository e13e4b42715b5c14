import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRoom } from '../../src/report/room-check.js';
import { writeHubLink } from '../../src/report/hub-link.js';
import { type Sandbox, makeSandbox } from './sandbox.js';

/**
 * Issue 12 (item 6): a pack is untrusted, and so is what a hub sends. Nothing from them reaches a
 * participant's terminal as a control character: pack titles, hints, briefs, check messages and
 * room messages, with colour off (piped) and on (FORCE_COLOR: then only this tool's own SGR colours).
 */
const HOSTILE = 'A\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eB\rC\u001b]8;;http://evil.example\u001b\\link\u001b]8;;\u001b\\';
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** This tool's own colours (paint): SGR only. */
const OWN_COLOURS = /\u001b\[\d+(;\d+)*m/g;

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await makeSandbox();
});
afterEach(async () => {
  await sandbox.cleanup();
});

async function hostilePack(): Promise<string> {
  const dir = path.join(sandbox.root, 'pack');
  const files: Record<string, string> = {
    'pack.json': JSON.stringify({ id: 'hostile', version: '1', title: `Pack ${HOSTILE}`, languages: ['en'], exercises: ['01-x'] }),
    '01-x/exercise.json': JSON.stringify({
      id: '01-x',
      title: `Title ${HOSTILE}`,
      minutes: 5,
      suggestedPrompt: `Prompt ${HOSTILE}`,
      hints: [`Hint ${HOSTILE}`],
      checks: [{ id: 'done', type: 'exists', path: 'done.txt', message: `Message ${HOSTILE}`, hint: `Tip ${HOSTILE}` }],
    }),
    '01-x/brief.md': `# Brief ${HOSTILE}\n\nDo **this** ${HOSTILE}\n`,
    '01-x/starter/notes.txt': 'notes\n',
    '01-x/solution/done.txt': 'done\n',
    '01-x/solution/notes.txt': 'notes\n',
  };
  for (const [relative, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
    await fs.writeFile(path.join(dir, relative), content);
  }
  return dir;
}

function clean(output: string, colour: boolean): void {
  expect(output).toMatch(/B.Clink/);
  expect(colour ? output.replace(OWN_COLOURS, '') : output).not.toMatch(CONTROL);
}

describe('participant terminals get no control characters from a pack', () => {
  for (const colour of [false, true]) {
    it(`next (title, brief, prompt), list, hint, next again (check message and tip), status, diff${colour ? ', in colour' : ''}`, async () => {
      const pack = await hostilePack();
      const env = colour ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' };
      const run = (args: string[]) => sandbox.run([...args, '--pack', pack], env);
      const setup = await run(['next']);
      expect(setup.code).toBe(0);
      clean(setup.stdout + setup.stderr, colour);
      for (const args of [['list'], ['hint'], ['status']]) {
        const result = await run(args);
        clean(result.stdout + result.stderr, colour);
      }
      await fs.writeFile(path.join(sandbox.folder('01-x'), 'notes.txt'), `changed ${HOSTILE}\n`);
      const graded = await run(['next']);
      expect(graded.code).toBe(1);
      clean(graded.stdout + graded.stderr, colour);
      const diff = await run(['diff']);
      clean(diff.stdout + diff.stderr, colour);
    }, 60_000);
  }
});

describe('room messages from the hub', () => {
  it('a hub that sends escape sequences in its room message and target: printed without them', async () => {
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          protocol: 1,
          message: { id: 'm1', text: HOSTILE, at: new Date().toISOString() },
          target: { exerciseId: HOSTILE.slice(0, 60) },
          identity: { state: 'confirmed', participantId: 'p_1', laptops: 1 },
          claims: [],
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const env = { ...sandbox.env, WORKSHOP_HOME: sandbox.state };
      const hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await writeHubLink({ schemaVersion: 1, hubUrl, token: `wsp_${'x'.repeat(30)}`, participantId: 'p_1', session: { id: 's', title: 't' }, name: 'Aiko', email: 'aiko@example.com', team: 'Finance', joinedAt: new Date().toISOString() }, env);
      const lines = await checkRoom({ env, budgetMs: 2000, showAll: true });
      expect(lines.length).toBeGreaterThan(0);
      clean(lines.join('\n'), false);
    } finally {
      server.close();
    }
  });
});
