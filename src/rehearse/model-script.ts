import { z } from 'zod';
import { type AssistantMessageItem, countCallOutputs, messageItem } from '../codex/responses-items.js';
import { workspacePathProblem } from '../exercises/pack-schema.js';

/**
 * The scripted model of `workshop rehearse --scripted`: an exercise's `rehearsal.json` (the tool calls
 * a model would make to solve it, then its closing message) and how each step becomes a Responses API
 * output item that the real Codex CLI executes. Pure: no server, no disk, no Codex.
 *
 * Shell turns become `exec_command` function calls. Patch turns become an `exec_command` whose command
 * is an `apply_patch` heredoc, which Codex intercepts and applies as a patch. Both forms were checked
 * against the pinned CLI (0.169.0); the heredoc was kept over the custom `exec` tool's
 * `tools.apply_patch(...)` because it also works with the older tool set Codex falls back to for
 * unknown model names, where `exec` does not exist (see codex-cli-facts.md).
 */
const PATCH_FILE_HEADER = /^\*\*\* (?:Add File|Update File|Delete File|Move to): (.*)$/gm;

const ShellTurn = z.strictObject({
  shell: z.string().trim().min(1, 'must be a shell command'),
});

const PatchTurn = z.strictObject({
  patch: z
    .string()
    .refine((text) => /^\*\*\* Begin Patch\r?\n/.test(text), 'must start with "*** Begin Patch" and a line break')
    .refine((text) => /\n\*\*\* End Patch\r?\n?$/.test(text), 'must end with a line "*** End Patch"')
    .superRefine((text, ctx) => {
      for (const match of text.matchAll(PATCH_FILE_HEADER)) {
        const problem = workspacePathProblem(match[1].trim());
        if (problem) ctx.addIssue({ code: 'custom', message: `file "${match[1].trim()}" ${problem}` });
      }
    }),
});

export const RehearsalTurnSchema = z.union([ShellTurn, PatchTurn], {
  error: 'must be {"shell": "<command>"} or {"patch": "*** Begin Patch\\n…*** End Patch\\n"}',
});

export const RehearsalScriptSchema = z.strictObject({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1, 'must be 1 (the only version this kit knows)'),
  turns: z.array(RehearsalTurnSchema).max(50, 'at most 50 turns: a rehearsal is a short, known-good path'),
  finalMessage: z.string().trim().min(1, "must be the assistant's closing message"),
});

export type RehearsalTurn = z.infer<typeof RehearsalTurnSchema>;
export type RehearsalScript = z.infer<typeof RehearsalScriptSchema>;

/** A Responses API output item, as Codex reads it from `response.output_item.done`. */
export type ResponseItem =
  | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string }
  | AssistantMessageItem;

/** A heredoc delimiter that no line of the patch equals, so the patch text can never end it early. */
export function heredocDelimiter(patch: string): string {
  const lines = new Set(patch.split(/\r?\n/));
  let delimiter = 'EOF';
  for (let n = 1; lines.has(delimiter); n += 1) delimiter = `EOF_PATCH_${n}`;
  return delimiter;
}

/** The command line a turn runs as: the shell text itself, or the patch as an apply_patch heredoc. */
export function turnCommand(turn: RehearsalTurn): string {
  if ('shell' in turn) return turn.shell;
  const patch = turn.patch.replace(/\r\n/g, '\n');
  const body = patch.endsWith('\n') ? patch : `${patch}\n`;
  const delimiter = heredocDelimiter(body);
  return `apply_patch <<'${delimiter}'\n${body}${delimiter}`;
}

/** A short description of a turn for reports ("shell `ls -la`", "patch adding intro.md"). */
export function describeTurn(turn: RehearsalTurn): string {
  if ('shell' in turn) {
    const line = turn.shell.replace(/\s+/g, ' ').trim();
    return `shell \`${line.length > 80 ? `${line.slice(0, 77)}…` : line}\``;
  }
  const files = [...turn.patch.matchAll(PATCH_FILE_HEADER)].map((m) => m[1].trim());
  return `patch on ${files.length ? files.join(', ') : 'no file'}`;
}

export function callId(step: number): string {
  return `call_rehearse_${step + 1}`;
}

export function turnToItem(turn: RehearsalTurn, step: number): ResponseItem {
  return {
    type: 'function_call',
    id: `fc_rehearse_${step + 1}`,
    call_id: callId(step),
    name: 'exec_command',
    // login: false: no login shell (-l), so the facilitator's shell profile (pyenv, nvm, …: often 0.5 s
    // per command) is not sourced for every turn. The scripts use only POSIX tools on the inherited PATH.
    arguments: JSON.stringify({ cmd: turnCommand(turn), login: false }),
  };
}

export interface ScriptedStep {
  /** 0-based step: a turn index, or turns.length for the closing message. */
  step: number;
  item: ResponseItem;
  final: boolean;
}

/**
 * The model's answer to one request: the next turn's tool call, or, once every turn has had its
 * output, the closing message (every script must end with one, or Codex keeps asking until its timeout).
 */
export function nextScriptedStep(script: RehearsalScript, requestBody: unknown): ScriptedStep {
  const done = countCallOutputs(requestBody);
  if (done < script.turns.length) return { step: done, item: turnToItem(script.turns[done], done), final: false };
  return { step: script.turns.length, item: messageItem(script.finalMessage, 'msg_rehearse_final'), final: true };
}

/**
 * Token counts for a scripted reply, estimated at about 4 bytes per token from the request and the
 * reply, so that the rehearsal table shows a plausible relative cost (a real run reports real counts).
 */
export function estimatedUsage(requestBody: unknown, item: ResponseItem): { input_tokens: number; output_tokens: number; total_tokens: number } {
  const input = Math.ceil(Buffer.byteLength(JSON.stringify((requestBody as { input?: unknown } | undefined)?.input ?? [])) / 4);
  const output = Math.ceil(Buffer.byteLength(JSON.stringify(item)) / 4);
  return { input_tokens: input, output_tokens: output, total_tokens: input + output };
}
