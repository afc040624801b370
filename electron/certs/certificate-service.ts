import forge from 'node-forge';
import { OutbandError } from '../../shared/errors';
import type { SecretStore } from '../vault/secret-store';
import type { CertificateHashes } from './cert-hashes';
import { describeCertificate, type CertificateInfo } from './cert-info';
import { CertStore, type CertFileWriter } from './cert-store';
import { formatSubject } from './subject';
import {
  createCsr,
  discardCsr,
  importSignedCertificate,
  pendingCsr,
  type CsrFields,
  type CsrResult,
  type ImportResult,
} from './csr';
import {
  createManagementCertificate,
  deleteManagementCertificate,
  exportManagementCertificate,
  managementStatus,
  readManagement,
  type ManagementCertOptions,
  type ManagementExport,
  type ManagementStatus,
} from './management-cert';
import { createZoneCa, deleteZoneCa, exportZoneCa, readZoneCa, type ZoneCaOptions } from './zone-ca';
import { issueDeviceTlsCertificate, managementMaterial, type ProvisioningMaterial } from './provisioning-material';

/** What a CSR waiting for its certificate looks like. */
export interface PendingCsrInfo {
  subject: string;
  pem: string;
}

/** Everything the certificates screen shows at once. */
export interface CertificatesStatus {
  zoneCa: CertificateInfo | null;
  management: ManagementStatus | null;
  pendingCsr: PendingCsrInfo | null;
}

/** The root certificate whose hash goes into AMT devices (`zman iamt-root-certificate-hash`). */
export interface RootHashes {
  /** `management-chain`: root of the management certificate's chain; `zone-ca`: the zone CA. */
  source: 'management-chain' | 'zone-ca';
  subject: string;
  hashes: CertificateHashes;
}

/** Guards operations that destroy keys: the caller must say so explicitly. */
export interface Confirmation {
  confirm: boolean;
}

function requireConfirm(c: Confirmation, what: string): void {
  if (c.confirm !== true) {
    throw new OutbandError('certs.confirm-required', `Deleting the ${what} needs an explicit confirmation.`);
  }
}

/**
 * Zone CA, Intel AMT management certificate, CSR and import, rooted at `<dataDir>/certs/`.
 * Private keys are encrypted at rest; their passphrases live only in the SecretStore.
 */
export class CertificateService {
  private readonly store: CertStore;
  private readonly now: () => Date;
  /** The change in progress: changes run one at a time (see `exclusive`). */
  private changing: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string, secrets: SecretStore, options: { now?: () => Date; writeFile?: CertFileWriter } = {}) {
    this.store = new CertStore(dataDir, secrets, options.writeFile);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Runs one change after the other. Each change ends by sweeping key files no document uses;
   * run side by side, one change's sweep would delete the key another has written but not yet
   * committed. (Other processes are kept out by the data folder lock.)
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.changing.then(fn, fn);
    this.changing = next.catch(() => undefined);
    return next;
  }

  /** The folder holding the certificate files. */
  get folder(): string {
    return this.store.dir;
  }

  /** Zone CA, management certificate and pending CSR, as far as they exist. */
  async status(): Promise<CertificatesStatus> {
    const ca = await readZoneCa(this.store);
    const csr = await pendingCsr(this.store);
    return {
      zoneCa: ca ? describeCertificate(ca) : null,
      management: await managementStatus(this.store),
      pendingCsr: csr ? { pem: csr, subject: subjectOfCsr(csr) } : null,
    };
  }

  /** Creates the zone root CA; `replace` is needed when one exists, and refused while its management certificate exists. */
  createZoneCa(options: ZoneCaOptions & { replace?: boolean } = {}): Promise<CertificateInfo> {
    return this.exclusive(async () => {
      const existing = await readZoneCa(this.store);
      if (existing && !options.replace) {
        throw new OutbandError(
          'certs.ca-exists',
          'A zone root CA already exists; replacing it needs an explicit replace.',
        );
      }
      const mgmt = await managementStatus(this.store);
      if (existing && mgmt?.source === 'zone-ca') {
        throw new OutbandError(
          'certs.mgmt-cert-exists',
          'The management certificate was issued by the current zone CA. Unprovision the devices, delete the ' +
            'management certificate, then replace the zone CA and create a new management certificate.',
        );
      }
      return createZoneCa(this.store, options, this.now());
    });
  }

  /** The zone CA certificate, or null. */
  async zoneCa(): Promise<CertificateInfo | null> {
    const ca = await readZoneCa(this.store);
    return ca ? describeCertificate(ca) : null;
  }

  /** The zone CA certificate as PEM or DER bytes. */
  exportZoneCa(format: 'pem' | 'der'): Promise<Buffer> {
    return exportZoneCa(this.store, format);
  }

  /** Deletes the zone CA and its key (explicit confirmation required); true when there was one. */
  async deleteZoneCa(confirmation: Confirmation): Promise<boolean> {
    requireConfirm(confirmation, 'zone root CA');
    return this.exclusive(() => deleteZoneCa(this.store));
  }

  /** Issues the Intel AMT management certificate from the zone CA (`iamt-create-mgmtcert`). */
  createManagementCertificate(options: ManagementCertOptions & { replace?: boolean }): Promise<ManagementStatus> {
    return this.exclusive(async () => {
      if (!options.replace && (await readManagement(this.store))) {
        throw new OutbandError(
          'certs.mgmt-exists',
          'An Intel AMT management certificate already exists; delete it first or ask to replace it.',
        );
      }
      return createManagementCertificate(this.store, options, this.now());
    });
  }

  /** The management certificate, or null. */
  managementCertificate(): Promise<ManagementStatus | null> {
    return managementStatus(this.store);
  }

  /** Creates a CSR for an external CA (`iamt-create-csr`). */
  createCsr(fields: CsrFields): Promise<CsrResult> {
    return this.exclusive(() => createCsr(this.store, fields));
  }

  /** Drops the pending CSR and its key (explicit confirmation required); true when there was one. */
  async discardCsr(confirmation: Confirmation): Promise<boolean> {
    requireConfirm(confirmation, 'pending certificate request and its key');
    return this.exclusive(() => discardCsr(this.store));
  }

  /** Imports the certificate the external CA issued (`iamt-create-mgmtcert -p`), after checking it. */
  importManagementCertificate(data: string | Uint8Array): Promise<ImportResult> {
    return this.exclusive(() => importSignedCertificate(this.store, data, this.now()));
  }

  /** Exports the management certificate as PEM, DER or passphrase-protected PFX. */
  exportManagementCertificate(how: ManagementExport): Promise<Buffer> {
    return exportManagementCertificate(this.store, how);
  }

  /** Deletes the management certificate and its key (`iamt-delete-mgmtcert`); true when there was one. */
  async deleteManagementCertificate(confirmation: Confirmation): Promise<boolean> {
    requireConfirm(confirmation, 'Intel AMT management certificate');
    return this.exclusive(() => deleteManagementCertificate(this.store));
  }

  /** The management certificate's chain and key for a provisioning connect-back (main process only). */
  provisioningMaterial(): Promise<ProvisioningMaterial> {
    return this.exclusive(() => managementMaterial(this.store));
  }

  /** Issues a device TLS certificate from the zone CA for the public key the device generated. */
  issueDeviceCertificate(
    devicePublicKeyDer: Buffer,
    names: { commonName: string; dnsNames: string[]; ipAddresses: string[] },
  ): Promise<{ der: Buffer; pem: string; fingerprint: string }> {
    return this.exclusive(() => issueDeviceTlsCertificate(this.store, devicePublicKeyDer, names));
  }

  /** Hashes of the root AMT devices must trust: the management chain's root, else the zone CA. */
  async rootCertificateHashes(): Promise<RootHashes> {
    const mgmt = await managementStatus(this.store);
    if (mgmt?.root) return { source: 'management-chain', subject: mgmt.root.subject, hashes: mgmt.root.hashes };
    if (mgmt) {
      throw new OutbandError(
        'certs.no-root',
        "The management certificate's chain does not reach a root; import it again with its intermediate and root certificates.",
      );
    }
    const ca = await readZoneCa(this.store);
    if (ca) {
      const info = describeCertificate(ca);
      return { source: 'zone-ca', subject: info.subject, hashes: info.hashes };
    }
    throw new OutbandError(
      'certs.no-root',
      'There is no root certificate to hash: create the zone CA, or import a management certificate with its chain.',
    );
  }
}

function subjectOfCsr(pem: string): string {
  const csr = forge.pki.certificationRequestFromPem(pem);
  return formatSubject(csr.subject.attributes);
}
