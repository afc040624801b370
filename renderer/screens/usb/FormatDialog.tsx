import { useId, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import type { DriveView } from '../../../shared/ipc/usb';
import { sizeText } from './size-text';

interface FormatDialogProps {
  open: boolean;
  drive: DriveView;
  flavour: 'fat32' | 'fat16';
  onCancel(): void;
  onConfirm(): void;
}

/** Names the drive to be erased and asks the person to type its device path before anything is erased. */
export function FormatDialog({ open, drive, flavour, onCancel, onConfirm }: FormatDialogProps) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === drive.device;
  const close = () => {
    setTyped('');
    onCancel();
  };
  return (
    <Dialog
      title="Erase this drive?"
      open={open}
      onClose={close}
      actions={
        <>
          <button type="button" autoFocus onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            disabled={!matches}
            onClick={() => {
              setTyped('');
              onConfirm();
            }}
          >
            Erase and write setup.bin
          </button>
        </>
      }
    >
      <p>
        Formatting as {flavour.toUpperCase()} erases <strong>everything</strong> on this drive:
      </p>
      <dl className="facts">
        <dt>Device</dt>
        <dd className="usb-mono">{drive.device}</dd>
        <dt>Size</dt>
        <dd>
          {sizeText(drive.size)}
          {drive.size !== null ? ` (${drive.size} bytes)` : ''}
        </dd>
        <dt>Model</dt>
        <dd>{drive.description}</dd>
      </dl>
      <div className="form-grid">
        <label htmlFor={id}>Type {drive.device} to confirm</label>
        <input id={id} value={typed} spellCheck={false} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
      </div>
    </Dialog>
  );
}
