import forge from 'node-forge';
import { readdir } from 'node:fs/promises';
import {
  KEY_FILE_PATTERN,
  KEY_SLOTS,
  keyAccount,
  roleOfKeyPrefix,
  type CertStore,
  type KeyRole,
  type KeySlot,
} from './cert-store';

/** A key whose document was just replaced or removed; its keychain entry goes unless a document still uses it. */
export interface RetiredKey {
  role: KeyRole;
  publicKey: forge.pki.PublicKey;
}

type Owners = Record<KeySlot, forge.pki.PublicKey | null>;

/** The public keys the stored zone CA, management certificate and pending CSR use. */
async function currentOwners(store: CertStore): Promise<Owners> {
  const [ca] = await store.readCertificates('zoneCaCert');
  const [mgmt] = await store.readCertificates('mgmtCert');
  const csr = await store.readText('pendingCsr');
  return {
    zoneCa: ca?.cert.publicKey ?? null,
    mgmt: mgmt?.cert.publicKey ?? null,
    pending: csr === null ? null : forge.pki.certificationRequestFromPem(csr).publicKey,
  };
}

/**
 * Runs after a certificate, CSR or deletion was committed: removes key files and keychain
 * entries no stored document uses any more (the keychain entry first, so an interrupted sweep
 * leaves a file the next sweep still finds by its name), including leftovers of replacements
 * that were interrupted before their commit, and legacy fixed-name key files once their key has
 * an id-named file or no owner.
 */
export async function sweepKeys(store: CertStore, retired: readonly RetiredKey[] = []): Promise<void> {
  let owners: Owners;
  try {
    owners = await currentOwners(store);
  } catch {
    // A document we cannot read may still need its key: when unsure, delete nothing.
    return;
  }
  const slots = Object.keys(KEY_SLOTS) as KeySlot[];
  const inUse = new Set<string>();
  for (const slot of slots) {
    const key = owners[slot];
    if (key) inUse.add(keyAccount(KEY_SLOTS[slot].role, key));
  }
  const names = await readdir(store.dir).catch(() => [] as string[]);
  for (const name of names) {
    const match = KEY_FILE_PATTERN.exec(name);
    if (!match) continue;
    const account = `${roleOfKeyPrefix(match[1])}:${match[2]}`;
    if (inUse.has(account)) continue;
    await store.forgetAccount(account);
    await store.removeName(name);
  }
  for (const slot of slots) {
    const owner = owners[slot];
    // A legacy file stays only while it is the one copy of a key a document uses.
    if (owner && !(await store.hasKeyFile(slot, owner))) continue;
    await store.remove(KEY_SLOTS[slot].legacy);
  }
  for (const key of retired) {
    const account = keyAccount(key.role, key.publicKey);
    if (!inUse.has(account)) await store.forgetAccount(account);
  }
}
