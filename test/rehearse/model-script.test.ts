import { describe, expect, it } from 'vitest';
import { countCallOutputs } from '../../src/codex/responses-items.js';
import {
  RehearsalScriptSchema,
  describeTurn,
  estimatedUsage,
  heredocDelimiter,
  nextScriptedStep,
  turnCommand,
  type RehearsalScript,
} from '../../src/rehearse/model-script.js';

const PATCH = '*** Begin Patch\n*** Add File: intro.md\n+# Alex\n*** End Patch\n';

const script: RehearsalScript = {
  schemaVersion: 1,
  turns: [{ shell: 'ls -la' }, { patch: PATCH }],
  finalMessage: 'I created intro.md.',
};

/** A request body as Codex sends it: the conversation so far, tool outputs included. */
function request(outputs: number, kind = 'function_call_output'): unknown {
  const input: unknown[] = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'do it' }] }];
  for (let i = 0; i < outputs; i += 1) {
    input.push({ type: 'function_call', call_id: `call_${i}`, name: 'exec_command', arguments: '{}' });
    input.push({ type: kind, call_id: `call_${i}`, output: 'ok' });
  }
  return { model: 'gpt', input };
}

describe('rehearsal.json', () => {
  it('accepts shell and patch turns with a closing message', () => {
    expect(RehearsalScriptSchema.safeParse(script).success).toBe(true);
  });

  it.each([
    ['an unknown version', { ...script, schemaVersion: 2 }, 'schemaVersion'],
    ['a turn that is neither shell nor patch', { ...script, turns: [{ python: 'print(1)' }] }, 'turns[0]'],
    ['a patch without its envelope', { ...script, turns: [{ patch: '*** Add File: a.md\n+x\n' }] }, 'turns[0]'],
    ['a patch writing outside the workspace', { ...script, turns: [{ patch: '*** Begin Patch\n*** Add File: ../escape.md\n+x\n*** End Patch\n' }] }, 'turns[0]'],
    ['a patch with an absolute path', { ...script, turns: [{ patch: '*** Begin Patch\n*** Delete File: /etc/hosts\n*** End Patch\n' }] }, 'turns[0]'],
    ['no closing message', { ...script, finalMessage: ' ' }, 'finalMessage'],
    ['a misspelt field', { ...script, finalMesage: 'x' }, 'finalMesage'],
  ])('rejects %s, naming the field', (_name, value, field) => {
    const parsed = RehearsalScriptSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((issue) => [...issue.path, ...((issue as { keys?: string[] }).keys ?? [])].join('.'));
    expect(paths.join(' ')).toContain(field.replace(/\[(\d+)\]/, '.$1'));
  });
});

describe('the scripted model', () => {
  it('plays the turns in order by counting the tool outputs Codex sent back, then closes with the message', () => {
    const first = nextScriptedStep(script, request(0));
    expect(first).toMatchObject({ step: 0, final: false, item: { type: 'function_call', name: 'exec_command', call_id: 'call_rehearse_1' } });
    // No login shell: the facilitator's shell profile is not sourced for every turn.
    expect(JSON.parse((first.item as { arguments: string }).arguments)).toEqual({ cmd: 'ls -la', login: false });

    const second = nextScriptedStep(script, request(1));
    expect(second.step).toBe(1);
    expect(JSON.parse((second.item as { arguments: string }).arguments).cmd).toBe(`apply_patch <<'EOF'\n${PATCH}EOF`);

    const last = nextScriptedStep(script, request(2));
    expect(last).toMatchObject({ step: 2, final: true, item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'I created intro.md.' }] } });
  });

  it('counts custom tool outputs too, and treats an unreadable body as the first request', () => {
    expect(countCallOutputs(request(3, 'custom_tool_call_output'))).toBe(3);
    expect(countCallOutputs('not json')).toBe(0);
    expect(countCallOutputs({ input: 'nope' })).toBe(0);
  });

  it('closes a patch heredoc with a delimiter that no line of the patch can end early', () => {
    const tricky = '*** Begin Patch\n*** Add File: notes.md\n+EOF\nEOF\n*** End Patch\n';
    expect(heredocDelimiter(tricky)).toBe('EOF_PATCH_1');
    expect(turnCommand({ patch: tricky })).toBe(`apply_patch <<'EOF_PATCH_1'\n${tricky}EOF_PATCH_1`);
  });

  it('normalises Windows line endings and a missing final newline in a patch', () => {
    expect(turnCommand({ patch: '*** Begin Patch\r\n*** Add File: a.md\r\n+x\r\n*** End Patch' })).toBe(
      "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: a.md\n+x\n*** End Patch\nEOF",
    );
  });

  it('describes turns for reports', () => {
    expect(describeTurn({ shell: 'mv  a.pdf\n invoices/' })).toBe('shell `mv a.pdf invoices/`');
    expect(describeTurn({ patch: PATCH })).toBe('patch on intro.md');
  });

  it('estimates token counts that grow with the conversation', () => {
    const item = nextScriptedStep(script, request(0)).item;
    const small = estimatedUsage(request(0), item);
    const large = estimatedUsage(request(5), item);
    expect(small.input_tokens).toBeGreaterThan(0);
    expect(large.input_tokens).toBeGreaterThan(small.input_tokens);
    expect(small.total_tokens).toBe(small.input_tokens + small.output_tokens);
  });
});
