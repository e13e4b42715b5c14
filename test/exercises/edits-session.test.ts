import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCatFileBatch } from '../../src/exercises/workspace.js';
import { type Sandbox, makeSandbox } from './sandbox.js';

/**
 * The `edits` check compares edited files with their starting version, whose bytes a real session
 * reads from Git (the baseline snapshot otherwise has hashes only). This runs the real CLI on the
 * shipped rename exercise: a price changed during the rename is caught, and the right rename passes.
 */
const shippedPack = path.resolve('exercises');

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

async function renameEverything(folder: string): Promise<void> {
  const docs = path.join(folder, 'docs');
  for (const entry of await fs.readdir(docs, { recursive: true })) {
    const file = path.join(docs, entry);
    if (!(await fs.stat(file)).isFile()) continue;
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, text.replace(/TaskNest|Tasknest|Task Nest/g, 'Tidewell').replace(/TASKNEST/g, 'TIDEWELL'));
  }
}

describe('an edits check in a real exercise folder (`workshop next`)', () => {
  it('gets the starting text from Git: a price changed during the rename fails, naming the file and the number', async () => {
    const json = async (args: string[]) => JSON.parse((await box.run([...args, '--pack', shippedPack, '--json'])).stdout);
    await json(['goto', '06-rename-product']);
    const folder = box.folder('06-rename-product');
    await renameEverything(folder);
    const pricing = path.join(folder, 'docs', 'pricing.md');
    await fs.writeFile(pricing, (await fs.readFile(pricing, 'utf8')).replace('¥1,800', '¥1,980'));

    const overreach = await json(['next']);
    expect(overreach.result.failingChecks).toEqual(['only-renamed']);
    const check = overreach.result.checks.find((c: { id: string }) => c.id === 'only-renamed');
    expect(check.findings).toEqual([{ code: 'edits-unexpected', params: { file: 'docs/pricing.md', changes: [{ kind: 'number', before: '1,800', after: '1,980' }], more: 0 } }]);
    expect(check.detail).toBe('docs/pricing.md: a number or date changed: “1,800” became “1,980”.');

    await fs.writeFile(pricing, (await fs.readFile(pricing, 'utf8')).replace('¥1,980', '¥1,800'));
    const passed = await json(['next']);
    expect(passed.result).toMatchObject({ passed: true, failingChecks: [] });
  });
});

describe('reading blobs from `git cat-file --batch`', () => {
  it('splits the output by the sizes Git gives, bytes untouched, and skips missing objects', () => {
    const encoder = new TextEncoder();
    const body = new Uint8Array([0x54, 0x0a, 0xff, 0x00]);
    const out = new Uint8Array([
      ...encoder.encode(`${'a'.repeat(40)} blob 4\n`),
      ...body,
      0x0a,
      ...encoder.encode(`${'b'.repeat(40)} missing\n`),
      ...encoder.encode(`${'c'.repeat(40)} blob 0\n\n`),
    ]);
    const blobs = parseCatFileBatch(out);
    expect([...blobs.keys()]).toEqual(['a'.repeat(40), 'c'.repeat(40)]);
    expect([...(blobs.get('a'.repeat(40)) ?? [])]).toEqual([...body]);
    expect(blobs.get('c'.repeat(40))?.length).toBe(0);
  });
});
