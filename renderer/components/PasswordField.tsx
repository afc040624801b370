import { useId, useState, type ReactNode, type Ref } from 'react';
import { MebxRules } from './MebxRules';
import { FieldError, fieldAria } from './TextField';

interface PasswordFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Shows the MEBx/AMT strength rules under the input, ticked off as the person types. */
  showRules?: boolean;
  /** A line above the rules, e.g. saying whether they are required or only guidance. */
  rulesNote?: ReactNode;
  /** A problem with this field, shown under it and announced with it. */
  error?: string | null;
  autoFocus?: boolean;
  /** `new-password` for a password being set, `current-password` for one being typed in. */
  autoComplete?: 'new-password' | 'current-password' | 'off';
  inputRef?: Ref<HTMLInputElement>;
  name?: string;
}

/**
 * A password input with a show/hide toggle and, when asked, the live MEBx strength rules.
 * Renders a label and a field side by side, so it fits straight into a `.form-grid`.
 */
export function PasswordField({
  label,
  value,
  onChange,
  showRules,
  rulesNote,
  error,
  autoFocus,
  autoComplete = 'new-password',
  inputRef,
  name,
}: PasswordFieldProps) {
  const id = useId();
  const [visible, setVisible] = useState(false);

  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="password-field">
        <div style={{ display: 'flex', gap: 6 }}>
          <input
            id={id}
            ref={inputRef}
            name={name}
            type={visible ? 'text' : 'password'}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            autoFocus={autoFocus}
            autoComplete={autoComplete}
            spellCheck={false}
            autoCapitalize="off"
            {...fieldAria(id, error, showRules ? `${id}-rules` : null)}
            style={{ flex: 1, minWidth: 0 }}
          />
          <button
            type="button"
            aria-pressed={visible}
            aria-label={visible ? `Hide ${label.toLowerCase()}` : `Show ${label.toLowerCase()}`}
            title={visible ? 'Hide the password' : 'Show the password'}
            onClick={() => setVisible((v) => !v)}
          >
            {visible ? 'Hide' : 'Show'}
          </button>
        </div>
        <FieldError fieldId={id} error={error} />
        {showRules ? (
          <div id={`${id}-rules`}>
            {rulesNote ? (
              <div className="muted" style={{ fontSize: 12, marginTop: 4 }}>
                {rulesNote}
              </div>
            ) : null}
            <MebxRules password={value} />
          </div>
        ) : null}
      </div>
    </>
  );
}
