import { useState, type ReactNode } from 'react';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../components/use-submit';

interface NameDialogProps {
  title: string;
  /** The field's label, e.g. "Folder name". */
  label: string;
  initial: string;
  submitLabel: string;
  /** Why a (trimmed, non-empty) name cannot be used, or null. */
  problem?(name: string): string | null;
  /** Saves the trimmed name; the dialog closes when it resolves. */
  onSubmit(name: string): Promise<void>;
  /** Takes a failed save; without it the error is shown under the field. */
  onError?(err: unknown): void;
  onClose(): void;
  /** More fields, after the name. */
  children?: ReactNode;
}

/** A dialog that asks for one name (a folder's, the zone's), checks it and saves it. */
export function NameDialog({
  title,
  label,
  initial,
  submitLabel,
  problem,
  onSubmit,
  onError,
  onClose,
  children,
}: NameDialogProps) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState('');
  const { run } = useSubmit(onError ?? ((err) => setError(err instanceof Error ? err.message : String(err))));
  const submit = async () => {
    const trimmed = name.trim();
    const wrong = trimmed === '' ? 'Enter a name.' : (problem?.(trimmed) ?? null);
    if (wrong) return setError(wrong);
    await run(async () => {
      await onSubmit(trimmed);
      onClose();
    });
  };
  return (
    <FormDialog title={title} onClose={onClose} submitLabel={submitLabel} onSubmit={submit} formClassName="form-grid">
      <TextField label={label} autoFocus value={name} error={error} alertError onChange={setName} />
      {children}
    </FormDialog>
  );
}
