import { z } from 'zod';
import { IdSchema, NameSchema, TimestampSchema } from './common';

/** The AMT login name the seed tells users to enter (3.1.2 step 5). */
export const DEFAULT_LOGIN_NAME = 'admin';

/** A vault credential's metadata. The password is never here: it lives in the OS keychain under `id`. */
export const CredentialMetaSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  loginName: z.string().trim().min(1, 'Enter a login name.').max(64).default(DEFAULT_LOGIN_NAME),
  description: z.string().max(1000).default(''),
  created: TimestampSchema,
  updated: TimestampSchema,
});
export type CredentialMeta = z.infer<typeof CredentialMetaSchema>;
