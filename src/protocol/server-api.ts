import { z } from 'zod';
import { ROLES, ROLE_RANK } from './roles.js';
import { LogLine } from './session-log.js';

/**
 * The programme server's HTTP protocol (issue 13): request and response bodies shared by the server
 * (facilitator/server/) and the commands that talk to it (`workshop host --sync`, `session push`,
 * `report --server`, `roster import --server`, `server token …`). Versioned in the path like the hub's;
 * docs/server.md documents every endpoint. Facilitators authenticate with a named token
 * (`Authorization: Bearer wst_…`) whose role decides what it may do; participants after the session
 * use the token their join gave them, on the hub protocol's own paths under `/p`.
 */

export { ROLES, ROLE_RANK };
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export { SERVER_PROTOCOL_VERSION, ServerPaths, serverPath } from './server-paths.js';

/** The report's builder warnings travel in this header (URI-encoded JSON array), so the body is exactly the report. */
export const REPORT_WARNINGS_HEADER = 'x-workshop-warnings';


export const HealthResponse = z.object({
  ok: z.boolean(),
  service: z.literal('codex-workshop-server'),
  protocol: z.number().int(),
  engine: z.enum(['embedded', 'postgres']),
  schemaVersion: z.number().int(),
  programme: z.string(),
  /** Present when the database does not answer (ok is then false). */
  reason: z.string().optional(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const WhoamiResponse = z.object({ name: z.string(), role: Role, programme: z.string() });
export type WhoamiResponse = z.infer<typeof WhoamiResponse>;

/** Session facts the venue hub sends with its lines (its session.json, without anything secret). */
export const SyncSessionMeta = z.object({
  schemaVersion: z.literal(1),
  id: z.string().min(1).max(60),
  title: z.string().min(1).max(200),
  programmeId: z.string().optional(),
  startsAt: z.string().datetime({ offset: true }).optional(),
  createdAt: z.string().datetime({ offset: true }),
  code: z.string().regex(/^[A-Z]{4}-\d{4}$/),
});

/** Most lines one sync request may carry. */
export const MAX_SYNC_LINES = 1000;
/** Largest sync request body; the venue's outbox keeps its batches at half of it. */
export const MAX_SYNC_BODY_BYTES = 8 * 1024 * 1024;

export const SyncRequest = z
  .object({
    meta: SyncSessionMeta,
    lines: z.array(LogLine).max(MAX_SYNC_LINES),
  })
  .strict();
export type SyncRequest = z.infer<typeof SyncRequest>;

export const SyncResponse = z.object({
  /** Lines new to the server. */
  stored: z.number().int().min(0),
  /** Lines it already had (a retry, or an event the participant had sent it directly). */
  skipped: z.number().int().min(0),
  /** The highest hub seq the server holds for this session: the outbox resumes after it. */
  lastSeq: z.number().int().min(0),
});
export type SyncResponse = z.infer<typeof SyncResponse>;

export const SyncStatusResponse = z.object({ lastSeq: z.number().int().min(0), hosted: z.enum(['server', 'venue']).nullable() });
export type SyncStatusResponse = z.infer<typeof SyncStatusResponse>;

export const CreateSessionRequest = z
  .object({
    /** `YYYY-MM-DD` or `YYYY-MM-DD-label`; default: today in the programme's time zone. */
    session: z.string().min(10).max(60).optional(),
    /** `HH:MM` on the programme's wall clock. */
    starts: z.string().max(5).optional(),
    title: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type CreateSessionRequest = z.infer<typeof CreateSessionRequest>;

export const CreateSessionResponse = z.object({
  session: z.string(),
  code: z.string(),
  /** What participants type in `workshop join` (the date's hub on this server). */
  hubUrl: z.string().url(),
  /** The date's dashboard; it carries the facilitator link's secret, so it is shown once. */
  dashboardUrl: z.string().url(),
  resumed: z.boolean(),
});
export type CreateSessionResponse = z.infer<typeof CreateSessionResponse>;

export const RosterUploadRequest = z
  .object({
    /** The CSV as text (the CLI decodes Shift_JIS and UTF-16 before sending). */
    csv: z.string().max(20 * 1024 * 1024),
    file: z.string().max(300),
    replace: z.boolean().optional(),
  })
  .strict();

export const UsageUploadRequest = z
  .object({
    text: z.string().max(200 * 1024 * 1024),
    file: z.string().max(300),
  })
  .strict();

export const TokenAddRequest = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._@-]*$/u, 'must be letters, digits, spaces, ".", "_", "@" or "-"'),
    role: Role,
    /**
     * Issue 14: the person who holds it (their work email, as on the roster or their join): with it,
     * the token acts as that person in quests (a facilitator who claimed a quest cannot review it).
     * Stored with the token, never shown back.
     */
    email: z.string().trim().toLowerCase().email().max(320).optional(),
  })
  .strict();

export const TokenAddResponse = z.object({ name: z.string(), role: Role, token: z.string() });
export const TokenListResponse = z.object({
  tokens: z.array(z.object({ name: z.string(), role: Role, createdAt: z.string(), createdBy: z.string(), revokedAt: z.string().optional(), revokedBy: z.string().optional() })),
});

export const RosterUploadResponse = z.object({
  programme: z.string(),
  file: z.string(),
  people: z.number().int().min(0),
  added: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  notInFile: z.number().int().min(0),
  removed: z.number().int().min(0),
  warnings: z.array(z.string()),
  ignoredColumns: z.array(z.string()),
});
export type RosterUploadResponse = z.infer<typeof RosterUploadResponse>;

export const UsageUploadResponse = z.object({
  programme: z.string(),
  file: z.string(),
  format: z.string(),
  rows: z.number().int().min(0),
  requests: z.number().int().min(0),
  /** People on the roster this import's rows matched. */
  people: z.number().int().min(0),
  unmatched: z.array(z.object({ source: z.object({ kind: z.enum(['keyId', 'hint', 'email']), value: z.string() }), requests: z.number(), days: z.number(), reason: z.string() })),
  ungroupedRequests: z.number().int().min(0),
  warnings: z.array(z.string()),
  /** Issue 16: spend rows read from Costs API pages, and their total per currency. */
  costRows: z.number().int().min(0).optional(),
  spend: z.record(z.string(), z.number()).optional(),
});
export type UsageUploadResponse = z.infer<typeof UsageUploadResponse>;

export const TokenRevokeResponse = z.object({ name: z.string(), revoked: z.literal(true) });

// ---- issue 16: `workshop usage sync --server URL` (the Admin API is read by the CLI; the server
// stores each page with its stream's state in one transaction) ----

export const SyncStream = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);
export const SyncScope = z.string().max(200);

export const UsageSyncStateResponse = z.object({
  programme: z.string(),
  timeZone: z.string(),
  firstDate: z.string().optional(),
  state: z.object({ syncedThrough: z.string().optional(), resume: z.record(z.string(), z.unknown()).optional(), updatedAt: z.string().optional() }),
});
export type UsageSyncStateResponse = z.infer<typeof UsageSyncStateResponse>;

const SyncDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const UsageSyncPageRequest = z
  .object({
    stream: SyncStream,
    scope: SyncScope,
    usage: z
      .array(
        z
          .object({
            source: z.object({ kind: z.literal('keyId'), value: z.string().min(1).max(120) }).strict(),
            day: SyncDay,
            requests: z.number().int().min(0),
            inputTokens: z.number().int().min(0).optional(),
            outputTokens: z.number().int().min(0).optional(),
          })
          .strict(),
      )
      .max(500_000),
    costs: z
      .array(
        z
          .object({
            source: z.object({ kind: z.enum(['keyId', 'project']), value: z.string().max(200) }).strict(),
            lineItem: z.string().max(200),
            day: SyncDay,
            amount: z.number().finite(),
            currency: z.string().min(1).max(10),
          })
          .strict(),
      )
      .max(500_000),
    state: z.object({ syncedThrough: SyncDay.optional(), resume: z.record(z.string(), z.unknown()).optional() }).strict(),
  })
  .strict();
export type UsageSyncPageRequest = z.infer<typeof UsageSyncPageRequest>;

export const UsageSyncPageResponse = z.object({ programme: z.string(), stream: z.string(), usageRows: z.number().int(), costRows: z.number().int() });
export type UsageSyncPageResponse = z.infer<typeof UsageSyncPageResponse>;
