import { z } from 'zod';

/**
 * Making sense of a `codex exec --json` run: its JSON lines (thread.started, turn.started,
 * item.completed, turn.completed, error, turn.failed), its stderr and whether it timed out, turned
 * into one classified outcome. Pure: the doctor's smoke test and the rehearsal both use it, and its
 * tests need no Codex.
 */
const Usage = z
  .object({
    input_tokens: z.number().optional(),
    cached_input_tokens: z.number().optional(),
    output_tokens: z.number().optional(),
    reasoning_output_tokens: z.number().optional(),
  })
  .passthrough();

const ExecEvent = z.union([
  z.object({ type: z.literal('turn.completed'), usage: Usage.optional() }).passthrough(),
  z.object({ type: z.literal('turn.failed'), error: z.object({ message: z.string() }).passthrough().optional() }).passthrough(),
  z.object({ type: z.literal('error'), message: z.string() }).passthrough(),
  z
    .object({
      type: z.literal('item.completed'),
      item: z.object({ type: z.string(), text: z.string().optional(), message: z.string().optional() }).passthrough(),
    })
    .passthrough(),
  z.object({ type: z.string() }).passthrough(),
]);

export type ExecEvent = z.infer<typeof ExecEvent>;
export type ExecUsage = z.infer<typeof Usage>;

/** Parses the JSON lines; lines that are not JSON events (warnings, blank lines) are skipped. */
export function parseExecJsonLines(stdout: string): ExecEvent[] {
  const events: ExecEvent[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    try {
      const parsed = ExecEvent.safeParse(JSON.parse(trimmed));
      if (parsed.success) events.push(parsed.data);
    } catch {
      // not JSON: ignore
    }
  }
  return events;
}

export type ExecFailureKind =
  | 'quota'
  | 'invalid_key'
  | 'unauthorized'
  | 'region'
  | 'model_not_found'
  | 'org_verification'
  | 'rate_limited'
  | 'tls'
  | 'dns'
  | 'refused'
  | 'network'
  | 'unknown';

/**
 * The kinds, most specific first: when several error lines name different causes, the earliest kind
 * in this list wins. An answer from the API (quota, a refused key) says more than the connection
 * trouble around it, and a named network cause (TLS, DNS, refused) more than "waiting for network",
 * which is all Codex says after ~10 s of retrying, whatever the cause.
 */
export const FAILURE_SPECIFICITY: readonly ExecFailureKind[] = [
  'quota',
  'region',
  'org_verification',
  'model_not_found',
  'invalid_key',
  'unauthorized',
  'rate_limited',
  'tls',
  'dns',
  'refused',
  'network',
  'unknown',
];

/** The kind of failure one Codex error message describes. Loose patterns: wording varies by version. */
export function classifyFailureMessage(text: string): ExecFailureKind {
  if (/insufficient_quota|quota exceeded|exceeded your current quota|billing/i.test(text)) return 'quota';
  if (/unsupported_country|country, region, or territory/i.test(text)) return 'region';
  if (/organi[sz]ation must be verified|verify (your|the) organi[sz]ation/i.test(text)) return 'org_verification';
  if (/model_not_found|model .{0,80}(does not exist|not found)|(does not exist|not found).{0,40}model/i.test(text)) return 'model_not_found';
  if (/invalid_api_key|incorrect api key/i.test(text)) return 'invalid_key';
  // Status numbers only next to a status word: a bare "401" can be part of a timestamp or an id.
  if (/\b40[13] (unauthori[sz]ed|forbidden)|status:? 40[13]\b|unauthori[sz]ed|forbidden/i.test(text)) return 'unauthorized';
  if (/rate.?limit|\b429 too many|status:? 429\b|too many requests/i.test(text)) return 'rate_limited';
  if (/certificate|\btls\b|\bssl\b|UnknownIssuer/i.test(text)) return 'tls';
  if (/dns error|failed to lookup|name or service not known|nodename nor servname|no such host|name does not resolve|temporary failure in name resolution/i.test(text)) return 'dns';
  if (/connection refused|os error 111\b|os error 61\b|os error 10061\b/i.test(text)) return 'refused';
  if (/waiting for network|stream disconnected|error sending request|timed out|connection reset|network/i.test(text)) return 'network';
  return 'unknown';
}

/** The most specific kind among several (see FAILURE_SPECIFICITY). */
export function mostSpecific(kinds: Iterable<ExecFailureKind>): ExecFailureKind {
  let best = FAILURE_SPECIFICITY.length - 1;
  for (const kind of kinds) best = Math.min(best, FAILURE_SPECIFICITY.indexOf(kind));
  return FAILURE_SPECIFICITY[best]!;
}

/** The error text of one event: `error` lines, error items and `turn.failed`; undefined for others. */
export function errorMessageOf(event: ExecEvent): string | undefined {
  if (event.type === 'error') return (event as { message: string }).message;
  if (event.type === 'turn.failed') return (event as { error?: { message: string } }).error?.message ?? 'the turn failed';
  if (event.type === 'item.completed') {
    const item = (event as { item: { type: string; message?: string } }).item;
    if (item.type === 'error' && item.message) return item.message;
  }
  return undefined;
}

/** Network causes Codex names within a second and then only repeats: no point waiting for the timeout. */
const SETTLED_CAUSES: ReadonlySet<ExecFailureKind> = new Set(['tls', 'dns', 'refused']);

/**
 * A watcher for `codex exec --json` lines that says "stop" once Codex has named the same network
 * cause (TLS, DNS, refused) in two error lines: it then retries for ever, first quickly, then as
 * "waiting for network" (see codex-cli-facts.md). Two lines, not one, so that a single hiccup
 * (a Wi-Fi reconnecting) does not end a run that would have recovered.
 */
export function networkCauseWatcher(repeats = 2): (line: string) => boolean {
  const seen = new Map<ExecFailureKind, number>();
  return (line) => {
    const [event] = parseExecJsonLines(line);
    const message = event ? errorMessageOf(event) : undefined;
    if (message === undefined) return false;
    const kind = classifyFailureMessage(message);
    if (!SETTLED_CAUSES.has(kind)) return false;
    const count = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, count);
    return count >= repeats;
  };
}

export interface ExecOutcome {
  /**
   * completed: turn.completed seen; failed: turn.failed, a non-zero exit, or stopped by the caller
   * once the cause was clear (`stopped`); timed_out: our timeout ended it.
   */
  kind: 'completed' | 'failed' | 'timed_out';
  /** The caller ended the run early because Codex had already named the cause. */
  stopped?: boolean;
  failure?: ExecFailureKind;
  /** The most telling error message (from turn.failed, else the last error line, else stderr). */
  message?: string;
  usage?: ExecUsage;
  /** The last agent message, if any. */
  finalMessage?: string;
  events: ExecEvent[];
}

export interface ExecRunFacts {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
  timedOut: boolean;
  stopped?: boolean;
}

/** Stderr lines worth reading: without the noise Codex always prints, and without log timestamps. */
function stderrLines(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z?\s+/, ''))
    .filter((l) => l && !/^Reading (additional )?input from stdin/i.test(l) && !/^WARNING: proceeding/i.test(l));
}

export function classifyExecRun(run: ExecRunFacts): ExecOutcome {
  const events = parseExecJsonLines(run.stdout);
  let completed: ExecEvent | undefined;
  let failedMessage: string | undefined;
  let lastError: string | undefined;
  let finalMessage: string | undefined;
  const errors: string[] = [];
  for (const event of events) {
    if (event.type === 'turn.completed') completed = event;
    const error = errorMessageOf(event);
    if (error !== undefined) {
      errors.push(error);
      if (event.type === 'turn.failed') failedMessage = error;
      else lastError = error;
    }
    if (event.type === 'item.completed') {
      const item = (event as { item: { type: string; text?: string } }).item;
      if (item.type === 'agent_message' && item.text !== undefined) finalMessage = item.text;
    }
  }
  if (completed && !failedMessage) {
    const usage = (completed as { usage?: ExecUsage }).usage;
    return { kind: 'completed', events, ...(usage ? { usage } : {}), ...(finalMessage !== undefined ? { finalMessage } : {}) };
  }
  const stderr = stderrLines(run.stderr);
  // Every error line counts: the early ones name the cause, the late ones only "waiting for network".
  const failure = mostSpecific([...errors, ...stderr].map(classifyFailureMessage));
  const telling = errors.find((e) => classifyFailureMessage(e) === failure) ?? stderr.find((l) => classifyFailureMessage(l) === failure);
  const message = failure !== 'unknown' && failure !== 'network' && telling ? telling : (failedMessage ?? lastError ?? stderr.at(-1));
  if (run.timedOut) {
    // Codex retries for ever without a network; what it said while retrying tells us why.
    return { kind: 'timed_out', failure: failure === 'unknown' ? 'network' : failure, events, ...(message ? { message } : {}) };
  }
  return { kind: 'failed', failure, events, ...(run.stopped ? { stopped: true } : {}), ...(message ? { message } : {}) };
}
