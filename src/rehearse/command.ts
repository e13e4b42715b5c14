import { ExitCode } from '../core/errors.js';
import { printJson, startProgress } from '../core/terminal.js';
import { type RehearseOptions, runRehearsal } from './rehearse.js';
import { describeSetup, renderReport, reportJson, runLine } from './render.js';

/**
 * The `workshop rehearse` command: runs the rehearsal, shows progress on stderr (a spinner on a
 * terminal, a line per finished run), then the table (or the JSON document) on stdout.
 * Exit code: 0 every run passed, 1 a run failed (or Codex is not ready), 2 bad usage or a broken pack.
 */
export async function rehearseCommand(options: RehearseOptions & { json?: boolean }): Promise<number> {
  const progress = options.json ? undefined : await startProgress('Preparing the rehearsal…');
  const say = (line: string) => {
    if (options.json) return;
    progress?.stop();
    process.stderr.write(`${line}\n`);
  };
  try {
    const report = await runRehearsal(options, {
      hooks: {
        onStart: ({ backend, pack, exercises, runs }) =>
          say(
            `Rehearsing ${exercises.length} exercise${exercises.length === 1 ? '' : 's'} × ${runs} run${runs === 1 ? '' : 's'} with ${describeSetup({
              mode: backend.mode,
              codex: { version: backend.codexVersion ?? null, path: backend.codex.path },
              model: backend.model ?? null,
              pack: { id: pack.config.id, version: pack.config.version, dir: pack.dir },
              language: '',
            }).replace(/ · prompts in $/, '')}`,
          ),
        onRunStart: (exercise, run, runs) => progress?.update(`Rehearsing ${exercise.id}${runs > 1 ? ` (run ${run}/${runs})` : ''}…`),
        onRunDone: (record, runs) => say(runLine(record, runs)),
      },
    });
    progress?.stop();
    if (options.json) printJson(reportJson(report));
    else process.stdout.write(`\n${renderReport(report)}`);
    return report.ok ? ExitCode.ok : ExitCode.failure;
  } finally {
    progress?.stop();
  }
}
