import type { Command } from 'commander';
import type { SkillInstallFlags } from '../../skills/install-command.js';
import { action } from '../action.js';
import { LANG_HELP } from './exercises.js';

/**
 * `workshop skills install NAME`, `update` and `remove NAME` (issue 15): company skills from the
 * programme server's marketplace into Codex. Registered under the `workshop skills` command, which
 * src/cli/commands/skills.ts owns (listing, publishing, reviewing). Implementations load lazily from
 * src/skills/.
 */

const SERVER_HELP = "a facilitator's way in: the programme server's address (with WORKSHOP_SERVER_TOKEN or --token-file); participants need nothing, their join tells where";

function serverOptions(command: Command): Command {
  return command
    .option('--json', 'print one JSON object instead of text')
    .option('--server <url>', SERVER_HELP)
    .option('--token-file <file>', 'with --server: a file holding the facilitator token')
    .option('--programme <id>', 'with --server: the programme (default: the one the server holds)')
    .option('--lang <lang>', LANG_HELP);
}

export function registerSkillInstallCommands(skills: Command): void {
  serverOptions(
    skills
      .command('install')
      .description('install an approved company skill into Codex: workshop skills install NAME')
      .argument('<name>', 'the skill, as `workshop skills` lists it'),
  )
    .addHelpText('after', '\nFetches the company marketplace from the programme server, adds it to Codex once, and installs the skill.\nOffline, it installs from the marketplace fetched last.')
    .action(
      action(async (name: string, options: SkillInstallFlags) => {
        const { installCommand } = await import('../../skills/install-command.js');
        return installCommand(name, options);
      }),
    );

  serverOptions(skills.command('update').description('bring every installed company skill to its newest approved version'))
    .addHelpText('after', '\nOffline, it uses the marketplace fetched last.')
    .action(
      action(async (options: SkillInstallFlags) => {
        const { updateCommand } = await import('../../skills/install-command.js');
        return updateCommand(options);
      }),
    );

  serverOptions(
    skills
      .command('remove')
      .description('uninstall a company skill from Codex: workshop skills remove NAME')
      .argument('<name>', 'the installed skill'),
  ).action(
    action(async (name: string, options: SkillInstallFlags) => {
      const { removeCommand } = await import('../../skills/install-command.js');
      return removeCommand(name, options);
    }),
  );
}
