import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CredentialMetaSchema } from '../../shared/domain/credential';
import { DeviceSchema } from '../../shared/domain/device';
import {
  DEFAULT_DISCOVERED_EXPIRY_HOURS,
  DiscoveredDeviceSchema,
  DiscoveredExpiryHoursSchema,
} from '../../shared/domain/discovered';
import { FolderSchema } from '../../shared/domain/folder';
import { JobRecordSchema } from '../../shared/domain/job';
import { nameKey } from '../../shared/domain/common';
import { ScheduleSchema, ZoneSettingsSchema } from '../../shared/domain/zone';
import { LabDocSchema, type LabDoc } from '../../shared/domain/lab';
import { DEFAULT_RECONCILE_SCHEDULE, InventoryDocSchema, type InventoryDoc } from '../../shared/domain/reconcile';

/** The schema version every document is written at today. */
export const CURRENT_VERSION = 1;

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

function flagDuplicates(ctx: z.RefinementCtx, what: string, values: readonly string[]): void {
  for (const d of new Set(duplicates(values))) ctx.addIssue({ code: 'custom', message: `Duplicate ${what}: ${d}` });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The plain-HTTP migration, run on every zone.json as it is read (before validation, and after
 * the v0 → v1 step, which never wrote the field). Until this release a zone allowed plain HTTP
 * unless someone turned it off: `allowPlainHttp` defaulted to true, both when a zone was created
 * and when the field was absent. New zones now keep to TLS (the schema default is false and
 * `create` writes false), but an existing profile must not lose devices it reaches over 16992
 * today. So a stored zone that says nothing keeps the old default, true: its devices keep
 * working, and turning plain HTTP off stays the person's own choice in the zone settings. A
 * stored true or false is a choice (or the old default written out) and is kept as it is. Every
 * zone written from now on carries the field, so this only ever touches old files.
 */
function keepStoredPlainHttpChoice(raw: unknown): unknown {
  if (!isRecord(raw) || !isRecord(raw.zone) || 'allowPlainHttp' in raw.zone) return raw;
  return { ...raw, zone: { ...raw.zone, allowPlainHttp: true } };
}

/** zone.json: the zone's settings, and room for schedules. */
export const ZoneDocSchema = z.preprocess(
  keepStoredPlainHttpChoice,
  z.object({
    schemaVersion: z.literal(CURRENT_VERSION),
    zone: ZoneSettingsSchema,
    schedules: z.array(ScheduleSchema).optional(),
  }),
);
export type ZoneDoc = z.infer<typeof ZoneDocSchema>;

/** devices.json: folders and devices together, since moves and folder deletes touch both. */
export const DevicesDocSchema = z
  .object({
    schemaVersion: z.literal(CURRENT_VERSION),
    folders: z.array(FolderSchema).default([]),
    devices: z.array(DeviceSchema).default([]),
  })
  .superRefine((doc, ctx) => {
    const folderIds = new Set(doc.folders.map((f) => f.id));
    flagDuplicates(
      ctx,
      'folder id',
      doc.folders.map((f) => f.id),
    );
    flagDuplicates(
      ctx,
      'device id',
      doc.devices.map((d) => d.id),
    );
    flagDuplicates(
      ctx,
      'device name',
      doc.devices.map((d) => nameKey(d.name)),
    );
    for (const f of doc.folders) {
      if (f.parentId !== null && !folderIds.has(f.parentId)) {
        ctx.addIssue({ code: 'custom', message: `Folder ${f.id} has a missing parent ${f.parentId}` });
      }
    }
    for (const d of doc.devices) {
      if (d.folderId !== null && !folderIds.has(d.folderId)) {
        ctx.addIssue({ code: 'custom', message: `Device ${d.id} is in a missing folder ${d.folderId}` });
      }
    }
  });
export type DevicesDoc = z.infer<typeof DevicesDocSchema>;

/** discovered.json: devices found by scans and Hellos, apart from the managed ones; they expire. */
export const DiscoveredDocSchema = z.object({
  schemaVersion: z.literal(CURRENT_VERSION),
  /** Hours after its last sighting that a discovered device is forgotten. */
  expiryHours: DiscoveredExpiryHoursSchema.default(DEFAULT_DISCOVERED_EXPIRY_HOURS),
  devices: z.array(DiscoveredDeviceSchema).max(100_000).default([]),
});
export type DiscoveredDoc = z.infer<typeof DiscoveredDocSchema>;

/** credentials.json: vault metadata only; passwords are in the OS keychain. */
export const CredentialsDocSchema = z
  .object({
    schemaVersion: z.literal(CURRENT_VERSION),
    credentials: z.array(CredentialMetaSchema).default([]),
  })
  .superRefine((doc, ctx) => {
    flagDuplicates(
      ctx,
      'credential id',
      doc.credentials.map((c) => c.id),
    );
    flagDuplicates(
      ctx,
      'credential name',
      doc.credentials.map((c) => nameKey(c.name)),
    );
  });
export type CredentialsDoc = z.infer<typeof CredentialsDocSchema>;

/** jobs.json: the records finished jobs leave, newest last. */
export const JobsDocSchema = z.object({
  schemaVersion: z.literal(CURRENT_VERSION),
  jobs: z.array(JobRecordSchema).default([]),
});
export type JobsDoc = z.infer<typeof JobsDocSchema>;

/** Every document the store knows, by name. */
export interface Documents {
  zone: ZoneDoc;
  devices: DevicesDoc;
  credentials: CredentialsDoc;
  jobs: JobsDoc;
  lab: LabDoc;
  discovered: DiscoveredDoc;
  inventory: InventoryDoc;
}
export type DocName = keyof Documents;

/** How one document lives on disk. */
export interface DocumentSpec<T> {
  file: string;
  schema: z.ZodType<T>;
  /** The content of a document that has never been written. */
  create(): T;
}

function now(): string {
  return new Date().toISOString();
}

/** The document table: file name, schema and empty content for each document. */
export const DOCUMENT_SPECS: { [K in DocName]: DocumentSpec<Documents[K]> } = {
  zone: {
    file: 'zone.json',
    schema: ZoneDocSchema,
    create: () => ({
      schemaVersion: CURRENT_VERSION,
      zone: {
        id: randomUUID(),
        name: 'Default zone',
        defaultTlsMode: 'tls',
        // A new zone keeps to TLS; plain HTTP is a choice made in the zone settings or per device.
        allowPlainHttp: false,
        created: now(),
        updated: now(),
      },
    }),
  },
  devices: {
    file: 'devices.json',
    schema: DevicesDocSchema,
    create: () => ({ schemaVersion: CURRENT_VERSION, folders: [], devices: [] }),
  },
  credentials: {
    file: 'credentials.json',
    schema: CredentialsDocSchema,
    create: () => ({ schemaVersion: CURRENT_VERSION, credentials: [] }),
  },
  jobs: {
    file: 'jobs.json',
    schema: JobsDocSchema,
    create: () => ({ schemaVersion: CURRENT_VERSION, jobs: [] }),
  },
  lab: {
    file: 'lab.json',
    schema: LabDocSchema,
    create: () => ({ schemaVersion: CURRENT_VERSION, enabled: false, devices: {}, ports: {} }),
  },
  discovered: {
    file: 'discovered.json',
    schema: DiscoveredDocSchema,
    create: () => ({ schemaVersion: CURRENT_VERSION, expiryHours: DEFAULT_DISCOVERED_EXPIRY_HOURS, devices: [] }),
  },
  inventory: {
    file: 'inventory.json',
    schema: InventoryDocSchema,
    create: () => ({
      schemaVersion: CURRENT_VERSION,
      devices: {},
      schedule: { ...DEFAULT_RECONCILE_SCHEDULE },
      runs: [],
    }),
  },
};

/** The document names in a fixed order. */
export const DOC_NAMES = Object.keys(DOCUMENT_SPECS) as DocName[];
