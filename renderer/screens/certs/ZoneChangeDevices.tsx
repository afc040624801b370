import type { ZoneChangeCheck } from '../../../shared/ipc/certs';
import { TableHead } from '../../components/TableHead';
import { isoDate } from './use-certs';

const STATE_TEXT = {
  provisioned: 'provisioned',
  'in-provisioning': 'provisioning in progress',
  unknown: 'not read from the device yet',
} as const;

/** Step 1 of the zone change: the devices that must be unprovisioned first, from the device list. */
export function ZoneChangeDevices({
  check,
  error,
  onUnprovision,
}: {
  check: ZoneChangeCheck | null;
  error: string | null;
  /** Runs the real unprovision of the listed devices. */
  onUnprovision(): void;
}) {
  if (error) {
    return (
      <p className="bad" role="alert">
        The device list could not be read: {error}
      </p>
    );
  }
  if (!check) return <p aria-busy="true">Reading the device list…</p>;
  if (!check.devicesAvailable) {
    return (
      <p className="warn" data-testid="zone-change-no-devices">
        The device list is not available yet, so Outband cannot tell which devices are provisioned. Unprovision every
        device provisioned under the current zone certificate before you continue.
      </p>
    );
  }
  if (check.devices.length === 0) {
    return (
      <p data-testid="zone-change-devices-none">
        {check.total === 0
          ? 'Outband has no devices recorded, so none needs unprovisioning here. Devices provisioned elsewhere under this zone certificate must still be unprovisioned.'
          : `None of the ${check.total} recorded devices is provisioned, as far as their firmware last reported.`}
      </p>
    );
  }
  return (
    <>
      <p>
        Unprovision these devices first, here or on Devices (select them, then Unprovision). Devices whose state was
        never read may still be provisioned.
      </p>
      <p>
        <button type="button" className="danger" onClick={onUnprovision}>
          Unprovision these devices now…
        </button>
      </p>
      <table className="data" data-testid="zone-change-devices">
        <caption className="visually-hidden">Devices to unprovision</caption>
        <TableHead columns={['Name', 'Address', 'State', 'Control mode', 'Last read']} />
        <tbody>
          {check.devices.map((d) => (
            <tr key={d.id}>
              <td>{d.name}</td>
              <td>{d.address}</td>
              <td className={d.state === 'unknown' ? 'warn' : 'bad'}>{STATE_TEXT[d.state]}</td>
              <td>{d.controlMode ?? '—'}</td>
              <td>{d.lastSeen ? isoDate(d.lastSeen) : 'never'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
