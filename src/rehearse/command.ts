import { ExitCode } from '../core/errors.js';
import { type Progress, printJson, startProgress } from '../core/terminal.js';
import { type RehearseOptions, runRehearsal } from './rehearse.js';
import { describeSetup, renderReport, reportJson, runLine } from './render.js';

/**
 * The `workshop rehearse` command: runs the rehearsal, shows progress on stderr (a spinner on a
 * terminal while a run goes, then one line per finished run), then the table (or, with --json, only
 * the JSON document) on stdout.
 * Exit code: 0 every run passed, 1 a run failed (or Codex is not ready), 2 bad usage or a broken pack.
 */
export async function rehearseCommand(options: RehearseOptions & { json?: boolean }): Promise<number> {
  const quiet = Boolean(options.json);
  let progress: Progress | undefined = quiet ? undefined : await startProgress('Preparing the rehearsal…');
  const say = (line: string) => {
    progress?.stop();
    progress = undefined;
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  try {
    const report = await runRehearsal(options, {
      hooks: {
        onStart: ({ backend, pack, exercises, runs }) => {
          const setup = describeSetup({
            mode: backend.mode,
            codexVersion: backend.codexVersion ?? null,
            model: backend.model ?? null,
            packId: pack.config.id,
            packVersion: pack.config.version,
          });
          say(`Rehearsing ${exercises.length} exercise${exercises.length === 1 ? '' : 's'} × ${runs} run${runs === 1 ? '' : 's'} with ${setup}`);
        },
        onRunStart: async (exercise, run, runs) => {
          if (!quiet) progress = await startProgress(`Rehearsing ${exercise.id}${runs > 1 ? ` (run ${run}/${runs})` : ''}…`);
        },
        onRunDone: (record, runs) => say(runLine(record, runs)),
      },
    });
    if (options.json) printJson(reportJson(report));
    else process.stdout.write(`\n${renderReport(report)}`);
    return report.ok ? ExitCode.ok : ExitCode.failure;
  } finally {
    progress?.stop();
  }
}
