import { useState } from 'react';
import { useSubmitShowingError } from '../../components/use-submit';
import { TextField } from '../../components/TextField';
import { call } from '../../app/api';
import type { CredentialView } from '../../../shared/ipc/vault';
import { CredentialDialog } from './CredentialDialog';

interface Props {
  credential: CredentialView;
  onClose(): void;
  onRenamed(meta: CredentialView): void | Promise<void>;
}

/** Renames a credential; devices refer to it by id, so they keep using it. */
export function RenameCredentialDialog({ credential, onClose, onRenamed }: Props) {
  const [name, setName] = useState(credential.name);
  const [tried, setTried] = useState(false);
  const { busy, error, run } = useSubmitShowingError();
  const nameError = tried && !name.trim() ? 'Enter a name.' : null;

  const submit = async () => {
    setTried(true);
    if (!name.trim()) return;
    if (name.trim() === credential.name) return onClose();
    await run(async () => {
      await onRenamed(await call('vault.rename', { id: credential.id, name: name.trim() }));
    });
  };

  return (
    <CredentialDialog
      title={`Rename “${credential.name}”`}
      submitLabel="Rename"
      busy={busy}
      error={error}
      onSubmit={submit}
      onClose={onClose}
    >
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
    </CredentialDialog>
  );
}
