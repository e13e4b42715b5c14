import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * A folder this process cannot create anything in. Permissions do not stop root (CI containers often
 * run as root), so there the test uses /sys, where even root gets "operation not permitted".
 */
export async function unwritableFolder(root: string): Promise<string> {
  if (process.getuid?.() !== 0) {
    const locked = path.join(root, 'locked');
    await fs.mkdir(locked, { mode: 0o500 });
    return locked;
  }
  return '/sys/fs';
}
