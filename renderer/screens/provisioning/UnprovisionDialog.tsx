import { useState } from 'react';
import { call } from '../../app/api';
import type { Device } from '../../../shared/domain/device';
import { refreshDevices } from '../devices/selection';
import { JobDialog } from './JobDialog';

const SHOWN = 15;

/**
 * Unprovision the selected devices with their vault credentials (seed 3.2.6): they go back to
 * factory settings; "Delete the device if unprovisioning fails" removes a failed one from Outband.
 */
export function UnprovisionDialog({
  devices,
  onClose,
}: {
  devices: Pick<Device, 'id' | 'name' | 'address'>[];
  onClose(): void;
}) {
  const [deleteOnFailure, setDeleteOnFailure] = useState(false);
  const noun = devices.length === 1 ? devices[0]?.name : `${devices.length} devices`;
  return (
    <JobDialog
      title={`Unprovision ${noun}?`}
      runningTitle={`Unprovisioning ${noun}`}
      confirmLabel={`Unprovision ${noun}`}
      danger
      resultsLabel="Unprovision results"
      onStart={async () => ({
        snapshot: await call('provision.unprovision', { deviceIds: devices.map((d) => d.id), deleteOnFailure }),
        targets: devices.map((d) => ({ key: d.id, name: d.name })),
      })}
      onClose={(ran) => {
        if (ran) void refreshDevices();
        onClose();
      }}
    >
      <p>
        {devices.length === 1 ? 'The device goes' : 'Each device goes'} back to factory settings: its admin password,
        TLS certificate, settings and custom trusted roots are erased, and Outband can no longer manage it until it is
        provisioned again.
      </p>
      <ul className="delete-names" aria-label="Devices to unprovision">
        {devices.slice(0, SHOWN).map((d) => (
          <li key={d.id}>
            {d.name} <span className="muted">({d.address})</span>
          </li>
        ))}
      </ul>
      {devices.length > SHOWN ? <p className="muted">…and {devices.length - SHOWN} more.</p> : null}
      <label>
        <input type="checkbox" checked={deleteOnFailure} onChange={(e) => setDeleteOnFailure(e.target.checked)} />{' '}
        Delete the device if unprovisioning fails
      </label>
    </JobDialog>
  );
}
