import { ExitCode, UserError, said } from '../core/errors.js';
import { printJson } from '../core/terminal.js';
import { participantLanguage } from '../i18n/choose-language.js';
import { messages } from '../i18n/index.js';
import { SkillName } from '../protocol/skills.js';
import { SkillClient } from './client.js';
import { showLines, skillLines } from './render.js';
import { type SkillTargetOptions, skillTarget } from './target.js';

/**
 * `workshop skills [list] [WORDS…] [--team T] [--all]` and `workshop skills show NAME` (issue 15):
 * the company's skills from the programme server. Everyone sees the approved ones; a facilitator's
 * `--all` adds the pending and rejected ones (the server sends those only to facilitators).
 */
export interface ListOptions extends SkillTargetOptions {
  team?: string;
  all?: boolean;
  json?: boolean;
}

export async function listCommand(words: string[], options: ListOptions): Promise<number> {
  const say = messages(participantLanguage()).skills;
  const target = await skillTarget(options);
  if (options.all && target.mode === 'participant') process.stderr.write(`${say.allNeedsFacilitator}\n`);
  const q = words.join(' ').trim();
  const answer = await new SkillClient(target).list({ ...(options.team ? { team: options.team } : {}), ...(q ? { q } : {}) });
  // A facilitator's token gets every state; without --all the list is what participants see.
  const skills = options.all ? answer.skills : answer.skills.filter((s) => s.approvedVersion !== undefined);
  if (options.json) {
    printJson({ skills });
    return ExitCode.ok;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (skills.length === 0) {
    out(q || options.team ? say.noMatch : say.noSkills);
    return ExitCode.ok;
  }
  for (const skill of skills) for (const line of skillLines(skill, say, { showState: Boolean(options.all) })) out(line);
  return ExitCode.ok;
}

export async function showCommand(name: string, options: SkillTargetOptions & { json?: boolean }): Promise<number> {
  const say = messages(participantLanguage()).skills;
  if (!SkillName.safeParse(name).success) throw new UserError(said('skills-unknown', { name }), ExitCode.failure);
  const client = new SkillClient(await skillTarget(options));
  const found = await client.show(name).catch((error: unknown) => {
    throw (error as { status?: number }).status === 404 ? new UserError(said('skills-unknown', { name }), ExitCode.failure) : error;
  });
  if (options.json) {
    printJson(found);
    return ExitCode.ok;
  }
  for (const line of showLines(found.skill, found.versions, say)) process.stdout.write(`${line}\n`);
  return ExitCode.ok;
}
