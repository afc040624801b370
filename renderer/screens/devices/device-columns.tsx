import type { Column } from '../../components/VirtualTable';
import type { Device } from '../../../shared/domain/device';
import { defaultAmtPort } from '../../../shared/domain/address';
import { powerGroup, powerLabel } from './device-filter';
import { SimBadge } from '../lab/SimBadge';

const CONTROL_MODES: Record<string, string> = { none: 'None', client: 'Client', admin: 'Admin' };

function lastSeen(device: Device): string {
  const at = device.firmware?.lastSeen;
  return at ? new Date(at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : 'Never';
}

/** The device list's columns; credential names are looked up by id. */
export function deviceColumns(credentialNames: ReadonlyMap<string, string>): Column<Device>[] {
  const credential = (d: Device) => (d.credentialId ? (credentialNames.get(d.credentialId) ?? '(missing)') : '');
  return [
    {
      id: 'name',
      header: 'Name',
      width: 'minmax(130px, 1.8fr)',
      render: (d) =>
        d.simulated ? (
          // The name gives way (ellipsis) before the badge does: a simulated device always says so.
          <span className="sim-name">
            <span className="sim-name-text">{d.name}</span>
            <SimBadge compact />
          </span>
        ) : (
          d.name
        ),
      sortValue: (d) => d.name.toLowerCase(),
    },
    {
      id: 'address',
      header: 'Address',
      width: 'minmax(100px, 1.2fr)',
      render: (d) => d.address,
      sortValue: (d) => d.address,
    },
    {
      id: 'tls',
      header: 'TLS mode',
      width: '100px',
      render: (d) => (
        <span className={d.tlsMode === 'plain' ? 'warn' : undefined}>
          {d.tlsMode === 'tls' ? 'TLS' : 'Plain'}
          {d.port !== undefined && d.port !== defaultAmtPort(d.tlsMode) ? ` :${d.port}` : ''}
        </span>
      ),
      sortValue: (d) => d.tlsMode,
    },
    {
      id: 'credential',
      header: 'Credential',
      width: 'minmax(70px, 1fr)',
      render: credential,
      sortValue: (d) => credential(d).toLowerCase(),
    },
    {
      id: 'tags',
      header: 'Tags',
      width: 'minmax(60px, 1fr)',
      render: (d) => d.tags.join(', '),
      sortValue: (d) => d.tags.join(',').toLowerCase(),
    },
    {
      id: 'amt',
      header: 'AMT',
      width: '52px',
      render: (d) => d.firmware?.amtVersion ?? '',
      sortValue: (d) => d.firmware?.amtVersion ?? '',
    },
    {
      id: 'control',
      header: 'Control',
      width: '78px',
      render: (d) => (d.firmware?.controlMode ? CONTROL_MODES[d.firmware.controlMode] : ''),
      sortValue: (d) => d.firmware?.controlMode ?? '',
    },
    {
      id: 'power',
      header: 'Power',
      width: '92px',
      render: (d) => <span className={`power-${powerGroup(d)}`}>{powerLabel(d) || 'Unknown'}</span>,
      sortValue: (d) => powerLabel(d),
    },
    { id: 'seen', header: 'Last seen', width: '110px', render: lastSeen, sortValue: (d) => d.firmware?.lastSeen ?? '' },
  ];
}
