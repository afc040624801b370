import { useRef, useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { PasswordField } from '../../components/PasswordField';
import { call } from '../../app/api';
import type { CredentialView } from '../../../shared/ipc/vault';
import { FormAlert } from './FormAlert';
import { confirmProblem } from './confirm-problem';

interface Props {
  credential: CredentialView;
  onClose(): void;
  onChanged(meta: CredentialView): void | Promise<void>;
}

/** Replaces a credential's password in the OS keychain; it is typed twice and never read back. */
export function ChangePasswordDialog({ credential, onClose, onChanged }: Props) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const passwordError = tried && !password ? 'Enter the new password.' : null;
  const confirmError = confirmProblem(password, confirm, tried);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!password) return passwordRef.current?.focus();
    if (confirm !== password) return confirmRef.current?.focus();
    setBusy(true);
    setError(null);
    try {
      await onChanged(await call('vault.changePassword', { id: credential.id, password, confirm }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Change the password of “${credential.name}”`} open onClose={onClose}>
      <form className="credential-form" onSubmit={submit} noValidate>
        <FormAlert error={error} />
        <p className="muted">
          This changes only what Outband stores. Devices that use this credential must already have (or be given) the
          same password.
        </p>
        <div className="form-grid">
          <PasswordField
            label="New password"
            value={password}
            onChange={setPassword}
            inputRef={passwordRef}
            error={passwordError}
            autoFocus
            showRules
            rulesNote="The MEBx rules apply when this becomes a new MEBx/AMT password."
          />
          <PasswordField
            label="Re-enter new password"
            value={confirm}
            onChange={setConfirm}
            inputRef={confirmRef}
            error={confirmError}
          />
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            {busy ? 'Saving…' : 'Change password'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
