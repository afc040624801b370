import type forge from 'node-forge';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { OutbandError } from '../../shared/errors';
import { writeFileAtomic } from '../store/atomic-file';
import type { SecretStore } from '../vault/secret-store';
import { loadCertificates, type LoadedCertificate } from './der';
import { decryptPrivateKey, encryptPrivateKey, newKeyPassphrase, publicKeyId } from './keys';

/** The files Outband keeps under `<dataDir>/certs/`. Keys are encrypted; passphrases are in the keychain. */
export const CERT_FILES = {
  zoneCaCert: 'zone-ca.crt.pem',
  zoneCaKey: 'zone-ca.key.pem',
  mgmtCert: 'mgmt.crt.pem',
  mgmtChain: 'mgmt.chain.pem',
  mgmtKey: 'mgmt.key.pem',
  pendingCsr: 'pending.csr.pem',
  pendingKey: 'pending.key.pem',
} as const;

/** Which file a name refers to. */
export type CertFile = keyof typeof CERT_FILES;

/** Whose key a keychain passphrase opens; the account also carries the key's id. */
export type KeyRole = 'zone-ca-key' | 'mgmt-cert-key';

/** The keychain account for a key: role plus public-key id, so replaced keys never share an entry. */
export function keyAccount(role: KeyRole, publicKey: forge.pki.PublicKey): string {
  return `${role}:${publicKeyId(publicKey)}`;
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Files and key secrets of the certificate service, rooted at `<dataDir>/certs/`. */
export class CertStore {
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly secrets: SecretStore,
  ) {
    this.dir = join(dataDir, 'certs');
  }

  /** Absolute path of one of our files. */
  path(file: CertFile): string {
    return join(this.dir, CERT_FILES[file]);
  }

  /** The file's text, or null when it does not exist. */
  async readText(file: CertFile): Promise<string | null> {
    try {
      return await readFile(this.path(file), 'utf8');
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  /** The certificates in one of our PEM files; empty when the file does not exist. */
  async readCertificates(file: CertFile): Promise<LoadedCertificate[]> {
    const text = await this.readText(file);
    return text === null || text.trim() === '' ? [] : loadCertificates(text);
  }

  /** Writes one of our files atomically (mode 0600). */
  async write(file: CertFile, text: string): Promise<void> {
    await writeFileAtomic(this.path(file), text);
  }

  /** Removes one of our files; true when it was there. */
  async remove(file: CertFile): Promise<boolean> {
    try {
      await unlink(this.path(file));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** Encrypts a private key under a new random passphrase kept in the keychain, then writes the file. */
  async saveKey(
    file: CertFile,
    role: KeyRole,
    key: forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.PublicKey,
  ): Promise<void> {
    const passphrase = newKeyPassphrase();
    // The keychain first: if it is unreachable, no key file is written that nothing could open.
    await this.secrets.set(keyAccount(role, publicKey), passphrase);
    await this.write(file, encryptPrivateKey(key, passphrase));
  }

  /** Reads and decrypts a private key with its passphrase from the keychain. */
  async loadKey(
    file: CertFile,
    role: KeyRole,
    publicKey: forge.pki.PublicKey,
    what: string,
  ): Promise<forge.pki.rsa.PrivateKey> {
    const pem = await this.readText(file);
    if (pem === null) {
      throw new OutbandError(
        'certs.key-missing',
        `The private key file of the ${what} is missing (${this.path(file)}).`,
      );
    }
    const passphrase = await this.secrets.get(keyAccount(role, publicKey));
    if (passphrase === null) {
      throw new OutbandError(
        'certs.key-passphrase-missing',
        `The keychain holds no passphrase for the private key of the ${what}; it cannot be used.`,
      );
    }
    return decryptPrivateKey(pem, passphrase, what);
  }

  /** Removes a key's passphrase from the keychain. */
  async forgetKey(role: KeyRole, publicKey: forge.pki.PublicKey): Promise<void> {
    await this.secrets.delete(keyAccount(role, publicKey));
  }
}
