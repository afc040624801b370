import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { CredentialChoice } from '../../../shared/ipc/devices';
import type { DiscoveredRow } from '../../../shared/ipc/discovery';
import { useJob } from '../devices/power/use-job';
import { StepsTable } from './StepsTable';
import { useProvisionSteps } from './use-steps';
import './provisioning.css';

/**
 * "Action > Unprovision" on discovered devices (seed 3.2.6): with a vault credential they are
 * added to the managed devices (so the result is recorded) and unprovisioned.
 */
export function UnprovisionDiscoveredDialog({ devices, onClose }: { devices: DiscoveredRow[]; onClose(): void }) {
  const [credentials, setCredentials] = useState<CredentialChoice[]>([]);
  const [credentialId, setCredentialId] = useState('');
  const [deleteOnFailure, setDeleteOnFailure] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [targets, setTargets] = useState<{ key: string; name: string }[]>([]);
  const job = useJob(jobId);
  const steps = useProvisionSteps();
  const running = jobId !== null && (job === null || job.status === 'running');
  const noun = devices.length === 1 ? devices[0]?.address : `${devices.length} devices`;

  useEffect(() => {
    call('device.credentialChoices').then((c) => {
      setCredentials(c);
      if (c[0]) setCredentialId((id) => id || c[0]!.id);
    }, useUi.getState().toastError);
  }, []);

  const start = async () => {
    if (!credentialId) return setProblem('Choose the credential the devices were provisioned with.');
    setProblem(null);
    try {
      const added = await call('discovery.add', {
        addresses: devices.map((d) => d.address),
        folderId: null,
        credentialId,
      });
      if (added.deviceIds.length === 0) {
        return setProblem(added.problems.map((p) => `${p.address}: ${p.message}`).join(' '));
      }
      setTargets(
        added.deviceIds.map((id, i) => ({
          key: id,
          name: devices.filter((d) => !added.problems.some((p) => p.address === d.address))[i]?.address ?? id,
        })),
      );
      const snapshot = await call('provision.unprovision', { deviceIds: added.deviceIds, deleteOnFailure });
      setJobId(snapshot.id);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Dialog
      title={`Unprovision ${noun}?`}
      open
      wide
      onClose={() => (running ? undefined : onClose())}
      actions={
        jobId ? (
          <button type="button" className="primary" disabled={running} onClick={onClose}>
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
        <StepsTable label="Unprovision results" job={job} targets={targets} steps={steps} />
      ) : (
        <div className="form-grid">
          <p className="form-span">
            Each device goes back to factory settings. It joins the managed devices with this credential, so the result
            is recorded there.
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
      )}
      {problem ? (
        <p className="bad" role="alert">
          {problem}
        </p>
      ) : null}
    </Dialog>
  );
}
