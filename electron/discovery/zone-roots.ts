import type { CertificateService } from '../certs/certificate-service';
import type { CertificateInfoValue } from '../../shared/ipc/certs';
import type { ZoneRoot } from './root-match';

function rootOf(label: string, info: CertificateInfoValue): ZoneRoot {
  return {
    label,
    sha1: info.hashes.sha1.hexLower,
    sha256: info.hashes.sha256.hexLower,
    sha384: info.hashes.sha384.hexLower,
  };
}

/** The roots the zone can provision with: the management chain's root, then the zone CA. */
export async function zoneRoots(certs: CertificateService): Promise<ZoneRoot[]> {
  const status = await certs.status();
  const roots: ZoneRoot[] = [];
  if (status.management?.root) roots.push(rootOf('root of the management certificate', status.management.root));
  const ca = status.zoneCa;
  if (ca && !roots.some((r) => r.sha256 === ca.hashes.sha256.hexLower)) roots.push(rootOf('zone root CA', ca));
  return roots;
}
