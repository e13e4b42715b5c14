import { promises as fs } from 'node:fs';
import path from 'node:path';
import { API_KEY_VARIABLES } from '../../codex/exec.js';
import { findSecrets } from '../../core/secret.js';
import type { DoctorContext } from '../context.js';
import { deleteFilesInCommand, unsetEnvVarCommand } from '../fixes.js';
import type { Check, CheckResult } from '../types.js';

/**
 * An API key left in plain text in `$CODEX_HOME/shell_snapshots/`. When OPENAI_API_KEY (or
 * CODEX_API_KEY) is in the environment of `codex exec`, Codex snapshots that environment into
 * `shell_snapshots/*.sh` with mode 0644, so any program (or person) that can read the home folder can
 * read the key. The doctor's own smoke test no longer does this (it runs Codex without the key
 * variables), but earlier runs, the participant's own `codex exec` and other tools may have. Only the
 * keys' hints are ever shown.
 */
const MAX_FILES = 500;
const MAX_BYTES = 2 * 1024 * 1024;
const MAX_LISTED = 10;

interface Leak {
  file: string;
  hints: string[];
}

async function scan(dir: string, ctx: DoctorContext): Promise<{ leaks: Leak[]; unreadable: string[] }> {
  let names: string[];
  try {
    names = (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
  } catch {
    // No folder (Codex never ran a command here) or one we cannot list: nothing found.
    return { leaks: [], unreadable: [] };
  }
  const leaks: Leak[] = [];
  const unreadable: string[] = [];
  for (const name of names.slice(0, MAX_FILES)) {
    const file = path.join(dir, name);
    try {
      const handle = await fs.open(file, 'r');
      try {
        const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(MAX_BYTES), position: 0 });
        const keys = findSecrets(buffer.subarray(0, bytesRead).toString('utf8'), ctx.secrets.all());
        if (keys.length) leaks.push({ file, hints: [...new Set(keys.map((k) => k.hint))] });
      } finally {
        await handle.close();
      }
    } catch (error) {
      unreadable.push(ctx.t.snapshots.unreadable({ file, why: (error as NodeJS.ErrnoException).code ?? String(error) }));
    }
  }
  return { leaks, unreadable };
}

export const codexSnapshotsCheck: Check = {
  id: 'codex.snapshots',
  timeoutMs: () => 10_000,
  async run(ctx): Promise<CheckResult> {
    const { t } = ctx;
    const dir = path.join(ctx.codexHome, 'shell_snapshots');
    const { leaks, unreadable } = await scan(dir, ctx);
    if (leaks.length === 0) return { status: 'ok', code: 'shell_snapshots_clean', summary: t.snapshots.clean, ...(unreadable.length ? { details: unreadable } : {}) };
    const hints = [...new Set(leaks.flatMap((l) => l.hints))];
    const variables = API_KEY_VARIABLES.filter((name) => ctx.env[name]?.trim());
    return {
      status: 'warn',
      code: 'key_in_shell_snapshots',
      summary: t.snapshots.found({ count: leaks.length, hints }),
      fix: {
        text: variables.length ? t.snapshots.fixAndUnset({ variables: [...variables] }) : t.snapshots.fix,
        commands: [deleteFilesInCommand(ctx.platform, dir), ...variables.map((name) => unsetEnvVarCommand(ctx.platform, name))],
      },
      details: [...leaks.slice(0, MAX_LISTED).map((l) => t.snapshots.fileDetail({ file: l.file, hints: l.hints })), ...unreadable],
    };
  },
};
