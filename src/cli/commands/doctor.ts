import type { Command } from 'commander';
import { action, secondsUpTo } from '../action.js';
import { LANG_HELP } from './exercises.js';

/** `workshop doctor`: checks this laptop is ready for the workshop. Implementation in src/doctor/. */
const seconds = secondsUpTo(600);

function idList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function registerDoctorCommands(program: Command): void {
  program
    .command('doctor')
    .description('Check that this computer is ready for the workshop, and say exactly how to fix what is not.')
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .option('--only <ids>', 'run only these checks (comma-separated ids, see docs/doctor.md)', idList)
    .option('-v, --verbose', 'show details and timings for every check')
    .option('--smoke', 'also run a tiny real Codex request (costs a few tokens)')
    .option('--profile <file>', 'workshop profile from your facilitator (default: $WORKSHOP_PROFILE, else the shipped one)')
    .option('--api-base <url>', 'API base URL to test the key against (default: profile, then Codex config, then https://api.openai.com/v1)')
    .option('--timeout <seconds>', 'how long to wait for the API (and the smoke test)', seconds)
    .option('--lang <lang>', LANG_HELP)
    .addHelpText(
      'after',
      '\nExit codes: 0 ready (warnings allowed), 1 not ready, 2 bad usage.\nChecks: node, codex.installed, codex.version, codex.config, codex.auth, codex.model, api.key, codex.smoke, codex.sandbox, codex.snapshots, git, workspace, network.proxy, codex.websocket',
    )
    .action(
      action(async (options: { json?: boolean; only?: string[]; verbose?: boolean; smoke?: boolean; profile?: string; apiBase?: string; timeout?: number }) => {
        const [{ runDoctor }, { participantLanguage }] = await Promise.all([import('../../doctor/run-doctor.js'), import('../../i18n/choose-language.js')]);
        // The language settled before the command ran (`--lang`, remembered, profile, locale).
        return runDoctor({ ...options, lang: participantLanguage() });
      }),
    );
}
