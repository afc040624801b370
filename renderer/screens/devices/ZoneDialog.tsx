import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { ZoneSettings } from '../../../shared/domain/zone';
import { refreshDevices } from './selection';

/** Renames the zone and decides whether plain HTTP (16992) may be used. */
export function ZoneDialog({ zone, onClose }: { zone: ZoneSettings; onClose(): void }) {
  const [name, setName] = useState(zone.name);
  const [allowPlain, setAllowPlain] = useState(zone.allowPlainHttp);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') return setError('Enter a name.');
    try {
      await call('zone.update', { name: name.trim(), allowPlainHttp: allowPlain });
      await refreshDevices();
      onClose();
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };
  return (
    <Dialog
      title="Zone settings"
      open
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="zone-form" className="primary">
            Save
          </button>
        </>
      }
    >
      <form id="zone-form" className="form-grid" onSubmit={submit} noValidate>
        <label htmlFor="zone-name">Zone name</label>
        <input
          id="zone-name"
          autoFocus
          value={name}
          aria-describedby="zone-err"
          onChange={(e) => setName(e.target.value)}
        />
        {error ? (
          <span className="field-error" id="zone-err" role="alert">
            {error}
          </span>
        ) : null}
        <span />
        <label className="radio">
          <input type="checkbox" checked={allowPlain} onChange={(e) => setAllowPlain(e.target.checked)} /> Allow plain
          HTTP (port 16992): digest-authenticated but unencrypted
        </label>
      </form>
    </Dialog>
  );
}
