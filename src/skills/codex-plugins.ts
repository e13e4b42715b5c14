import { ExitCode, UserError, said } from '../core/errors.js';
import { type RunResult, runProcess } from '../core/process.js';
import { type FoundExecutable, findCodex } from '../codex/find-codex.js';

/**
 * The one place that runs Codex's plugin commands (measured with Codex 0.169.0 and 0.171.0), through
 * the kit's process runner and its codex finder, each under a timeout:
 *   codex plugin marketplace add <folder>        once per Codex home ("Added marketplace `x`", or "already added")
 *   codex plugin marketplace remove <name>       when it was added from another folder
 *   codex plugin add <skill>@<marketplace>       installs (again: upgrades) into $CODEX_HOME/plugins/cache/…
 *   codex plugin remove <skill>@<marketplace>
 *   codex plugin list                            a table: `PLUGIN STATUS VERSION SOURCE`
 * Output is matched loosely (the `name@marketplace` word, the word `installed` not preceded by `not`,
 * a version-looking word), never whole sentences: newer versions may word them differently.
 */
export const CODEX_PLUGIN_TIMEOUT_MS = 30_000;

export interface PluginRow {
  plugin: string;
  marketplace: string;
  installed: boolean;
  /** The installed version, when the row shows one. */
  version?: string;
}

/** Rows of `codex plugin list` for one marketplace, read loosely. */
export function parsePluginList(output: string, marketplace: string): PluginRow[] {
  const rows: PluginRow[] = [];
  for (const line of output.split(/\r?\n/)) {
    const words = line.trim().split(/\s+/);
    const id = words[0] ?? '';
    const at = id.lastIndexOf('@');
    if (at <= 0 || id.slice(at + 1) !== marketplace) continue;
    const rest = words.slice(1).map((w) => w.replace(/[,;]$/, '').toLowerCase());
    const installedAt = rest.indexOf('installed');
    const installed = installedAt >= 0 && rest[installedAt - 1] !== 'not';
    const version = words.slice(1).find((w) => /^\d+\.\d+\.\d+/.test(w));
    rows.push({ plugin: id.slice(0, at), marketplace, installed, ...(installed && version ? { version } : {}) });
  }
  return rows;
}

/** The folder a marketplace is registered from, in `codex plugin marketplace list` (`MARKETPLACE ROOT`), if it is. */
export function parseMarketplaceRoot(output: string, marketplace: string): string | undefined {
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s*(\S+)\s+(.+?)\s*$/.exec(line);
    if (match && match[1] === marketplace) return match[2];
  }
  return undefined;
}

export interface CodexPlugins {
  codex: FoundExecutable;
  /** Registers the folder as a marketplace; a marketplace of that name from another folder is replaced. */
  addMarketplace(name: string, folder: string): Promise<void>;
  install(plugin: string, marketplace: string): Promise<void>;
  remove(plugin: string, marketplace: string): Promise<void>;
  list(marketplace: string): Promise<PluginRow[]>;
}

export interface CodexPluginsOptions {
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  timeoutMs?: number;
  /** Test seam: the Codex to run (default: the one on PATH, as the person's shell finds it). */
  codex?: FoundExecutable;
}

export async function codexPlugins(options: CodexPluginsOptions): Promise<CodexPlugins> {
  const platform = options.platform ?? process.platform;
  const codex = options.codex ?? (await findCodex({ env: options.env, platform })).found;
  if (!codex) throw new UserError(said('skills-codex-missing', {}), ExitCode.failure);
  const timeoutMs = options.timeoutMs ?? CODEX_PLUGIN_TIMEOUT_MS;
  const run = async (args: string[]): Promise<RunResult> => runProcess(codex.file, [...codex.prefixArgs, 'plugin', ...args], { env: options.env, timeoutMs });
  const must = async (args: string[]): Promise<RunResult> => {
    const result = await run(args);
    if (result.exitCode !== 0) throw codexFailed(args, result);
    return result;
  };
  return {
    codex,
    async addMarketplace(name, folder) {
      const added = await run(['marketplace', 'add', folder]);
      if (added.exitCode === 0) return;
      // "already added from a different source": the laptop's folder moved (another WORKSHOP_HOME). Ours to replace.
      const listed = await run(['marketplace', 'list']);
      const root = parseMarketplaceRoot(listed.stdout, name);
      if (root === undefined || root === folder) throw codexFailed(['marketplace', 'add', folder], added);
      await must(['marketplace', 'remove', name]);
      await must(['marketplace', 'add', folder]);
    },
    async install(plugin, marketplace) {
      await must(['add', `${plugin}@${marketplace}`]);
    },
    async remove(plugin, marketplace) {
      await must(['remove', `${plugin}@${marketplace}`]);
    },
    async list(marketplace) {
      return parsePluginList((await must(['list'])).stdout, marketplace);
    },
  };
}

/** Codex's own first error line (not its stack backtrace), or what happened to the process. */
function codexFailed(args: string[], result: RunResult): UserError {
  const command = `codex plugin ${args.join(' ')}`;
  const why = result.timedOut
    ? `no answer within ${Math.round(CODEX_PLUGIN_TIMEOUT_MS / 1000)} s`
    : result.notFound || result.spawnError
      ? (result.spawnError ?? 'not found')
      : (`${result.stderr}\n${result.stdout}`.split(/\r?\n/).map((l) => l.trim()).find((l) => /^error\b/i.test(l)) ?? `exit code ${result.exitCode}`).slice(0, 300);
  return new UserError(said('skills-codex-failed', { command, why }), ExitCode.failure);
}
