import { z } from 'zod';

/**
 * Issue 13: the programme server's participant address (`<server>/p`) a hub that syncs gives its
 * laptops. Apart from hub-api.ts (which re-exports it) so the hub link can be read without loading
 * every schema of the hub protocol.
 */
export const FollowUpUrl = z
  .string()
  .max(500)
  .url()
  .refine((url) => /^https?:\/\//i.test(url), 'must be an http(s) address');
