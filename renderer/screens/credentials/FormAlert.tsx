import { ApiError } from '../../app/api';
import { errorTitle } from '../../app/error-text';

// Titles for vault codes error-text.ts does not know; the message from main adds the specifics.
const VAULT_TITLES: Record<string, string> = {
  'vault.password-mismatch': 'The passwords do not match',
  'vault.in-use': 'Devices still use this credential',
  'vault.invalid': 'Check the entries',
  'vault.secret-missing': 'The password is missing from the keychain',
  'vault.partial': 'The vault and the keychain are out of step',
};

/** The readable title of an error code from the vault. */
export function vaultErrorTitle(code: string): string {
  return VAULT_TITLES[code] ?? errorTitle(code);
}

/** An error shown in full inside a dialog (the keychain help text can be several sentences). */
export function FormAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="form-alert" data-code={code}>
      <strong>{vaultErrorTitle(code)}</strong>
      <p>{message}</p>
    </div>
  );
}
