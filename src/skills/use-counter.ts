import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { listRolloutFiles, localDay, shiftDay } from '../codex/session-logs.js';
import { SKILL_NAME_PATTERN } from '../protocol/skills.js';

/**
 * Which company skills a person's Codex sessions used, by NAME only (issue 15), read from Codex's
 * session logs (rollouts) as measured on Codex 0.169.0 and 0.171.0:
 *   - explicit use (the person typed `$plugin:skill`): Codex injects a user message whose text starts
 *     `<skill>\n<name>PLUGIN:SKILL</name>\n<path>…/SKILL.md</path>` and goes on with the whole SKILL.md;
 *   - implicit use (the model chose the skill): not recorded as such; the trace is the model reading
 *     the skill's SKILL.md, an `item_completed` CommandExecution whose `parsed_cmd` has a `read` of it.
 * Only skills of OUR marketplace count: their SKILL.md lies under
 * `$CODEX_HOME/plugins/cache/<marketplace>/<plugin>/<version>/skills/<skill>/SKILL.md`. Of an injected
 * message only the name and path tags are matched (the rest, the skill's text, is never kept); of a
 * command only the parsed read path. A skill counts once per session (a resumed session keeps its id),
 * on the day the session started.
 */
export interface SkillUse {
  explicit: boolean;
  implicit: boolean;
}

export interface RolloutSkillUses {
  sessionId?: string;
  startedAt?: string;
  uses: Map<string, SkillUse>;
}

const INJECTED = /^<skill>\n<name>([^<\n]{1,200})<\/name>\n<path>([^<\n]{1,2000})<\/path>/;

/** The skill a SKILL.md path belongs to, when it lies in our marketplace's plugin cache. */
export function skillOfCachePath(file: string, marketplace: string): string | undefined {
  const parts = file.replace(/\\/g, '/').split('/');
  // …/plugins/cache/<marketplace>/<plugin>/<version>/skills/<skill>/SKILL.md
  const n = parts.length;
  if (n < 8 || parts[n - 1] !== 'SKILL.md' || parts[n - 3] !== 'skills' || parts[n - 6] !== marketplace || parts[n - 7] !== 'cache' || parts[n - 8] !== 'plugins') return undefined;
  const skill = parts[n - 2]!;
  // One plugin per skill: the plugin folder carries the skill's name too.
  return SKILL_NAME_PATTERN.test(skill) && parts[n - 5] === skill ? skill : undefined;
}

function cwdPath(cwd: unknown): string | undefined {
  if (typeof cwd !== 'string' || !cwd) return undefined;
  if (cwd.startsWith('file:')) {
    try {
      return fileURLToPath(cwd);
    } catch {
      return undefined;
    }
  }
  return cwd;
}

function mark(uses: Map<string, SkillUse>, name: string, kind: keyof SkillUse): void {
  const use = uses.get(name) ?? { explicit: false, implicit: false };
  use[kind] = true;
  uses.set(name, use);
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);

/** Folds one rollout line into the uses (pure: tested on lines shaped like the measured ones). */
export function foldRolloutLine(line: string, marketplace: string, into: RolloutSkillUses): void {
  // Most lines are about something else: only these can matter, and only they are parsed.
  const meta = line.includes('"session_meta"');
  const explicit = line.includes('skills.selected_skill_instructions') || line.includes('<skill>\\n<name>');
  const implicit = line.includes('item_completed') && line.includes('SKILL.md');
  if (!meta && !explicit && !implicit) return;
  let record: Json | undefined;
  try {
    record = obj(JSON.parse(line));
  } catch {
    return;
  }
  const payload = obj(record?.payload);
  if (!record || !payload) return;
  if (record.type === 'session_meta') {
    if (into.sessionId === undefined && typeof payload.id === 'string') into.sessionId = payload.id;
    const stamp = typeof payload.timestamp === 'string' ? payload.timestamp : typeof record.timestamp === 'string' ? record.timestamp : undefined;
    if (into.startedAt === undefined && stamp && !Number.isNaN(Date.parse(stamp))) into.startedAt = new Date(stamp).toISOString();
    return;
  }
  if (record.type === 'response_item' && payload.type === 'message' && payload.role === 'user' && Array.isArray(payload.content)) {
    for (const item of payload.content) {
      const text = obj(item)?.text;
      if (typeof text !== 'string') continue;
      const match = INJECTED.exec(text.slice(0, 2400));
      if (!match) continue;
      const skill = skillOfCachePath(match[2]!, marketplace);
      // The name tag says `PLUGIN:SKILL`; it must agree with the path it came with.
      if (skill && match[1] === `${skill}:${skill}`) mark(into.uses, skill, 'explicit');
    }
    return;
  }
  if (record.type === 'event_msg' && payload.type === 'item_completed') {
    const item = obj(payload.item);
    if (item?.type !== 'CommandExecution' || !Array.isArray(item.parsed_cmd)) return;
    const cwd = cwdPath(item.cwd);
    for (const parsed of item.parsed_cmd) {
      const p = obj(parsed);
      if (p?.type !== 'read' || typeof p.path !== 'string' || !p.path.endsWith('SKILL.md')) continue;
      const full = path.isAbsolute(p.path) || /^[A-Za-z]:[\\/]/.test(p.path) || !cwd ? p.path : path.resolve(cwd, p.path);
      const skill = skillOfCachePath(full, marketplace);
      if (skill) mark(into.uses, skill, 'implicit');
    }
  }
}

export function skillUsesInLines(lines: Iterable<string>, marketplace: string): RolloutSkillUses {
  const into: RolloutSkillUses = { uses: new Map() };
  for (const line of lines) foldRolloutLine(line, marketplace, into);
  return into;
}

async function readRollout(file: string, marketplace: string): Promise<RolloutSkillUses | undefined> {
  // Compressed logs (behind a Codex feature flag) are not read here: their uses are not counted.
  if (file.endsWith('.zst')) return undefined;
  const into: RolloutSkillUses = { uses: new Map() };
  try {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) foldRolloutLine(line, marketplace, into);
  } catch {
    return undefined;
  }
  return into;
}

export interface SkillUseCount {
  /** local day → skill → sessions that used it */
  perDay: Map<string, Map<string, number>>;
  /** skill → sessions with an explicit use, sessions with an implicit read (a session may have both). */
  bySkill: Map<string, { explicit: number; implicit: number }>;
  filesRead: number;
}

/** Sessions per day and skill of our marketplace, from `sinceDay` to `untilDay` (the sessions' local start days). */
export async function countSkillUses(codexHome: string, marketplace: string, sinceDay: string, untilDay: string): Promise<SkillUseCount> {
  const files = await listRolloutFiles(codexHome, shiftDay(sinceDay, -1), shiftDay(untilDay, 1));
  const sessions = new Map<string, { startedAt: string; uses: Map<string, SkillUse> }>();
  let anonymous = 0;
  for (const file of files) {
    const read = await readRollout(file, marketplace);
    if (!read?.startedAt || read.uses.size === 0) continue;
    const key = read.sessionId ?? `file:${(anonymous += 1)}`;
    const seen = sessions.get(key);
    if (!seen) sessions.set(key, { startedAt: read.startedAt, uses: read.uses });
    else {
      if (read.startedAt < seen.startedAt) seen.startedAt = read.startedAt;
      for (const [name, use] of read.uses) {
        const had = seen.uses.get(name) ?? { explicit: false, implicit: false };
        seen.uses.set(name, { explicit: had.explicit || use.explicit, implicit: had.implicit || use.implicit });
      }
    }
  }
  const perDay = new Map<string, Map<string, number>>();
  const bySkill = new Map<string, { explicit: number; implicit: number }>();
  for (const session of sessions.values()) {
    const day = localDay(Date.parse(session.startedAt));
    if (day < sinceDay || day > untilDay) continue;
    const counts = perDay.get(day) ?? new Map<string, number>();
    perDay.set(day, counts);
    for (const [name, use] of session.uses) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      const total = bySkill.get(name) ?? { explicit: 0, implicit: 0 };
      if (use.explicit) total.explicit += 1;
      if (use.implicit) total.implicit += 1;
      bySkill.set(name, total);
    }
  }
  return { perDay, bySkill, filesRead: files.length };
}
