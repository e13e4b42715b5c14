import type { Command } from 'commander';

/**
 * What runs after each participant command, before the hub sync in main(): share the "own task"
 * answers once that exercise has passed (its brief says so), and offer `workshop pulse` once a week or
 * more after the session. Neither ever changes the command's outcome, and both load lazily.
 */
export async function afterParticipantCommand(program: Command, actionCommand: Command): Promise<void> {
  const commandPath: string[] = [];
  for (let c: Command | null = actionCommand; c && c !== program; c = c.parent) commandPath.unshift(c.name());
  try {
    if (commandPath[0] === 'next' || commandPath[0] === 'status') {
      const { maybeShareOwnTask } = await import('../share/own-task.js');
      // Issue 14: once shared, the own task is offered as a quest on the programme server.
      await maybeShareOwnTask(process.env, { offerQuest: true });
    }
    const { maybeOfferPulse } = await import('../pulse/auto-offer.js');
    await maybeOfferPulse({ commandPath, argv: process.argv.slice(2) });
  } catch (error) {
    if (process.env.WORKSHOP_DEBUG) process.stderr.write(`after-command participant hooks skipped: ${String(error)}\n`);
  }
}
