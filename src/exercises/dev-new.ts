import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ExitCode, UsageError, UserError, describeFsError } from '../core/errors.js';
import { packageRoot } from '../core/paths.js';
import { parseJsonText } from '../core/validation.js';
import { PackSchema } from './pack-schema.js';

/**
 * `workshop dev new <id>`: scaffolds an exercise with every file of the format, already consistent
 * (`workshop dev check` passes on it), so an author edits working examples instead of starting from
 * a blank page. A folder without pack.json becomes a new pack.
 */
export interface ScaffoldResult {
  packDir: string;
  exerciseDir: string;
  createdPack: boolean;
  files: string[];
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

const REQUEST = 'Hi team,\n\nplease prepare the quarterly report for Aoba Foods.\nThe deadline is Friday 14 June; Mika reviews it first.\n\nThanks,\nKen\n';
const ANSWER = '# Summary\n\n- Quarterly report for Aoba Foods\n- Deadline: Friday 14 June\n- Mika reviews it first\n';

function exerciseJson(id: string, languages: string[], schemaRef: string) {
  const text = (en: string, ja: string) => (languages.includes('ja') ? { en, ja } : en);
  return {
    $schema: schemaRef,
    id,
    title: text('TODO: a short title', 'TODO: 短いタイトル'),
    minutes: 10,
    suggestedPrompt: text(
      'Read request.txt and write answer.md: a heading, then the three main points as bullets.',
      'request.txt を読んで answer.md を作ってください。見出しと、要点3つの箇条書きを入れてください。',
    ),
    hints: [
      text('Start Codex inside the exercise folder and paste the suggested request.', '演習フォルダーの中で Codex を起動し、提案された依頼を貼り付けてください。'),
      'If answer.md does not mention the deadline, ask: "Add the deadline from request.txt to answer.md."',
    ],
    checks: [
      { id: 'answer-exists', type: 'exists', path: 'answer.md', message: 'Create answer.md.' },
      { id: 'has-heading', type: 'matches', path: 'answer.md', regex: '^#{1,6}\\s+\\S', flags: 'm', message: 'Start answer.md with a heading (a line starting with #).' },
      {
        id: 'mentions-deadline',
        type: 'contains',
        path: 'answer.md',
        all: [['deadline', 'due', '締め切り', '期限']],
        message: 'Mention the deadline from request.txt.',
        hint: 'Ask Codex: "Add the deadline to answer.md."',
      },
      { id: 'request-kept', type: 'preserved', message: 'Keep request.txt exactly as it was.' },
      { id: 'only-answer', type: 'scope', allow: ['answer.md'], message: 'Only answer.md should be new or changed.' },
    ],
  };
}

const BRIEF_EN = `# TODO: the exercise title

TODO: two or three sentences for the participant: what is in the folder, what to ask Codex for, and
what a good result looks like. \`request.txt\` holds a colleague's request; ask Codex to write
\`answer.md\` with a heading and the main points.
`;
const BRIEF_OTHER = (lang: string) => `# TODO: the exercise title (${lang})

TODO: the same brief in this language.
`;

const REHEARSAL = {
  schemaVersion: 1,
  turns: [{ shell: 'ls' }, { patch: `*** Begin Patch\n*** Add File: answer.md\n${ANSWER.split('\n').slice(0, -1).map((line) => `+${line}`).join('\n')}\n*** End Patch\n` }],
  finalMessage: 'I wrote answer.md with a heading and the three main points; request.txt is unchanged.',
};

export async function scaffoldExercise(packDir: string, id: string): Promise<ScaffoldResult> {
  if (!ID.test(id)) throw new UsageError(`The exercise id "${id}" must be letters, digits, ".", "_" or "-" (it becomes the folder name), e.g. 09-weekly-report.`);
  const dir = path.resolve(packDir);
  const packFile = path.join(dir, 'pack.json');
  const exerciseDir = path.join(dir, id);
  if (await fs.stat(exerciseDir).then(() => true, () => false)) {
    throw new UserError(`${exerciseDir} already exists. Choose another id, or remove that folder first.`, ExitCode.usage);
  }

  let pack: Record<string, unknown>;
  let createdPack = false;
  const packText = await fs.readFile(packFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw describeFsError(error, `read ${packFile}`);
  });
  if (packText === undefined) {
    createdPack = true;
    pack = { id: path.basename(dir).replace(/[^A-Za-z0-9._-]/g, '-') || 'my-pack', version: '0.1.0', title: 'TODO: the pack title', languages: ['en', 'ja'], exercises: [] };
  } else {
    parseJsonText(packText.replace(/^\uFEFF/, ''), PackSchema, { file: packFile, what: 'pack file' });
    pack = JSON.parse(packText.replace(/^\uFEFF/, ''));
  }
  const languages = pack.languages as string[];
  const schemaRef = path.relative(exerciseDir, path.join(packageRoot(), 'schemas', 'exercise.schema.json')).split(path.sep).join('/');

  const files: Record<string, string> = {
    'exercise.json': `${JSON.stringify(exerciseJson(id, languages, schemaRef), null, 2)}\n`,
    'brief.md': BRIEF_EN,
    'starter/request.txt': REQUEST,
    'solution/request.txt': REQUEST,
    'solution/answer.md': ANSWER,
    'variants/pass-other-heading-crlf/request.txt': REQUEST,
    'variants/pass-other-heading-crlf/answer.md': '## Answer for Ken\r\n\r\nSure, here it is:\r\n\r\n* Due: Friday 14 June\r\n* Report for Aoba Foods\r\n',
    'variants/pass-other-heading-crlf/expect.json': `${JSON.stringify({ pass: true, note: 'other heading level, * bullets, CRLF line endings, extra prose' }, null, 2)}\n`,
    'variants/fail-request-edited/request.txt': 'Hi team, (summarised in answer.md)\n',
    'variants/fail-request-edited/answer.md': ANSWER,
    'variants/fail-request-edited/expect.json': `${JSON.stringify({ pass: false, failing: ['request-kept', 'only-answer'], note: 'overreach: the AI rewrote the request' }, null, 2)}\n`,
    'variants/fail-no-deadline/request.txt': REQUEST,
    'variants/fail-no-deadline/answer.md': '# Summary\n\n- Quarterly report for Aoba Foods\n',
    'variants/fail-no-deadline/expect.json': `${JSON.stringify({ pass: false, failing: ['mentions-deadline'] }, null, 2)}\n`,
    'rehearsal.json': `${JSON.stringify(REHEARSAL, null, 2)}\n`,
  };
  for (const lang of languages.slice(1)) files[`brief.${lang}.md`] = BRIEF_OTHER(lang);

  try {
    for (const [relative, content] of Object.entries(files)) {
      const target = path.join(exerciseDir, relative);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content, { flag: 'wx' });
    }
    (pack.exercises as string[]).push(id);
    await writeFileAtomic(packFile, `${JSON.stringify(pack, null, 2)}\n`);
  } catch (error) {
    await fs.rm(exerciseDir, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof UserError) throw error;
    throw describeFsError(error, `create the exercise in ${exerciseDir}`);
  }
  return { packDir: dir, exerciseDir, createdPack, files: Object.keys(files).sort() };
}
