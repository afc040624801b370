import { useLab } from '../../app/lab';
import { useUi } from '../../app/store';
import './lab.css';

/** Says, above the device list, that simulated devices are running here and where to stop them. */
export function LabBanner() {
  const status = useLab((s) => s.status);
  if (!status?.running) return null;
  const count = status.devices.filter((d) => d.deviceId !== null).length;
  return (
    <div className="lab-banner" role="status" data-testid="lab-banner">
      <span>
        Simulated lab running on this computer ({status.host}): {count} devices marked <strong>SIM</strong> are
        simulated, not real hardware.
      </span>
      <button type="button" onClick={() => useUi.getState().go('settings')}>
        Lab settings…
      </button>
    </div>
  );
}
