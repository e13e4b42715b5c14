import { ExitCode, UsageError, UserError, said } from '../core/errors.js';
import { type ServerTarget, type ServerTargetOptions, type TargetWords, serverTarget, tokenFileExit } from '../report/server-target.js';

/**
 * Where a `workshop quest …` command goes and as whom (issue 14): the rules of
 * src/report/server-target.ts, said in the quest commands' words.
 */
export type QuestTargetOptions = ServerTargetOptions;
export type QuestTarget = ServerTarget;

const QUEST_WORDS: TargetWords = {
  notJoined: () => new UserError(said('quest-not-joined', {}), ExitCode.failure),
  noServer: (hubUrl) => new UserError(said('quest-no-server', { hubUrl }), ExitCode.failure),
  needsServer: () => new UsageError(said('quest-missing', { flags: ['--server URL'] })),
  needsProgramme: () => new UsageError(said('quest-needs-programme', {})),
  invalidServer: (given, reason) =>
    new UsageError(said('quest-invalid', { field: '--server', reason: reason === 'not-an-address' ? `the programme server's address, such as https://workshop.example.com, not "${given}"` : 'an http:// or https:// address without a user name or password' })),
  tokenFile: (file, why) =>
    why === 'empty' ? new UsageError(said('quest-invalid', { field: '--token-file', reason: 'the file is empty' })) : new UserError(said('quest-text-file', { file, why: why === 'missing' ? 'no such file' : why }), tokenFileExit(why)),
};

export function questTarget(options: QuestTargetOptions): Promise<QuestTarget> {
  return serverTarget(options, QUEST_WORDS);
}
