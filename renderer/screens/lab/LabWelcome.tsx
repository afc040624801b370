import { useLab } from '../../app/lab';
import { useUi } from '../../app/store';
import './lab.css';

/**
 * The front door of an empty profile: without devices, Outband offers to start a simulated lab so
 * that every screen can be tried without AMT hardware.
 */
export function LabWelcome({ onStarted }: { onStarted(): void }) {
  const busy = useLab((s) => s.busy);
  const start = async () => {
    if (await useLab.getState().start()) {
      const status = useLab.getState().status;
      const count = status?.devices.filter((d) => d.deviceId !== null).length ?? 0;
      useUi
        .getState()
        .toastInfo('Simulated lab started', `${count} simulated devices are in the folder Lab (simulated).`);
      onStarted();
    }
  };
  return (
    <div className="lab-card" data-testid="lab-welcome">
      <h2>No devices yet</h2>
      <p>
        Add a device or import a list above. No Intel AMT hardware at hand? Try Outband with a simulated lab: a set of
        simulated AMT devices (admin and client control mode, plain HTTP and TLS, several AMT versions, one slow, one
        failing) that run on this computer only (127.0.0.1) until you stop the lab in Settings, where you can also
        remove them.
      </p>
      <button type="button" className="primary" disabled={busy} onClick={() => void start()}>
        {busy ? 'Starting the simulated lab…' : 'Try with a simulated lab'}
      </button>
    </div>
  );
}
