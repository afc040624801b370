import { useState } from 'react';
import { FormDialog } from '../../components/FormDialog';
import { useSubmit } from '../../components/use-submit';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { folderPath } from '../../../shared/domain/folder';
import type { Device } from '../../../shared/domain/device';
import { refreshDevices, useDevices } from './selection';

/** Moves the selected devices into one folder (or the zone root). */
export function MoveDialog({ devices, onClose }: { devices: Device[]; onClose(): void }) {
  const folders = useDevices((s) => s.folders);
  const [target, setTarget] = useState(devices.length === 1 ? (devices[0]?.folderId ?? '') : '');
  const { busy, run } = useSubmit();
  const choices = folders
    .map((f) => ({ id: f.id, path: folderPath(folders, f.id) }))
    .sort((a, b) => a.path.localeCompare(b.path));

  const submit = () =>
    run(async () => {
      const { moved } = await call('device.move', { ids: devices.map((d) => d.id), folderId: target || null });
      await refreshDevices();
      const where = target ? folderPath(folders, target) : 'the zone root';
      useUi.getState().toastInfo(`Moved ${moved} device(s)`, `to ${where}`);
      onClose();
    });

  return (
    <FormDialog
      title={`Move ${devices.length === 1 ? devices[0]?.name : `${devices.length} devices`}`}
      onClose={onClose}
      submitLabel="Move"
      busy={busy}
      onSubmit={submit}
      formClassName="form-grid"
    >
      <label htmlFor="move-target">Move to folder</label>
      <select id="move-target" autoFocus value={target} onChange={(e) => setTarget(e.target.value)}>
        <option value="">(zone root)</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.path}
          </option>
        ))}
      </select>
    </FormDialog>
  );
}
