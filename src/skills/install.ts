import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ExitCode, UsageError, UserError, said } from '../core/errors.js';
import { codexHome as defaultCodexHome } from '../core/paths.js';
import { SkillName } from '../protocol/skills.js';
import { type CodexPlugins, codexPlugins } from './codex-plugins.js';
import { marketplaceFolder, recoverMarketplaceFolder, writeMarketplaceFolder } from './marketplace-folder.js';
import { type SkillServer, SkillServerRefused, SkillServerUnreachable, type WhereOptions, fetchMarketplace, reportInstall, resolveSkillServer, skillStanding } from './skills-client.js';
import { type MarketplaceSkill, type SkillsState, forCodexHome, readSkillsState, skillsDir as defaultSkillsDir, writeSkillsState } from './skills-state.js';

/**
 * `workshop skills install|update|remove`, without the printing: fetch the marketplace (or use the one
 * fetched last when the server cannot be reached), keep its folder and the state file, and drive Codex
 * through codex-plugins.ts. Each returns what happened, for the command to say in the person's language
 * or as JSON. Installs are reported to the server (counted per skill and team) when it can be reached;
 * that never makes an install fail.
 */
export interface SkillsContext {
  env: NodeJS.ProcessEnv;
  where: WhereOptions;
  now?: () => Date;
  /** Test seam: Codex's plugin commands. */
  plugins?: () => Promise<CodexPlugins>;
}

export interface Offline {
  why: string;
  fetchedAt: string;
}

interface Fresh {
  state: SkillsState;
  folder: string;
  marketplace: NonNullable<SkillsState['marketplace']>;
  server?: SkillServer;
  offline?: Offline;
}

function paths(ctx: SkillsContext) {
  return { dir: defaultSkillsDir(ctx.env), codexHome: defaultCodexHome(ctx.env) };
}

/** Plugin version `<n>.0.0` → approved version n. */
export function approvedVersionOf(pluginVersion: string | undefined): number | undefined {
  const n = Number(/^(\d+)\./.exec(pluginVersion ?? '')?.[1]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function checkSkillName(name: string): string {
  if (!SkillName.safeParse(name).success) throw new UsageError(said('skill-name-invalid', { given: name }));
  return name;
}

/** The marketplace now: fetched (or confirmed unchanged by its ETag), else the last one fetched when the server is away. */
async function refresh(ctx: SkillsContext): Promise<Fresh> {
  const now = ctx.now ?? (() => new Date());
  const { dir, codexHome } = paths(ctx);
  const state = forCodexHome(await readSkillsState(ctx.env), codexHome);
  const server = await resolveSkillServer(ctx.where);
  const last = state.marketplace;
  if (last) await recoverMarketplaceFolder(dir, last.name);
  const onDisk = last ? await fs.stat(path.join(marketplaceFolder(dir, last.name), '.agents', 'plugins', 'marketplace.json')).then(() => true, () => false) : false;
  try {
    const fetched = await fetchMarketplace(server, onDisk ? last?.etag : undefined);
    if (fetched.kind === 'unchanged' && last) {
      const marketplace = { ...last, fetchedAt: now().toISOString() };
      const next = { ...state, marketplace };
      await writeSkillsState(next, ctx.env);
      return { state: next, folder: marketplaceFolder(dir, last.name), marketplace, server };
    }
    if (fetched.kind === 'unchanged') throw new SkillServerRefused(304, 'not_modified', 'the server answered "not modified" to a first request');
    const m = fetched.marketplace;
    const folder = await writeMarketplaceFolder(dir, m);
    const marketplace = { name: m.name, etag: m.etag, fetchedAt: now().toISOString(), generatedAt: m.generatedAt, skills: m.skills.map(({ name, version, team, description }) => ({ name, version, team, description })) };
    // A marketplace under another name (the programme changed) is another registration.
    const next: SkillsState = last && last.name !== m.name ? { ...state, marketplace, registered: false, installed: {} } : { ...state, marketplace };
    await writeSkillsState(next, ctx.env);
    return { state: next, folder, marketplace, server };
  } catch (error) {
    if (error instanceof SkillServerUnreachable) {
      if (!last || !onDisk) throw new UserError(said('skills-never-fetched', { server: server.url, why: error.why }), ExitCode.failure);
      return { state, folder: marketplaceFolder(dir, last.name), marketplace: last, offline: { why: error.why, fetchedAt: last.fetchedAt } };
    }
    if (error instanceof SkillServerRefused) throw new UserError(said('skills-server-refused', { server: server.url, reason: error.reason }), ExitCode.failure);
    throw error;
  }
}

async function ensureRegistered(fresh: Fresh, plugins: CodexPlugins, ctx: SkillsContext): Promise<boolean> {
  if (fresh.state.registered) return false;
  await plugins.addMarketplace(fresh.marketplace.name, fresh.folder);
  fresh.state = { ...fresh.state, registered: true };
  await writeSkillsState(fresh.state, ctx.env);
  return true;
}

export interface InstallResult {
  skill: MarketplaceSkill;
  marketplace: string;
  /** The version installed before, if any. */
  previous?: number;
  registeredNow: boolean;
  reported: boolean;
  offline?: Offline;
}

export async function installSkill(name: string, ctx: SkillsContext): Promise<InstallResult> {
  checkSkillName(name);
  const fresh = await refresh(ctx);
  const skill = fresh.marketplace.skills.find((s) => s.name === name);
  if (!skill) {
    if (fresh.offline) throw new UserError(said('skill-not-in-last-fetch', { name, fetchedAt: fresh.offline.fetchedAt }), ExitCode.failure);
    const standing = await skillStanding(fresh.server!, name).catch(() => 'unknown' as const);
    throw new UserError(said('skill-not-approved', { name, standing }), ExitCode.failure);
  }
  const plugins = await (ctx.plugins ?? (() => codexPlugins({ env: ctx.env })))();
  let registeredNow = await ensureRegistered(fresh, plugins, ctx);
  try {
    await plugins.install(skill.name, fresh.marketplace.name);
  } catch (error) {
    if (registeredNow) throw error;
    // Registered once, but perhaps removed from Codex by hand since (`codex plugin marketplace remove`): once more, registering first.
    fresh.state = { ...fresh.state, registered: false };
    registeredNow = await ensureRegistered(fresh, plugins, ctx);
    await plugins.install(skill.name, fresh.marketplace.name);
  }
  const previous = fresh.state.installed[skill.name]?.version;
  const state = { ...fresh.state, installed: { ...fresh.state.installed, [skill.name]: { version: skill.version, installedAt: (ctx.now ?? (() => new Date()))().toISOString() } } };
  await writeSkillsState(state, ctx.env);
  const reported = fresh.server ? await reportInstall(fresh.server, skill.name, { action: previous === undefined ? 'install' : 'update', version: skill.version }) : false;
  return { skill, marketplace: fresh.marketplace.name, ...(previous !== undefined ? { previous } : {}), registeredNow, reported, ...(fresh.offline ? { offline: fresh.offline } : {}) };
}

export interface UpdateResult {
  marketplace: string;
  changed: Array<{ name: string; from: number; to: number }>;
  upToDate: Array<{ name: string; version: number }>;
  /** Installed, but no longer in the marketplace (no approved version): left as they are. */
  notInMarketplace: string[];
  offline?: Offline;
}

export async function updateSkills(ctx: SkillsContext): Promise<UpdateResult> {
  const fresh = await refresh(ctx);
  const name = fresh.marketplace.name;
  const result: UpdateResult = { marketplace: name, changed: [], upToDate: [], notInMarketplace: [], ...(fresh.offline ? { offline: fresh.offline } : {}) };
  if (!fresh.state.registered && Object.keys(fresh.state.installed).length === 0) return result;
  const plugins = await (ctx.plugins ?? (() => codexPlugins({ env: ctx.env })))();
  // Codex is the authority on what is installed (someone may have run `codex plugin remove` by hand).
  const rows = (await plugins.list(name)).filter((r) => r.installed);
  const installed: SkillsState['installed'] = {};
  const at = (ctx.now ?? (() => new Date()))().toISOString();
  for (const row of rows) {
    const have = approvedVersionOf(row.version) ?? fresh.state.installed[row.plugin]?.version ?? 0;
    const approved = fresh.marketplace.skills.find((s) => s.name === row.plugin);
    if (!approved) {
      result.notInMarketplace.push(row.plugin);
      if (have > 0) installed[row.plugin] = { version: have, installedAt: fresh.state.installed[row.plugin]?.installedAt ?? at };
      continue;
    }
    if (approved.version !== have) {
      await plugins.install(row.plugin, name);
      result.changed.push({ name: row.plugin, from: have, to: approved.version });
      installed[row.plugin] = { version: approved.version, installedAt: at };
    } else {
      result.upToDate.push({ name: row.plugin, version: have });
      installed[row.plugin] = fresh.state.installed[row.plugin] ?? { version: have, installedAt: at };
    }
  }
  await writeSkillsState({ ...fresh.state, installed }, ctx.env);
  if (fresh.server) for (const c of result.changed) await reportInstall(fresh.server, c.name, { action: 'update', version: c.to });
  return result;
}

export interface RemoveResult {
  name: string;
  marketplace: string;
  version?: number;
  reported: boolean;
}

export async function removeSkill(name: string, ctx: SkillsContext): Promise<RemoveResult> {
  checkSkillName(name);
  const { codexHome } = paths(ctx);
  const state = forCodexHome(await readSkillsState(ctx.env), codexHome);
  const marketplace = state.marketplace?.name;
  if (!marketplace) throw new UserError(said('skill-not-installed', { name }), ExitCode.failure);
  const plugins = await (ctx.plugins ?? (() => codexPlugins({ env: ctx.env })))();
  const row = (await plugins.list(marketplace)).find((r) => r.plugin === name);
  if (!row?.installed && !state.installed[name]) throw new UserError(said('skill-not-installed', { name }), ExitCode.failure);
  if (row?.installed) await plugins.remove(name, marketplace);
  const version = state.installed[name]?.version ?? approvedVersionOf(row?.version);
  const { [name]: _, ...rest } = state.installed;
  await writeSkillsState({ ...state, installed: rest }, ctx.env);
  // Removing needs no server; telling it is best effort (offline, it is simply not told).
  const server = await resolveSkillServer(ctx.where).catch(() => undefined);
  const reported = server ? await reportInstall(server, name, { action: 'remove' }) : false;
  return { name, marketplace, ...(version !== undefined ? { version } : {}), reported };
}
