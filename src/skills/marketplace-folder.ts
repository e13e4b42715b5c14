import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describeFsError, isErrno } from '../core/errors.js';
import { isInside } from '../core/paths.js';
import type { MarketplaceResponse } from '../protocol/skills.js';

/**
 * The marketplace folder on the laptop (`<configDir>/skills/<marketplace name>/`), the local folder
 * Codex is pointed at with `codex plugin marketplace add`. It is replaced whole: the new files go into
 * a fresh sibling folder, which is swapped in with two renames, so Codex never reads a half-written
 * marketplace and files no longer in it are gone. A missing folder breaks every `codex plugin`
 * command (Codex 0.169.0: "marketplace root does not contain a supported manifest"), so a swap cut
 * short by a crash is undone on the next run (`recoverMarketplaceFolder`).
 */
const NAME = /^[a-z0-9][a-z0-9-]{0,80}$/;

export function marketplaceFolder(skillsDir: string, name: string): string {
  if (!NAME.test(name)) throw new Error(`"${name}" is not a marketplace name this kit writes`);
  return path.join(skillsDir, name);
}

/** A path from the server, checked before anything is written: relative, inside the folder, one of the marketplace's own. */
export function safeRelativePath(p: string): boolean {
  if (!p || p.length > 400 || p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.includes('\\') || p.includes('\0')) return false;
  const parts = p.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return false;
  return p === '.agents/plugins/marketplace.json' || parts[0] === 'plugins';
}

/** Puts back a marketplace folder a crash left half-swapped, and clears leftovers of earlier runs. */
export async function recoverMarketplaceFolder(skillsDir: string, name: string): Promise<void> {
  const target = marketplaceFolder(skillsDir, name);
  const entries = await fs.readdir(skillsDir).catch(() => [] as string[]);
  const olds = entries.filter((e) => e.startsWith(`.${name}.old-`));
  const news = entries.filter((e) => e.startsWith(`.${name}.new-`));
  const exists = await fs.stat(target).then(() => true, () => false);
  if (!exists && olds.length > 0) await fs.rename(path.join(skillsDir, olds[0]!), target);
  for (const leftover of [...(exists || olds.length === 0 ? olds : olds.slice(1)), ...news]) {
    await fs.rm(path.join(skillsDir, leftover), { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Writes the marketplace's files as the folder `<skillsDir>/<name>`, replacing what was there in one swap. Returns the folder. */
export async function writeMarketplaceFolder(skillsDir: string, marketplace: MarketplaceResponse): Promise<string> {
  const target = marketplaceFolder(skillsDir, marketplace.name);
  const bad = marketplace.files.find((f) => !safeRelativePath(f.path));
  if (bad) throw new Error(`the marketplace from the server holds a file outside its folder ("${bad.path}"); nothing was written`);
  await fs.mkdir(skillsDir, { recursive: true });
  await recoverMarketplaceFolder(skillsDir, marketplace.name);
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const fresh = path.join(skillsDir, `.${marketplace.name}.new-${suffix}`);
  const old = path.join(skillsDir, `.${marketplace.name}.old-${suffix}`);
  try {
    for (const file of marketplace.files) {
      const full = path.join(fresh, ...file.path.split('/'));
      if (!isInside(fresh, full)) throw new Error(`"${file.path}" is outside the marketplace folder`);
      await fs.mkdir(path.dirname(full), { recursive: true });
      // The mode is set on creation and again after (a umask may have taken the executable bit).
      const mode = file.executable ? 0o755 : 0o644;
      await fs.writeFile(full, Buffer.from(file.content, 'base64'), { mode });
      await fs.chmod(full, mode);
    }
    let moved = false;
    try {
      await fs.rename(target, old);
      moved = true;
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
    await fs.rename(fresh, target);
    if (moved) await fs.rm(old, { recursive: true, force: true }).catch(() => undefined);
  } catch (error) {
    await fs.rm(fresh, { recursive: true, force: true }).catch(() => undefined);
    // The old folder back in place if the swap got half-way.
    await recoverMarketplaceFolder(skillsDir, marketplace.name).catch(() => undefined);
    throw describeFsError(error, `write the skills marketplace to ${target}`);
  }
  return target;
}
