/**
 * The programme server's roles (issue 13), owner > facilitator > viewer. Kept apart from the zod
 * schemas of server-api.ts so the CLI can list them in `--help` without loading zod at start-up.
 */
export const ROLES = ['owner', 'facilitator', 'viewer'] as const;
export type RoleName = (typeof ROLES)[number];

/** What each role may do; a role includes the ones after it. */
export const ROLE_RANK: Record<RoleName, number> = { owner: 3, facilitator: 2, viewer: 1 };
