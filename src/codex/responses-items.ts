/**
 * Pieces of the Responses API wire format that every local stand-in for the model needs (the
 * doctor's and the tests' scripted server, and the rehearsal's model scripts). Pure: no I/O.
 */

/** An assistant message output item, as Codex reads it from `response.output_item.done`. */
export type AssistantMessageItem = {
  type: 'message';
  role: 'assistant';
  id: string;
  content: Array<{ type: 'output_text'; text: string }>;
};

export function messageItem(text: string, id = 'msg_scripted'): AssistantMessageItem {
  return { type: 'message', role: 'assistant', id, content: [{ type: 'output_text', text }] };
}

/**
 * How many tool results Codex has sent back so far: each request repeats the whole conversation, so
 * this is the index of the scripted step to play next. A body we cannot read counts as the first request.
 */
export function countCallOutputs(body: unknown): number {
  const input = (body as { input?: unknown } | undefined)?.input;
  if (!Array.isArray(input)) return 0;
  return input.filter((item) => typeof item === 'object' && item !== null && /_call_output$/.test(String((item as { type?: unknown }).type))).length;
}
