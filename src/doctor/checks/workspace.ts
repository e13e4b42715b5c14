import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DoctorContext } from '../context.js';
import type { Check, CheckResult } from '../types.js';

/**
 * The exercise folder: it must exist (we create it), take a file, and have room. A folder synced by
 * OneDrive, Dropbox or iCloud works but fights the exercises (files locked or replaced mid-edit,
 * "online-only" placeholders), so it is a warning.
 */
const FAIL_BELOW_BYTES = 200 * 1024 * 1024;
const WARN_BELOW_BYTES = 1024 * 1024 * 1024;

export function displayPath(p: string, homeDir: string): string {
  const rel = path.relative(homeDir, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `~${path.sep}${rel}` : rel === '' ? '~' : p;
}

/** The cloud service syncing `dir`, if its path says so. */
export function cloudSyncService(dir: string, env: NodeJS.ProcessEnv): string | undefined {
  const norm = dir.replace(/\\/g, '/');
  for (const variable of ['OneDrive', 'OneDriveCommercial', 'OneDriveConsumer']) {
    const root = env[variable]?.replace(/\\/g, '/');
    if (root && norm.toLowerCase().startsWith(root.toLowerCase())) return 'OneDrive';
  }
  if (/\/OneDrive( - [^/]+)?(\/|$)/i.test(norm)) return 'OneDrive';
  if (/\/Dropbox( \([^/]+\))?(\/|$)/i.test(norm)) return 'Dropbox';
  if (/\/Library\/Mobile Documents\/|\/iCloud ?Drive(\/|$)/i.test(norm)) return 'iCloud Drive';
  if (/\/(Google ?Drive|My Drive)(\/|$)/i.test(norm)) return 'Google Drive';
  return undefined;
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

function problemFor(error: unknown, shown: string): CheckResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') {
    return { status: 'fail', code: 'workspace_disk_full', summary: `The disk holding ${shown} is full`, fix: { text: 'Free some disk space (empty the trash, remove large downloads), then run `workshop doctor` again.' } };
  }
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    return {
      status: 'fail',
      code: 'workspace_not_a_folder',
      summary: `${shown} exists but is a file, not a folder`,
      fix: { text: `Rename or move that file away, or ask your facilitator for a profile with another "workspace" folder.` },
    };
  }
  return {
    status: 'fail',
    code: 'workspace_not_writable',
    summary: `Cannot create or write ${shown} (${code ?? (error as Error).message})`,
    fix: { text: 'Check that you own this folder and that the disk is not read-only, or ask your facilitator for a profile with another "workspace" folder.' },
  };
}

async function probeWrite(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const probe = path.join(dir, `.workshop-doctor-${process.pid}.tmp`);
  try {
    await fs.writeFile(probe, 'workshop doctor write test\n');
    await fs.readFile(probe, 'utf8');
  } finally {
    await fs.rm(probe, { force: true }).catch(() => undefined);
  }
}

/** Shared with the smoke test, which runs Codex inside the workspace. */
export function ensureWorkspace(ctx: DoctorContext): Promise<{ ok: true } | { ok: false; error: unknown }> {
  return ctx.memo('workspace.ready', async () => {
    try {
      await probeWrite(ctx.workspaceDir);
      return { ok: true as const };
    } catch (error) {
      return { ok: false as const, error };
    }
  });
}

export const workspaceCheck: Check = {
  id: 'workspace',
  title: 'Exercise folder',
  timeoutMs: () => 10_000,
  async run(ctx) {
    const shown = displayPath(ctx.workspaceDir, ctx.homeDir);
    const ready = await ensureWorkspace(ctx);
    if (!ready.ok) return problemFor(ready.error, shown);
    const free = await ctx.freeBytes(ctx.workspaceDir);
    const details = free === undefined ? ['free space: unknown'] : [`free space: ${gigabytes(free)}`];
    details.unshift(`folder: ${ctx.workspaceDir}`);
    if (free !== undefined && free < FAIL_BELOW_BYTES) {
      return { status: 'fail', code: 'workspace_disk_full', summary: `Only ${gigabytes(free)} free on the disk holding ${shown}`, fix: { text: 'Free at least 1 GB (empty the trash, remove large downloads), then run `workshop doctor` again.' }, details };
    }
    const service = cloudSyncService(ctx.workspaceDir, ctx.env);
    if (service) {
      return {
        status: 'warn',
        code: 'workspace_cloud_synced',
        summary: `${shown} is synced by ${service}; syncing can lock or replace files while Codex edits them`,
        fix: { text: `Ask your facilitator for a profile whose "workspace" is outside ${service} (for example a folder directly under your user folder), or pause ${service} syncing during the workshop.` },
        details,
      };
    }
    if (free !== undefined && free < WARN_BELOW_BYTES) {
      return { status: 'warn', code: 'workspace_low_space', summary: `${shown} is writable but only ${gigabytes(free)} is free`, fix: { text: 'Free at least 1 GB before the workshop.' }, details };
    }
    return { status: 'ok', code: 'workspace_ok', summary: `${shown} is ready${free !== undefined ? ` (${gigabytes(free)} free)` : ''}`, details };
  },
};
