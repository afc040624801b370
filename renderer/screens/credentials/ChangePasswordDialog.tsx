import { useRef, useState } from 'react';
import { useSubmitShowingError } from '../../components/use-submit';
import { PasswordField } from '../../components/PasswordField';
import { call } from '../../app/api';
import type { CredentialView } from '../../../shared/ipc/vault';
import { CredentialDialog } from './CredentialDialog';
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
  const { busy, error, run } = useSubmitShowingError();
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const passwordError = tried && !password ? 'Enter the new password.' : null;
  const confirmError = confirmProblem(password, confirm, tried);

  const submit = async () => {
    setTried(true);
    if (!password) return passwordRef.current?.focus();
    if (confirm !== password) return confirmRef.current?.focus();
    await run(async () => {
      await onChanged(await call('vault.changePassword', { id: credential.id, password, confirm }));
    });
  };

  return (
    <CredentialDialog
      title={`Change the password of “${credential.name}”`}
      submitLabel="Change password"
      busy={busy}
      error={error}
      onSubmit={submit}
      onClose={onClose}
    >
      <p className="muted">
        This changes only what Outband stores. Devices that use this credential must already have (or be given) the same
        password.
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
    </CredentialDialog>
  );
}
