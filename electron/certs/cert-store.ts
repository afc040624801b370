import type forge from 'node-forge';
import { access, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { OutbandError } from '../../shared/errors';
import { writeFileAtomic } from '../store/atomic-file';
import type { SecretStore } from '../vault/secret-store';
import { loadCertificates, type LoadedCertificate } from './der';
import {
  decryptPrivateKey,
  encryptPrivateKey,
  newKeyPassphrase,
  publicKeyId,
  publicKeyOf,
  samePublicKey,
} from './keys';

/**
 * The fixed-name files Outband keeps under `<dataDir>/certs/`. Private keys are not among them:
 * they are named by key id (`zone-ca.<id>.key.pem`, `mgmt.<id>.key.pem`, see `CertStore.keyFileName`),
 * so writing a new key never overwrites the one the current certificate still needs; the
 * certificate (or CSR) write is the commit. The `legacy*` names are the layout before that, still
 * read so existing data folders keep working, and removed once nothing needs them.
 */
export const CERT_FILES = {
  zoneCaCert: 'zone-ca.crt.pem',
  /** The management certificate followed by its issuers, nearest first. */
  mgmtCert: 'mgmt.crt.pem',
  pendingCsr: 'pending.csr.pem',
  legacyZoneCaKey: 'zone-ca.key.pem',
  legacyMgmtKey: 'mgmt.key.pem',
  legacyMgmtChain: 'mgmt.chain.pem',
  legacyPendingKey: 'pending.key.pem',
} as const;

/** Which file a name refers to. */
export type CertFile = keyof typeof CERT_FILES;

/** Whose key a keychain passphrase opens; the account also carries the key's id. */
export type KeyRole = 'zone-ca-key' | 'mgmt-cert-key';

/** Which document a key belongs to: the zone CA, the management certificate or the pending CSR. */
export type KeySlot = 'zoneCa' | 'mgmt' | 'pending';

/** Each slot's keychain role and the fixed file name older versions kept its key under. */
export const KEY_SLOTS: Record<KeySlot, { role: KeyRole; legacy: CertFile }> = {
  zoneCa: { role: 'zone-ca-key', legacy: 'legacyZoneCaKey' },
  mgmt: { role: 'mgmt-cert-key', legacy: 'legacyMgmtKey' },
  // A pending CSR's key becomes the management key on import: same role, same file, nothing moves.
  pending: { role: 'mgmt-cert-key', legacy: 'legacyPendingKey' },
};

const KEY_FILE_PREFIX: Record<KeyRole, string> = { 'zone-ca-key': 'zone-ca', 'mgmt-cert-key': 'mgmt' };

/** A key file named by key id: `<prefix>.<16 hex>.key.pem`. */
export const KEY_FILE_PATTERN = /^(zone-ca|mgmt)\.([0-9a-f]{16})\.key\.pem$/;

/** The role whose key files start with this prefix. */
export function roleOfKeyPrefix(prefix: string): KeyRole {
  return prefix === 'zone-ca' ? 'zone-ca-key' : 'mgmt-cert-key';
}

/** The keychain account for a key: role plus public-key id, so replaced keys never share an entry. */
export function keyAccount(role: KeyRole, publicKey: forge.pki.PublicKey): string {
  return `${role}:${publicKeyId(publicKey)}`;
}

/** Writes a file of ours; tests pass one that fails to prove a half-done replacement loses nothing. */
export type CertFileWriter = (path: string, text: string) => Promise<void>;

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Files and key secrets of the certificate service, rooted at `<dataDir>/certs/`. */
export class CertStore {
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly secrets: SecretStore,
    // certs/ holds encrypted keys: only its owner may list it, like the data folder itself.
    private readonly writeText: CertFileWriter = (path, text) => writeFileAtomic(path, text, { dirMode: 0o700 }),
  ) {
    this.dir = join(dataDir, 'certs');
  }

  /** Absolute path of one of our fixed-name files. */
  path(file: CertFile): string {
    return join(this.dir, CERT_FILES[file]);
  }

  /** The file name of a key: its role's prefix and its public-key id. */
  keyFileName(role: KeyRole, publicKey: forge.pki.PublicKey): string {
    return `${KEY_FILE_PREFIX[role]}.${publicKeyId(publicKey)}.key.pem`;
  }

  private async readPath(path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  /** The file's text, or null when it does not exist. */
  readText(file: CertFile): Promise<string | null> {
    return this.readPath(this.path(file));
  }

  /** The certificates in one of our PEM files; empty when the file does not exist. */
  async readCertificates(file: CertFile): Promise<LoadedCertificate[]> {
    const text = await this.readText(file);
    return text === null || text.trim() === '' ? [] : loadCertificates(text);
  }

  /** Writes one of our files atomically (mode 0600). */
  async write(file: CertFile, text: string): Promise<void> {
    await this.writeText(this.path(file), text);
  }

  /** Removes one of our files; true when it was there. */
  remove(file: CertFile): Promise<boolean> {
    return this.removeName(CERT_FILES[file]);
  }

  /** Removes a file of this folder by name; true when it was there. */
  async removeName(name: string): Promise<boolean> {
    try {
      await unlink(join(this.dir, name));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** True when the key has its own id-named file. */
  async hasKeyFile(slot: KeySlot, publicKey: forge.pki.PublicKey): Promise<boolean> {
    return access(join(this.dir, this.keyFileName(KEY_SLOTS[slot].role, publicKey))).then(
      () => true,
      () => false,
    );
  }

  /**
   * Encrypts a new private key under a new random passphrase kept in the keychain, then writes it
   * to its own id-named file; no existing key file is touched.
   */
  async saveKey(slot: KeySlot, key: forge.pki.rsa.PrivateKey): Promise<void> {
    const { role } = KEY_SLOTS[slot];
    const publicKey = publicKeyOf(key);
    const passphrase = newKeyPassphrase();
    // The keychain first: if it is unreachable, no key file is written that nothing could open.
    await this.secrets.set(keyAccount(role, publicKey), passphrase);
    await this.writeText(join(this.dir, this.keyFileName(role, publicKey)), encryptPrivateKey(key, passphrase));
  }

  /** The encrypted key's PEM: its id-named file, else the slot's legacy fixed-name file; null when neither exists. */
  private async readKeyPem(slot: KeySlot, publicKey: forge.pki.PublicKey): Promise<string | null> {
    const { role, legacy } = KEY_SLOTS[slot];
    return (await this.readPath(join(this.dir, this.keyFileName(role, publicKey)))) ?? this.readText(legacy);
  }

  /** Reads and decrypts a private key with its passphrase from the keychain, and checks it is this public key's. */
  async loadKey(slot: KeySlot, publicKey: forge.pki.PublicKey, what: string): Promise<forge.pki.rsa.PrivateKey> {
    const pem = await this.readKeyPem(slot, publicKey);
    if (pem === null) {
      throw new OutbandError('certs.key-missing', `The private key file of the ${what} is missing (${this.dir}).`);
    }
    const passphrase = await this.secrets.get(keyAccount(KEY_SLOTS[slot].role, publicKey));
    if (passphrase === null) {
      throw new OutbandError(
        'certs.key-passphrase-missing',
        `The keychain holds no passphrase for the private key of the ${what}; it cannot be used.`,
      );
    }
    const key = decryptPrivateKey(pem, passphrase, what);
    if (!samePublicKey(publicKeyOf(key), publicKey)) {
      throw new OutbandError('certs.key-unreadable', `The private key file of the ${what} holds another key.`);
    }
    return key;
  }

  /**
   * Gives a key kept in a legacy fixed-name file its own id-named file (same passphrase, same
   * keychain entry), so removing the legacy file later cannot lose it.
   */
  async ensureKeyFile(slot: KeySlot, publicKey: forge.pki.PublicKey, what: string): Promise<void> {
    if (await this.hasKeyFile(slot, publicKey)) return;
    const pem = await this.readText(KEY_SLOTS[slot].legacy);
    if (pem === null) throw new OutbandError('certs.key-missing', `The private key of the ${what} is missing.`);
    await this.writeText(join(this.dir, this.keyFileName(KEY_SLOTS[slot].role, publicKey)), pem);
  }

  /** Removes a key's passphrase from the keychain by account. */
  async forgetAccount(account: string): Promise<void> {
    await this.secrets.delete(account);
  }
}
