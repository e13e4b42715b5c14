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

function gigabytes(bytes: number, ctx: DoctorContext): string {
  return ctx.t.workspace.gigabytes({ value: (bytes / 1024 ** 3).toFixed(1) });
}

function problemFor(error: unknown, folder: string, ctx: DoctorContext): CheckResult {
  const { t } = ctx;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') {
    return { status: 'fail', code: 'workspace_disk_full', summary: t.workspace.diskFull({ folder }), fix: { text: t.workspace.freeSpaceFix } };
  }
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    return { status: 'fail', code: 'workspace_not_a_folder', summary: t.workspace.notAFolder({ folder }), fix: { text: t.workspace.notAFolderFix } };
  }
  return {
    status: 'fail',
    code: 'workspace_not_writable',
    summary: t.workspace.notWritable({ folder, why: code ?? (error as Error).message }),
    fix: { text: t.workspace.notWritableFix },
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
  timeoutMs: () => 10_000,
  async run(ctx) {
    const { t } = ctx;
    const folder = displayPath(ctx.workspaceDir, ctx.homeDir);
    const ready = await ensureWorkspace(ctx);
    if (!ready.ok) return problemFor(ready.error, folder, ctx);
    const free = await ctx.freeBytes(ctx.workspaceDir);
    const details = [t.workspace.folderDetail({ path: ctx.workspaceDir }), free === undefined ? t.workspace.freeUnknown : t.workspace.freeDetail({ free: gigabytes(free, ctx) })];
    if (free !== undefined && free < FAIL_BELOW_BYTES) {
      return { status: 'fail', code: 'workspace_disk_full', summary: t.workspace.almostFull({ folder, free: gigabytes(free, ctx) }), fix: { text: t.workspace.freeOneGbFix }, details };
    }
    const service = cloudSyncService(ctx.workspaceDir, ctx.env);
    if (service) {
      return { status: 'warn', code: 'workspace_cloud_synced', summary: t.workspace.cloudSynced({ folder, service }), fix: { text: t.workspace.cloudSyncedFix({ service }) }, details };
    }
    if (free !== undefined && free < WARN_BELOW_BYTES) {
      return { status: 'warn', code: 'workspace_low_space', summary: t.workspace.lowSpace({ folder, free: gigabytes(free, ctx) }), fix: { text: t.workspace.lowSpaceFix }, details };
    }
    const summary = free === undefined ? t.workspace.ok({ folder }) : t.workspace.okWithFree({ folder, free: gigabytes(free, ctx) });
    return { status: 'ok', code: 'workspace_ok', summary, details };
  },
};
