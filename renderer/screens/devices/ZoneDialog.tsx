import { useState } from 'react';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { ZoneSettings } from '../../../shared/domain/zone';
import { NameDialog } from './NameDialog';
import { refreshDevices } from './selection';

/** Renames the zone and decides whether plain HTTP (16992) may be used. */
export function ZoneDialog({ zone, onClose }: { zone: ZoneSettings; onClose(): void }) {
  const [allowPlain, setAllowPlain] = useState(zone.allowPlainHttp);
  return (
    <NameDialog
      title="Zone settings"
      label="Zone name"
      initial={zone.name}
      submitLabel="Save"
      onClose={onClose}
      onError={(err) => useUi.getState().toastError(err)}
      onSubmit={async (name) => {
        await call('zone.update', { name, allowPlainHttp: allowPlain });
        await refreshDevices();
      }}
    >
      <span />
      <label className="radio">
        <input type="checkbox" checked={allowPlain} onChange={(e) => setAllowPlain(e.target.checked)} /> Allow plain
        HTTP (port 16992): digest-authenticated but unencrypted
      </label>
    </NameDialog>
  );
}
