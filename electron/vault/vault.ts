import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { OutbandError } from '../../shared/errors';
import { CredentialMetaSchema, DEFAULT_LOGIN_NAME, type CredentialMeta } from '../../shared/domain/credential';
import { describeIssues, nameKey } from '../../shared/domain/common';
import type { Store } from '../store/store';
import type { SecretStore } from './secret-store';
import { credentialUsers } from './credential-users';

/** What a person gives to create a credential. */
export interface NewCredential {
  name: string;
  loginName?: string;
  password: string;
  description?: string;
}

/** Changes to a credential's metadata (the password has its own call). */
export interface CredentialChanges {
  name?: string;
  loginName?: string;
  description?: string;
}

/** What a device session needs; main process only, never sent to the renderer. */
export interface ResolvedCredential {
  id: string;
  loginName: string;
  password: string;
}

const MetaInput = CredentialMetaSchema.pick({ name: true, loginName: true, description: true });

function invalid(error: z.ZodError): OutbandError {
  return new OutbandError('vault.invalid', describeIssues(error));
}

function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length === 0) {
    throw new OutbandError('vault.invalid', 'Enter a password.');
  }
  if (password.length > 1024) throw new OutbandError('vault.invalid', 'The password is too long.');
}

function notFound(what: string): OutbandError {
  return new OutbandError('vault.not-found', `No credential ${what} in the vault.`);
}

/**
 * The credential vault: metadata in the store's credentials.json, each password in the OS
 * keychain under the credential's id. Every change keeps the two in step: when the second half
 * of a change fails, the first half is undone.
 */
export class Vault {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
  ) {}

  /** All credentials' metadata, by name. */
  async list(): Promise<CredentialMeta[]> {
    const doc = await this.store.get('credentials');
    return doc.credentials.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One credential's metadata; `vault.not-found` if there is none. */
  async get(id: string): Promise<CredentialMeta> {
    const found = (await this.store.get('credentials')).credentials.find((c) => c.id === id);
    if (!found) throw notFound(`with id ${id}`);
    return found;
  }

  /** The credential with this name (case-insensitive), or undefined. */
  async findByName(name: string): Promise<CredentialMeta | undefined> {
    const key = nameKey(name);
    return (await this.store.get('credentials')).credentials.find((c) => nameKey(c.name) === key);
  }

  /** Creates a credential: password into the keychain first, then the metadata. */
  async create(input: NewCredential): Promise<CredentialMeta> {
    const parsed = MetaInput.safeParse({
      name: input.name,
      loginName: input.loginName ?? DEFAULT_LOGIN_NAME,
      description: input.description ?? '',
    });
    if (!parsed.success) throw invalid(parsed.error);
    checkPassword(input.password);
    await this.assertNameFree(parsed.data.name);
    const stamp = new Date().toISOString();
    const meta: CredentialMeta = { id: randomUUID(), ...parsed.data, created: stamp, updated: stamp };
    await this.secrets.set(meta.id, input.password);
    try {
      await this.store.update('credentials', (doc) => {
        this.assertNameFreeIn(doc.credentials, meta.name);
        doc.credentials.push(meta);
      });
    } catch (err) {
      await this.secrets.delete(meta.id).catch(() => undefined);
      throw err;
    }
    return meta;
  }

  /** Renames a credential; devices refer to it by id, so nothing else changes. */
  rename(id: string, newName: string): Promise<CredentialMeta> {
    return this.update(id, { name: newName });
  }

  /** Changes name, login name or description. */
  async update(id: string, changes: CredentialChanges): Promise<CredentialMeta> {
    return this.store.update('credentials', (doc) => {
      const current = doc.credentials.find((c) => c.id === id);
      if (!current) throw notFound(`with id ${id}`);
      const parsed = MetaInput.safeParse({ ...current, ...changes });
      if (!parsed.success) throw invalid(parsed.error);
      if (nameKey(parsed.data.name) !== nameKey(current.name)) this.assertNameFreeIn(doc.credentials, parsed.data.name);
      Object.assign(current, parsed.data, { updated: new Date().toISOString() });
      return { ...current };
    });
  }

  /** Replaces the password in the keychain; the old one is put back if the metadata cannot be saved. */
  async changePassword(id: string, password: string): Promise<CredentialMeta> {
    checkPassword(password);
    await this.get(id);
    const old = await this.secrets.get(id);
    await this.secrets.set(id, password);
    try {
      return await this.store.update('credentials', (doc) => {
        const current = doc.credentials.find((c) => c.id === id);
        if (!current) throw notFound(`with id ${id}`);
        current.updated = new Date().toISOString();
        return { ...current };
      });
    } catch (err) {
      return this.restoreSecret(id, old, err);
    }
  }

  /**
   * Deletes a credential. What refers to it goes first (devices when `detach` is set, the zone
   * default), then the keychain entry, then the metadata; if the metadata cannot be saved the
   * keychain entry is put back. So a failure at any step leaves nothing pointing at a missing
   * credential. A credential that devices use is refused with `vault.in-use` unless `detach` is set.
   */
  async delete(id: string, options: { detach?: boolean } = {}): Promise<void> {
    const meta = await this.get(id);
    const users = credentialUsers(await this.store.get('devices'), id);
    if (users.length > 0 && !options.detach) {
      const names = users
        .slice(0, 5)
        .map((d) => d.name)
        .join(', ');
      const more = users.length > 5 ? ` and ${users.length - 5} more` : '';
      throw new OutbandError('vault.in-use', `Credential "${meta.name}" is used by ${names}${more}.`, {
        deviceIds: users.map((d) => d.id),
      });
    }
    if (users.length > 0) await this.detachDevices(id);
    const zone = await this.store.get('zone');
    if (zone.zone.defaultCredentialId === id) {
      await this.store.update('zone', (doc) => void delete doc.zone.defaultCredentialId);
    }
    const old = await this.secrets.get(id);
    if (old !== null) await this.secrets.delete(id);
    try {
      await this.store.update('credentials', (doc) => {
        doc.credentials = doc.credentials.filter((c) => c.id !== id);
      });
    } catch (err) {
      return this.restoreSecret(id, old, err);
    }
  }

  /** The login name and password for a device session. Main process only. */
  async resolvePassword(id: string): Promise<ResolvedCredential> {
    const meta = await this.get(id);
    const password = await this.secrets.get(id);
    if (password === null) {
      throw new OutbandError(
        'vault.secret-missing',
        `The password of credential "${meta.name}" is not in the OS keychain. Set it again (vault passwd).`,
      );
    }
    return { id, loginName: meta.loginName, password };
  }

  /** Puts the keychain back as it was; if even that fails, says so instead of hiding it. */
  private async restoreSecret(id: string, old: string | null, cause: unknown): Promise<never> {
    try {
      if (old === null) await this.secrets.delete(id);
      else await this.secrets.set(id, old);
    } catch {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new OutbandError(
        'vault.partial',
        `Saving the vault failed (${why}) and the keychain could not be put back; set this credential's password again (vault passwd).`,
        { credentialId: id },
      );
    }
    throw cause;
  }

  private async detachDevices(id: string): Promise<void> {
    await this.store.update('devices', (doc) => {
      for (const d of doc.devices) {
        if (d.credentialId === id) delete d.credentialId;
        if (d.smb?.credentialId === id) delete d.smb;
      }
    });
  }

  private async assertNameFree(name: string): Promise<void> {
    this.assertNameFreeIn((await this.store.get('credentials')).credentials, name);
  }

  private assertNameFreeIn(credentials: readonly CredentialMeta[], name: string): void {
    const key = nameKey(name);
    if (credentials.some((c) => nameKey(c.name) === key)) {
      throw new OutbandError('vault.name-taken', `A credential named "${name.trim()}" already exists.`);
    }
  }
}
