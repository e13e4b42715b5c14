import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defaultWorkspaceDir, shippedPackDir } from '../core/paths.js';
import { PackSchema } from '../exercises/pack-schema.js';
import { participantLanguage } from '../i18n/choose-language.js';
import { messages } from '../i18n/index.js';
import { type PackProgress, emptyPackProgress, withProgress } from '../state/progress.js';

/**
 * Catch-up on the participant's side (issue 6): someone who came to an earlier date of a programme
 * joins a later one, maybe from another laptop. The hub answers the join with what they passed
 * before; this merges it into the local progress (through the progress owner, under its lock) so that
 * `workshop next` continues with the first exercise they have not passed. No event is recorded: the
 * passes were reported at the earlier date, and counting them again would count them twice.
 */
export interface JoinHistory {
  returning: boolean;
  sessions: string[];
  passedExercises: string[];
  finished: boolean;
}

export interface ResumeOutcome {
  /** Exercises now marked done here because they were passed at an earlier date. */
  merged: string[];
  /** The first exercise not passed yet, in pack order (undefined: all done, or unknown). */
  continueWith?: string;
  message: string;
}

async function shippedPack(): Promise<{ id: string; exercises: string[] } | undefined> {
  try {
    const pack = PackSchema.safeParse(JSON.parse(await fs.readFile(path.join(shippedPackDir(), 'pack.json'), 'utf8')));
    if (pack.success) return { id: pack.data.id, exercises: pack.data.exercises };
  } catch {
    // no shipped pack: nothing to merge into
  }
  return undefined;
}

function welcome(history: JoinHistory, merged: string[], continueWith: string | undefined): string {
  const catalog = messages(participantLanguage());
  const t = catalog.catchUp;
  const parts = [history.returning ? t.welcomeBack({ sessions: history.sessions }) : t.found];
  if (merged.length > 0) parts.push(t.merged({ count: merged.length }));
  else if (history.passedExercises.length > 0) parts.push(t.upToDate);
  if (continueWith) parts.push(t.continueWith({ id: continueWith }));
  else if (history.finished || history.passedExercises.length > 0) parts.push(t.allPassed);
  return catalog.cli.join(parts);
}

export async function resumeFromHistory(history: JoinHistory, env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): Promise<ResumeOutcome> {
  const shipped = await shippedPack();
  if (history.passedExercises.length === 0) return { merged: [], message: welcome(history, [], shipped?.exercises[0]) };
  return withProgress(
    async (session) => {
      const packs = Object.values(session.file.packs);
      // The pack these exercises belong to: the local one that knows them, else the shipped pack.
      const local = packs.find((p) => history.passedExercises.some((id) => id in p.exercises)) ?? (packs.length === 1 ? packs[0] : undefined);
      const packId = local?.packId ?? shipped?.id;
      if (!packId) return { merged: [], message: welcome(history, [], undefined) };
      const pack: PackProgress = local ?? (session.file.packs[packId] ??= emptyPackProgress(packId));
      const order = shipped && shipped.id === packId ? shipped.exercises : history.passedExercises;
      const known = new Set(order);
      const someFolder = Object.values(pack.exercises)[0]?.folder;
      const workspace = someFolder ? path.dirname(someFolder) : defaultWorkspaceDir(env);
      const merged: string[] = [];
      for (const id of history.passedExercises) {
        if (!known.has(id)) continue;
        const record = pack.exercises[id];
        if (record?.passedAt) continue;
        pack.exercises[id] = {
          ...(record ?? { attempts: 0, hintsShown: 0, codexSessions: 0, changedAfterCodex: false }),
          folder: record?.folder ?? path.join(workspace, id),
          setupAt: record?.setupAt ?? now.toISOString(),
          passedAt: now.toISOString(),
          passedAtEarlierSession: history.sessions.at(-1) ?? 'hub',
        };
        if (pack.current === id) pack.current = null;
        merged.push(id);
      }
      const continueWith = order.find((id) => !pack.exercises[id]?.passedAt);
      if (merged.length > 0) await session.save();
      return { merged, ...(continueWith ? { continueWith } : {}), message: welcome(history, merged, continueWith) };
    },
    { env },
  );
}
