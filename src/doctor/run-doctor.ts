import { kitVersion } from '../core/paths.js';
import { UsageError, said } from '../core/errors.js';
import { chooseLanguage, type UiLanguage } from '../i18n/choose-language.js';
import { paint } from '../core/terminal.js';
import { loadProfile } from '../profile/profile.js';
import { recordEvent } from '../state/event-log.js';
import { ALL_CHECKS, CHECK_IDS } from './checks/index.js';
import { createDoctorContext, type ContextInit, type DoctorContext } from './context.js';
import { headerLines, outcomeLines, StreamingPrinter, titleWidth, verdictLines } from './render-terminal.js';
import { toDoctorJson } from './render-json.js';
import { runChecks, titleOf } from './runner.js';
import type { Check, CheckOutcome } from './types.js';
import { redactOutcome, verdictOf } from './verdict.js';

/**
 * `workshop doctor`: reads the profile, runs the checks, renders them (terminal or JSON), records a
 * `doctor.completed` event, and returns the exit code: 0 ready (warnings allowed), 1 not ready.
 * The terminal speaks the participant's language; `--json` is language-neutral: ids and codes carry
 * the meaning, and its `summary` and `fix.text` are always the English sentences (docs/doctor.md).
 */
export interface DoctorCommandOptions {
  json?: boolean;
  only?: string[];
  verbose?: boolean;
  smoke?: boolean;
  profile?: string;
  apiBase?: string;
  timeout?: number;
  /** The participant's language, as settled by the CLI (src/i18n/choose-language.ts); else the profile's, then the locale's. */
  lang?: UiLanguage;
}

export interface DoctorIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Test seams: fake process runner, HTTP client, platform, clock. */
  context?: Partial<Omit<ContextInit, 'profile' | 'options'>>;
}

const defaultIo = (): DoctorIo => ({
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});

export function selectChecks(only: string[] | undefined): Check[] {
  if (!only || only.length === 0) return ALL_CHECKS;
  const unknown = only.filter((id) => !(CHECK_IDS as string[]).includes(id));
  if (unknown.length) {
    throw new UsageError(said('doctor-unknown-check', { given: unknown, known: CHECK_IDS }));
  }
  return ALL_CHECKS.filter((c) => only.includes(c.id));
}

function validateApiBase(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    // fall through
  }
  throw new UsageError(said('doctor-api-base-invalid', { given: value }));
}

export async function runDoctor(options: DoctorCommandOptions, io: DoctorIo = defaultIo()): Promise<number> {
  const checks = selectChecks(options.only);
  const apiBase = validateApiBase(options.apiBase);
  const { profile } = await loadProfile({ flag: options.profile, env: io.env });
  // JSON is for programs: always the English sentences, whatever the participant reads.
  const lang: UiLanguage = options.json ? 'en' : (options.lang ?? chooseLanguage({ profile: profile.language, env: io.env }));
  const ctx = createDoctorContext({
    ...io.context,
    env: io.env,
    lang,
    profile,
    options: {
      apiBase,
      smoke: Boolean(options.smoke) || profile.smoke.enabled,
      requestTimeoutMs: (options.timeout ?? profile.requestTimeoutSeconds) * 1000,
      smokeTimeoutMs: (options.timeout ?? profile.smoke.timeoutSeconds) * 1000,
      only: options.only ?? [],
    },
  });

  const outcomes = options.json ? await runChecks(checks, ctx) : await runInTerminal(checks, ctx, io, Boolean(options.verbose));
  const clean = outcomes.filter((o) => !o.hidden).map((o) => redactOutcome(o, ctx.secrets));
  const verdict = verdictOf(clean);
  if (options.json) printJsonTo(io, toDoctorJson(clean, kitVersion(), ctx.platform));
  else io.stdout(`${verdictLines(verdict, paint, ctx.t).join('\n')}\n`);

  // Only a full run says whether the laptop is ready; a partial (--only) run is not reported.
  if (!options.only?.length) await recordCompletion(clean, verdict.ready, ctx, io);
  return verdict.ready ? 0 : 1;
}

/** One JSON document and nothing else (same format as printJson, through the injectable stdout). */
function printJsonTo(io: DoctorIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

async function runInTerminal(checks: Check[], ctx: DoctorContext, io: DoctorIo, verbose: boolean): Promise<CheckOutcome[]> {
  io.stdout(`${headerLines(ctx.profile.name, ctx.platform, paint, ctx.t).join('\n')}\n`);
  const titled = checks.map((check) => ({ id: check.id, title: titleOf(check, ctx) }));
  const width = titleWidth(titled.map((c) => c.title));
  const printer = new StreamingPrinter(titled, io.stdout, (o) => outcomeLines(redactOutcome(o, ctx.secrets), { verbose, titleWidth: width, paint, t: ctx.t }), ctx.t);
  await printer.start();
  try {
    return await runChecks(checks, ctx, { onSettled: (o, i) => printer.settle(o, i) });
  } finally {
    await printer.finish();
  }
}

async function recordCompletion(outcomes: CheckOutcome[], ready: boolean, ctx: DoctorContext, io: DoctorIo): Promise<void> {
  const codexVersion = outcomes.find((o) => o.facts?.codexVersion)?.facts?.codexVersion;
  try {
    await recordEvent(
      {
        type: 'doctor.completed',
        ready,
        platform: ctx.platform.label.slice(0, 40),
        ...(codexVersion ? { codexVersion } : {}),
        // Ids, statuses and codes only: never a summary, a path or anything a key could hide in.
        checks: outcomes.map((o) => ({ id: o.id, status: o.status, code: o.code })),
      },
      io.env,
    );
  } catch (error) {
    io.stderr(`${ctx.t.render.logFailed({ reason: ctx.secrets.redact(error instanceof Error ? error.message : String(error)) })}\n`);
  }
}
