import type { CreateZoneCaArgs } from '../../../shared/ipc/certs';
import { TextField } from '../../components/TextField';

/** What the zone CA form collects; keySize stays a number so the select can offer main's sizes. */
export interface ZoneCaDraft {
  commonName: string;
  organization: string;
  organizationalUnit: string;
  country: string;
  keySize: number;
  validityYears: number;
}

/** A fresh draft with Outband's defaults. */
export function defaultZoneCaDraft(keySize: number): ZoneCaDraft {
  return {
    commonName: 'Outband Zone Root CA',
    organization: 'Outband',
    organizationalUnit: '',
    country: '',
    keySize,
    validityYears: 20,
  };
}

/** What is wrong with a draft, field by field (empty when it can be sent). */
export function zoneCaProblems(d: ZoneCaDraft): Partial<Record<keyof ZoneCaDraft, string>> {
  const problems: Partial<Record<keyof ZoneCaDraft, string>> = {};
  if (!d.commonName.trim()) problems.commonName = 'The common name is required.';
  for (const key of ['commonName', 'organization', 'organizationalUnit'] as const) {
    if (d[key].trim().length > 64) problems[key] = 'At most 64 characters.';
  }
  if (d.country.trim() && !/^[A-Za-z]{2}$/.test(d.country.trim())) {
    problems.country = 'A two-letter country code such as DE or US.';
  }
  if (!Number.isInteger(d.validityYears) || d.validityYears < 1 || d.validityYears > 50) {
    problems.validityYears = 'Between 1 and 50 years.';
  }
  return problems;
}

/** The channel arguments for a draft. */
export function zoneCaArgs(d: ZoneCaDraft, replace: boolean): CreateZoneCaArgs {
  return {
    commonName: d.commonName.trim(),
    organization: d.organization.trim() || undefined,
    organizationalUnit: d.organizationalUnit.trim() || undefined,
    country: d.country.trim().toUpperCase() || undefined,
    keySize: d.keySize as 2048 | 3072 | 4096,
    validityYears: d.validityYears,
    replace,
  };
}

interface ZoneCaFieldsProps {
  draft: ZoneCaDraft;
  keySizes: number[];
  defaultKeySize: number;
  disabled: boolean;
  showProblems: boolean;
  onChange(next: ZoneCaDraft): void;
}

/** Subject, key size and validity of a new zone root CA. */
export function ZoneCaFields({ draft, keySizes, defaultKeySize, disabled, showProblems, onChange }: ZoneCaFieldsProps) {
  const problems = showProblems ? zoneCaProblems(draft) : {};
  const text = (key: 'commonName' | 'organization' | 'organizationalUnit' | 'country', label: string) => (
    <TextField
      label={label}
      id={`zone-ca-${key}`}
      value={draft[key]}
      disabled={disabled}
      maxLength={key === 'country' ? 2 : 64}
      error={problems[key]}
      onChange={(value) => onChange({ ...draft, [key]: value })}
    />
  );
  return (
    <div className="form-grid">
      {text('commonName', 'Common name (CN)')}
      {text('organization', 'Organization (O)')}
      {text('organizationalUnit', 'Organizational unit (OU)')}
      {text('country', 'Country (C)')}
      <label htmlFor="zone-ca-key-size">Key size</label>
      <select
        id="zone-ca-key-size"
        value={draft.keySize}
        disabled={disabled}
        onChange={(e) => onChange({ ...draft, keySize: Number(e.target.value) })}
      >
        {keySizes.map((k) => (
          <option key={k} value={k}>
            RSA {k} bits{k === defaultKeySize ? ' (recommended)' : ''}
          </option>
        ))}
      </select>
      <label htmlFor="zone-ca-years">Validity (years)</label>
      <input
        id="zone-ca-years"
        type="number"
        min={1}
        max={50}
        value={draft.validityYears}
        disabled={disabled}
        aria-invalid={problems.validityYears ? true : undefined}
        onChange={(e) => onChange({ ...draft, validityYears: Number(e.target.value) })}
      />
      {problems.validityYears ? <span className="field-error">{problems.validityYears}</span> : null}
    </div>
  );
}
