import { useId, type ReactNode } from 'react';
import { Dialog } from './Dialog';

interface FormDialogProps {
  title: string;
  /** Defaults to true, for dialogs that are mounted only while shown. */
  open?: boolean;
  onClose(): void;
  /** What the primary button says. */
  submitLabel: string;
  /** What it says while `busy`, e.g. 'Creating…'; without it the label stays. */
  busyLabel?: string;
  /** Disables the primary button, so the work is not sent twice. */
  busy?: boolean;
  /** While busy, Cancel is disabled and Escape does nothing: the work finishes on its own. */
  holdWhileBusy?: boolean;
  /** Called on submit (the button, or Enter in a field); the browser's own submit is prevented. */
  onSubmit(): void | Promise<void>;
  formClassName?: string;
  wide?: boolean;
  children: ReactNode;
}

/** A dialog holding one form, with Cancel and a primary submit button at the bottom. */
export function FormDialog({
  title,
  open = true,
  onClose,
  submitLabel,
  busyLabel,
  busy = false,
  holdWhileBusy = false,
  onSubmit,
  formClassName,
  wide,
  children,
}: FormDialogProps) {
  const formId = useId();
  const held = holdWhileBusy && busy;
  return (
    <Dialog
      title={title}
      open={open}
      wide={wide}
      onClose={() => (held ? undefined : onClose())}
      actions={
        <>
          <button type="button" onClick={onClose} disabled={held}>
            Cancel
          </button>
          {/* Outside the form, tied to it by id: it is still the form's default button for Enter. */}
          <button type="submit" form={formId} className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy && busyLabel ? busyLabel : submitLabel}
          </button>
        </>
      }
    >
      <form
        id={formId}
        className={formClassName}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
      >
        {children}
      </form>
    </Dialog>
  );
}
