import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { certsChannels, CertificateInput, ZoneChangeDevice } from '../../../shared/ipc/certs';
import { OutbandError } from '../../../shared/errors';
import { AMT_OID_EXPLANATION, DEFAULT_ZONE_CA_KEY_SIZE, summariseCertificate } from '../../certs';
import type { RootHashes } from '../../certs';
import { RSA_KEY_SIZES } from '../../certs/keys';
import type { Device } from '../../../shared/domain/device';

// A DN value may hold a comma or backslash; parseSubject reads them back escaped.
function escapeDnValue(value: string): string {
  return value.replace(/[\\,]/g, (c) => `\\${c}`);
}

/** The subject string of a new zone CA from the fields the form collects. */
export function zoneCaSubject(fields: {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  country?: string;
}): string {
  const parts: [string, string | undefined][] = [
    ['CN', fields.commonName],
    ['OU', fields.organizationalUnit],
    ['O', fields.organization],
    ['C', fields.country],
  ];
  return parts
    .filter((p): p is [string, string] => typeof p[1] === 'string' && p[1].trim() !== '')
    .map(([k, v]) => `${k}=${escapeDnValue(v.trim())}`)
    .join(',');
}

/** A file name that is safe on every OS, from a host name or common name. */
export function safeFileStem(text: string): string {
  const stem = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return stem.slice(0, 80) || 'certificate';
}

function certificateBytes(input: CertificateInput): string | Uint8Array {
  if ('pem' in input) return input.pem;
  const bytes = Buffer.from(input.base64.replace(/\s+/g, ''), 'base64');
  if (bytes.length === 0) throw new OutbandError('certs.unreadable', 'The file is empty.');
  return bytes;
}

async function rootOrProblem(services: Services): Promise<{ root: RootHashes | null; rootProblem: string | null }> {
  try {
    return { root: await services.certs.rootCertificateHashes(), rootProblem: null };
  } catch (err) {
    if (err instanceof OutbandError && err.code === 'certs.no-root') return { root: null, rootProblem: err.message };
    throw err;
  }
}

/** How a device stands for a zone certificate change; null when it is known to be unprovisioned. */
export function zoneChangeState(device: Device): ZoneChangeDevice['state'] | null {
  const fw = device.firmware;
  if (fw?.provisioningState === 'post') return 'provisioned';
  if (fw?.provisioningState === 'in') return 'in-provisioning';
  if (fw?.provisioningState === 'pre') return null;
  if (fw?.controlMode === 'client' || fw?.controlMode === 'admin') return 'provisioned';
  return 'unknown';
}

function commonNameOf(subject: string): string | null {
  const m = /(?:^|,\s*)CN=((?:\\.|[^,])+)/.exec(subject);
  return m?.[1] ? m[1].replace(/\\(.)/g, '$1') : null;
}

/** The handlers of the certs channels: thin calls into the certificate service. */
export function createCertsHandlers(services: Services): HandlersFor<keyof typeof certsChannels> {
  const { certs, env } = services;
  return {
    'certs.status': async () => {
      const status = await certs.status();
      return {
        ...status,
        ...(await rootOrProblem(services)),
        oidExplanation: AMT_OID_EXPLANATION,
        keySizes: [...RSA_KEY_SIZES],
        defaultZoneCaKeySize: DEFAULT_ZONE_CA_KEY_SIZE,
      };
    },
    'certs.createZoneCa': async (args) =>
      certs.createZoneCa({
        subject: zoneCaSubject(args),
        keySize: args.keySize,
        validityYears: args.validityYears,
        replace: args.replace,
      }),
    'certs.deleteZoneCa': async (args) => ({ deleted: await certs.deleteZoneCa(args) }),
    'certs.exportZoneCa': async ({ format }) => {
      const bytes = await certs.exportZoneCa(format);
      const name = format === 'pem' ? 'outband-zone-root-ca.pem' : 'outband-zone-root-ca.cer';
      return { path: await env.saveFile(name, bytes) };
    },
    'certs.createManagement': async (args) => certs.createManagementCertificate(args),
    'certs.deleteManagement': async (args) => ({ deleted: await certs.deleteManagementCertificate(args) }),
    'certs.exportManagement': async (how) => {
      const mgmt = await certs.managementCertificate();
      const bytes = await certs.exportManagementCertificate(how);
      const stem = `amt-management-${safeFileStem(mgmt?.fqdn ?? 'certificate')}`;
      const ext = { pem: 'pem', der: 'cer', pfx: 'pfx' }[how.format];
      // A PFX carries the private key: owner-only, like the key files in the data folder.
      return { path: await env.saveFile(`${stem}.${ext}`, bytes, { secret: how.format === 'pfx' }) };
    },
    'certs.createCsr': async (fields) => {
      const result = await certs.createCsr(fields);
      return { pem: result.pem, subject: result.subject, keyBits: result.keyBits, warnings: result.warnings };
    },
    'certs.saveCsr': async () => {
      const { pendingCsr } = await certs.status();
      if (!pendingCsr) {
        throw new OutbandError('certs.no-pending-csr', 'There is no certificate request to save; create one first.');
      }
      const name = `${safeFileStem(commonNameOf(pendingCsr.subject) ?? 'outband-amt-request')}.csr`;
      return { path: await env.saveFile(name, Buffer.from(pendingCsr.pem, 'utf8')) };
    },
    'certs.discardCsr': async (args) => ({ discarded: await certs.discardCsr(args) }),
    'certs.importManagement': async (input) => certs.importManagementCertificate(certificateBytes(input)),
    'certs.hashFile': async (input) => summariseCertificate(certificateBytes(input)),
    'certs.zoneChangeCheck': async () => {
      const all = await services.devices.list();
      const devices: ZoneChangeDevice[] = [];
      for (const d of all) {
        const state = zoneChangeState(d);
        if (!state) continue;
        devices.push({
          id: d.id,
          name: d.name,
          address: d.address,
          state,
          controlMode: d.firmware?.controlMode ?? null,
          lastSeen: d.firmware?.lastSeen ?? null,
        });
      }
      return { devicesAvailable: true, devices, total: all.length };
    },
  };
}
