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

/** The kind of failure a Codex error message describes. Loose patterns: wording varies by version. */
export function classifyFailureMessage(text: string): ExecFailureKind {
  if (/insufficient_quota|quota exceeded|exceeded your current quota|billing/i.test(text)) return 'quota';
  if (/unsupported_country|country, region, or territory/i.test(text)) return 'region';
  if (/organi[sz]ation must be verified|verify (your|the) organi[sz]ation/i.test(text)) return 'org_verification';
  if (/model_not_found|model .{0,80}(does not exist|not found)|(does not exist|not found).{0,40}model/i.test(text)) return 'model_not_found';
  if (/invalid_api_key|incorrect api key/i.test(text)) return 'invalid_key';
  if (/401|unauthori[sz]ed|403|forbidden/i.test(text)) return 'unauthorized';
  if (/rate.?limit|429|too many requests/i.test(text)) return 'rate_limited';
  if (/certificate|tls|ssl|handshake/i.test(text)) return 'tls';
  if (/dns error|failed to lookup|name or service not known|nodename nor servname|no such host/i.test(text)) return 'dns';
  if (/connection refused|os error 111|os error 61|os error 10061/i.test(text)) return 'refused';
  if (/waiting for network|stream disconnected|error sending request|timed out|connection reset|network/i.test(text)) return 'network';
  return 'unknown';
}

export interface ExecOutcome {
  /** completed: turn.completed seen; failed: turn.failed or a non-zero exit; timed_out: our timeout ended it. */
  kind: 'completed' | 'failed' | 'timed_out';
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
}

function lastStderrLine(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^Reading (additional )?input from stdin/i.test(l) && !/^WARNING: proceeding/i.test(l));
  return lines.at(-1);
}

export function classifyExecRun(run: ExecRunFacts): ExecOutcome {
  const events = parseExecJsonLines(run.stdout);
  let completed: ExecEvent | undefined;
  let failedMessage: string | undefined;
  let lastError: string | undefined;
  let finalMessage: string | undefined;
  for (const event of events) {
    if (event.type === 'turn.completed') completed = event;
    else if (event.type === 'turn.failed') failedMessage = (event as { error?: { message: string } }).error?.message ?? 'the turn failed';
    else if (event.type === 'error') lastError = (event as { message: string }).message;
    else if (event.type === 'item.completed') {
      const item = (event as { item: { type: string; text?: string; message?: string } }).item;
      if (item.type === 'agent_message' && item.text !== undefined) finalMessage = item.text;
      if (item.type === 'error' && item.message) lastError = item.message;
    }
  }
  if (completed && !failedMessage) {
    const usage = (completed as { usage?: ExecUsage }).usage;
    return { kind: 'completed', events, ...(usage ? { usage } : {}), ...(finalMessage !== undefined ? { finalMessage } : {}) };
  }
  const message = failedMessage ?? lastError ?? lastStderrLine(run.stderr);
  const evidence = [failedMessage, lastError, run.stderr].filter(Boolean).join('\n');
  if (run.timedOut) {
    // Codex retries forever without a network; what it said while retrying tells us why.
    const failure = classifyFailureMessage(evidence);
    return { kind: 'timed_out', failure: failure === 'unknown' ? 'network' : failure, events, ...(message ? { message } : {}) };
  }
  return { kind: 'failed', failure: classifyFailureMessage(failedMessage ?? evidence), events, ...(message ? { message } : {}) };
}
