/**
 * The schema of profiles.json (profiles.ts). A module of its own so that zod is loaded only when
 * there is a file to check: profiles.ts imports it on first use.
 */
import * as z from '../zod.js';

const profileSchema = z.object({
  portal: z.url(),
  email: z.optional(z.string()),
  method: z.enum(['token', 'password', 'oauth']),
  storage: z.enum(['keychain', 'file']),
  oauth: z.optional(z.object({ clientId: z.string(), expiresAt: z.optional(z.string()), hasRefreshToken: z.optional(z.boolean()) })),
});
export type Profile = z.infer<typeof profileSchema>;

export const profilesFileSchema = z.object({ profiles: z.record(z.string(), profileSchema) });
