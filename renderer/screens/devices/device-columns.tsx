import type { Column } from '../../components/VirtualTable';
import { PLAIN_HTTP_WARNING, usesPlainHttp, type Device } from '../../../shared/domain/device';
import { defaultAmtPort } from '../../../shared/domain/address';
import { powerGroup, powerLabel } from './device-filter';
import { SimBadge } from '../lab/SimBadge';
import type { ReconcileSummary } from '../../../shared/ipc/reconcile';
import { errorTitle } from '../../app/error-text';
import type { JobItemResult, JobSnapshot } from '../../../shared/ipc/jobs';

/** Jobs whose results are about a device's power (their result keys are device ids). */
const POWER_JOB_KINDS = new Set(['power.refresh', 'power.request']);

/**
 * The devices whose last power read or request of this session failed, with that failure; a
 * later success clears it. `jobs` is newest first, as the jobs panel keeps them.
 */
export function lastPowerFailures(jobs: readonly JobSnapshot[]): Map<string, JobItemResult> {
  const failures = new Map<string, JobItemResult>();
  for (const job of [...jobs].reverse()) {
    if (!POWER_JOB_KINDS.has(job.kind)) continue;
    for (const r of job.results) {
      if (r.ok) failures.delete(r.key);
      else if (r.key !== '_job') failures.set(r.key, r);
    }
  }
  return failures;
}

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
  powerFailures: ReadonlyMap<string, JobItemResult> = new Map(),
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
  const reconciledText = (d: Device) => {
    const s = summaries[d.id];
    if (s?.error) return `Failed: ${errorTitle(s.error.code)} (${s.error.code})`;
    return s?.at ? when(s.at) : 'Never';
  };
  const tlsText = (d: Device) =>
    `${d.tlsMode === 'tls' ? 'TLS' : '⚠ Plain HTTP'}${d.port !== undefined && d.port !== defaultAmtPort(d.tlsMode) ? ` :${d.port}` : ''}${d.tlsMode === 'plain' && summaries[d.id]?.tls === true ? ' · TLS on' : ''}`;
  const powerText = (d: Device) => {
    const failure = powerFailures.get(d.id);
    if (failure) return `⚠ Failed: ${failure.error ? errorTitle(failure.error.code) : 'no answer'}`;
    return powerLabel(d) || 'Unknown';
  };
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
      // The simulated badge takes about as much room as "SIMULATED".
      measure: (d) => (d.simulated ? `${d.name} SIMULATED` : d.name),
    },
    {
      id: 'address',
      header: 'Address',
      width: 'minmax(90px, 1.2fr)',
      render: (d) => d.address,
      sortValue: (d) => d.address,
      measure: (d) => d.address,
    },
    {
      id: 'tls',
      header: 'TLS mode',
      width: '112px',
      render: (d) => (
        <span
          className={usesPlainHttp(d) ? 'warn plain-http' : undefined}
          data-testid={usesPlainHttp(d) ? 'plain-http-warning' : undefined}
          title={
            d.tlsMode === 'plain' && summaries[d.id]?.tls === true
              ? `${PLAIN_HTTP_WARNING} The device has TLS on: switch this device to TLS (Edit) or Adopt it.`
              : usesPlainHttp(d)
                ? PLAIN_HTTP_WARNING
                : summaries[d.id]?.tls === false
                  ? 'The device reported TLS off at the last reconciliation'
                  : undefined
          }
        >
          {/* The sign and the words both say it: colour alone would not. */}
          {d.tlsMode === 'tls' ? 'TLS' : '⚠ Plain HTTP'}
          {d.port !== undefined && d.port !== defaultAmtPort(d.tlsMode) ? ` :${d.port}` : ''}
          {d.tlsMode === 'plain' && summaries[d.id]?.tls === true ? ' · TLS on' : ''}
        </span>
      ),
      sortValue: (d) => d.tlsMode,
      measure: tlsText,
    },
    {
      id: 'credential',
      header: 'Credential',
      width: 'minmax(60px, 1fr)',
      render: credential,
      sortValue: (d) => credential(d).toLowerCase(),
      measure: credential,
    },
    {
      id: 'amt',
      header: 'AMT',
      width: '64px',
      render: (d) => d.firmware?.amtVersion ?? '',
      sortValue: (d) => d.firmware?.amtVersion ?? '',
      measure: (d) => d.firmware?.amtVersion ?? '',
    },
    {
      id: 'tags',
      header: 'Tags',
      width: 'minmax(50px, 0.8fr)',
      render: (d) => d.tags.join(', '),
      sortValue: (d) => d.tags.join(',').toLowerCase(),
      measure: (d) => d.tags.join(', '),
    },
    {
      id: 'mode',
      header: 'Mode',
      width: '100px',
      render: (d) => modeText(d),
      sortValue: (d) => modeText(d),
      measure: modeText,
    },
    {
      id: 'power',
      header: 'Power',
      width: '88px',
      render: (d) => {
        const failure = powerFailures.get(d.id);
        if (failure) {
          // A failed read must not look like a device never read: say so, and why (title and words).
          const why = failure.error ? `${failure.error.message} (${failure.error.code})` : (failure.detail ?? '');
          return (
            <span className="bad" title={why} data-testid="power-failed">
              ⚠ Failed: {failure.error ? errorTitle(failure.error.code) : 'no answer'}
              <span className="visually-hidden">. {why}</span>
            </span>
          );
        }
        return <span className={`power-${powerGroup(d)}`}>{powerLabel(d) || 'Unknown'}</span>;
      },
      sortValue: (d) => (powerFailures.has(d.id) ? '!failed' : powerLabel(d)),
      measure: powerText,
    },
    {
      id: 'reconciled',
      header: 'Reconciled',
      width: '112px',
      render: reconciled,
      sortValue: (d) => summaries[d.id]?.error?.code ?? summaries[d.id]?.at ?? '',
      measure: reconciledText,
    },
  ];
}
