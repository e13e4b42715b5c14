import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeScript } from './helpers.js';

/**
 * A fake `codex` for the live path (the real API cannot be reached from tests): a sh script that
 * answers `--version` and `login status` like the real CLI, and for `exec` does what a model would
 * do in the folder given with -C (writes files), then prints `codex exec --json` lines with usage.
 * Every call's arguments go to `<bin>/codex.calls`, and whether stdin was open to `<bin>/codex.stdin`.
 */
export interface FakeLiveCodex {
  loggedIn?: boolean;
  /** sh run inside the -C folder for `exec` (default: writes a good intro.md for 01-first-file). */
  work?: string;
  /** JSON lines printed by `exec` (default: a completed turn with 1200 input + 34 output tokens). */
  execLines?: string[];
  execExit?: number;
  /** `exec` never finishes (the rehearsal's timeout must end it). */
  hang?: boolean;
}

export const GOOD_INTRO = "printf '# Alex Morgan\\n\\n- Team: Sales Operations\\n- Work: weekly pipeline report\\n- AI could help with follow-up emails\\n' > intro.md";

export function completedLines(input = 1200, output = 34, text = 'I created intro.md.'): string[] {
  return [
    '{"type":"thread.started","thread_id":"01a1fb97-e1d5-7652-bc93-60adfbd6945c"}',
    '{"type":"turn.started"}',
    JSON.stringify({ type: 'item.completed', item: { id: 'item_0', type: 'agent_message', text } }),
    JSON.stringify({ type: 'turn.completed', usage: { input_tokens: input, cached_input_tokens: 0, output_tokens: output, reasoning_output_tokens: 0 } }),
  ];
}

export async function writeFakeLiveCodex(bin: string, spec: FakeLiveCodex = {}): Promise<void> {
  const calls = path.join(bin, 'codex.calls');
  const stdinLog = path.join(bin, 'codex.stdin');
  const lines = (spec.execLines ?? completedLines()).join('\n');
  const body = `printf '%s\\n' "$*" >> '${calls}'
case "$1" in
  --version) echo "codex-cli 0.170.0"; exit 0 ;;
  login)
    ${spec.loggedIn === false ? `echo "Not logged in" >&2; exit 1` : `echo "Logged in using ChatGPT" >&2; exit 0`}
    ;;
  exec)
    if read -r line; then echo open >> '${stdinLog}'; else echo closed >> '${stdinLog}'; fi
    dir=""
    prev=""
    for a in "$@"; do
      if [ "$prev" = "-C" ]; then dir="$a"; fi
      prev="$a"
    done
    cd "$dir" || exit 3
    echo "Reading additional input from stdin..." >&2
    ${spec.hang ? 'exec sleep 600' : ''}
    ${spec.work ?? GOOD_INTRO}
    cat <<'__LINES__'
${lines}
__LINES__
    exit ${spec.execExit ?? 0}
    ;;
esac
echo "fake codex: unexpected $*" >&2
exit 2
`;
  await writeScript(bin, 'codex', body);
}

export async function fakeCalls(bin: string, name = 'codex.calls'): Promise<string[]> {
  try {
    return (await fs.readFile(path.join(bin, name), 'utf8')).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
