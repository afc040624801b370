import type { SetupBinIssue } from '../../../shared/setupbin';
import { SETUP_BIN_VERSIONS, type MebxTarget, type SetupBinVersion, type UserConsent } from '../../../shared/setupbin';
import { CheckField, IssueList, SecretField, TextField } from './fields';
import { DESKTOP_ALWAYS_ON, issuesOfField, type WizardForm } from './wizard-model';

/** What every page gets: the form, a setter, and the live issues of the whole form. */
export interface PageProps {
  form: WizardForm;
  set(patch: Partial<WizardForm>): void;
  issues: readonly SetupBinIssue[];
}

/** MEBx "Intel ME Password" and "Change Intel ME Password" (seed 3.1.1 steps 2–3). */
export function PasswordPage({ form, set, issues }: PageProps) {
  return (
    <div className="form-grid">
      <SecretField
        label="Current MEBx password"
        value={form.currentPassword}
        onChange={(currentPassword) => set({ currentPassword })}
        issues={issuesOfField(issues, 'currentMebxPassword')}
        autoFocus
      />
      <SecretField
        label="New MEBx password"
        value={form.newPassword}
        onChange={(newPassword) => set({ newPassword })}
        issues={issuesOfField(issues, 'newMebxPassword')}
        rules
      />
      <SecretField
        label="Re-enter new MEBx password"
        value={form.newPasswordAgain}
        onChange={(newPasswordAgain) => set({ newPasswordAgain })}
        issues={form.newPassword === '' ? [] : issuesOfField(issues, 'newMebxPasswordAgain')}
      />
      <span />
      <p className="muted usb-hint">
        The current password is <code>admin</code> on a machine fresh from the factory; MEBx then requires a new one.
        Passwords are used only to build the file and are never stored by Outband.
      </p>
    </div>
  );
}

/** MEBx "Host Name" and "TCP/IP" (seed 3.1.1 steps 4–6). */
export function NetworkPage({ form, set, issues }: PageProps) {
  const f = (field: string) => issuesOfField(issues, field);
  return (
    <div className="form-grid">
      <TextField
        label="Host name"
        value={form.hostname}
        onChange={(hostname) => set({ hostname })}
        issues={f('hostname')}
        autoFocus
      />
      <TextField label="Domain name" value={form.domain} onChange={(domain) => set({ domain })} issues={f('domain')} />
      <span id="dhcp-label" className="muted">
        IPv4 address
      </span>
      <div role="radiogroup" aria-labelledby="dhcp-label" className="usb-radios">
        <label>
          <input type="radio" name="dhcp" checked={form.dhcp} onChange={() => set({ dhcp: true })} /> DHCP
        </label>
        <label>
          <input type="radio" name="dhcp" checked={!form.dhcp} onChange={() => set({ dhcp: false })} /> Static
        </label>
        <IssueList issues={f('dhcp')} />
      </div>
      {form.dhcp ? null : (
        <>
          <TextField
            label="IP address"
            value={form.address}
            onChange={(address) => set({ address })}
            issues={f('staticIpv4.address')}
          />
          <TextField
            label="Subnet mask"
            value={form.mask}
            onChange={(mask) => set({ mask })}
            issues={f('staticIpv4.mask')}
          />
          <TextField
            label="Gateway"
            value={form.gateway}
            onChange={(gateway) => set({ gateway })}
            issues={f('staticIpv4.gateway')}
          />
          <TextField
            label="Preferred DNS"
            value={form.dns1}
            onChange={(dns1) => set({ dns1 })}
            issues={f('staticIpv4.primaryDns')}
          />
          <TextField
            label="Alternate DNS"
            value={form.dns2}
            onChange={(dns2) => set({ dns2 })}
            issues={f('staticIpv4.secondaryDns')}
          />
        </>
      )}
      <span />
      <div>
        <IssueList issues={issuesOfField(issues, 'staticIpv4').filter((i) => i.field === 'staticIpv4')} />
      </div>
    </div>
  );
}

/** MEBx "Setup and Configuration" and "TLS PKI" (seed 3.2.2 steps 8–10, 13–14). */
export function RemotePage({ form, set, issues }: PageProps) {
  const f = (field: string) => issuesOfField(issues, field);
  return (
    <div className="form-grid">
      <CheckField
        label="Remote Configuration enabled"
        checked={form.remoteConfiguration}
        onChange={(remoteConfiguration) => set({ remoteConfiguration })}
      />
      <span />
      <div>
        <IssueList issues={f('remoteConfiguration')} />
      </div>
      {form.remoteConfiguration ? (
        <>
          <TextField
            label="Provisioning server address"
            value={form.server}
            onChange={(server) => set({ server })}
            issues={f('provisioningServer')}
            placeholder="IPv4 or IPv6 address"
          />
          <TextField
            label="Provisioning server port"
            value={form.port}
            onChange={(port) => set({ port })}
            issues={f('provisioningServerPort')}
            inputMode="numeric"
            hint="9971 is the standard provisioning port."
          />
          <TextField
            label="Provisioning server FQDN"
            value={form.fqdn}
            onChange={(fqdn) => set({ fqdn })}
            issues={f('fqdn')}
          />
        </>
      ) : null}
      <TextField
        label="PKI DNS suffix"
        value={form.pkiDnsSuffix}
        onChange={(pkiDnsSuffix) => set({ pkiDnsSuffix })}
        issues={f('pkiDnsSuffix')}
      />
      <label htmlFor="usb-manual-setup">Manual setup and configuration</label>
      <div>
        <select
          id="usb-manual-setup"
          value={form.manualSetup}
          onChange={(e) => set({ manualSetup: e.target.value as WizardForm['manualSetup'] })}
        >
          <option value="">Leave unset (recommended)</option>
          <option value="automated">Automated (2,29) = 0</option>
          <option value="manual">Manual (2,29) = 1, old firmware only</option>
        </select>
        <div className="muted usb-hint">
          Current MEBx versions ignore "automated" and abort the whole record on "manual"; choose manual only for old
          firmware, with "Old firmware" as the target on the file page.
        </div>
        <IssueList issues={f('manualSetup')} />
      </div>
    </div>
  );
}

const CONSENT: readonly { value: UserConsent; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'kvm', label: 'KVM only' },
  { value: 'all', label: 'All redirection' },
];

/** MEBx "Network Setup / Manageability Features": KVM, SOL/IDE-R, user consent, power package. */
export function FeaturesPage({ form, set, issues }: PageProps) {
  const f = (field: string) => issuesOfField(issues, field);
  const custom = form.powerPackage !== '' && form.powerPackage !== DESKTOP_ALWAYS_ON;
  return (
    <div className="form-grid">
      <CheckField label="KVM (remote desktop) enabled" checked={form.kvm} onChange={(kvm) => set({ kvm })} />
      <CheckField label="SOL (serial over LAN) enabled" checked={form.sol} onChange={(sol) => set({ sol })} />
      <CheckField label="IDE-R (storage redirection) enabled" checked={form.ider} onChange={(ider) => set({ ider })} />
      <span />
      <div>
        <IssueList issues={[...f('kvm'), ...f('solIder')]} />
      </div>
      <label htmlFor="usb-consent">User opt-in (consent)</label>
      <div>
        <select
          id="usb-consent"
          value={form.userConsent}
          onChange={(e) => set({ userConsent: e.target.value as UserConsent })}
        >
          {CONSENT.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <IssueList issues={f('userConsent')} />
      </div>
      <label htmlFor="usb-power">Power package</label>
      <div>
        <select
          id="usb-power"
          value={custom ? 'custom' : form.powerPackage}
          onChange={(e) => set({ powerPackage: e.target.value === 'custom' ? ' ' : e.target.value })}
        >
          <option value="">Leave unchanged</option>
          <option value={DESKTOP_ALWAYS_ON}>Desktop, always on (S0–S5)</option>
          <option value="custom">Other GUID…</option>
        </select>
        {custom ? (
          <input
            aria-label="Power package GUID"
            value={form.powerPackage.trim()}
            placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
            onChange={(e) => set({ powerPackage: e.target.value || ' ' })}
          />
        ) : null}
        <IssueList issues={f('powerPackage')} />
      </div>
    </div>
  );
}

/** The file itself: version, consumable or reusable, number of records, scrambling. */
export function FilePage({ form, set, issues }: PageProps) {
  const f = (field: string) => issuesOfField(issues, field);
  return (
    <div className="form-grid">
      <label htmlFor="usb-version">File version</label>
      <div>
        <select
          id="usb-version"
          value={form.version}
          onChange={(e) => set({ version: e.target.value as SetupBinVersion })}
        >
          {SETUP_BIN_VERSIONS.map((v) => (
            <option key={v} value={v}>
              {v === '4' ? '4 (AMT 7.0 and later, default)' : v}
            </option>
          ))}
        </select>
      </div>
      <span id="usb-consume-label" className="muted">
        Records are
      </span>
      <div role="radiogroup" aria-labelledby="usb-consume-label" className="usb-radios">
        <label>
          <input type="radio" name="consume" checked={!form.reusable} onChange={() => set({ reusable: false })} />{' '}
          Consumable (one machine per record)
        </label>
        <label>
          <input type="radio" name="consume" checked={form.reusable} onChange={() => set({ reusable: true })} />{' '}
          Reusable (any number of machines)
        </label>
        <IssueList issues={f('options.reusable')} />
      </div>
      <TextField
        label="Number of records"
        value={form.records}
        onChange={(records) => set({ records })}
        issues={f('options.records')}
        inputMode="numeric"
      />
      {form.version === '4' ? (
        <CheckField label="Scramble the records" checked={form.scramble} onChange={(scramble) => set({ scramble })} />
      ) : null}
      <label htmlFor="usb-target">Target firmware</label>
      <div>
        <select id="usb-target" value={form.target} onChange={(e) => set({ target: e.target.value as MebxTarget })}>
          <option value="modern">Current MEBx (refuses what it would reject)</option>
          <option value="legacy">Old firmware (allows manual setup and other old settings)</option>
        </select>
      </div>
      <span />
      <div>
        <IssueList
          issues={issues.filter(
            (i) => i.field.startsWith('options.') && !['options.reusable', 'options.records'].includes(i.field),
          )}
        />
      </div>
    </div>
  );
}
