import { z } from 'zod';
import { IdSchema, NameSchema, TimestampSchema } from './common';

/** The management zone: one per profile, holding defaults for new devices. */
export const ZoneSettingsSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  /** TLS mode given to a new device when none is chosen. */
  defaultTlsMode: z.enum(['tls', 'plain']).default('tls'),
  /**
   * Plain HTTP (16992) sends digest-authenticated but unencrypted traffic, so a zone keeps to TLS
   * until someone allows it here (or chooses it for one device). Zone documents from before this
   * default changed keep what they had: see ZoneDocSchema in electron/store/documents.ts.
   */
  allowPlainHttp: z.boolean().default(false),
  /** Credential offered first for new devices, if any. */
  defaultCredentialId: IdSchema.optional(),
  created: TimestampSchema,
  updated: TimestampSchema,
});
export type ZoneSettings = z.infer<typeof ZoneSettingsSchema>;

/** A recurring schedule (power or reconciliation); its owner will pin the fields down. */
export const ScheduleSchema = z.looseObject({
  id: IdSchema,
  kind: z.string().min(1),
  cron: z.string().min(1),
  enabled: z.boolean().default(true),
});
export type Schedule = z.infer<typeof ScheduleSchema>;
