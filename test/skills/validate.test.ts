import { mkdtemp, mkdir, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SECRET_KINDS, scanForSecrets } from '../../src/core/secret.js';
import { CATALOGS } from '../../src/i18n/index.js';
import { SKILL_LIMITS, SKILL_PROBLEM_CODES, type SkillProblem } from '../../src/protocol/skills.js';
import { skillDigest } from '../../src/skills/digest.js';
import { readSkillFolder } from '../../src/skills/read-folder.js';
import { problemLine } from '../../src/skills/render.js';
import { type SkillInputFile, markdownLinks, reachesOutside, validateSkill } from '../../src/skills/validate.js';

/**
 * The checks before a skill is published (issue 15): every problem code, worded in English and
 * Japanese; secrets reported by file and line without the secret; placeholders not taken for keys;
 * links and symlinks that leave the folder; scripts flagged for the reviewer; the folder reader.
 */
const enc = new TextEncoder();
const file = (p: string, text: string, over: Partial<SkillInputFile> = {}): SkillInputFile => ({ path: p, bytes: enc.encode(text), executable: false, ...over });
const skillMd = (front: string, body = 'Do the thing.\n') => file('SKILL.md', `---\n${front}\n---\n${body}`);
const good = () => skillMd('name: expense-summary\ndescription: Summarise a card export');
const codes = (problems: SkillProblem[]) => problems.map((p) => p.code);
// Secret-shaped values are assembled at run time, so this file holds none as text.
const join = (...parts: string[]) => parts.join('');
const SECRETS: Record<(typeof SECRET_KINDS)[number], string> = {
  'openai-key': join('sk-proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6h'),
  'openai-admin-key': join('sk-admin-', 'Zx9YwV8uT7sR6qP5oN4mL3kJ2iH1gF0e'),
  'workshop-token': join('wst_', 'Q2w3E4r5T6y7U8i9O0pAsDfGhJkLzXcVbNm1234567'),
  'aws-access-key': join('AKIA', 'Z7Q2W3E4R5T6Y7U8'),
  'aws-secret-key': join('aws_secret_access_key = ', 'wJalrXUtnFEMIK7MDENGbPxRfiCYz9Xk3Lm2Qp8R'),
  'github-token': join('ghp_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'),
  'slack-token': join('xoxb-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'),
  'google-api-key': join('AIza', 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'),
  'private-key': join('-----BEGIN RSA ', 'PRIVATE KEY-----'),
};

describe('scanForSecrets', () => {
  it('finds each kind with its line', () => {
    for (const kind of SECRET_KINDS) {
      expect(scanForSecrets(`first line\nkey: ${SECRETS[kind]}\n`), kind).toEqual([{ kind, line: 2 }]);
    }
  });

  it('does not take placeholders for keys', () => {
    const text = [
      'OPENAI_API_KEY=sk-your-key-here',
      'export OPENAI_API_KEY="sk-..."',
      'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'sk-1234567890abcdefghijklmnop',
      'token: wst_…',
      'AKIAIOSFODNN7EXAMPLE',
      'SLACK_TOKEN=xoxb-your-token-here',
      'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'the word desk-top and risk-assessment-and-mitigation-plan',
      '-----BEGIN PUBLIC KEY-----',
    ].join('\n');
    expect(scanForSecrets(text)).toEqual([]);
  });
});

describe('validateSkill', () => {
  it('passes a good skill, with its name, description and the scripts flagged for review', () => {
    const checked = validateSkill(
      [
        good(),
        file('scripts/fetch.txt', 'not code, but under scripts/'),
        file('tool.py', 'print(1)'),
        file('run', '#!/bin/sh\necho hi\n'),
        file('bin-tool', 'x', { executable: true }),
        file('references/guide.md', 'See [the skill](../SKILL.md) and [docs](https://example.com) and [top](#top).\n'),
      ],
      { folderName: 'expense-summary' },
    );
    expect(checked.problems).toEqual([]);
    expect(checked).toMatchObject({ name: 'expense-summary', description: 'Summarise a card export', scripts: ['bin-tool', 'run', 'scripts/fetch.txt', 'tool.py'] });
  });

  it('flags every script extension', () => {
    for (const ext of ['.sh', '.bash', '.zsh', '.ps1', '.bat', '.cmd', '.py', '.js', '.mjs', '.cjs', '.ts', '.rb', '.pl', '.php']) {
      expect(validateSkill([good(), file(`helper${ext}`, 'x')]).scripts, ext).toEqual([`helper${ext}`]);
    }
  });

  const cases: Array<[SkillProblem['code'], SkillInputFile[], { folderName?: string }?]> = [
    ['skill-md-missing', [file('skill.md', '---\nname: a\ndescription: b\n---\n')]],
    ['skill-md-binary', [{ path: 'SKILL.md', bytes: new Uint8Array([0x2d, 0, 0xff]), executable: false }]],
    ['front-matter-missing', [file('SKILL.md', '# Expense summary\n')]],
    ['front-matter-invalid', [file('SKILL.md', '---\nname: a\ndescription: b\n')]],
    ['front-matter-invalid', [skillMd('name: [a\ndescription: b')]],
    ['front-matter-invalid', [skillMd('- a\n- b')]],
    ['name-missing', [skillMd('description: b')]],
    ['name-invalid', [skillMd('name: Expense_Summary\ndescription: b')]],
    ['name-invalid', [skillMd('name: -expense\ndescription: b')]],
    ['name-invalid', [skillMd('name: expense--summary\ndescription: b')]],
    ['name-invalid', [skillMd(`name: ${'a'.repeat(65)}\ndescription: b`)]],
    ['name-not-folder', [good()], { folderName: 'expenses' }],
    ['description-missing', [skillMd('name: a\ndescription: "  "')]],
    ['description-too-long', [skillMd(`name: a\ndescription: ${'あ'.repeat(SKILL_LIMITS.descriptionChars + 1)}`)]],
    ['compatibility-too-long', [skillMd(`name: a\ndescription: b\ncompatibility: ${'x'.repeat(501)}`)]],
    ['too-many-files', [good(), ...Array.from({ length: SKILL_LIMITS.files }, (_, i) => file(`f${i}.txt`, ''))]],
    ['file-too-big', [good(), { path: 'big.bin', bytes: new Uint8Array(0), size: SKILL_LIMITS.fileBytes + 1, executable: false }]],
    ['total-too-big', [good(), ...Array.from({ length: 5 }, (_, i) => ({ path: `part${i}.bin`, bytes: new Uint8Array(0), size: SKILL_LIMITS.fileBytes, executable: false }))]],
    ['path-invalid', [good(), file('a/../b.txt', '')]],
    ['path-invalid', [good(), file('x.txt', ''), file('x.txt', '')]],
    ['symlink-outside', [good(), file('data.csv', '', { symlinkTarget: '../../secrets.csv' })]],
    ['symlink-outside', [good(), file('data.csv', '', { symlinkTarget: '/etc/passwd' })]],
    ['link-outside', [skillMd('name: a\ndescription: b', 'See [notes](../notes.md).\n')]],
    ['link-outside', [skillMd('name: a\ndescription: b', '![img](/home/me/pic.png)\n')]],
    ['link-outside', [skillMd('name: a\ndescription: b', '[cfg]: file:///etc/hosts\n')]],
    ['link-outside', [skillMd('name: a\ndescription: b', 'Open <a href="C:\\Users\\me\\x.xlsx">it</a>\n')]],
    ['secret', [skillMd('name: a\ndescription: b', `key ${SECRETS['openai-key']}\n`)]],
  ];

  it.each(cases)('reports %s', (code, files, options) => {
    const checked = validateSkill(files, options);
    expect(codes(checked.problems)).toContain(code);
  });

  it('covers every problem code (git-folder and special-file come from the folder reader)', () => {
    const covered = new Set([...cases.map(([code]) => code), 'git-folder', 'special-file']);
    expect(SKILL_PROBLEM_CODES.filter((code) => !covered.has(code))).toEqual([]);
  });

  it('reports a secret by kind, file and line, and neither language repeats the secret', () => {
    const checked = validateSkill([good(), file('scripts/call.sh', `#!/bin/sh\n# setup\ncurl -H "Authorization: Bearer ${SECRETS['openai-key']}" https://api.openai.com\n`), file('notes.txt', `\n\n\n${SECRETS['private-key']}\n`)]);
    expect(checked.problems).toEqual([
      { code: 'secret', file: 'scripts/call.sh', line: 3, values: { kind: 'openai-key' } },
      { code: 'secret', file: 'notes.txt', line: 4, values: { kind: 'private-key' } },
    ]);
    for (const lang of ['en', 'ja'] as const) {
      const lines = checked.problems.map((p) => problemLine(p, CATALOGS[lang].skills));
      expect(lines.join('\n')).not.toContain(SECRETS['openai-key'].slice(8));
      expect(lines.join('\n')).not.toContain('BEGIN');
    }
    expect(problemLine(checked.problems[0], CATALOGS.en.skills)).toBe('scripts/call.sh, line 3: An OpenAI API key here: remove it (if it is real, revoke it) and have the skill read it from the environment instead.');
    expect(problemLine(checked.problems[0], CATALOGS.ja.skills)).toContain('scripts/call.sh の 3 行目:');
    expect(problemLine(checked.problems[0], CATALOGS.ja.skills)).toContain('OpenAI の API キー');
  });

  it('gives the line of a front matter problem and of a link', () => {
    expect(validateSkill([skillMd('name: a\ndescription: b\nbad: [x')]).problems[0]).toMatchObject({ code: 'front-matter-invalid', file: 'SKILL.md', line: 4 });
    expect(validateSkill([skillMd('name: a\ndescription: b', 'one\ntwo [x](../y)\n')]).problems[0]).toMatchObject({ code: 'link-outside', file: 'SKILL.md', line: 6 });
    expect(validateSkill([skillMd('name: Bad\ndescription: b')]).problems[0]).toMatchObject({ code: 'name-invalid', line: 2, values: { name: 'Bad' } });
  });

  it('ignores links in fenced code and web links', () => {
    const links = markdownLinks('```\n[x](../y)\n```\n[web](https://example.com/../x) [mail](mailto:a@b.c)\n');
    expect(links.map((l) => l.target)).toEqual(['https://example.com/../x', 'mailto:a@b.c']);
    expect(links.some((l) => reachesOutside(l.target, 'SKILL.md'))).toBe(false);
    expect(reachesOutside('../SKILL.md', 'references/a.md')).toBe(false);
    expect(reachesOutside('../../x', 'references/a.md')).toBe(true);
    expect(reachesOutside('%2e%2e/x', 'SKILL.md')).toBe(true);
    expect(reachesOutside('~/x', 'SKILL.md')).toBe(true);
  });
});

describe('the problem wording', () => {
  const values: Record<string, Record<string, string | number>> = {
    'front-matter-invalid': { problem: 'syntax' },
    'name-invalid': { name: 'Bad' },
    'name-not-folder': { name: 'a', folder: 'b' },
    'description-too-long': { chars: 2000, max: 1024 },
    'compatibility-too-long': { chars: 600, max: 500 },
    'too-many-files': { count: 120, max: 100 },
    'file-too-big': { bytes: 2 * 1024 * 1024, max: 1024 * 1024 },
    'total-too-big': { bytes: 5 * 1024 * 1024, max: 4 * 1024 * 1024 },
    secret: { kind: 'github-token' },
  };
  it('has a sentence for every code in English and Japanese, and the Japanese one is Japanese', () => {
    for (const code of SKILL_PROBLEM_CODES) {
      const en = CATALOGS.en.skills.problems[code](values[code] ?? {});
      const ja = CATALOGS.ja.skills.problems[code](values[code] ?? {});
      expect(en, code).toMatch(/\w/);
      expect(ja, code).toMatch(/[\u3040-\u30ff\u3400-\u9fff]/);
      expect(ja, code).not.toBe(en);
    }
    expect(CATALOGS.en.skills.problems['file-too-big'](values['file-too-big'])).toContain('2 MiB');
  });
});

describe('skillDigest', () => {
  it('depends on paths, bytes and the executable bit, not on the order', () => {
    const a = { path: 'a', bytes: enc.encode('1'), executable: false };
    const b = { path: 'b', bytes: enc.encode('2'), executable: false };
    expect(skillDigest([a, b])).toBe(skillDigest([b, a]));
    expect(skillDigest([a, b])).not.toBe(skillDigest([a, { ...b, executable: true }]));
    expect(skillDigest([{ path: 'ab', bytes: enc.encode(''), executable: false }])).not.toBe(skillDigest([{ path: 'a', bytes: enc.encode('b'), executable: false }]));
  });
});

describe('readSkillFolder', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'skill-read-'));
    dirs.push(dir);
    return dir;
  };

  it('reads hidden files too, refuses .git by a problem, never follows a symlink out, and keeps executable bits', async () => {
    const root = await tempDir();
    const outside = path.join(root, 'outside.txt');
    await writeFile(outside, 'outside text');
    const dir = path.join(root, 'expense-summary');
    await mkdir(path.join(dir, 'scripts'), { recursive: true });
    await mkdir(path.join(dir, '.git'));
    await writeFile(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(path.join(dir, 'SKILL.md'), '---\nname: expense-summary\ndescription: Summarise\n---\n');
    await writeFile(path.join(dir, '.env.example'), 'OPENAI_API_KEY=sk-your-key-here\n');
    await writeFile(path.join(dir, 'scripts', 'run.sh'), '#!/bin/sh\n');
    await chmod(path.join(dir, 'scripts', 'run.sh'), 0o755);
    await symlink(outside, path.join(dir, 'leak.txt'));
    await symlink('SKILL.md', path.join(dir, 'alias.md'));
    await symlink(root, path.join(dir, 'up'));
    await symlink('scripts', path.join(dir, 'tools'));

    const folder = await readSkillFolder(dir);
    expect(folder.folderName).toBe('expense-summary');
    expect(folder.files.map((f) => f.path).sort()).toEqual(['.env.example', 'SKILL.md', 'alias.md', 'leak.txt', 'scripts/run.sh', 'up']);
    const leak = folder.files.find((f) => f.path === 'leak.txt')!;
    expect(leak.bytes.length).toBe(0);
    expect(folder.files.find((f) => f.path === 'alias.md')!.bytes.length).toBeGreaterThan(0);
    expect(folder.files.find((f) => f.path === 'scripts/run.sh')!.executable).toBe(process.platform !== 'win32');
    expect(folder.problems).toEqual([
      { code: 'git-folder', file: '.git', values: {} },
      { code: 'special-file', file: 'tools', values: {} },
    ]);
    const checked = validateSkill(folder.files, { folderName: folder.folderName });
    expect(checked.problems).toEqual([
      { code: 'symlink-outside', file: 'leak.txt', values: {} },
      { code: 'symlink-outside', file: 'up', values: {} },
    ]);
  });

  it('measures a file over the limit without reading it', async () => {
    const dir = path.join(await tempDir(), 'big');
    await mkdir(dir);
    await writeFile(path.join(dir, 'SKILL.md'), '---\nname: big\ndescription: d\n---\n');
    await writeFile(path.join(dir, 'data.bin'), Buffer.alloc(SKILL_LIMITS.fileBytes + 10));
    const folder = await readSkillFolder(dir);
    const data = folder.files.find((f) => f.path === 'data.bin')!;
    expect([data.bytes.length, data.size]).toEqual([0, SKILL_LIMITS.fileBytes + 10]);
    expect(codes(validateSkill(folder.files, { folderName: 'big' }).problems)).toEqual(['file-too-big']);
  });

  it('says so when the folder is missing or a file', async () => {
    const root = await tempDir();
    await expect(readSkillFolder(path.join(root, 'nope'))).rejects.toMatchObject({ said: { code: 'skills-folder-missing' } });
    await writeFile(path.join(root, 'f'), '');
    await expect(readSkillFolder(path.join(root, 'f'))).rejects.toMatchObject({ said: { code: 'skills-not-folder' } });
  });
});
