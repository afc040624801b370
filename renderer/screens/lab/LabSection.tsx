import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../components/Dialog';
import { useLab } from '../../app/lab';
import { useUi } from '../../app/store';
import { SimBadge } from './SimBadge';
import './lab.css';

/** Settings > Simulated lab: start it, see its devices, stop it and, on request, remove what it made. */
export function LabSection() {
  const status = useLab((s) => s.status);
  const busy = useLab((s) => s.busy);
  const [confirming, setConfirming] = useState(false);
  const [remove, setRemove] = useState(false);

  useEffect(() => {
    void useLab.getState().load();
  }, []);

  const running = status?.running === true;
  const exists = status !== null && (status.folderId !== null || status.devices.some((d) => d.deviceId !== null));
  const stop = async () => {
    setConfirming(false);
    if (await useLab.getState().stop(remove)) {
      useUi.getState().toastInfo(remove ? 'Simulated lab removed' : 'Simulated lab stopped');
    }
  };

  return (
    <section className="lab-card" aria-labelledby="lab-heading" data-testid="lab-section">
      <h2 id="lab-heading">Simulated lab</h2>
      <p>
        Simulated Intel AMT devices that run inside Outband on this computer only (127.0.0.1), so that power, user
        consent, device settings and schedules can be tried without hardware. Their devices sit in the folder{' '}
        <strong>Lab (simulated)</strong> and use the credential <strong>Lab (simulated)</strong>. The lab starts again
        with Outband while it is on.
      </p>
      <p data-testid="lab-state">
        {status === null
          ? 'Reading the lab’s state…'
          : running
            ? `Running on ${status.host}.`
            : exists
              ? 'Stopped. Its devices, folder and credential are kept until you remove them.'
              : 'Off.'}
      </p>
      {status?.lastError ? (
        <p className="callout callout-danger" role="alert">
          The lab could not start: {status.lastError.message} ({status.lastError.code})
        </p>
      ) : null}
      {status && exists ? (
        <table className="data lab-devices" aria-label="Simulated lab devices">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Address</th>
              <th scope="col">What it is</th>
            </tr>
          </thead>
          <tbody>
            {status.devices.map((d) => {
              return (
                <tr key={d.key}>
                  <td>
                    {d.key}
                    <SimBadge />
                  </td>
                  <td>{d.endpoint ?? (running ? '' : 'stopped')}</td>
                  <td>{d.summary}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <div className="toolbar">
        {!running ? (
          <button type="button" className="primary" disabled={busy} onClick={() => void useLab.getState().start()}>
            {busy ? 'Working…' : exists ? 'Start the lab again' : 'Try with a simulated lab'}
          </button>
        ) : null}
        {running || exists ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setRemove(!running);
              setConfirming(true);
            }}
          >
            {running ? 'Stop the lab…' : 'Remove the lab…'}
          </button>
        ) : null}
        {running ? (
          <button type="button" onClick={() => useUi.getState().go('devices')}>
            Show the devices
          </button>
        ) : null}
      </div>
      <ConfirmDialog
        title={running ? 'Stop the simulated lab?' : 'Remove the simulated lab?'}
        open={confirming}
        confirmLabel={remove ? 'Stop and remove' : 'Stop'}
        danger={remove}
        onConfirm={() => void stop()}
        onCancel={() => setConfirming(false)}
      >
        <p>The simulated devices stop answering. Nothing outside this computer is touched.</p>
        <label>
          <input type="checkbox" checked={remove} onChange={(e) => setRemove(e.target.checked)} /> Also remove the
          folder Lab (simulated), its simulated devices and the lab credential
        </label>
      </ConfirmDialog>
    </section>
  );
}
