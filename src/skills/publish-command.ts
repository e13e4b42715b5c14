import { sanitizeLine } from '../core/sanitize.js';
import { printJson } from '../core/terminal.js';
import { ExitCode, UsageError, said } from '../core/errors.js';
import { participantLanguage } from '../i18n/choose-language.js';
import { messages } from '../i18n/index.js';
import type { SkillProblem } from '../protocol/skills.js';
import { SkillClient, SkillRefused } from './client.js';
import { readSkillFolder } from './read-folder.js';
import { problemLine, problemsJson } from './render.js';
import { skillTarget } from './target.js';
import { validateSkill } from './validate.js';

/**
 * `workshop skills publish DIR [--quest ID] [--team T]` (issue 15): reads the folder, checks it here
 * first (every problem with its file and line, in the reader's language; a secret by kind, never its
 * text) and sends nothing when anything is wrong; then sends it to the programme server, which checks
 * it again. A published version is pending until a facilitator approves it; the files that run code
 * are listed, since the reviewer reads those first.
 */
export interface PublishOptions {
  quest?: string;
  team?: string;
  server?: string;
  tokenFile?: string;
  programme?: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function publishCommand(dir: string, options: PublishOptions): Promise<number> {
  const words = messages(participantLanguage()).skills;
  const questId = options.quest === undefined ? undefined : Number(options.quest);
  if (questId !== undefined && (!Number.isInteger(questId) || questId <= 0)) throw new UsageError(said('skills-invalid', { field: '--quest', reason: `a quest number such as 12, not "${options.quest}"` }));
  const team = options.team?.trim();
  if (options.team !== undefined && (!team || team.length > 120)) throw new UsageError(said('skills-invalid', { field: '--team', reason: 'a team name of 1 to 120 characters' }));

  const folder = await readSkillFolder(dir);
  const checked = validateSkill(folder.files, { folderName: folder.folderName });
  // The walk's own count (when it stopped early) says more than the validator's.
  const problems: SkillProblem[] = [...folder.problems, ...checked.problems.filter((p) => p.code !== 'too-many-files' || !folder.problems.some((q) => q.code === 'too-many-files'))];
  if (problems.length > 0) return refused(problems, dir, options, words, false);

  const client = new SkillClient(await skillTarget(options));
  try {
    const published = await client.publish({
      files: folder.files.map((f) => ({ path: f.path, content: Buffer.from(f.bytes).toString('base64'), executable: f.executable })),
      ...(questId !== undefined ? { questId } : {}),
      ...(team ? { team } : {}),
    });
    if (options.json) {
      printJson(published);
      return ExitCode.ok;
    }
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(words.published({ name: sanitizeLine(published.skill.name), version: published.version.version }));
    out(words.pendingReview);
    out(published.version.scripts.length > 0 ? words.scriptsFlagged({ scripts: published.version.scripts.map(sanitizeLine) }) : words.noScripts);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof SkillRefused) return refused(error.problems, dir, options, words, true);
    throw error;
  }
}

function refused(problems: SkillProblem[], dir: string, options: PublishOptions, words: ReturnType<typeof messages>['skills'], byServer: boolean): number {
  if (options.json) {
    printJson({ published: false, refusedBy: byServer ? 'server' : 'laptop', problems: problemsJson(problems, words) });
    return ExitCode.failure;
  }
  const err = (line: string) => process.stderr.write(`${line}\n`);
  err(byServer ? words.refusedByServer({ count: problems.length }) : words.refused({ folder: sanitizeLine(dir), count: problems.length }));
  for (const problem of problems) err(`  ${problemLine(problem, words)}`);
  if (!byServer) err(words.nothingSent);
  return ExitCode.failure;
}
