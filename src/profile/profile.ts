import { z } from 'zod';
import { expandHome, shippedProfilePath } from '../core/paths.js';
import { readJsonFile } from '../core/validation.js';

/**
 * The workshop profile: what the facilitator expects of every laptop. Shipped as
 * profiles/default.json; a facilitator hands out their own with --profile FILE or WORKSHOP_PROFILE.
 * Its JSON Schema (schemas/profile.schema.json) is generated from this zod schema.
 */
const semver = /^\d+\.\d+\.\d+$/;

export const ProfileSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).default('Codex workshop').describe('Shown in doctor output and on the dashboard.'),
    minCodexVersion: z.string().regex(semver, 'must look like 0.169.0').default('0.169.0').describe('Oldest Codex CLI version the exercises are rehearsed with.'),
    authMode: z
      .enum(['api-key', 'chatgpt', 'any'])
      .default('api-key')
      .describe('How participants should be logged in: api-key (individual keys, the default), chatgpt, or any.'),
    apiBase: z.string().url().optional().describe('OpenAI-compatible API base URL, e.g. https://api.openai.com/v1.'),
    model: z.string().min(1).optional().describe('Model the workshop uses (passed to codex with -m).'),
    requestTimeoutSeconds: z.number().positive().max(120).default(5).describe('Per-request timeout for the API key check.'),
    smoke: z
      .object({
        enabled: z.boolean().default(false),
        timeoutSeconds: z.number().positive().max(600).default(60),
      })
      .strict()
      .default({ enabled: false, timeoutSeconds: 60 })
      .describe('Run a tiny real `codex exec` as part of doctor.'),
    workspace: z.string().min(1).optional().describe('Folder where exercises are set up (default ~/codex-workshop).'),
    language: z.enum(['en', 'ja']).optional().describe('Language of exercise briefs.'),
    stuckAfterMinutes: z.number().positive().max(240).default(10).describe('Expected minutes for an exercise the pack gives no minutes for (the "stuck" rule uses the pack\'s own minutes otherwise).'),
    pace: z
      .object({
        stuckFactor: z.number().min(1).max(10).default(1.5).describe('Stuck = past the exercise\'s expected minutes times this, with no activity for quietMinutes.'),
        quietMinutes: z.number().positive().max(60).default(4).describe('Minutes without any sign of work (Codex, file changes, gradings) that, past the expected time, mean stuck.'),
        timetable: z
          .array(z.object({ at: z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'), exercise: z.string().min(1).max(80) }).strict())
          .default([])
          .describe('The room\'s plan: from each time of day (in the session\'s time zone) the exercise the room should be on.'),
      })
      .strict()
      .default({ stuckFactor: 1.5, quietMinutes: 4, timetable: [] })
      .describe('How the dashboard and reports tell "stuck" and "behind" from "working" (docs/hub.md).'),
    timeZone: z.string().min(1).optional().describe('Time zone for session reports and the timetable (IANA, e.g. Asia/Tokyo); default: the programme\'s, else this computer\'s.'),
  })
  .strict();

export type Profile = z.infer<typeof ProfileSchema>;

export interface ProfileSource {
  /** --profile FILE */
  flag?: string;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedProfile {
  profile: Profile;
  path: string;
}

export async function loadProfile(source: ProfileSource = {}): Promise<LoadedProfile> {
  const env = source.env ?? process.env;
  const file = source.flag ?? env.WORKSHOP_PROFILE ?? shippedProfilePath();
  const profile = await readJsonFile(expandHome(file, env), ProfileSchema, { what: 'workshop profile' });
  return { profile, path: file };
}

/** The JSON Schema facilitators' editors use to complete and check a profile ("$schema" in the file). */
export function profileJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(ProfileSchema, { io: 'input' }) as Record<string, unknown>;
  return {
    $schema,
    $id: 'https://codex-workshop.invalid/schemas/profile.schema.json',
    title: 'codex-workshop workshop profile',
    description: 'What the facilitator expects of every laptop: Codex version, login type, API, model, smoke test, workspace, language. See docs/doctor.md.',
    ...rest,
  };
}

/** File name → content, exactly as committed under schemas/ (see scripts/generate-schemas.mjs). */
export function profileSchemaFiles(): Record<string, string> {
  return { 'profile.schema.json': `${JSON.stringify(profileJsonSchema(), null, 2)}\n` };
}
