import { UserError } from '../../src/core/errors.js';
import type { ReportFlags } from '../../src/cli/commands/facilitator.js';

export async function reportCommand(_options: ReportFlags): Promise<number> {
  throw new UserError('workshop report is being built.');
}
