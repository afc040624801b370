import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

/** One entry of a MenuButton. */
export interface MenuEntry {
  key: string;
  label: string;
  /** Shown after the label, muted (the bytes a key sends). */
  hint?: string;
  onSelect(): void;
}

/**
 * A button that opens a list of actions (WAI-ARIA menu button): Enter, Space or Arrow Down opens
 * it with the first item focused, arrows move, Escape closes and returns focus to the button.
 */
export function MenuButton({ label, entries, disabled }: { label: string; entries: MenuEntry[]; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    list.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const away = (e: MouseEvent) => {
      if (!list.current?.contains(e.target as Node) && e.target !== button.current) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onListKey = (e: KeyboardEvent) => {
    const items = [...(list.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(items.length - 1);
    else if (e.key === 'Escape') close();
    else if (e.key === 'Tab') setOpen(false);
    else return;
    if (e.key !== 'Tab') {
      e.preventDefault();
      // The device page is a dialog: Escape here closes the menu, not the page.
      e.stopPropagation();
    }
  };

  return (
    <span className="menu-button">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {label} ▾
      </button>
      {open ? (
        <ul ref={list} id={id} role="menu" aria-label={label} className="menu-list" onKeyDown={onListKey}>
          {entries.map((entry) => (
            <li key={entry.key} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                onClick={() => {
                  close();
                  entry.onSelect();
                }}
              >
                {entry.label}
                {entry.hint ? <span className="muted"> {entry.hint}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </span>
  );
}
