import { z } from 'zod';

/**
 * The exercise pack format: the contract pack authors rely on (docs/exercise-format.md). The JSON
 * Schemas in schemas/ are generated from these zod schemas, so this file is the single source of truth.
 *
 * Design notes:
 * - Objects are strict: a misspelt field ("paht") is an error naming the field, not a silently
 *   ignored check.
 * - Every path or glob is relative to the participant's workspace; `..`, absolute paths and drive
 *   letters are rejected here, before anything touches a disk.
 * - Wherever a term is expected, a list of synonyms may stand instead (any one of them matches).
 * - Texts a participant reads may be one string or an object keyed by language ({"en": …, "ja": …}).
 */

const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
/** Exercise ids are folder names and event ids: no slashes, no spaces, short. */
const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
const CHECK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

export const LanguageCode = z.string().regex(LANGUAGE_CODE, 'must be a language code such as "en" or "ja"');

export const LocalizedText = z.union([z.string().min(1), z.record(LanguageCode, z.string().min(1))], {
  error: 'must be a text, or an object of texts by language such as {"en": "…", "ja": "…"}',
}).meta({ id: 'LocalizedText', description: 'A text, or texts by language: {"en": "…", "ja": "…"}.' });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Term = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
    error: 'must be a text, or a list of synonyms such as ["total", "sum"]',
  })
  .meta({ id: 'Term', description: 'A text to look for, or a list of synonyms (any one of them matches). Matching ignores case, accents, whitespace and markdown emphasis.' });
export type Term = z.infer<typeof Term>;

/** Why a workspace-relative path or glob is unacceptable, or undefined when it is fine. */
export function workspacePathProblem(value: string): string | undefined {
  if (value.includes('\0')) return 'must not contain a NUL character';
  if (/^[\\/]/.test(value) || /^[A-Za-z]:/.test(value)) return 'must be relative to the workspace (no absolute path or drive letter)';
  if (value.split(/[\\/]+/).some((segment) => segment === '..')) return 'must stay inside the workspace (".." is not allowed)';
  if (value.startsWith('~')) return 'must be relative to the workspace ("~" is not allowed)';
  return undefined;
}

export const WorkspaceGlob = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    const problem = workspacePathProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ id: 'WorkspaceGlob', description: 'A path or glob relative to the workspace (forward slashes; *, **, ?, [..], {a,b}). Matching ignores case.' });

const commonCheckFields = {
  id: z
    .string()
    .regex(CHECK_ID, 'must be letters, digits, ".", "_" or "-" (at most 80)')
    .optional()
    .describe('Stable id reported in events (failingChecks). Default: "<position>-<type>", e.g. "2-contains".'),
  message: LocalizedText.describe('What the participant reads about this check (shown with ✗ when it fails).'),
  hint: LocalizedText.optional().describe('Extra help shown under the check when it fails.'),
  points: z.number().min(0).max(1000).optional().describe('Points for the score (default 1).'),
};

const countRange = {
  min: z.number().int().min(0).optional(),
  max: z.number().int().min(0).optional(),
};

export const ExistsCheck = z
  .strictObject({ type: z.literal('exists'), path: WorkspaceGlob, ...commonCheckFields })
  .meta({ id: 'ExistsCheck', description: 'A file or folder matching `path` exists.' });
export const AbsentCheck = z
  .strictObject({ type: z.literal('absent'), path: WorkspaceGlob, ...commonCheckFields })
  .meta({ id: 'AbsentCheck', description: 'No file or folder matches `path`.' });
export const PreservedCheck = z
  .strictObject({ type: z.literal('preserved'), from: WorkspaceGlob.optional(), ...commonCheckFields })
  .meta({ id: 'PreservedCheck', description: 'The content of every starter file (matching `from`, default all) still exists byte for byte somewhere in the workspace: moves and renames allowed, losses and edits not.' });
export const UnchangedCheck = z
  .strictObject({ type: z.literal('unchanged'), paths: z.array(WorkspaceGlob).min(1), ...commonCheckFields })
  .meta({ id: 'UnchangedCheck', description: 'The files matching `paths` are identical to the baseline (none added, removed or edited).' });
export const ContainsCheck = z
  .strictObject({
    type: z.literal('contains'),
    path: WorkspaceGlob,
    all: z.array(Term).optional(),
    any: z.array(Term).optional(),
    none: z.array(Term).optional(),
    ...commonCheckFields,
  })
  .meta({ id: 'ContainsCheck', description: 'The file(s) matching `path` mention every `all` term, at least one `any` term, and no `none` term.' });
export const MatchesCheck = z
  .strictObject({
    type: z.literal('matches'),
    path: WorkspaceGlob,
    regex: z.string().min(1),
    flags: z.string().regex(/^[gimsuyv]*$/, 'may only contain the regular expression flags g, i, m, s, u, v, y').optional(),
    min: z.number().int().min(1).optional().describe('Minimum number of matches (default 1).'),
    ...commonCheckFields,
  })
  .meta({ id: 'MatchesCheck', description: 'A JavaScript regular expression matches the file(s) at least `min` times (text has its BOM removed and CRLF turned into LF).' });
export const ChecklistCheck = z
  .strictObject({
    type: z.literal('checklist'),
    path: WorkspaceGlob,
    min: z.number().int().min(0).optional().describe('Minimum number of task-list items (default: the number of `items`, or 1).'),
    items: z.array(Term).optional().describe('Each term must be matched by a different task-list item.'),
    ...commonCheckFields,
  })
  .meta({ id: 'ChecklistCheck', description: 'Markdown task-list items (`- [ ]`, `- [x]`, `* [ ]`, `1. [ ]`).' });
export const TableCheck = z
  .strictObject({
    type: z.literal('table'),
    path: WorkspaceGlob,
    format: z.enum(['csv', 'markdown']),
    columns: z.array(Term).optional().describe('Column headers that must all be present, in any order.'),
    rows: z.strictObject(countRange).optional().describe('Range for the number of data rows (header excluded).'),
    ...commonCheckFields,
  })
  .meta({ id: 'TableCheck', description: 'A table (CSV, or a markdown table) with those column headers and a row count in range.' });
export const NumberCheck = z
  .strictObject({
    type: z.literal('number'),
    path: WorkspaceGlob,
    label: Term.describe('What the figure is the figure of: a row or column header in a table, or the words just before it in a line.'),
    value: z.number(),
    tolerance: z.number().min(0).optional().describe('Allowed difference (default 0.01).'),
    others: z
      .array(Term)
      .optional()
      .describe('The neighbouring items (for a grand total: every category). Text naming one of them is about that item, so "Total travel: 439,210" is not read as the grand total.'),
    ...commonCheckFields,
  })
  .meta({
    id: 'NumberCheck',
    description:
      'The figure of `label` equals `value` within `tolerance`: its cell in a table of either orientation (the label as a row: the totals column; as a column: the totals row), or the number its words stand beside. Reads 1,234.50 / ¥1,234 / 1 234,50 / 43万9,210円 / full-width digits.',
  });
export const JsonCheck = z
  .strictObject({
    type: z.literal('json'),
    path: WorkspaceGlob,
    required: z.array(z.string().min(1)).optional().describe('Dotted keys that must exist, e.g. "owner.email" or "items.0.name".'),
    ...commonCheckFields,
  })
  .meta({ id: 'JsonCheck', description: 'The file(s) are valid JSON with the required keys.' });
export const CountCheck = z
  .strictObject({
    type: z.literal('count'),
    glob: WorkspaceGlob,
    ...countRange,
    // --- answers: which files count ---
    changed: z.boolean().optional().describe('Count only files added or edited since setup (default false).'),
    nonEmpty: z
      .boolean()
      .optional()
      .describe('Do not count files that are empty: no bytes, whitespace only, or only headings and placeholders such as "TODO" or "[your text]" (default false).'),
    ignoreDotfiles: z.boolean().optional().describe('Do not count hidden files: names starting with a dot, or inside a dot folder such as .codex/ (default false).'),
    exclude: z.array(WorkspaceGlob).optional().describe('Files matching these globs do not count.'),
    ...commonCheckFields,
  })
  .meta({ id: 'CountCheck', description: 'How many files match `glob` (min defaults to 1 when neither min nor max is given); optionally only new or edited, non-empty, non-hidden files.' });
export const PlacementCheck = z
  .strictObject({
    type: z.literal('placement'),
    rules: z
      .array(
        z.strictObject({
          files: WorkspaceGlob.describe('Glob on the file name (or on the whole path when it contains "/").'),
          folder: Term.describe('Name of a folder (any depth) the files must sit in.'),
        }),
      )
      .min(1),
    ...commonCheckFields,
  })
  .meta({ id: 'PlacementCheck', description: 'Every file whose name matches `files` sits in a folder (any depth) whose name matches `folder`.' });
export const ScopeCheck = z
  .strictObject({ type: z.literal('scope'), allow: z.array(WorkspaceGlob), ...commonCheckFields })
  .meta({ id: 'ScopeCheck', description: 'No file outside `allow` was added, removed or modified.' });

// --- identity ---
export const IdentityRule = z
  .strictObject({
    files: WorkspaceGlob.describe('The starter files this rule is about: a glob on the starter file name (on the whole starter path when it contains "/").'),
    folder: Term.optional().describe('The file must now sit in a folder (any depth) whose name contains this term, e.g. ["invoices", "請求書"].'),
    name: WorkspaceGlob.optional().describe(
      'The file must now be at a path matching this glob (on the file name alone when it has no "/"). A copy number that tells apart files that would share a name ("-2", "_2", " (2)") is ignored.',
    ),
  })
  .refine((rule) => rule.folder !== undefined || rule.name !== undefined, { message: 'a rule needs a folder or a name (or both)' })
  .meta({ id: 'IdentityRule', description: 'Where the starter files matching `files` must be now: in a folder named like `folder`, and/or at a path like `name`.' });
export const IdentityCheck = z
  .strictObject({
    type: z.literal('identity'),
    from: WorkspaceGlob.optional().describe('The starter files to follow, by path (default all).'),
    rules: z.array(IdentityRule).optional().describe('Where each followed file must be now; a file matching several rules must satisfy all of them.'),
    keepName: z.boolean().optional().describe('true: every followed file keeps its file name exactly (a move, not a rename).'),
    copies: z.boolean().optional().describe('false: the content of a followed file may be in one place only ("copied instead of moved" fails). Default true.'),
    missing: z
      .enum(['fail', 'ignore'])
      .optional()
      .describe(
        '"ignore": files deleted or edited are left to another check (e.g. nothing-lost): an edited or converted file is judged where it is now, a deleted one is skipped, but the check still fails when none of its files is left. Default "fail".',
      ),
    allowNew: z
      .array(WorkspaceGlob)
      .optional()
      .describe('When given, a file whose content no starter file had (a helper script, a log) must match one of these globs; [] allows none.'),
    ...commonCheckFields,
  })
  .meta({
    id: 'IdentityCheck',
    description:
      'Follows each starter file by its content (not its name): it must still exist unchanged, and sit where `rules` say, keep its name (`keepName`), exist once (`copies: false`); `allowNew` limits new files.',
  });
// --- answers: real answers, not placeholders ---
export const FieldCheck = z
  .strictObject({
    type: z.literal('field'),
    path: WorkspaceGlob,
    label: Term.describe('The field\'s label and its synonyms in every language, e.g. ["risk level", "risk", "リスク"]; the first one in the reader\'s script names the field in feedback.'),
    answer: z
      .enum(['text', 'minutes', 'choice'])
      .optional()
      .describe('What the value must be: "text" (default: any real answer), "minutes" (a number of minutes or hours in digits), "choice" (exactly one of `options`).'),
    options: z.array(Term).min(2).optional().describe('For "choice": the options, each with its synonyms, e.g. [["low", "低"], ["medium", "中"], ["high", "高"]].'),
    atMost: Term.optional().describe('For "minutes": the label of another minutes field this one may not exceed (minutes saved ≤ minutes it takes).'),
    ...commonCheckFields,
  })
  .superRefine((check, ctx) => {
    if (check.answer === 'choice' && !check.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a "choice" field needs its options' });
    if (check.answer !== 'choice' && check.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'options are only for "answer": "choice"' });
    if (check.answer !== 'minutes' && check.atMost !== undefined) ctx.addIssue({ code: 'custom', path: ['atMost'], message: 'atMost is only for "answer": "minutes"' });
  })
  .meta({
    id: 'FieldCheck',
    description:
      'A labelled field of a form (label: value, bold labels, a heading with the value below, a table row or column) holds a real answer of the right kind: not empty, not a placeholder, not the options list copied.',
  });
export const HeadingCheck = z
  .strictObject({
    type: z.literal('heading'),
    path: WorkspaceGlob,
    generic: z
      .array(Term)
      .optional()
      .describe('General words that are not the answer ("self-introduction", "about me", "自己紹介"): a heading made only of them fails.'),
    ...commonCheckFields,
  })
  .meta({ id: 'HeadingCheck', description: 'The first heading (# … or an underlined title) holds a real answer: not only `generic` words, not a placeholder such as "[Your Name]".' });
export const BulletsCheck = z
  .strictObject({
    type: z.literal('bullets'),
    path: WorkspaceGlob,
    min: z.number().int().min(1).optional().describe('Minimum number of top-level bullet points with a real answer (default 1).'),
    items: z.array(Term).optional().describe('Each term must be mentioned, as a word, by a different answered bullet point.'),
    generic: z
      .array(Term)
      .optional()
      .describe('General words that are not an answer (the categories asked for: "my team", "what I work on"): a bullet point made only of them does not count.'),
    ...commonCheckFields,
  })
  .meta({ id: 'BulletsCheck', description: 'Top-level bullet points (-, *, +, •, ・, 1.) that hold real answers: "Team: [your team]", "Work:" or only `generic` words do not count.' });
// --- items (issue #9: the `items` primitive) ---
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const IsoDate = z
  .string()
  .refine((value) => {
    const match = ISO_DATE.exec(value);
    if (!match) return false;
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
  }, 'must be a date written YYYY-MM-DD, e.g. "2024-06-14"')
  .meta({ id: 'IsoDate', description: 'A calendar date, YYYY-MM-DD.' });

export const ITEM_ASPECTS = ['shape', 'count', 'present', 'owner', 'due', 'forbidden'] as const;

export const ItemsCheck = z
  .strictObject({
    type: z.literal('items'),
    path: WorkspaceGlob.describe('The file(s) holding the list; when several match, the one with the most items is judged.'),
    shape: z
      .enum(['checklist', 'table', 'list'])
      .optional()
      .describe('How the items must be written: "checklist" (- [ ] lines), "table" (rows of a table) or "list" (bullets or numbered lines).'),
    count: z.strictObject(countRange).optional().describe('Range for the number of items (items under a "Not included"-like heading do not count).'),
    people: z
      .array(
        z.strictObject({
          id: z.string().regex(CHECK_ID, 'must be letters, digits, ".", "_" or "-"'),
          names: Term.describe('Every way the person may be written: given name, surname, full name, katakana, kanji. Honorifics (さん, 様, 氏, -san) need no listing.'),
        }),
      )
      .optional()
      .describe('The people who can own items.'),
    referenceDate: IsoDate.optional().describe('The date relative dates are read against (the meeting date): "Friday" is the first Friday after it.'),
    required: z
      .array(
        z.strictObject({
          id: z.string().regex(CHECK_ID, 'must be letters, digits, ".", "_" or "-"'),
          name: LocalizedText.describe('How feedback names the item ("the Nakamura quote"); never its owner or date.'),
          match: Term.describe('Words that identify the item (any one of them).'),
          owner: z.string().optional().describe('The id of the person (in `people`) the item must name.'),
          due: IsoDate.optional().describe('The due date the item must carry (the final one agreed).'),
          superseded: z.array(IsoDate).optional().describe('Dates said first and changed later: an item carrying one of these is told its date was changed.'),
        }),
      )
      .optional()
      .describe('Items that must be listed, each matched by a different listed item.'),
    forbidden: z
      .array(
        z.strictObject({
          id: z.string().regex(CHECK_ID, 'must be letters, digits, ".", "_" or "-"'),
          match: Term.describe('Words that identify the thing that must not be listed.'),
          why: LocalizedText.optional().describe('Why it is not an item, as feedback says it ("rejected in the meeting").'),
          trap: z.string().optional().describe('The id of the trap (exercise.json traps) this item is.'),
        }),
      )
      .optional()
      .describe('Things that must not be listed as items (judged per item, so a "Not included: …" note may name them).'),
    ignoreSections: Term.optional().describe('Labels of headings or bullets whose items are not items ("Not included", "除外"…). Default: a built-in English and Japanese list.'),
    judge: z
      .array(z.enum(ITEM_ASPECTS))
      .min(1)
      .optional()
      .describe('Which aspects this check judges (default: every aspect its fields define): shape, count, present, owner, due, forbidden.'),
    ...commonCheckFields,
  })
  .superRefine((check, ctx) => {
    const people = new Set((check.people ?? []).map((person) => person.id));
    check.required?.forEach((item, index) => {
      if (item.owner !== undefined && !people.has(item.owner)) {
        ctx.addIssue({ code: 'custom', path: ['required', index, 'owner'], message: `"${item.owner}" is not the id of one of the people` });
      }
    });
    const ids = [...(check.required ?? []), ...(check.forbidden ?? [])].map((item) => item.id);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) ctx.addIssue({ code: 'custom', path: ['required'], message: `the item id "${id}" is used twice` });
    });
    const needs: Record<(typeof ITEM_ASPECTS)[number], [boolean, string]> = {
      shape: [check.shape !== undefined, 'a shape'],
      count: [check.count !== undefined, 'a count'],
      present: [(check.required?.length ?? 0) > 0, 'required items'],
      owner: [(check.required ?? []).some((item) => item.owner !== undefined), 'required items with an owner'],
      due: [(check.required ?? []).some((item) => item.due !== undefined), 'required items with a due date'],
      forbidden: [(check.forbidden?.length ?? 0) > 0, 'forbidden items'],
    };
    check.judge?.forEach((aspect, index) => {
      if (!needs[aspect][0]) ctx.addIssue({ code: 'custom', path: ['judge', index], message: `judging "${aspect}" needs ${needs[aspect][1]}` });
    });
    if (!Object.values(needs).some(([given]) => given)) {
      ctx.addIssue({ code: 'custom', message: 'an items check needs at least one of shape, count, required or forbidden' });
    }
    if (check.count?.min !== undefined && check.count.max !== undefined && check.count.min > check.count.max) {
      ctx.addIssue({ code: 'custom', path: ['count', 'max'], message: 'must not be below count.min' });
    }
  })
  .meta({
    id: 'ItemsCheck',
    description:
      'The items of a list (checklist, bullets, numbered lines or table rows, each with its sub-lines): how they are written, how many, which must be there with which owner and due date, and which must not be there.',
  });
// --- edits (only these changes) ---
export const EditsCheck = z
  .strictObject({
    type: z.literal('edits'),
    paths: z
      .array(WorkspaceGlob)
      .min(1)
      .describe('The files judged. An edited file is compared word by word with its starting version; a file added or deleted under these globs is a change too.'),
    replace: z
      .array(
        z.strictObject({
          from: Term.describe('The old wording, in any of these spellings (case, spaces, markdown marks and katakana spelling are ignored).'),
          to: Term.describe('What it may become: any one of these forms.'),
        }),
      )
      .optional()
      .describe('Allowed replacements: any spelling of `from` may become any form of `to` (and a/an may switch).'),
    restore: z
      .array(
        z.strictObject({
          section: Term.describe('The heading (a markdown # line) of the section that may be restored; the section runs to the next heading of the same or a higher level.'),
          from: WorkspaceGlob.describe('The folder holding the reference copy of each judged file under the same relative path, e.g. "before".'),
        }),
      )
      .optional()
      .describe('Sections that may be brought back toward a reference copy: its words may come back (in any order) and words it never had may go; nothing else.'),
    ...commonCheckFields,
  })
  .meta({
    id: 'EditsCheck',
    description:
      'Only these changes: files matching `paths` differ from their starting version only by the `replace` rules and, inside `restore` sections, by text of the reference copy. Line endings, a BOM, spacing, wrapping, list markers and emphasis never count.',
  });

const checkVariants = [
  ExistsCheck,
  AbsentCheck,
  PreservedCheck,
  UnchangedCheck,
  ContainsCheck,
  MatchesCheck,
  ChecklistCheck,
  TableCheck,
  NumberCheck,
  JsonCheck,
  CountCheck,
  PlacementCheck,
  ScopeCheck,
  IdentityCheck,
  FieldCheck,
  HeadingCheck,
  BulletsCheck,
  ItemsCheck,
  EditsCheck,
] as const;

export const CHECK_TYPES = checkVariants.map((variant) => variant.shape.type.value);

export const CheckSchema = z.discriminatedUnion('type', checkVariants, {
  error: (issue) => {
    if (issue.code === 'invalid_union') {
      const given = (issue.input as { type?: unknown } | undefined)?.type;
      return given === undefined
        ? `needs a "type": one of ${CHECK_TYPES.join(', ')}`
        : `unknown check type ${JSON.stringify(given)}; the types are ${CHECK_TYPES.join(', ')}`;
    }
    return undefined;
  },
});
export type Check = z.infer<typeof CheckSchema>;
export type CheckType = Check['type'];

export const TrapSchema = z
  .strictObject({
    id: z.string().regex(CHECK_ID, 'must be letters, digits, ".", "_" or "-" (at most 80)'),
    words: LocalizedText.describe('What the brief warns about or forbids, in the words a reviewer would use.'),
  })
  .meta({
    id: 'Trap',
    description:
      'A plausible wrong result the brief warns about (a rejected idea listed as an action, a price changed during a rename). `workshop dev check` requires at least one failing variant whose expect.json names it.',
  });
export type Trap = z.infer<typeof TrapSchema>;

export const ExerciseSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(SLUG, 'must be letters, digits, ".", "_" or "-" (it is also the folder name)'),
    title: LocalizedText,
    minutes: z.number().positive().max(240).describe('Expected minutes, shown in `workshop list`.'),
    suggestedPrompt: LocalizedText.describe('The first request participants are invited to give Codex.'),
    hints: z.array(LocalizedText).default([]).describe('Progressive hints: each `workshop hint` reveals one more.'),
    passScore: z.number().min(0).optional().describe('The exercise also passes when the score reaches this, even if some checks fail.'),
    traps: z.array(TrapSchema).default([]).describe('The wrong results the brief warns about; each must be caught by a failing variant.'),
    checks: z.array(CheckSchema).min(1),
  })
  .superRefine((exercise, ctx) => {
    const trapIds = exercise.traps.map((trap) => trap.id);
    trapIds.forEach((id, index) => {
      if (trapIds.indexOf(id) !== index) ctx.addIssue({ code: 'custom', path: ['traps', index, 'id'], message: `duplicate trap id "${id}"` });
    });
    const seen = new Map<string, number>();
    exercise.checks.forEach((check, index) => {
      const id = checkId(check, index);
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['checks', index, 'id'], message: `duplicate check id "${id}" (also checks[${earlier}])` });
      }
      seen.set(id, index);
      if ('min' in check && 'max' in check && check.min !== undefined && check.max !== undefined && check.min > check.max) {
        ctx.addIssue({ code: 'custom', path: ['checks', index, 'max'], message: 'must not be below min' });
      }
      if (check.type === 'table' && check.rows?.min !== undefined && check.rows.max !== undefined && check.rows.min > check.rows.max) {
        ctx.addIssue({ code: 'custom', path: ['checks', index, 'rows', 'max'], message: 'must not be below rows.min' });
      }
      if (check.type === 'contains' && !check.all?.length && !check.any?.length && !check.none?.length) {
        ctx.addIssue({ code: 'custom', path: ['checks', index], message: 'a contains check needs at least one of all, any or none' });
      }
      if (check.type === 'matches') {
        try {
          new RegExp(check.regex, check.flags ?? '');
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: ['checks', index, 'regex'], message: `is not a valid regular expression: ${(error as Error).message}` });
        }
      }
    });
    // --- items: a forbidden item's trap must be one of the exercise's traps ---
    exercise.checks.forEach((check, index) => {
      if (check.type !== 'items') return;
      check.forbidden?.forEach((item, i) => {
        if (item.trap !== undefined && !trapIds.includes(item.trap)) {
          ctx.addIssue({ code: 'custom', path: ['checks', index, 'forbidden', i, 'trap'], message: `"${item.trap}" is not the id of one of the traps` });
        }
      });
    });
    const total = exercise.checks.reduce((sum, check) => sum + (check.points ?? 1), 0);
    if (exercise.passScore !== undefined && exercise.passScore > total) {
      ctx.addIssue({ code: 'custom', path: ['passScore'], message: `is ${exercise.passScore} but the checks are worth only ${total} points` });
    }
  });
export type ExerciseConfig = z.infer<typeof ExerciseSchema>;

export const PackSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(SLUG, 'must be letters, digits, ".", "_" or "-"'),
    version: z.string().min(1).describe('The pack version, e.g. "1.0.0".'),
    title: LocalizedText,
    languages: z
      .array(LanguageCode)
      .min(1)
      .describe('Languages of the briefs; the first is the language of brief.md, each other has brief.<lang>.md.'),
    exercises: z.array(z.string().regex(SLUG, 'must be the name of a sub-folder of the pack')).min(1).describe('Exercise folders, in play order.'),
  })
  .superRefine((pack, ctx) => {
    pack.exercises.forEach((name, index) => {
      if (pack.exercises.indexOf(name) !== index) ctx.addIssue({ code: 'custom', path: ['exercises', index], message: `"${name}" is listed twice` });
    });
    pack.languages.forEach((lang, index) => {
      if (pack.languages.indexOf(lang) !== index) ctx.addIssue({ code: 'custom', path: ['languages', index], message: `"${lang}" is listed twice` });
    });
  });
export type PackConfig = z.infer<typeof PackSchema>;

export const VariantExpectationSchema = z
  .strictObject({
    pass: z.boolean().describe('The verdict `workshop dev check` expects for this end state.'),
    failing: z.array(z.string()).optional().describe('If given, exactly these check ids must fail.'),
    trap: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe('The trap id(s) of exercise.json this wrong end state falls into (only with "pass": false).'),
    note: z.string().optional(),
  })
  .superRefine((expectation, ctx) => {
    if (expectation.pass && expectation.trap !== undefined) ctx.addIssue({ code: 'custom', path: ['trap'], message: 'a variant that falls into a trap must expect "pass": false' });
  });

/** The trap ids a variant names, as a list. */
export function variantTraps(expectation: VariantExpectation): string[] {
  if (expectation.trap === undefined) return [];
  return Array.isArray(expectation.trap) ? expectation.trap : [expectation.trap];
}
export type VariantExpectation = z.infer<typeof VariantExpectationSchema>;

/** The id a check is reported under: its own `id`, else "<1-based position>-<type>". */
export function checkId(check: Pick<Check, 'type'> & { id?: string }, index: number): string {
  return check.id ?? `${index + 1}-${check.type}`;
}
