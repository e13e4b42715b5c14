import { ExitCode } from '../core/errors.js';
import { sanitizeText } from '../core/sanitize.js';
import { paint, printJson } from '../core/terminal.js';
import { participantLanguage } from '../i18n/choose-language.js';
import { messages } from '../i18n/index.js';
import { type Offline, type SkillsContext, installSkill, removeSkill, updateSkills } from './install.js';

/**
 * The printing side of `workshop skills install|update|remove`: the person's language on a terminal,
 * one JSON object with --json. What the server and the skills say is shown as text (sanitised).
 */
export interface SkillInstallFlags {
  json?: boolean;
  server?: string;
  tokenFile?: string;
  programme?: string;
}

function context(flags: SkillInstallFlags, env: NodeJS.ProcessEnv = process.env): SkillsContext {
  return { env, where: { env, ...(flags.server ? { server: flags.server } : {}), ...(flags.tokenFile ? { tokenFile: flags.tokenFile } : {}), ...(flags.programme ? { programme: flags.programme } : {}) } };
}

const words = () => messages(participantLanguage()).skillInstall;
const out = (line: string) => process.stdout.write(`${sanitizeText(line)}\n`);

function sayOffline(offline: Offline | undefined): void {
  if (offline) process.stderr.write(`${paint.yellow('!')} ${sanitizeText(words().offline(offline))}\n`);
}

export async function installCommand(name: string, flags: SkillInstallFlags): Promise<number> {
  const result = await installSkill(name, context(flags));
  if (flags.json) {
    printJson({ ok: true, action: result.previous === undefined ? 'install' : 'update', skill: result.skill.name, version: result.skill.version, previousVersion: result.previous ?? null, team: result.skill.team, marketplace: result.marketplace, registeredNow: result.registeredNow, reported: result.reported, offline: result.offline ?? null });
    return ExitCode.ok;
  }
  const t = words();
  sayOffline(result.offline);
  if (result.registeredNow) out(t.registered({ marketplace: result.marketplace }));
  const { name: skill, version } = result.skill;
  const line = result.previous === undefined ? t.installed({ name: skill, version }) : result.previous === version ? t.reinstalled({ name: skill, version }) : t.upgraded({ name: skill, from: result.previous, to: version });
  out(`${paint.green('✓')} ${line}`);
  out(paint.dim(t.howToUse({ name: skill })));
  return ExitCode.ok;
}

export async function updateCommand(flags: SkillInstallFlags): Promise<number> {
  const result = await updateSkills(context(flags));
  if (flags.json) {
    printJson({ ok: true, marketplace: result.marketplace, changed: result.changed, upToDate: result.upToDate, notInMarketplace: result.notInMarketplace, offline: result.offline ?? null });
    return ExitCode.ok;
  }
  const t = words();
  sayOffline(result.offline);
  for (const c of result.changed) out(`${paint.green('✓')} ${t.updated(c)}`);
  if (result.changed.length === 0) out(result.upToDate.length === 0 && result.notInMarketplace.length === 0 ? t.nothingInstalled : t.upToDate({ count: result.upToDate.length }));
  if (result.notInMarketplace.length) out(paint.dim(t.notInMarketplace({ names: result.notInMarketplace })));
  return ExitCode.ok;
}

export async function removeCommand(name: string, flags: SkillInstallFlags): Promise<number> {
  const result = await removeSkill(name, context(flags));
  if (flags.json) {
    printJson({ ok: true, action: 'remove', skill: result.name, version: result.version ?? null, marketplace: result.marketplace, reported: result.reported });
    return ExitCode.ok;
  }
  out(`${paint.green('✓')} ${words().removed({ name: result.name })}`);
  return ExitCode.ok;
}
