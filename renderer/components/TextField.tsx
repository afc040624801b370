import { useId, type InputHTMLAttributes, type Ref } from 'react';

/** The id of a field's error line; the input names it in aria-describedby. */
function errorId(fieldId: string): string {
  return `${fieldId}-error`;
}

/** aria-invalid and aria-describedby for an input with an error line and, maybe, other descriptions. */
export function fieldAria(
  fieldId: string,
  error: string | null | undefined,
  ...described: (string | null)[]
): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const ids = [error ? errorId(fieldId) : null, ...described].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

interface FieldErrorProps {
  fieldId: string;
  error: string | null | undefined;
  /** Announces the error the moment it appears (role="alert"). */
  alert?: boolean;
}

/** A field's problem, shown under it and announced with it through fieldAria. */
export function FieldError({ fieldId, error, alert }: FieldErrorProps) {
  if (!error) return null;
  return (
    <div id={errorId(fieldId)} className="field-error" role={alert ? 'alert' : undefined}>
      {error}
    </div>
  );
}

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'aria-invalid' | 'aria-describedby'
>;

interface TextFieldProps extends InputProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** A problem with this field, shown under it and announced with it. */
  error?: string | null;
  /** Announces the error the moment it appears (role="alert"). */
  alertError?: boolean;
  /** A fixed id for the input; one is made up otherwise. */
  id?: string;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * A labelled input with its error line. Renders the label, the input and the error as siblings,
 * so it fits straight into a `.form-grid` (the error takes the second column).
 */
export function TextField({ label, value, onChange, error, alertError, id, inputRef, ...input }: TextFieldProps) {
  const madeUp = useId();
  const fieldId = id ?? madeUp;
  return (
    <>
      <label htmlFor={fieldId}>{label}</label>
      <input
        {...input}
        id={fieldId}
        ref={inputRef}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...fieldAria(fieldId, error)}
      />
      <FieldError fieldId={fieldId} error={error} alert={alertError} />
    </>
  );
}
