import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { call } from '../../app/api';
import type { CredentialUser, CredentialView } from '../../../shared/ipc/vault';
import { TableHead } from '../../components/TableHead';
import { FormAlert } from './FormAlert';

interface Props {
  credential: CredentialView;
  onClose(): void;
  onDeleted(detached: number): void | Promise<void>;
}

const ROLE_TEXT: Record<CredentialUser['roles'][number], string> = { amt: 'AMT login', smb: 'SMB settings' };

/** Deletes a credential after showing which devices use it; in use, it must be detached from them. */
export function DeleteCredentialDialog({ credential, onClose, onDeleted }: Props) {
  const [users, setUsers] = useState<CredentialUser[] | null>(null);
  const [detach, setDetach] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    call('vault.usage', { id: credential.id }).then(
      (u) => live && setUsers(u),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [credential.id]);

  const inUse = (users?.length ?? 0) > 0;
  const canDelete = users !== null && (!inUse || detach) && !busy;

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await call('vault.delete', { id: credential.id, detach: inUse ? detach : undefined });
      await onDeleted(result.detached);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Delete “${credential.name}”`}
      open
      onClose={onClose}
      wide={inUse}
      actions={
        <>
          <button type="button" autoFocus onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="danger" disabled={!canDelete} aria-busy={busy} onClick={() => void remove()}>
            {busy ? 'Deleting…' : inUse ? 'Detach and delete' : 'Delete'}
          </button>
        </>
      }
    >
      <FormAlert error={error} />
      {users === null && !error ? <p aria-busy="true">Looking for devices that use this credential…</p> : null}
      {users !== null && !inUse ? (
        <p>
          No device uses this credential. Deleting it removes its password from the OS keychain; this cannot be undone.
        </p>
      ) : null}
      {users !== null && inUse ? (
        <>
          <p>
            {users.length === 1 ? '1 device uses' : `${users.length} devices use`} this credential. After deleting it
            {users.length === 1 ? ' that device has' : ' they have'} no credential until you choose another one.
          </p>
          <div className="usage-list">
            <table className="data" aria-label="Devices using this credential">
              <TableHead columns={['Device', 'Address', 'Used as']} />
              <tbody>
                {users.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>{u.address}</td>
                    <td>{u.roles.map((r) => ROLE_TEXT[r]).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <label className="check-row">
            <input type="checkbox" checked={detach} onChange={(e) => setDetach(e.target.checked)} />
            <span>Detach from these devices and delete the credential and its keychain entry</span>
          </label>
        </>
      ) : null}
    </Dialog>
  );
}
