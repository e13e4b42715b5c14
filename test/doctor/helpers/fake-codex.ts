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
