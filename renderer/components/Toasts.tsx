import { useEffect } from 'react';
import { useUi, type Toast } from '../app/store';

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useUi((s) => s.dismissToast);
  useEffect(() => {
    // Errors stay until dismissed; information fades on its own.
    if (toast.kind !== 'info') return;
    const timer = setTimeout(() => dismiss(toast.id), 6000);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);
  return (
    <li className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
      <div>
        <strong>{toast.title}</strong>
        {toast.message ? <p>{toast.message}</p> : null}
        {toast.code ? <code className="muted">{toast.code}</code> : null}
      </div>
      <button type="button" onClick={() => dismiss(toast.id)} aria-label="Dismiss">
        ×
      </button>
    </li>
  );
}

/** Error and information toasts; errors show the readable text for their code. */
export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  return (
    <ul className="toasts" role="list" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </ul>
  );
}
