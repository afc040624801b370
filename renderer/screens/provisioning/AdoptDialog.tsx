import { useState } from 'react';
import { call } from '../../app/api';
import type { Device } from '../../../shared/domain/device';
import { refreshDevices } from '../devices/selection';
import { JobDialog } from './JobDialog';

/**
 * Adopt devices configured by hand in MEBx (seed 3.1): read their state with their credential,
 * synchronise the clock, optionally turn TLS on with a zone-CA certificate and pin it, and
 * optionally rotate the admin password into a new vault credential (over TLS only).
 */
export function AdoptDialog({ devices, onClose }: { devices: Device[]; onClose(): void }) {
  const plain = devices.filter((d) => d.tlsMode === 'plain').length;
  const [tls, setTls] = useState(plain > 0);
  const [tlsPort, setTlsPort] = useState('16993');
  const [rotate, setRotate] = useState(false);
  const [rotateTo, setRotateTo] = useState(devices.length === 1 ? `${devices[0]?.name} admin` : '');
  const noun = devices.length === 1 ? devices[0]?.name : `${devices.length} devices`;
  const plainText =
    devices.length === 1
      ? plain === 1
        ? 'It uses plain HTTP now.'
        : 'It uses TLS already.'
      : `${plain} of ${devices.length} use plain HTTP now.`;

  const start = async () => {
    const port = Number(tlsPort);
    if (tls && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new Error('The TLS port is 1 to 65535.');
    if (rotate && rotateTo.trim() === '') throw new Error('Name the new credential.');
    const snapshot = await call('provision.adopt', {
      deviceIds: devices.map((d) => d.id),
      tls,
      ...(tls ? { tlsPort: port } : {}),
      ...(rotate ? { rotateTo: rotateTo.trim() } : {}),
    });
    return { snapshot, targets: devices.map((d) => ({ key: d.id, name: d.name })) };
  };

  return (
    <JobDialog
      title={`Adopt ${noun}`}
      runningTitle={`Adopting ${noun}`}
      confirmLabel={`Adopt ${noun}`}
      resultsLabel="Adoption results"
      onStart={start}
      onClose={(ran) => {
        if (ran) void refreshDevices();
        onClose();
      }}
    >
      <div className="form-grid">
        <p className="form-span">
          For devices set up by hand in MEBx: Outband reads their state with their credential and synchronises their
          clock.
        </p>
        <label htmlFor="adopt-tls">
          <input id="adopt-tls" type="checkbox" checked={tls} onChange={(e) => setTls(e.target.checked)} /> Turn TLS on
        </label>
        <span className="muted">
          {plainText} A certificate from the zone CA is put on the device, TLS is turned on and committed, and the
          certificate is pinned.
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
            ? 'A new random password goes into a new vault credential first, then to the device, over TLS only.'
            : 'One device at a time.'}
        </span>
        {rotate ? (
          <>
            <label htmlFor="adopt-rotate-name">New credential name</label>
            <input id="adopt-rotate-name" value={rotateTo} onChange={(e) => setRotateTo(e.target.value)} />
          </>
        ) : null}
      </div>
    </JobDialog>
  );
}
