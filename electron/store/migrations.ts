import { randomUUID } from 'node:crypto';
import { OutbandError } from '../../shared/errors';
import { validateAddress } from '../../shared/domain/address';
import { nameKey } from '../../shared/domain/common';
import { splitFolderPath } from '../../shared/domain/folder';
import { CURRENT_VERSION, type DocName } from './documents';

/** Turns a document at version N into version N + 1. Input is unvalidated JSON. */
export type Migration = (raw: unknown) => unknown;

/** Per document, the migration that leaves each version. */
export type MigrationTable = { [K in DocName]: Record<number, Migration> };

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The schema version a raw document declares; files from before versioning count as 0. */
export function schemaVersionOf(raw: unknown): number {
  if (isObject(raw) && typeof raw.schemaVersion === 'number') return raw.schemaVersion;
  return 0;
}

function listOf(raw: unknown, key: string): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (isObject(raw) && Array.isArray(raw[key])) return raw[key] as unknown[];
  return [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * v0 (the prototype) kept devices as `{ devices: [{ name, host, tls: boolean, port?, credential?,
 * tags?, notes?, folder?: "A/B" }] }` (or a bare array) and had no folder objects. v1 has
 * validated addresses, `tlsMode`, folder ids and timestamps.
 */
function devicesV0toV1(raw: unknown): unknown {
  const stamp = new Date().toISOString();
  const folders: { id: string; name: string; parentId: string | null }[] = [];
  const folderFor = (path: string | undefined): string | null => {
    let parentId: string | null = null;
    for (const name of splitFolderPath(path ?? '')) {
      let f = folders.find((x) => x.parentId === parentId && nameKey(x.name) === nameKey(name));
      if (!f) folders.push((f = { id: randomUUID(), name, parentId }));
      parentId = f.id;
    }
    return parentId;
  };
  const devices = listOf(raw, 'devices')
    .filter(isObject)
    .map((d, i) => {
      const host = str(d.host) ?? str(d.address) ?? '';
      const check = validateAddress(host);
      if (!check.ok) throw new Error(`device ${i + 1} ("${str(d.name) ?? host}"): ${check.error}`);
      const device: Json = {
        id: str(d.id) ?? randomUUID(),
        name: str(d.name)?.trim() || check.address,
        address: check.address,
        tlsMode: d.tls === false ? 'plain' : 'tls',
        tags: Array.isArray(d.tags) ? d.tags.filter((t) => typeof t === 'string') : [],
        notes: str(d.notes) ?? '',
        folderId: folderFor(str(d.folder)),
        created: stamp,
        updated: stamp,
      };
      if (typeof d.port === 'number') device.port = d.port;
      if (str(d.credential)) device.credentialId = d.credential;
      return device;
    });
  return { schemaVersion: 1, folders, devices };
}

/** v0 credentials were a bare array of `{ id, name, user, description? }`. */
function credentialsV0toV1(raw: unknown): unknown {
  const stamp = new Date().toISOString();
  const credentials = listOf(raw, 'credentials')
    .filter(isObject)
    .map((c) => ({
      id: str(c.id) ?? randomUUID(),
      name: str(c.name) ?? '',
      loginName: str(c.user) ?? str(c.loginName) ?? 'admin',
      description: str(c.description) ?? '',
      created: str(c.created) ?? stamp,
      updated: str(c.updated) ?? stamp,
    }));
  return { schemaVersion: 1, credentials };
}

/** v0 zone files held the settings at the top level. */
function zoneV0toV1(raw: unknown): unknown {
  const stamp = new Date().toISOString();
  const z = isObject(raw) ? raw : {};
  return {
    schemaVersion: 1,
    zone: { id: str(z.id) ?? randomUUID(), name: str(z.name) ?? 'Default zone', created: stamp, updated: stamp },
  };
}

/** v0 job history was a bare array of records already in today's shape. */
function jobsV0toV1(raw: unknown): unknown {
  return { schemaVersion: 1, jobs: listOf(raw, 'jobs') };
}

/** The migration table: add an entry here (and bump CURRENT_VERSION) for every format change. */
export const MIGRATIONS: MigrationTable = {
  zone: { 0: zoneV0toV1 },
  devices: { 0: devicesV0toV1 },
  credentials: { 0: credentialsV0toV1 },
  jobs: { 0: jobsV0toV1 },
  // lab.json arrived at schema 1: there is no older form to migrate.
  lab: {},
  // discovered.json arrived at schema 1 too.
  discovered: {},
  // inventory.json too.
  inventory: {},
};

/** Brings a raw document up to `target`, one version at a time; refuses documents from a newer Outband. */
export function migrateDocument(
  name: DocName,
  raw: unknown,
  table: MigrationTable = MIGRATIONS,
  target: number = CURRENT_VERSION,
): { data: unknown; from: number } {
  const from = schemaVersionOf(raw);
  if (from > target) {
    throw new OutbandError(
      'store.too-new',
      `${name}.json was written by a newer Outband (schema ${from}; this one reads up to ${target}). Update Outband.`,
    );
  }
  let data = raw;
  for (let v = from; v < target; v++) {
    const step = table[name][v];
    if (!step) throw new OutbandError('store.migration-missing', `No migration for ${name}.json from schema ${v}.`);
    try {
      data = step(data);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new OutbandError('store.migration-failed', `Could not upgrade ${name}.json from schema ${v}: ${why}`);
    }
    if (schemaVersionOf(data) !== v + 1) {
      throw new OutbandError(
        'store.migration-failed',
        `The migration of ${name}.json from schema ${v} did not reach ${v + 1}.`,
      );
    }
  }
  return { data, from };
}
