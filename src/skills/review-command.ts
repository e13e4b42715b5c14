import { ExitCode, UsageError, UserError, said } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { printJson } from '../core/terminal.js';
import { participantLanguage } from '../i18n/choose-language.js';
import { messages } from '../i18n/index.js';
import { SkillName } from '../protocol/skills.js';
import { SkillClient } from './client.js';
import { reviewedLines } from './render.js';
import { type SkillTargetOptions, skillTarget } from './target.js';

/**
 * `workshop skills review NAME --approve|--reject --note "…" [--version N]` (issue 15): a
 * facilitator's verdict on a pending version (by default the newest pending one). What was approved
 * is shown in full: every file with its size, the files that run code, and the SHA-256 over them.
 */
export interface ReviewOptions extends SkillTargetOptions {
  approve?: boolean;
  reject?: boolean;
  note?: string;
  version?: number;
  json?: boolean;
}

export async function reviewCommand(name: string, options: ReviewOptions): Promise<number> {
  const say = messages(participantLanguage()).skills;
  if (Boolean(options.approve) === Boolean(options.reject)) throw new UsageError(said('skills-review-verdict', {}));
  const note = options.note?.trim();
  if (!note) throw new UsageError(said('skills-review-verdict', {}));
  if (note.length > 4000) throw new UsageError(said('skills-invalid', { field: '--note', reason: 'at most 4,000 characters' }));
  if (!SkillName.safeParse(name).success) throw new UserError(said('skills-unknown', { name }), ExitCode.failure);
  const target = await skillTarget(options);
  if (target.mode !== 'facilitator') throw new UserError(said('skills-review-needs-token', {}), ExitCode.usage);
  const client = new SkillClient(target);
  const found = await client.show(name).catch((error: unknown) => {
    throw (error as { status?: number }).status === 404 ? new UserError(said('skills-unknown', { name }), ExitCode.failure) : error;
  });
  let version = options.version;
  if (version === undefined) {
    version = found.versions.filter((v) => v.state === 'pending').at(-1)?.version;
    if (version === undefined) throw new UserError(said('skills-no-pending', { name }), ExitCode.failure);
  } else if (!found.versions.some((v) => v.version === version)) {
    throw new UserError(said('skills-no-version', { name, version }), ExitCode.failure);
  }
  const verdict = options.approve ? 'approve' : 'reject';
  const reviewed = await client.review(name, { version, verdict, note });
  if (options.json) {
    printJson(reviewed);
    return ExitCode.ok;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const shown = { name: sanitizeLine(reviewed.skill.name), version: reviewed.version.version };
  out(verdict === 'approve' ? say.approved(shown) : say.rejected(shown));
  for (const line of reviewedLines(reviewed.version, say)) out(line);
  return ExitCode.ok;
}
