import vm from 'node:vm';

/**
 * Regular expressions from a pack run under a time bound. JavaScript's engine backtracks, so a pattern
 * such as `^(a+)+$` can take minutes on a line of thirty a's: a pack is untrusted input, and one bad
 * pattern must not hang `workshop next` in a room of thirty. V8 cannot interrupt a match from the
 * outside except through a script timeout, so the matching runs as a tiny script in a `vm` context
 * with a timeout (about 0.3 ms of overhead per check).
 */
export const REGEX_BUDGET_MS = 250;

/** Counting stops here: a runaway pattern on a huge file must not stall grading either. */
export const MAX_MATCHES = 10_000;

function countAll(texts: readonly string[], pattern: RegExp, limit: number): number {
  let count = 0;
  for (const text of texts) {
    pattern.lastIndex = 0;
    for (const _match of text.matchAll(pattern)) {
      count += 1;
      if (count >= limit) return count;
    }
  }
  return count;
}

let context: vm.Context | undefined;
const script = new vm.Script('countAll(texts, pattern, limit)');

/** How many times `pattern` (with the g flag) matches across `texts`, or 'timeout' past the budget. */
export function countMatchesBounded(pattern: RegExp, texts: readonly string[], budgetMs = REGEX_BUDGET_MS): number | 'timeout' {
  context ??= vm.createContext({ countAll });
  context.texts = texts;
  context.pattern = pattern;
  context.limit = MAX_MATCHES;
  try {
    return script.runInContext(context, { timeout: budgetMs }) as number;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout';
    throw error;
  } finally {
    context.texts = undefined;
    context.pattern = undefined;
  }
}

/**
 * Texts that make a backtracking pattern explode, if it can: each character the pattern names, many
 * times over, then a character that makes the match fail at the very end. `dev check` runs every
 * pattern of a pack on them, so an author learns of a slow pattern before a participant meets it.
 */
export function adversarialTexts(source: string): string[] {
  const literals = new Set<string>(['a', '0', ' ', '-', 'x']);
  for (const char of source.replace(/\\[dDwWsSbBnrtfv]/g, '').replace(/\\(.)/g, '$1')) if (/[\p{L}\p{N} _\-.,:]/u.test(char)) literals.add(char);
  const texts: string[] = [];
  for (const char of [...literals].slice(0, 24)) {
    texts.push(`${char.repeat(32)}\u0000!`, `${char.repeat(32)}\n`);
  }
  texts.push('a1 '.repeat(20) + '!', 'aaaa-bbbb '.repeat(8) + '\u0000');
  return texts;
}
