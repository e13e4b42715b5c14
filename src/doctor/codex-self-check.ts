import { parseBuiltinDoctor, BUILTIN_DOCTOR_SINCE, type BuiltinReport } from '../codex/builtin-doctor.js';
import { codexEnvironment, tomlValue } from '../codex/exec.js';
import { DEFAULT_API_BASE, resolveApiBase } from './api-target.js';
import { codexUsable, probeCodex } from './codex-probe.js';
import type { DoctorContext } from './context.js';
import { compareVersions } from './versions.js';

/**
 * Codex's own `codex doctor --json`, run once per doctor run and shared by the checks that turn its
 * config, sandbox and WebSocket findings into the kit's checks. Undefined when this Codex has no
 * `codex doctor` (older than 0.169.0) or its report cannot be read: those checks then stay hidden.
 * It runs against the same API base as the smoke test, so its WebSocket probe tests the right host,
 * and like the smoke test without the key variables in its environment (it sends no key anyway).
 */
export function codexSelfCheck(ctx: DoctorContext): Promise<BuiltinReport | 'timed_out' | undefined> {
  return ctx.memo('codex.self-check', async () => {
    const probe = await probeCodex(ctx);
    if (!codexUsable(probe) || compareVersions(probe.version!, BUILTIN_DOCTOR_SINCE) < 0) return undefined;
    const base = await resolveApiBase(ctx);
    const overrides = base.url !== DEFAULT_API_BASE ? ['-c', `openai_base_url=${tomlValue(base.url)}`] : [];
    // We do not report updates; asking it not to look for them spares one request (it may still probe).
    overrides.push('-c', 'check_for_update_on_startup=false');
    // Its WebSocket probe waits up to 15 s for an API that accepts connections but never answers, and
    // no setting shortens that for the built-in provider: the doctor's own --timeout bounds it, plus
    // a second for Codex's start-up, so a hanging network never makes the doctor much slower than its timeout.
    // The exit code is 1 whenever one of its checks fails, so only the JSON counts.
    const timeoutMs = Math.min(ctx.options.requestTimeoutMs + 1000, 20_000);
    const result = await ctx.run(probe.found.file, [...probe.found.prefixArgs, 'doctor', '--json', ...overrides], { env: codexEnvironment(ctx.env, { withoutApiKeys: true }), replaceEnv: true, timeoutMs });
    return result.timedOut ? 'timed_out' : parseBuiltinDoctor(result.stdout);
  });
}
