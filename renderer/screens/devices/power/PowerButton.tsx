import { useState } from 'react';
import type { Device } from '../../../../shared/domain/device';
import { selectedDevices, useSelectedDevices } from '../selection';
import { PowerDialog } from './PowerDialog';

/** The Devices toolbar's "Power…" button: opens the power dialog for the current selection. */
export function PowerButton() {
  const count = useSelectedDevices().length;
  const [devices, setDevices] = useState<Device[] | null>(null);
  return (
    <>
      <button type="button" disabled={count === 0} onClick={() => setDevices(selectedDevices())}>
        Power…
      </button>
      {devices ? <PowerDialog devices={devices} onClose={() => setDevices(null)} /> : null}
    </>
  );
}
