import { useEffect, useRef, useState } from 'react';

interface CopyButtonProps {
  text: string;
  /** What is copied, for the button's accessible name (e.g. "SHA-256 MEBx form"). */
  what: string;
}

/**
 * Copies text to the clipboard. Where the clipboard is unavailable (no permission, no secure
 * context) it shows the text selected in a read-only field so Ctrl+C still works.
 */
export function CopyButton({ text, what }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const fallbackRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state === 'manual') {
      fallbackRef.current?.focus();
      fallbackRef.current?.select();
    }
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('manual');
    }
  };

  return (
    <span className="copy">
      <button type="button" className="copy-button" aria-label={`Copy ${what}`} onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      {state === 'manual' ? (
        <span className="copy-fallback">
          <input
            ref={fallbackRef}
            readOnly
            value={text}
            aria-label={`${what} (press Ctrl+C to copy)`}
            onBlur={() => setState('idle')}
            size={Math.min(text.length, 40)}
          />
          <span className="muted"> Clipboard unavailable: press Ctrl+C.</span>
        </span>
      ) : null}
      <span className="visually-hidden" role="status">
        {state === 'copied' ? `${what} copied` : ''}
      </span>
    </span>
  );
}
