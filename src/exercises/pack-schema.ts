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
    label: Term,
    value: z.number(),
    tolerance: z.number().min(0).optional().describe('Allowed difference (default 0.01).'),
    ...commonCheckFields,
  })
  .meta({ id: 'NumberCheck', description: 'A number on the same line as the label (or in a table cell beside it) equals `value` within `tolerance`. Reads 1,234.50 / 1234.5 / ¥1,234 / $1,234 / 1 234,50.' });
export const JsonCheck = z
  .strictObject({
    type: z.literal('json'),
    path: WorkspaceGlob,
    required: z.array(z.string().min(1)).optional().describe('Dotted keys that must exist, e.g. "owner.email" or "items.0.name".'),
    ...commonCheckFields,
  })
  .meta({ id: 'JsonCheck', description: 'The file(s) are valid JSON with the required keys.' });
export const CountCheck = z
  .strictObject({ type: z.literal('count'), glob: WorkspaceGlob, ...countRange, ...commonCheckFields })
  .meta({ id: 'CountCheck', description: 'How many files match `glob` (min defaults to 1 when neither min nor max is given).' });
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
