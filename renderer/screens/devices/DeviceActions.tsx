import { useSelectedDevices } from './selection';
import { PowerButton } from './power/PowerButton';
import { RefreshStatusButton } from './power/RefreshStatusButton';
import { ReconcileButton } from './ReconcileButton';
import { useState } from 'react';
import { AdoptDialog } from '../provisioning/AdoptDialog';
import { UnprovisionDialog } from '../provisioning/UnprovisionDialog';

interface DeviceActionsProps {
  onEdit(): void;
  /** Opens the device page of the one selected device. */
  onOpen(): void;
  /** The folder shown, so Reconcile without a selection covers it (null: every device). */
  folderId: string | null;
  onMove(): void;
  onDelete(): void;
}

/**
 * The toolbar slot for actions on the selected devices. Features that act on a selection (Power)
 * add their buttons here and read the devices with useSelectedDevices()/selectedDevices(), then
 * call refreshDevices() when their work changes what the list shows.
 */
export function DeviceActions({ onEdit, onOpen, onMove, onDelete, folderId }: DeviceActionsProps) {
  const selected = useSelectedDevices();
  const count = selected.length;
  const [open, setOpen] = useState<'adopt' | 'unprovision' | null>(null);
  return (
    <div className="device-actions" role="group" aria-label="Selected devices">
      <span className="muted selection-count" aria-live="polite">
        {count === 0 ? 'None selected' : `${count} selected`}
      </span>
      <button type="button" disabled={count !== 1} onClick={onOpen}>
        Open
      </button>
      <button type="button" disabled={count !== 1} onClick={onEdit}>
        Edit
      </button>
      <button type="button" disabled={count === 0} onClick={onMove}>
        Move to folder…
      </button>
      <button type="button" className="danger" disabled={count === 0} onClick={onDelete}>
        Delete…
      </button>
      <PowerButton />
      <RefreshStatusButton />
      <ReconcileButton selected={selected} folderId={folderId} />
      <button type="button" disabled={count === 0} onClick={() => setOpen('adopt')}>
        Adopt…
      </button>
      <button type="button" className="danger" disabled={count === 0} onClick={() => setOpen('unprovision')}>
        Unprovision…
      </button>
      {open === 'adopt' ? <AdoptDialog devices={selected} onClose={() => setOpen(null)} /> : null}
      {open === 'unprovision' ? <UnprovisionDialog devices={selected} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
