import { ExitCode, UsageError, UserError, said } from '../core/errors.js';
import { type ServerTarget, type ServerTargetOptions, type TargetWords, parseServerOption, serverTarget, tokenFileExit } from '../report/server-target.js';

/**
 * Where a `workshop skills …` command goes and as whom (issue 15): the rules of
 * src/report/server-target.ts, said in the skills commands' words.
 */
export type SkillTargetOptions = ServerTargetOptions;
export type SkillTarget = ServerTarget;

const SKILL_WORDS: TargetWords = {
  notJoined: () => new UserError(said('skills-not-joined', {}), ExitCode.failure),
  noServer: (hubUrl) => new UserError(said('skills-no-server', { hubUrl }), ExitCode.failure),
  needsServer: () => new UsageError(said('skills-needs-server', {})),
  needsProgramme: () => new UsageError(said('skills-needs-programme', {})),
  invalidServer: (given, reason) =>
    new UsageError(said('skills-invalid', { field: '--server', reason: reason === 'not-an-address' ? `an address such as https://workshop.example.com, not "${given}"` : 'an http:// or https:// address without a user name or password' })),
  tokenFile: (file, why) => new UserError(said('skills-token-file', { file, why: why === 'missing' ? 'ENOENT' : why }), tokenFileExit(why)),
};

export function skillTarget(options: SkillTargetOptions): Promise<SkillTarget> {
  return serverTarget(options, SKILL_WORDS);
}

export function parseSkillServer(raw: string): string {
  return parseServerOption(raw, SKILL_WORDS);
}
