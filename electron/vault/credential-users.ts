import type { Device } from '../../shared/domain/device';
import type { DevicesDoc } from '../store/documents';

/** The devices that refer to a credential, directly or through their SMB settings. */
export function credentialUsers(doc: DevicesDoc, credentialId: string): Device[] {
  return doc.devices.filter((d) => d.credentialId === credentialId || d.smb?.credentialId === credentialId);
}
