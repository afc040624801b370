import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { call } from '../../app/api';
import type { Device } from '../../../shared/domain/device';
import { useJob } from '../devices/power/use-job';
import { refreshDevices } from '../devices/selection';
import { StepsTable } from './StepsTable';
import { useProvisionSteps } from './use-steps';
import './provisioning.css';

/**
 * Adopt devices configured by hand in MEBx (seed 3.1): read their state with their credential,
 * synchronise the clock, optionally turn TLS on with a zone-CA certificate and pin it, and
 * optionally rotate the admin password into a new vault credential.
 */
export function AdoptDialog({ devices, onClose }: { devices: Device[]; onClose(): void }) {
  const plain = devices.filter((d) => d.tlsMode === 'plain').length;
  const [tls, setTls] = useState(plain > 0);
  const [tlsPort, setTlsPort] = useState('16993');
  const [rotate, setRotate] = useState(false);
  const [rotateTo, setRotateTo] = useState(devices.length === 1 ? `${devices[0]?.name} admin` : '');
  const [problem, setProblem] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const steps = useProvisionSteps();
  const running = jobId !== null && (job === null || job.status === 'running');
  const noun = devices.length === 1 ? devices[0]?.name : `${devices.length} devices`;

  const start = async () => {
    const port = Number(tlsPort);
    if (tls && (!Number.isInteger(port) || port < 1 || port > 65535)) return setProblem('The TLS port is 1 to 65535.');
    if (rotate && rotateTo.trim() === '') return setProblem('Name the new credential.');
    setProblem(null);
    try {
      const snapshot = await call('provision.adopt', {
        deviceIds: devices.map((d) => d.id),
        tls,
        ...(tls ? { tlsPort: port } : {}),
        ...(rotate ? { rotateTo: rotateTo.trim() } : {}),
      });
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
      title={`Adopt ${noun}`}
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
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => void start()}>
              Adopt {noun}
            </button>
          </>
        )
      }
    >
      {jobId ? (
        <StepsTable
          label="Adoption results"
          job={job}
          targets={devices.map((d) => ({ key: d.id, name: d.name }))}
          steps={steps}
        />
      ) : (
        <div className="form-grid">
          <p className="form-span">
            For devices set up by hand in MEBx: Outband reads their state with their credential and synchronises their
            clock.
          </p>
          <label htmlFor="adopt-tls">
            <input id="adopt-tls" type="checkbox" checked={tls} onChange={(e) => setTls(e.target.checked)} /> Turn TLS
            on
          </label>
          <span className="muted">
            {plain} of {devices.length} use plain HTTP now. A certificate from the zone CA is put on the device, TLS is
            turned on and committed, and the certificate is pinned.
          </span>
          {tls ? (
            <>
              <label htmlFor="adopt-tls-port">TLS port afterwards</label>
              <input
                id="adopt-tls-port"
                value={tlsPort}
                inputMode="numeric"
                onChange={(e) => setTlsPort(e.target.value)}
              />
            </>
          ) : null}
          <label htmlFor="adopt-rotate">
            <input
              id="adopt-rotate"
              type="checkbox"
              checked={rotate}
              disabled={devices.length !== 1}
              onChange={(e) => setRotate(e.target.checked)}
            />{' '}
            Rotate the admin password
          </label>
          <span className="muted">
            {devices.length === 1
              ? 'A new random password goes into a new vault credential first, then to the device.'
              : 'One device at a time.'}
          </span>
          {rotate ? (
            <>
              <label htmlFor="adopt-rotate-name">New credential name</label>
              <input id="adopt-rotate-name" value={rotateTo} onChange={(e) => setRotateTo(e.target.value)} />
            </>
          ) : null}
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
