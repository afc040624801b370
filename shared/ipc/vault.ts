import { z } from 'zod';
import { channel, type ChannelSpec } from './define';
import { CredentialMetaSchema, DEFAULT_LOGIN_NAME } from '../domain/credential';
import { IdSchema } from '../domain/common';

/** The longest password the vault accepts (the keychain entry is capped the same way). */
export const MAX_PASSWORD_LENGTH = 1024;

// Passwords are taken exactly as typed: no trimming, since a space can be part of a secret.
const Password = z
  .string()
  .min(1, 'Enter a password.')
  .max(MAX_PASSWORD_LENGTH, `A password is at most ${MAX_PASSWORD_LENGTH} characters long.`);

const Name = z.string().max(128, 'A name is at most 128 characters long.');
const LoginName = z.string().max(64, 'A login name is at most 64 characters long.');
const Description = z.string().max(1000, 'A description is at most 1000 characters long.');

/** A credential as the renderer sees it: metadata only, never the password. */
export const CredentialView = CredentialMetaSchema;
export type CredentialView = z.infer<typeof CredentialView>;

/** A list row: metadata plus how many devices refer to the credential. */
export const CredentialRow = CredentialMetaSchema.extend({ deviceCount: z.number().int().min(0) });
export type CredentialRow = z.infer<typeof CredentialRow>;

/** A device that uses a credential, and whether as its AMT login or its SMB settings. */
export const CredentialUser = z.object({
  id: IdSchema,
  name: z.string(),
  address: z.string(),
  roles: z.array(z.enum(['amt', 'smb'])),
});
export type CredentialUser = z.infer<typeof CredentialUser>;

/** Request channels of the credential vault; no reply ever carries a password. */
export const vaultChannels = {
  'vault.list': channel(z.undefined(), z.array(CredentialRow)),
  'vault.create': channel(
    z.object({
      name: Name,
      loginName: LoginName.default(DEFAULT_LOGIN_NAME),
      password: Password,
      confirm: z.string().max(MAX_PASSWORD_LENGTH, 'The repeated password is too long.'),
      description: Description.default(''),
    }),
    CredentialView,
  ),
  'vault.rename': channel(z.object({ id: IdSchema, name: Name }), CredentialView),
  'vault.changePassword': channel(
    z.object({
      id: IdSchema,
      password: Password,
      confirm: z.string().max(MAX_PASSWORD_LENGTH, 'The repeated password is too long.'),
    }),
    CredentialView,
  ),
  'vault.delete': channel(
    z.object({ id: IdSchema, detach: z.boolean().optional() }),
    z.object({ deleted: z.literal(true), detached: z.number().int().min(0) }),
  ),
  'vault.usage': channel(z.object({ id: IdSchema }), z.array(CredentialUser)),
} satisfies Record<string, ChannelSpec>;

/** Events of this domain pushed by main. */
export const vaultEvents = {};
