import type { Column } from '../../components/VirtualTable';
import type { DiscoveredRow } from '../../../shared/ipc/discovery';

const STATE_WORDS = { pre: 'Not provisioned', in: 'In setup', post: 'Provisioned' } as const;

function when(at: string): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** Readable provisioning state. */
export function stateWords(d: DiscoveredRow): string {
  return d.provisioningState ? STATE_WORDS[d.provisioningState] : 'Unknown';
}

/** The Discovered list's columns. */
export function discoveredColumns(): Column<DiscoveredRow>[] {
  return [
    {
      id: 'address',
      header: 'Address',
      width: 'minmax(110px, 0.8fr)',
      render: (d) => d.address,
      sortValue: (d) => d.address,
    },
    {
      id: 'state',
      header: 'State',
      width: '128px',
      render: (d) => stateWords(d),
      sortValue: (d) => stateWords(d),
    },
    {
      id: 'amt',
      header: 'AMT',
      width: '84px',
      render: (d) => d.amtVersion ?? '',
      sortValue: (d) => d.amtVersion ?? '',
    },
    {
      id: 'tls',
      header: 'TLS',
      width: '56px',
      render: (d) => (d.tls === undefined ? '' : d.tls ? 'Yes' : 'No'),
      sortValue: (d) => String(d.tls),
    },
    {
      id: 'via',
      header: 'Found by',
      width: '96px',
      render: (d) => d.via.map((v) => (v === 'scan' ? 'Scan' : 'Hello')).join(', '),
      sortValue: (d) => d.via.join(','),
    },
    {
      id: 'provisioning',
      header: 'Provisioning',
      width: 'minmax(200px, 2.2fr)',
      render: (d) =>
        d.managedDeviceId ? (
          'Managed already'
        ) : d.match ? (
          <span className={d.match.canProvision ? 'ok' : 'warn'} title={d.match.reason}>
            {d.match.reason}
          </span>
        ) : (
          ''
        ),
      sortValue: (d) => (d.match?.canProvision ? 1 : 0),
    },
    {
      id: 'uuid',
      header: 'UUID',
      width: 'minmax(90px, 0.8fr)',
      render: (d) => d.uuid ?? '',
      sortValue: (d) => d.uuid ?? '',
    },
    { id: 'seen', header: 'Last seen', width: '140px', render: (d) => when(d.lastSeen), sortValue: (d) => d.lastSeen },
  ];
}
