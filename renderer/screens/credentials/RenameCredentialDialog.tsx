import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/TextField';
import { call } from '../../app/api';
import type { CredentialView } from '../../../shared/ipc/vault';
import { FormAlert } from './FormAlert';

interface Props {
  credential: CredentialView;
  onClose(): void;
  onRenamed(meta: CredentialView): void | Promise<void>;
}

/** Renames a credential; devices refer to it by id, so they keep using it. */
export function RenameCredentialDialog({ credential, onClose, onRenamed }: Props) {
  const [name, setName] = useState(credential.name);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const nameError = tried && !name.trim() ? 'Enter a name.' : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!name.trim()) return;
    if (name.trim() === credential.name) return onClose();
    setBusy(true);
    setError(null);
    try {
      await onRenamed(await call('vault.rename', { id: credential.id, name: name.trim() }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Rename “${credential.name}”`} open onClose={onClose}>
      <form className="credential-form" onSubmit={submit} noValidate>
        <FormAlert error={error} />
        <div className="form-grid">
          <TextField
            label="New name"
            id="cred-new-name"
            type="text"
            value={name}
            onChange={setName}
            autoFocus
            onFocus={(e) => e.target.select()}
            maxLength={128}
            error={nameError}
          />
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            {busy ? 'Saving…' : 'Rename'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
