import { useRef, useState } from 'react';
import { useSubmitShowingError } from '../../components/use-submit';
import { PasswordField } from '../../components/PasswordField';
import { TextField } from '../../components/TextField';
import { call } from '../../app/api';
import type { CredentialView } from '../../../shared/ipc/vault';
import { DEFAULT_LOGIN_NAME } from '../../../shared/domain/credential';
import { CredentialDialog } from './CredentialDialog';
import { confirmProblem } from './confirm-problem';

interface Props {
  onClose(): void;
  onCreated(meta: CredentialView): void | Promise<void>;
}

const RULES_NOTE =
  'The MEBx rules apply when this becomes a new MEBx/AMT password. For a device that already has its password, enter that password as it is.';

/** "New > Credential" (seed 3.1.2): name, login name, the password twice, a description. */
export function NewCredentialDialog({ onClose, onCreated }: Props) {
  const [name, setName] = useState('');
  const [loginName, setLoginName] = useState(DEFAULT_LOGIN_NAME);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [description, setDescription] = useState('');
  const [tried, setTried] = useState(false);
  const { busy, error, run } = useSubmitShowingError();
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const nameError = tried && !name.trim() ? 'Enter a name.' : null;
  const loginError = tried && !loginName.trim() ? 'Enter a login name (AMT uses admin).' : null;
  const passwordError = tried && !password ? 'Enter the password.' : null;
  const confirmError = confirmProblem(password, confirm, tried);

  const submit = async () => {
    setTried(true);
    if (!name.trim()) return nameRef.current?.focus();
    if (!loginName.trim()) return;
    if (!password) return passwordRef.current?.focus();
    if (confirm !== password) return confirmRef.current?.focus();
    await run(async () => {
      await onCreated(
        await call('vault.create', { name: name.trim(), loginName: loginName.trim(), password, confirm, description }),
      );
    });
  };

  return (
    <CredentialDialog
      title="New credential"
      submitLabel="Create"
      busy={busy}
      error={error}
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="form-grid">
        <TextField
          label="Name"
          id="cred-name"
          inputRef={nameRef}
          type="text"
          value={name}
          onChange={setName}
          autoFocus
          maxLength={128}
          error={nameError}
        />
        <TextField
          label="Login name"
          id="cred-login"
          type="text"
          value={loginName}
          onChange={setLoginName}
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          error={loginError}
        />
        <PasswordField
          label="Password"
          value={password}
          onChange={setPassword}
          inputRef={passwordRef}
          error={passwordError}
          showRules
          rulesNote={RULES_NOTE}
        />
        <PasswordField
          label="Re-enter password"
          value={confirm}
          onChange={setConfirm}
          inputRef={confirmRef}
          error={confirmError}
        />
        <label htmlFor="cred-description">Description</label>
        <textarea
          id="cred-description"
          rows={2}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={1000}
        />
      </div>
    </CredentialDialog>
  );
}
