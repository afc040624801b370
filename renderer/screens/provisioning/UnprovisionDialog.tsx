import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { call } from '../../app/api';
import type { Device } from '../../../shared/domain/device';
import { useJob } from '../devices/power/use-job';
import { refreshDevices } from '../devices/selection';
import { StepsTable } from './StepsTable';
import { useProvisionSteps } from './use-steps';
import './provisioning.css';

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
  const [problem, setProblem] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const steps = useProvisionSteps();
  const running = jobId !== null && (job === null || job.status === 'running');
  const noun = devices.length === 1 ? devices[0]?.name : `${devices.length} devices`;

  const start = async () => {
    setProblem(null);
    try {
      const snapshot = await call('provision.unprovision', { deviceIds: devices.map((d) => d.id), deleteOnFailure });
      setJobId(snapshot.id);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };
  const close = () => {
    if (jobId) void refreshDevices();
    onClose();
  };

  return (
    <Dialog
      title={`Unprovision ${noun}?`}
      open
      wide
      onClose={() => (running ? undefined : close())}
      actions={
        jobId ? (
          <button type="button" className="primary" disabled={running} onClick={close}>
            Close
          </button>
        ) : (
          <>
            <button type="button" autoFocus onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => void start()}>
              Unprovision {noun}
            </button>
          </>
        )
      }
    >
      {jobId ? (
        <StepsTable
          label="Unprovision results"
          job={job}
          targets={devices.map((d) => ({ key: d.id, name: d.name }))}
          steps={steps}
        />
      ) : (
        <>
          <p>
            Each device goes back to factory settings: its admin password, TLS certificate, settings and custom trusted
            roots are erased, and Outband can no longer manage it until it is provisioned again.
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
        </>
      )}
      {problem ? (
        <p className="bad" role="alert">
          {problem}
        </p>
      ) : null}
    </Dialog>
  );
}
