import type { Column } from '../../components/VirtualTable';
import type { Device } from '../../../shared/domain/device';
import { defaultAmtPort } from '../../../shared/domain/address';
import { powerGroup, powerLabel } from './device-filter';
import { SimBadge } from '../lab/SimBadge';
import type { ReconcileSummary } from '../../../shared/ipc/reconcile';
import { errorTitle } from '../../app/error-text';

const CONTROL_MODES: Record<string, string> = { none: 'None', client: 'Client', admin: 'Admin' };
const STATES: Record<string, string> = { pre: 'Unprovisioned', in: 'In setup', post: 'Provisioned' };

/** Provisioning state and control mode in one word: Admin, Client, In setup, Unprovisioned. */
function modeText(d: Device): string {
  const f = d.firmware;
  if (f?.provisioningState === 'post')
    return f.controlMode ? (CONTROL_MODES[f.controlMode] ?? 'Provisioned') : 'Provisioned';
  return f?.provisioningState
    ? (STATES[f.provisioningState] ?? '')
    : f?.controlMode
      ? (CONTROL_MODES[f.controlMode] ?? '')
      : '';
}

function when(at: string): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** The device list's columns; credential names are looked up by id. */
export function deviceColumns(
  credentialNames: ReadonlyMap<string, string>,
  summaries: Readonly<Record<string, ReconcileSummary>> = {},
): Column<Device>[] {
  const reconciled = (d: Device) => {
    const s = summaries[d.id];
    if (s?.error) {
      return (
        <span className="bad" title={`${s.error.code}: ${s.error.message}`} data-testid="reconcile-failed">
          Failed: {errorTitle(s.error.code)} ({s.error.code})
        </span>
      );
    }
    return s?.at ? when(s.at) : <span className="muted">Never</span>;
  };
  const credential = (d: Device) => (d.credentialId ? (credentialNames.get(d.credentialId) ?? '(missing)') : '');
  return [
    {
      id: 'name',
      header: 'Name',
      width: 'minmax(110px, 1.6fr)',
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
      width: 'minmax(90px, 1.2fr)',
      render: (d) => d.address,
      sortValue: (d) => d.address,
    },
    {
      id: 'tls',
      header: 'TLS mode',
      width: '84px',
      render: (d) => (
        <span
          className={d.tlsMode === 'plain' ? 'warn' : undefined}
          title={
            d.tlsMode === 'plain' && summaries[d.id]?.tls === true
              ? 'The device has TLS on: switch this device to TLS (Edit) or Adopt it'
              : summaries[d.id]?.tls === false
                ? 'The device reported TLS off at the last reconciliation'
                : undefined
          }
        >
          {d.tlsMode === 'tls' ? 'TLS' : 'Plain'}
          {d.port !== undefined && d.port !== defaultAmtPort(d.tlsMode) ? ` :${d.port}` : ''}
          {d.tlsMode === 'plain' && summaries[d.id]?.tls === true ? ' · TLS on' : ''}
        </span>
      ),
      sortValue: (d) => d.tlsMode,
    },
    {
      id: 'credential',
      header: 'Credential',
      width: 'minmax(60px, 1fr)',
      render: credential,
      sortValue: (d) => credential(d).toLowerCase(),
    },
    {
      id: 'amt',
      header: 'AMT',
      width: '64px',
      render: (d) => d.firmware?.amtVersion ?? '',
      sortValue: (d) => d.firmware?.amtVersion ?? '',
    },
    {
      id: 'tags',
      header: 'Tags',
      width: 'minmax(50px, 0.8fr)',
      render: (d) => d.tags.join(', '),
      sortValue: (d) => d.tags.join(',').toLowerCase(),
    },
    {
      id: 'mode',
      header: 'Mode',
      width: '100px',
      render: (d) => modeText(d),
      sortValue: (d) => modeText(d),
    },
    {
      id: 'power',
      header: 'Power',
      width: '88px',
      render: (d) => <span className={`power-${powerGroup(d)}`}>{powerLabel(d) || 'Unknown'}</span>,
      sortValue: (d) => powerLabel(d),
    },
    {
      id: 'reconciled',
      header: 'Reconciled',
      width: '112px',
      render: reconciled,
      sortValue: (d) => summaries[d.id]?.error?.code ?? summaries[d.id]?.at ?? '',
    },
  ];
}
