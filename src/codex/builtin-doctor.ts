import { z } from 'zod';

/**
 * Codex's own `codex doctor --json` (from 0.169.0): about 20 checks of its config, sandbox helpers,
 * network and state, in ~0.3 s. Read, never trusted for the key (its probes send none). The report
 * is validated loosely: ids, categories and statuses are what we act on, and unknown fields or new
 * checks in later versions are carried along untouched.
 */
const DetailValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown())]);

const BuiltinCheck = z
  .object({
    id: z.string().optional(),
    category: z.string().default(''),
    status: z.string(),
    summary: z.string().default(''),
    details: z.record(z.string(), DetailValue).nullish(),
    remediation: z.string().nullish(),
  })
  .passthrough();

const BuiltinReport = z
  .object({
    schemaVersion: z.number().optional(),
    codexVersion: z.string().optional(),
    checks: z.record(z.string(), BuiltinCheck),
  })
  .passthrough();

export interface BuiltinCheckResult {
  id: string;
  category: string;
  /** ok | warning | fail, as Codex says (anything else is kept as said). */
  status: string;
  summary: string;
  details: Record<string, string>;
  remediation?: string;
}

export interface BuiltinReport {
  codexVersion?: string;
  checks: BuiltinCheckResult[];
}

function detailText(value: z.infer<typeof DetailValue>): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  return value === null ? '' : String(value);
}

/** The report in `codex doctor --json`'s stdout, or undefined when there is none (an older Codex, a crash). */
export function parseBuiltinDoctor(stdout: string): BuiltinReport | undefined {
  const start = stdout.indexOf('{');
  if (start === -1) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(stdout.slice(start));
  } catch {
    return undefined;
  }
  const parsed = BuiltinReport.safeParse(raw);
  if (!parsed.success) return undefined;
  const checks = Object.entries(parsed.data.checks).map(([key, c]) => ({
    id: c.id ?? key,
    category: c.category,
    status: c.status,
    summary: c.summary,
    details: Object.fromEntries(Object.entries(c.details ?? {}).map(([k, v]) => [k, detailText(v)])),
    ...(c.remediation ? { remediation: c.remediation } : {}),
  }));
  return { ...(parsed.data.codexVersion ? { codexVersion: parsed.data.codexVersion } : {}), checks };
}

/** The checks of one category that did not pass, worst first. */
export function problemsIn(report: BuiltinReport, category: string): BuiltinCheckResult[] {
  const rank = (status: string) => (status === 'fail' ? 0 : status === 'warning' ? 1 : 2);
  return report.checks.filter((c) => c.category === category && rank(c.status) < 2).sort((a, b) => rank(a.status) - rank(b.status));
}

/** The first version that has `codex doctor`. */
export const BUILTIN_DOCTOR_SINCE = '0.169.0';
