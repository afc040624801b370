import { ApiError } from '../../app/api';
import { errorTitle } from '../../app/error-text';

/** An error shown in full inside a dialog (the keychain help text can be several sentences). */
export function FormAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="callout callout-danger form-alert" data-code={code}>
      <strong>{errorTitle(code)}</strong>
      <p>{message}</p>
    </div>
  );
}
