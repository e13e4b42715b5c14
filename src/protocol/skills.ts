import { z } from 'zod';
import { PersonRef } from './quests.js';

/**
 * The company skills marketplace (issue 15): the protocol shared by the programme server
 * (facilitator/skills/) and `workshop skills …` (src/skills/). A skill is an Agent Skills folder (a
 * `SKILL.md` with `name` and `description` in its front matter, plus optional scripts, references and
 * assets). Published skills are pending until a facilitator or the owner approves them; only approved
 * versions reach the marketplace, which the server keeps in Codex's own plugin-marketplace format, one
 * plugin per skill (docs/skills.md says why). Participants authenticate with their join token,
 * facilitators with their `wst_` token, on the same paths.
 */
const V = '/v1';

export const SkillPaths = {
  /** GET: the skills (approved for everyone; pending and rejected too for facilitators); POST: publish. */
  skills: `${V}/programmes/:programmeId/skills`,
  /** GET: one skill and its versions. */
  skill: `${V}/programmes/:programmeId/skills/:name`,
  /** POST: approve or reject a pending version (facilitator or owner). */
  review: `${V}/programmes/:programmeId/skills/:name/review`,
  /** GET: the marketplace as files (approved versions only), with an ETag. */
  marketplace: `${V}/programmes/:programmeId/marketplace`,
  /** POST: this person installed, updated or removed a skill (counted per skill and team). */
  installs: `${V}/programmes/:programmeId/skills/:name/installs`,
  /** POST: per-skill use counts by day, names only, with the person's consent. */
  uses: `${V}/programmes/:programmeId/skill-uses`,
} as const;

/** The Agent Skills rule for a name: lowercase letters, digits and single hyphens, at most 64. */
export const SKILL_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SkillName = z.string().min(1).max(64).regex(SKILL_NAME_PATTERN);

/** Bounds on what one skill may hold (checked on the laptop before sending, and again by the server). */
export const SKILL_LIMITS = {
  files: 100,
  fileBytes: 1024 * 1024,
  totalBytes: 4 * 1024 * 1024,
  descriptionChars: 1024,
  compatibilityChars: 500,
} as const;

/** A path inside the skill folder: relative, forward slashes, no `..`, nothing hidden above it. */
export const SkillFilePath = z
  .string()
  .min(1)
  .max(300)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.includes('\\') && !p.split('/').some((part) => part === '..' || part === '.' || part === ''), 'must be a relative path inside the skill folder');

export const SkillFile = z
  .object({
    path: SkillFilePath,
    /** The bytes, base64. */
    content: z.string().max(Math.ceil((SKILL_LIMITS.fileBytes * 4) / 3) + 4),
    executable: z.boolean().default(false),
  })
  .strict();
export type SkillFile = z.infer<typeof SkillFile>;

export const PublishRequest = z
  .object({
    files: z.array(SkillFile).min(1).max(SKILL_LIMITS.files),
    /** The quest this skill came from (its win). */
    questId: z.number().int().positive().optional(),
    /** The team it belongs to (default: the publisher's). */
    team: z.string().trim().min(1).max(120).optional(),
  })
  .strict();
export type PublishRequest = z.input<typeof PublishRequest>;

export const SKILL_VERSION_STATES = ['pending', 'approved', 'rejected'] as const;
export const SkillVersionState = z.enum(SKILL_VERSION_STATES);
export type SkillVersionState = z.infer<typeof SkillVersionState>;

export const SkillVersion = z.object({
  version: z.number().int().positive(),
  state: SkillVersionState,
  description: z.string(),
  publishedAt: z.string(),
  publishedBy: PersonRef,
  files: z.array(z.object({ path: z.string(), bytes: z.number().int(), executable: z.boolean() })),
  bytes: z.number().int(),
  /** SHA-256 over the files (paths and contents), so a reviewer knows what they approved. */
  sha256: z.string(),
  /** Files that run code (scripts): a reviewer reads these before approving. */
  scripts: z.array(z.string()),
  review: z.object({ verdict: z.enum(['approve', 'reject']), note: z.string(), by: PersonRef, at: z.string() }).optional(),
});
export type SkillVersion = z.infer<typeof SkillVersion>;

export const Skill = z.object({
  name: SkillName,
  team: z.string(),
  author: PersonRef,
  questId: z.number().int().optional(),
  /** The description of the newest approved version (else of the newest). */
  description: z.string(),
  /** The newest approved version, if any: what the marketplace holds. */
  approvedVersion: z.number().int().optional(),
  latestVersion: z.number().int(),
  latestState: SkillVersionState,
  installs: z.object({ people: z.number().int(), byTeam: z.record(z.string(), z.number().int()) }),
  /** Uses reported by consenting participants (names only), when Codex's logs tell (docs/skills.md). */
  uses: z.number().int(),
});
export type Skill = z.infer<typeof Skill>;

export const SkillListResponse = z.object({ skills: z.array(Skill) });
export const SkillShowResponse = z.object({ skill: Skill, versions: z.array(SkillVersion) });
export const PublishResponse = z.object({ skill: Skill, version: SkillVersion });

export const SkillReviewRequest = z
  .object({
    version: z.number().int().positive(),
    verdict: z.enum(['approve', 'reject']),
    note: z.string().trim().min(1).max(4000),
  })
  .strict();

export const MarketplaceFile = z.object({ path: z.string(), content: z.string(), executable: z.boolean() });
/** The marketplace folder as files (what `workshop skills` writes to the laptop and gives to `codex plugin marketplace add`). */
export const MarketplaceResponse = z.object({
  /** The marketplace's name in Codex (`codex plugin add <skill>@<name>`). */
  name: z.string(),
  etag: z.string(),
  generatedAt: z.string(),
  skills: z.array(z.object({ name: SkillName, version: z.number().int(), pluginVersion: z.string(), team: z.string(), description: z.string() })),
  files: z.array(MarketplaceFile),
});
export type MarketplaceResponse = z.infer<typeof MarketplaceResponse>;

export const InstallReport = z.object({ action: z.enum(['install', 'update', 'remove']), version: z.number().int().positive().optional() }).strict();

export const SkillUsesReport = z
  .object({
    /** Per day (YYYY-MM-DD, the laptop's local date) and skill name: how many sessions used it. */
    days: z.array(z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), counts: z.record(SkillName, z.number().int().min(0).max(10_000)) })).max(120),
  })
  .strict();

// ---- publishing and reviewing (issue 15: src/skills/validate.ts, facilitator/skills/routes.ts) ----

/**
 * Why a skill cannot be published: a code and its values, worded by the participant catalogues
 * (en, ja) where it is shown. The same codes on the laptop (checked before sending) and in the
 * server's 422 answer (checked again). A secret's problem names its kind, file and line, never the secret.
 */
export const SKILL_PROBLEM_CODES = [
  'skill-md-missing',
  'skill-md-binary',
  'front-matter-missing',
  'front-matter-invalid',
  'name-missing',
  'name-invalid',
  'name-not-folder',
  'description-missing',
  'description-too-long',
  'compatibility-too-long',
  'too-many-files',
  'file-too-big',
  'total-too-big',
  'path-invalid',
  'symlink-outside',
  'special-file',
  'link-outside',
  'git-folder',
  'secret',
] as const;
export const SkillProblemCode = z.enum(SKILL_PROBLEM_CODES);
export type SkillProblemCode = z.infer<typeof SkillProblemCode>;

export const SkillProblem = z.object({
  code: SkillProblemCode,
  /** The file (a path inside the skill folder), when the problem is in one. */
  file: z.string().optional(),
  /** 1-based line, when known. */
  line: z.number().int().positive().optional(),
  /** Named values for the sentence: sizes, limits, the name found, a secret's kind (never its text). */
  values: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type SkillProblem = z.infer<typeof SkillProblem>;

/** The server's answer when the skill it got does not pass the checks (422). */
export const SkillRefusal = z.object({ error: z.literal('invalid_skill'), reason: z.string(), problems: z.array(SkillProblem) });

export const SkillReviewResponse = PublishResponse;
export const InstallResponse = z.object({ recorded: z.literal(true) });
export const SkillUsesResponse = z.object({ stored: z.number().int(), unknown: z.array(z.string()) });
