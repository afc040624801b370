import type { ReactNode } from 'react';
import { FormDialog } from '../../components/FormDialog';
import { FormAlert } from './FormAlert';

interface Props {
  title: string;
  submitLabel: string;
  busy: boolean;
  /** What main refused, shown in full above the fields. */
  error: unknown;
  onSubmit(): void | Promise<void>;
  onClose(): void;
  children: ReactNode;
}

/** The frame of the credential dialogs: an error from main in full at the top, then the fields, Cancel and save. */
export function CredentialDialog({ title, submitLabel, busy, error, onSubmit, onClose, children }: Props) {
  return (
    <FormDialog
      title={title}
      onClose={onClose}
      submitLabel={submitLabel}
      busyLabel="Saving…"
      busy={busy}
      onSubmit={onSubmit}
      formClassName="credential-form"
    >
      <FormAlert error={error} />
      {children}
    </FormDialog>
  );
}
