import { useId, useState, type ReactNode } from 'react';
import { MebxRules } from '../../components/MebxRules';
import type { SetupBinIssue } from '../../../shared/setupbin';

/** Issues listed under a field (errors red, warnings amber), announced politely. */
export function IssueList({ issues, id }: { issues: readonly SetupBinIssue[]; id?: string }) {
  if (issues.length === 0) return null;
  return (
    <ul className="usb-issues" id={id} aria-live="polite">
      {issues.map((i, n) => (
        <li key={`${i.code}-${n}`} className={i.severity === 'error' ? 'bad' : 'warn'}>
          {i.severity === 'error' ? 'Error: ' : 'Warning: '}
          {i.message}
        </li>
      ))}
    </ul>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  issues?: readonly SetupBinIssue[];
  placeholder?: string;
  hint?: ReactNode;
  autoFocus?: boolean;
  inputMode?: 'numeric' | 'text';
}

/** A labelled text input for a `.form-grid`, with its issues under it. */
export function TextField({
  label,
  value,
  onChange,
  issues = [],
  placeholder,
  hint,
  autoFocus,
  inputMode,
}: TextFieldProps) {
  const id = useId();
  const errors = issues.some((i) => i.severity === 'error');
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div>
        <input
          id={id}
          value={value}
          placeholder={placeholder}
          autoFocus={autoFocus}
          inputMode={inputMode}
          spellCheck={false}
          autoCapitalize="off"
          aria-invalid={errors || undefined}
          aria-describedby={issues.length ? `${id}-issues` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {hint ? <div className="muted usb-hint">{hint}</div> : null}
        <IssueList issues={issues} id={`${id}-issues`} />
      </div>
    </>
  );
}

interface SecretFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  issues?: readonly SetupBinIssue[];
  rules?: boolean;
  autoFocus?: boolean;
}

/** A password input with show/hide and, when asked, the MEBx strength rules ticked off live. */
export function SecretField({ label, value, onChange, issues = [], rules, autoFocus }: SecretFieldProps) {
  const id = useId();
  const [visible, setVisible] = useState(false);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div>
        <div className="usb-secret">
          <input
            id={id}
            type={visible ? 'text' : 'password'}
            value={value}
            autoFocus={autoFocus}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={issues.some((i) => i.severity === 'error') || undefined}
            aria-describedby={`${id}-issues ${id}-rules`}
            onChange={(e) => onChange(e.target.value)}
          />
          <button type="button" aria-pressed={visible} onClick={() => setVisible((v) => !v)}>
            {visible ? `Hide` : `Show`}
            <span className="visually-hidden"> {label.toLowerCase()}</span>
          </button>
        </div>
        {rules ? <MebxRules password={value} id={`${id}-rules`} /> : null}
        <IssueList issues={issues} id={`${id}-issues`} />
      </div>
    </>
  );
}

/** A checkbox row for a `.form-grid` (label in the second column, like MEBx's toggles). */
export function CheckField({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange(v: boolean): void;
}) {
  return (
    <>
      <span />
      <label className="usb-check">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
      </label>
    </>
  );
}
