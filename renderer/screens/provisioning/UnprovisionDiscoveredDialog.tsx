import { useEffect, useState } from 'react';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { CredentialChoice } from '../../../shared/ipc/devices';
import type { DiscoveredRow } from '../../../shared/ipc/discovery';
import { JobDialog } from './JobDialog';

/**
 * "Action > Unprovision" on discovered devices (seed 3.2.6): with a vault credential they are
 * added to the managed devices (so the result is recorded) and unprovisioned.
 */
export function UnprovisionDiscoveredDialog({ devices, onClose }: { devices: DiscoveredRow[]; onClose(): void }) {
  const [credentials, setCredentials] = useState<CredentialChoice[]>([]);
  const [credentialId, setCredentialId] = useState('');
  const [deleteOnFailure, setDeleteOnFailure] = useState(false);
  const noun = devices.length === 1 ? devices[0]?.address : `${devices.length} devices`;

  useEffect(() => {
    call('device.credentialChoices').then((c) => {
      setCredentials(c);
      if (c[0]) setCredentialId((id) => id || c[0]!.id);
    }, useUi.getState().toastError);
  }, []);

  const start = async () => {
    if (!credentialId) throw new Error('Choose the credential the devices were provisioned with.');
    const added = await call('discovery.add', {
      addresses: devices.map((d) => d.address),
      folderId: null,
      credentialId,
    });
    if (added.deviceIds.length === 0)
      throw new Error(added.problems.map((p) => `${p.address}: ${p.message}`).join(' '));
    const addedAddresses = devices.filter((d) => !added.problems.some((p) => p.address === d.address));
    const snapshot = await call('provision.unprovision', { deviceIds: added.deviceIds, deleteOnFailure });
    return {
      snapshot,
      targets: added.deviceIds.map((id, i) => ({ key: id, name: addedAddresses[i]?.address ?? id })),
    };
  };

  return (
    <JobDialog
      title={`Unprovision ${noun}?`}
      runningTitle={`Unprovisioning ${noun}`}
      confirmLabel={`Unprovision ${noun}`}
      danger
      resultsLabel="Unprovision results"
      onStart={start}
      onClose={() => onClose()}
    >
      <div className="form-grid">
        <p className="form-span">
          {devices.length === 1 ? 'The device goes' : 'Each device goes'} back to factory settings. It joins the managed
          devices with this credential, so the result is recorded there.
        </p>
        <ul className="delete-names form-span" aria-label="Devices to unprovision">
          {devices.map((d) => (
            <li key={d.address}>
              {d.address} {d.uuid ? <span className="muted">UUID {d.uuid}</span> : null}
            </li>
          ))}
        </ul>
        <label htmlFor="unprov-credential">Credential</label>
        <select id="unprov-credential" value={credentialId} onChange={(e) => setCredentialId(e.target.value)}>
          <option value="">Choose…</option>
          {credentials.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.loginName})
            </option>
          ))}
        </select>
        <label className="form-span">
          <input type="checkbox" checked={deleteOnFailure} onChange={(e) => setDeleteOnFailure(e.target.checked)} />{' '}
          Delete the device if unprovisioning fails
        </label>
      </div>
    </JobDialog>
  );
}
