import type { CredentialChoice } from '../../../shared/ipc/devices';

/** The "Intel AMT SMB Mode Settings" fields as typed; empty address and credential mean no setting. */
export interface SmbForm {
  address: string;
  credentialId: string;
  /** True after "Delete setting", until the user types a new one. */
  deleted: boolean;
}

/** The options of a credential picker: None, then each vault credential with its login name. */
export function CredentialOptions({ credentials }: { credentials: CredentialChoice[] }) {
  return (
    <>
      <option value="">None</option>
      {credentials.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name} ({c.loginName})
        </option>
      ))}
    </>
  );
}

interface SmbSectionProps {
  value: SmbForm;
  credentials: CredentialChoice[];
  /** Whether the device had a setting when the dialog opened. */
  hadSetting: boolean;
  error?: string;
  onChange(value: SmbForm): void;
}

/** Seed 3.1.3: the address of the AMT device and the vault credential to reach it with, or no setting. */
export function SmbSection({ value, credentials, hadSetting, error, onChange }: SmbSectionProps) {
  const empty = value.address.trim() === '' && value.credentialId === '';
  return (
    <fieldset className="smb-settings">
      <legend>Intel AMT SMB Mode Settings</legend>
      <div className="form-grid">
        <label htmlFor="smb-address">Address</label>
        <input
          id="smb-address"
          value={value.address}
          placeholder="IP address or fully qualified domain name"
          aria-invalid={!!error}
          aria-describedby="smb-err"
          onChange={(e) => onChange({ ...value, address: e.target.value, deleted: false })}
        />
        <label htmlFor="smb-credential">Credential</label>
        <select
          id="smb-credential"
          value={value.credentialId}
          onChange={(e) => onChange({ ...value, credentialId: e.target.value, deleted: false })}
        >
          <CredentialOptions credentials={credentials} />
        </select>
        {error ? (
          <span className="field-error" id="smb-err" role="alert">
            {error}
          </span>
        ) : null}
      </div>
      <div className="smb-footer">
        {value.deleted ? <span className="muted">The SMB setting will be deleted when you save.</span> : null}
        {!value.deleted && empty && !hadSetting ? <span className="muted">No SMB setting.</span> : null}
        <button
          type="button"
          className="danger"
          disabled={empty}
          onClick={() => onChange({ address: '', credentialId: '', deleted: hadSetting })}
        >
          Delete setting
        </button>
      </div>
    </fieldset>
  );
}
