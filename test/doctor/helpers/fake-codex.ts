import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeScript } from './sandbox.js';

/**
 * Fake `codex` executables: small sh scripts that answer `--version`, `login status` and `exec` the
 * way a given install would (texts and exit codes from the real CLI, see codex-cli-facts.md). Each
 * call's arguments are appended to `<bin>/codex.calls` so tests can check what the doctor ran.
 */
export interface FakeReply {
  stdout?: string;
  stderr?: string;
  exit?: number;
  /** Never answer (the doctor's timeout must end it). */
  hang?: boolean;
  /** Raw sh lines run before the reply (e.g. echo a key from the environment). */
  sh?: string;
}

export interface FakeCodexSpec {
  version?: FakeReply;
  loginStatus?: FakeReply;
  exec?: FakeReply;
  /** `codex doctor --json` (absent: answers like a Codex older than 0.169.0, which has no doctor). */
  doctor?: FakeReply;
  /** `codex debug models …` */
  debugModels?: FakeReply;
}

export const VERSION_OK: FakeReply = { stdout: 'codex-cli 0.169.0' };
export const LOGGED_IN_KEY: FakeReply = { stderr: 'API key configured - sk-test-***01234\nAuthentication is checked when you send a request.' };
export const NOT_LOGGED_IN: FakeReply = { stderr: 'Not logged in', exit: 1 };

let heredoc = 0;
function reply(r: FakeReply | undefined): string {
  if (!r) return '    echo "fake codex: not scripted" >&2; exit 2\n';
  const lines: string[] = [];
  if (r.sh) lines.push(r.sh);
  const put = (text: string, toErr: boolean) => {
    heredoc += 1;
    lines.push(`cat ${toErr ? '>&2 ' : ''}<<'__FAKE_${heredoc}__'\n${text}\n__FAKE_${heredoc}__`);
  };
  if (r.stdout !== undefined) put(r.stdout, false);
  if (r.stderr !== undefined) put(r.stderr, true);
  // `exec` replaces the shell, so the doctor's timeout kills the sleeper itself (no orphan holding pipes).
  if (r.hang) lines.push('exec sleep 600');
  lines.push(`exit ${r.exit ?? 0}`);
  return lines.map((l) => `    ${l}`).join('\n');
}

export async function writeFakeCodex(bin: string, spec: FakeCodexSpec, name = 'codex'): Promise<string> {
  const calls = path.join(bin, `${name}.calls`);
  const body = `printf '%s\\n' "$*" >> '${calls}'
case "$1" in
  --version)
${reply(spec.version)}
    ;;
  login)
${reply(spec.loginStatus)}
    ;;
  exec)
${reply(spec.exec)}
    ;;
  doctor)
${spec.doctor ? reply(spec.doctor) : "    echo \"error: unrecognized subcommand 'doctor'\" >&2; exit 2"}
    ;;
  debug)
${spec.debugModels ? reply(spec.debugModels) : "    echo \"error: unrecognized subcommand 'debug'\" >&2; exit 2"}
    ;;
esac
echo "fake codex: unexpected arguments $*" >&2
exit 2
`;
  return writeScript(bin, name, body);
}

export async function fakeCodexCalls(bin: string, name = 'codex'): Promise<string[]> {
  try {
    return (await fs.readFile(path.join(bin, `${name}.calls`), 'utf8')).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** codex exec --json lines for a successful tiny request (as the real CLI prints them). */
export const EXEC_OK_LINES = [
  '{"type":"thread.started","thread_id":"01a1fb97-e1d5-7652-bc93-60adfbd6945c"}',
  '{"type":"turn.started"}',
  '{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"ready"}}',
  '{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":2,"reasoning_output_tokens":0}}',
].join('\n');

export function execFailedLines(message: string): string {
  return [
    '{"type":"thread.started","thread_id":"t"}',
    '{"type":"turn.started"}',
    JSON.stringify({ type: 'error', message }),
    JSON.stringify({ type: 'turn.failed', error: { message } }),
  ].join('\n');
}

/** A `codex doctor --json` report (the 0.169.0 shape) with the given checks; the rest pass. */
export function builtinDoctorReport(checks: Record<string, { category: string; status: 'ok' | 'warning' | 'fail'; summary: string; details?: Record<string, string>; remediation?: string | null }>): FakeReply {
  const all = {
    'auth.credentials': { category: 'auth', status: 'ok', summary: 'auth is configured' },
    'config.load': { category: 'config', status: 'ok', summary: 'config loaded', details: { model: '<default>' } },
    'sandbox.helpers': { category: 'sandbox', status: 'ok', summary: 'sandbox configuration is readable' },
    'network.websocket_reachability': { category: 'websocket', status: 'ok', summary: 'Responses WebSocket reachable' },
    ...checks,
  };
  const entries = Object.fromEntries(Object.entries(all).map(([id, c]) => [id, { id, details: {}, remediation: null, durationMs: 1, ...c }]));
  const failing = Object.values(entries).some((c) => c.status === 'fail');
  return {
    stdout: JSON.stringify({ schemaVersion: 1, generatedAt: '1s since unix epoch', overallStatus: failing ? 'fail' : 'ok', codexVersion: '0.169.0', checks: entries }, null, 2),
    exit: failing ? 1 : 0,
  };
}

/** `codex debug models` output: a catalogue in which `defaultSlug` has the best priority. */
export function modelCatalogue(defaultSlug: string): FakeReply {
  return {
    stdout: JSON.stringify({
      models: [
        { slug: 'gpt-older', priority: 3, visibility: 'list' },
        { slug: 'hidden-helper', priority: 0, visibility: 'hide' },
        { slug: defaultSlug, priority: 1, visibility: 'list' },
      ],
    }),
  };
}
