import type { Command } from 'commander';
import { action, positiveInt } from '../action.js';
import { LANG_HELP } from './exercises.js';
import { registerSkillInstallCommands } from './skills-install.js';

/**
 * `workshop skills` (issue 15): the company's skills on the programme server. No subcommand lists
 * them; `list`, `show`, `publish` and `review` here; `install`, `update` and `remove` are registered
 * by src/cli/commands/skills-install.ts on the same parent. Implementations load lazily (src/skills/).
 */
const SERVER_HELP = "the programme server's address (default: the one your session's hub link names)";
const TOKEN_FILE_HELP = 'a file holding a facilitator token (or set WORKSHOP_SERVER_TOKEN); without one, your join token is used';
const PROGRAMME_HELP = "the programme's id (default: your hub link's)";

interface Common {
  server?: string;
  tokenFile?: string;
  programme?: string;
  json?: boolean;
}

function common(command: Command): Command {
  return command
    .option('--server <url>', SERVER_HELP)
    .option('--token-file <file>', TOKEN_FILE_HELP)
    .option('--programme <id>', PROGRAMME_HELP)
    .option('--json', 'print JSON instead of text')
    .option('--lang <lang>', LANG_HELP);
}

export function registerSkillsCommands(program: Command): Command {
  const skills = program
    .command('skills')
    .description("the company's Codex skills: list and search them, publish yours for review, install a colleague's")
    .addHelpText('after', '\nWith no subcommand: the list of approved skills (workshop skills list).');

  common(
    skills
      .command('list', { isDefault: true })
      .description('list the approved skills, or search them: workshop skills list invoice --team Finance')
      .argument('[words...]', 'words to find in the name, description or team'),
  )
    .option('--team <team>', "only this team's skills")
    .option('--all', 'facilitators: pending and rejected skills too')
    .action(
      action(async (words: string[], options: Common & { team?: string; all?: boolean }) => {
        const { listCommand } = await import('../../skills/browse-command.js');
        return listCommand(words, options);
      }),
    );

  common(skills.command('show').description('one skill: its author, team, installs and versions').argument('<name>', 'the skill name, e.g. expense-summary')).action(
    action(async (name: string, options: Common) => {
      const { showCommand } = await import('../../skills/browse-command.js');
      return showCommand(name, options);
    }),
  );

  common(
    skills
      .command('publish')
      .description('send a skill folder (with its SKILL.md) for review: checked here first, then pending until a facilitator approves it')
      .argument('<dir>', 'the skill folder; its name must be the name: in SKILL.md'),
  )
    .option('--quest <id>', 'the quest this skill came from (its number)')
    .option('--team <team>', 'the team it belongs to (default: yours)')
    .addHelpText('after', '\nNothing is sent when a check fails: every problem is shown with its file and line. API keys and tokens are refused.')
    .action(
      action(async (dir: string, options: Common & { quest?: string; team?: string }) => {
        const { publishCommand } = await import('../../skills/publish-command.js');
        return publishCommand(dir, options);
      }),
    );

  common(
    skills
      .command('review')
      .description('facilitators: approve or reject a pending version of a skill (default: the newest pending one)')
      .argument('<name>', 'the skill name'),
  )
    .option('--approve', 'approve it: it joins the marketplace')
    .option('--reject', 'reject it: it stays out')
    .option('--note <text>', 'what you checked, or what to change (required)')
    .option('--version <n>', 'the version to review', positiveInt('--version'))
    .action(
      action(async (name: string, options: Common & { approve?: boolean; reject?: boolean; note?: string; version?: number }) => {
        const { reviewCommand } = await import('../../skills/review-command.js');
        return reviewCommand(name, options);
      }),
    );

  registerSkillInstallCommands(skills);
  return skills;
}
